"""The notifier on both stores: exactly once per event and recipient, across a crash and a
restart; an SMTP outage loses nothing; the convocation's .ics; the decision's outcomes;
preferences and the daily digest; actions overdue."""

import datetime
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import icalendar
import pytest

from application.dialogues import DialogueApp
from application.mail.outbox import Outbox
from application.mail.sender import Sender, backoff
from application.mail.transport import SmtpTransport
from application.notifier import kinds
from application.notifier.notifier import Notifier
from domain.roles import Role
from tests.builders import ACCOUNTS, ADMIN, MEMBERS, Scenario, ensure_accounts
from tests.smtp import SmtpServer
from tests.webapp import aggregates_read
from web.notifications.mails import composer

GROUP = (ACCOUNTS[Role.STAKEHOLDER], *MEMBERS)
"""The consultation group's members: a meeting of it convenes them."""


def address(login: str) -> str:
    return f"{login}@example.org"


@pytest.fixture
def scenario(app: DialogueApp) -> Scenario:
    built = Scenario(app)
    for login in (*ACCOUNTS.values(), *MEMBERS):
        app.set_profile(ADMIN, login, email=address(login), display_name=f"Personne {login}")
    return built


def notifier(app: DialogueApp) -> Notifier:
    return Notifier(app, composer("https://dialogue.example.org", "a secret"))


def deliver(app: DialogueApp, smtp_server: SmtpServer) -> list[EmailMessage]:
    Sender(app.outbox, SmtpTransport(smtp_server.url), notifier(app).pending).send_due(now=1e10)
    return smtp_server.inbox.messages


def recipients(messages: list[EmailMessage], subject_part: str) -> list[str]:
    return sorted(str(m["To"]) for m in messages if subject_part in str(m["Subject"]))


def test_a_meeting_convenes_each_member_once_across_restarts(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer
) -> None:
    scenario.meeting()
    notifier(app).catch_up()
    notifier(app).catch_up()  # restarted: from its saved position, nothing again

    messages = deliver(app, smtp_server)
    assert recipients(messages, "Atelier diagnostic") == sorted(address(a) for a in GROUP)
    [ics] = [part for part in messages[0].iter_attachments() if part.get_content_type() == "text/calendar"]
    [event] = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.isoformat()[:16], str(start.tzinfo)) == ("2026-03-12T18:30", "Europe/Paris")
    assert str(event["summary"]) == "Atelier diagnostic"


def convocations(messages: list[EmailMessage]) -> list[tuple[str, Any]]:
    """(recipient, VEVENT) of each mail's ``.ics``."""
    found = []
    for message in messages:
        for part in message.iter_attachments():
            if part.get_content_type() == "text/calendar":
                assert part.get_param("method") == "REQUEST"
                calendar = icalendar.Calendar.from_ical(part.get_content())
                assert str(calendar["method"]) == "REQUEST"
                [event] = calendar.walk("VEVENT")
                found.append((str(message["To"]), event))
    return found


def test_a_meeting_moved_convenes_its_members_again_once_with_the_same_uid_and_the_next_sequence(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer
) -> None:
    meeting_id = scenario.meeting()
    notifier(app).catch_up()
    first = convocations(deliver(app, smtp_server))
    smtp_server.inbox.messages.clear()
    facilitator = ACCOUNTS[Role.FACILITATOR]
    app.reschedule_meeting(
        facilitator,
        scenario.id,
        meeting_id,
        starts_at="2026-03-19T18:00",
        place="mairie",
        reason="salle prise",
    )
    notifier(app).catch_up()
    notifier(app).catch_up()  # restarted: nothing again
    moved = list(deliver(app, smtp_server))
    assert len(deliver(app, smtp_server)) == len(moved)  # the sender has nothing left

    assert recipients(moved, "Atelier diagnostic") == sorted(address(a) for a in GROUP)
    assert all("mairie" in str(m["Subject"]) and "salle prise" in str(m["Subject"]) for m in moved)
    again = convocations(moved)
    assert sorted(to for to, _ in again) == sorted(address(a) for a in GROUP)
    [uid] = {str(event["uid"]) for _, event in first + again}
    assert uid.startswith(f"{meeting_id}@")
    assert {int(event["sequence"]) for _, event in first} == {0}
    assert {int(event["sequence"]) for _, event in again} == {1}
    for to, event in again:
        start = event.decoded("dtstart")
        assert (start.isoformat()[:16], str(start.tzinfo)) == ("2026-03-19T18:00", "Europe/Paris")
        assert str(event["location"]) == "mairie"
        assert str(event["attendee"]) == f"mailto:{to}"

    app.reschedule_meeting(
        facilitator, scenario.id, meeting_id, starts_at="2026-03-20T18:00", place="mairie", reason="encore"
    )
    notifier(app).catch_up()
    smtp_server.inbox.messages.clear()
    assert {int(event["sequence"]) for _, event in convocations(deliver(app, smtp_server))} == {2}


def test_a_notifier_killed_mid_batch_leaves_nothing_and_does_it_again_once(
    app: DialogueApp, scenario: Scenario, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer
) -> None:
    scenario.meeting()
    put = Outbox.put_pending_within

    def dies_once_the_mails_are_put(self: Outbox, cursor: Any, keys: list[str]) -> None:
        put(self, cursor, keys)
        raise SystemExit("killed")  # the notifications and the mails written, the position not moved

    with monkeypatch.context() as patch:
        patch.setattr(Outbox, "put_pending_within", dies_once_the_mails_are_put)
        with pytest.raises(SystemExit):
            notifier(app).catch_up()
    assert app.outbox.waiting() == []
    assert notifier(app).store.of(ACCOUNTS[Role.STAKEHOLDER]) == []

    notifier(app).catch_up()
    assert recipients(deliver(app, smtp_server), "Atelier") == sorted(address(a) for a in GROUP)


def test_an_smtp_outage_loses_nothing_and_the_act_does_not_wait(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    scenario.meeting()
    notifier(app).catch_up()
    sender = Sender(app.outbox, SmtpTransport(smtp_server.url), notifier(app).pending)
    assert sender.send_due(now=1e10) == 0
    smtp_server.start()
    assert sender.send_due(now=1e10 + backoff(1)) == len(GROUP)
    assert sender.send_due(now=1e10 + 1e6) == 0
    assert recipients(smtp_server.inbox.messages, "Atelier") == sorted(address(a) for a in GROUP)


def test_the_decision_tells_each_participant_the_outcome_of_their_proposals(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer
) -> None:
    scenario.decided()
    notifier(app).catch_up()
    messages = deliver(app, smtp_server)

    [author] = [
        m
        for m in messages
        if m["To"] == address(ACCOUNTS[Role.STAKEHOLDER]) and "DEL-2026-042" in m["Subject"]
    ]
    text = author.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Partage en étiage" in text and "adopté" in text
    [expert] = [
        m for m in messages if m["To"] == address(ACCOUNTS[Role.EXPERT]) and "DEL-2026-042" in m["Subject"]
    ]
    assert "Partage en étiage" not in expert.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert ACCOUNTS[Role.DECISION_MAKER] not in [
        m["To"].split("@")[0] for m in messages if "DEL" in m["Subject"]
    ]


def test_multipart_with_a_one_click_unsubscribe(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer
) -> None:
    scenario.meeting()
    notifier(app).catch_up()
    [mail, *_] = deliver(app, smtp_server)
    assert mail.get_body(("html",)) is not None and mail.get_body(("plain",)) is not None
    assert mail["List-Unsubscribe"].startswith("<https://dialogue.example.org/notifications/unsubscribe/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Content-Language"] == "fr"


@pytest.fixture
def digest_day() -> Iterator[datetime.date]:
    yield datetime.date(2026, 3, 13)


def test_preferences_never_digest_and_the_daily_digest(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer, digest_day: datetime.date
) -> None:
    stakeholder, quiet = ACCOUNTS[Role.STAKEHOLDER], MEMBERS[0]
    running = notifier(app)
    running.store.prefer(stakeholder, "meeting-scheduled", "digest")
    running.store.prefer(stakeholder, "proposal-objected", "digest")
    running.store.prefer(quiet, "meeting-scheduled", "never")
    running.store.set_language(stakeholder, "en")
    scenario.meeting()
    proposal_id = scenario.drafted_proposal()
    app.object_to_proposal(MEMBERS[1], scenario.id, proposal_id, reason="trop tard")
    running.catch_up()

    now = deliver(app, smtp_server)
    assert recipients(now, "Atelier") == [
        address(MEMBERS[1])
    ]  # the stakeholder's waits, the quiet one's never goes
    assert recipients(now, "Objection") == [address(quiet)]  # the co-author's preference is hers
    assert [n["kind"] for n in running.store.of(quiet)] == ["proposal-objected", "meeting-scheduled"]

    running.daily(digest_day)
    running.daily(digest_day)  # once a day
    [digest] = [m for m in deliver(app, smtp_server) if m["To"] == address(stakeholder)]
    assert digest["Subject"] == "Your daily notifications"
    text = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Atelier diagnostic" in text and "trop tard" in text
    assert "List-Unsubscribe" not in digest  # two kinds: a link for each in the body
    assert text.count("/notifications/unsubscribe/") == 2


def test_an_overdue_action_is_told_to_its_operator_and_the_convenor_once(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer
) -> None:
    scenario.action_with_operator()
    running = notifier(app)
    running.catch_up()
    running.daily(datetime.date(2026, 6, 30))  # due that day: not overdue yet
    running.daily(datetime.date(2026, 7, 1))
    running.daily(datetime.date(2026, 7, 2))
    overdue = recipients(deliver(app, smtp_server), "était attendue")
    assert overdue == sorted(address(a) for a in (ACCOUNTS[Role.OPERATOR], ACCOUNTS[Role.CONVENOR]))


def test_the_daily_pass_reads_the_actions_and_no_dialogue_without_one_overdue(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_accounts(app, "orga", organisers=("orga",))
    others = [
        app.open_dialogue("orga", slug=f"other-{i}", title=f"Other {i}", territory="X", subject="S").id
        for i in range(3)
    ]
    scenario.action_with_operator()
    running = notifier(app)
    running.catch_up()
    read = aggregates_read(app, monkeypatch)

    running.daily(datetime.date(2026, 7, 1))

    assert {str(dialogue_id) for dialogue_id in others}.isdisjoint(read)
    overdue = recipients(deliver(app, smtp_server), "était attendue")
    assert overdue == sorted(address(a) for a in (ACCOUNTS[Role.OPERATOR], ACCOUNTS[Role.CONVENOR]))


def test_each_kind_reaches_whom_the_fiche_says(app: DialogueApp, scenario: Scenario) -> None:
    stakeholder, co_author = ACCOUNTS[Role.STAKEHOLDER], MEMBERS[0]
    scenario.minuted_meeting()
    scenario.consent_round()
    dysfunction_id = scenario.proposed_adjustment()
    app.adopt_adjustment(ACCOUNTS[Role.STEERING_MEMBER], scenario.id, dysfunction_id, remarks="")
    scenario.objected_proposal()
    withdrawn = app.draft_proposal(
        stakeholder,
        scenario.id,
        instance_id=scenario.consultation_group(),
        topic="prélèvements",
        title="Retenues",
        text="des retenues",
        co_authors=[MEMBERS[1]],
    ).id
    app.amend_proposal(
        stakeholder, scenario.id, withdrawn, text="des retenues plus petites", rationale="coût"
    )
    app.withdraw_proposal(stakeholder, scenario.id, withdrawn, reason="abandonnée")
    scenario.action_with_operator()  # the proposal validated, presented, decided on the way
    running = notifier(app)
    running.catch_up()

    def kinds(account: str) -> set[str]:
        return {n["kind"] for n in running.store.of(account)}

    assert {"minutes-recorded", "consent-round-opened", "proposal-validated", "results-presented"} <= kinds(
        stakeholder
    )
    assert {"proposal-validated", "proposal-objected", "decision-adopted"} <= kinds(co_author)
    assert {"proposal-amended", "proposal-withdrawn"} <= kinds(MEMBERS[1])
    assert "proposal-withdrawn" not in kinds(stakeholder)  # their own act
    assert {"dysfunction-reported"} <= kinds(ACCOUNTS[Role.STEERING_MEMBER])  # the fiche's alert
    assert {"adjustment-decided"} <= kinds(ACCOUNTS[Role.FACILITATOR]) & kinds(ACCOUNTS[Role.CONVENOR])
    assert {"results-presented"} <= kinds(ACCOUNTS[Role.DECISION_MAKER])
    assert "decision-adopted" not in kinds(ACCOUNTS[Role.DECISION_MAKER])  # who recorded it
    assert kinds(ACCOUNTS[Role.OPERATOR]) >= {"action-assigned", "decision-adopted"}
    assert "dysfunction-reported" not in kinds(stakeholder)


def test_the_notifier_reads_only_the_events_that_notify_and_its_position_reaches_the_head(
    app: DialogueApp, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario.meeting()
    scenario.contribution()  # an act that notifies nobody, last in the log
    read: list[int] = []
    select = app.recorder.select_notifications

    def counted(*args: Any, **kwargs: Any) -> Any:
        batch = select(*args, **kwargs)
        read.extend(n.id for n in batch)
        return batch

    monkeypatch.setattr(app.recorder, "select_notifications", counted)
    running = Notifier(app, composer("https://dialogue.example.org", "a secret"), batch_size=2)
    running.catch_up()

    head = int(app.recorder.max_notification_id() or 0)
    assert running.store.position("notifier") == head
    assert len(read) == 1  # the meeting scheduled, of every event of the log
    assert len(running.store.of(ACCOUNTS[Role.STAKEHOLDER])) == 1
    assert running.run_batch() == 0


def test_a_comment_tells_the_proposals_co_authors_and_a_reply_the_comments_author_once(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer
) -> None:
    stakeholder, facilitator = ACCOUNTS[Role.STAKEHOLDER], ACCOUNTS[Role.FACILITATOR]
    scenario.consultation()
    proposal = str(scenario.drafted_proposal())  # by the stakeholder with MEMBERS[0]
    first = app.post_comment(
        facilitator, scenario.id, target="proposal", target_id=proposal, text="Secret?"
    ).id
    app.post_comment(
        scenario.citizen("Lucie"), scenario.id, target="proposal", target_id=proposal, text="Oui",
        parent_id=str(first),
    )  # fmt: skip
    app.post_comment(stakeholder, scenario.id, target="proposal", target_id=proposal, text="Mon avis")
    running = notifier(app)
    running.catch_up()
    running.catch_up()

    def of(account: str) -> list[tuple[str, str]]:
        return [
            (n["kind"], n["details"]["title"]) for n in running.store.of(account) if "comment" in n["kind"]
        ]

    assert of(MEMBERS[0]) == [("comment-posted", "Partage en étiage")] * 3
    assert of(stakeholder) == [("comment-posted", "Partage en étiage")] * 2  # not of their own
    assert of(facilitator) == [("comment-replied", "Partage en étiage")]
    messages = deliver(app, smtp_server)
    texts = " ".join(str(m) for m in messages)
    assert "Secret?" not in texts and "Mon avis" not in texts  # the texts are sealed: never in a mail
    assert recipients(messages, "Partage") == sorted(
        [address(MEMBERS[0])] * 3 + [address(stakeholder)] * 2 + [address(facilitator)]
    )


def test_a_co_author_who_wants_none_gets_no_mail_of_a_comment(
    app: DialogueApp, scenario: Scenario, smtp_server: SmtpServer
) -> None:
    proposal = str(scenario.drafted_proposal())
    running = notifier(app)
    running.store.prefer(MEMBERS[0], "comment-posted", "never")
    app.post_comment(
        ACCOUNTS[Role.FACILITATOR], scenario.id, target="proposal", target_id=proposal, text="Hm"
    )
    running.catch_up()

    assert recipients(deliver(app, smtp_server), "Partage") == [address(ACCOUNTS[Role.STAKEHOLDER])]
    assert [n["kind"] for n in running.store.of(MEMBERS[0])] == ["comment-posted"]  # listed, not mailed


def test_an_event_that_cannot_be_read_notifies_no_one_and_the_next_ones_still_notify(
    app: DialogueApp, scenario: Scenario, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer
) -> None:
    first = scenario.meeting()
    scenario.second_meeting()
    convene = kinds.DERIVE["MeetingScheduled"]

    def names_a_part_that_is_not_there(event: Any, parts: Any) -> list[Any]:
        if event.originator_id == first:
            raise ValueError("badly formed hexadecimal UUID string")  # as UUID() says of a bad field
        return convene(event, parts)

    monkeypatch.setitem(kinds.DERIVE, "MeetingScheduled", names_a_part_that_is_not_there)
    notifier(app).catch_up()

    messages = deliver(app, smtp_server)
    assert recipients(messages, "Atelier propositions") == sorted(address(a) for a in GROUP)
    assert recipients(messages, "Atelier diagnostic") == []
    assert notifier(app).run_batch() == 0  # its position passed both
