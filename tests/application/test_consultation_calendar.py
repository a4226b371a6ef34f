"""A public consultation's calendar and followers, on both stores: it starts on its first day and ends
after its last by itself (acts the platform records, from the notifier's pass or the first read of its
page, exactly once even with two processes); a citizen follows it and is mailed, through the notifier
and a real SMTP server, when it closes and when its synthesis is published."""

from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any
from uuid import UUID

import pytest

from application.dialogues import DialogueApp
from application.errors import NotAuthorisedError
from application.mail.sender import Sender
from application.mail.transport import SmtpTransport
from application.notifier.notifier import Notifier
from domain.errors import InvalidActError
from tests.application.test_concurrency import InterleavingApp
from tests.builders import Scenario
from tests.smtp import SmtpServer
from tests.webapp import aggregates_read
from web.notifications.mails import composer

DAY = date(2027, 5, 3)
SYNTHESIS: dict[str, Any] = {
    "text": "Les habitants demandent des règles lisibles.",
    "themes": [{"theme": "Sécheresse", "count": 1}],
    "follow_up": "Le groupe eau en fera une proposition.",
}


def on_day(app: DialogueApp, day: date) -> None:
    """The application's clock: the consultation day, set."""
    app.consultation_day = lambda: day  # type: ignore[method-assign]


def later_consultation(scenario: Scenario, app: DialogueApp) -> str:
    """A consultation opening two days after ``DAY``, for a week."""
    scenario.framing_done()
    return str(
        app.open_consultation(
            scenario.facilitator, scenario.id, question="Quelle eau pour l'été ?",
            opens_on=(DAY + timedelta(days=2)).isoformat(), closes_on=(DAY + timedelta(days=8)).isoformat(),
            scope="Le partage de l'eau", kinds=["idea"],
        ).id
    )  # fmt: skip


def dated_acts(app: DialogueApp) -> list[tuple[str, str, str, str]]:
    """(event, consultation, date, actor) of every start and end recorded, in order."""
    found = []
    for notification in app.recorder.select_notifications(1, 10_000):
        event = app.mapper.to_domain_event(notification)
        name = type(event).__name__
        if name in ("ConsultationStarted", "ConsultationEnded"):
            on = getattr(event, "started_on", None) or event.ended_on
            found.append((name, event.consultation_id, on, event.actor_id))
    return found


def test_a_consultation_starts_and_ends_by_itself_at_its_dates_each_once(app: DialogueApp) -> None:
    scenario = Scenario(app)
    on_day(app, DAY)
    consultation = later_consultation(scenario, app)
    assert app.reach_consultation_dates() == 0  # not yet

    on_day(app, DAY + timedelta(days=2))
    assert app.reach_consultation_dates() == 1
    assert app.reach_consultation_dates() == 0  # once
    on_day(app, DAY + timedelta(days=8))
    assert app.reach_consultation_dates() == 0  # its last day: still open
    on_day(app, DAY + timedelta(days=9))
    assert app.reach_consultation_dates() == 1
    assert app.reach_consultation_dates() == 0

    opens, closes = (DAY + timedelta(days=2)).isoformat(), (DAY + timedelta(days=8)).isoformat()
    assert dated_acts(app) == [
        ("ConsultationStarted", consultation, opens, "platform:calendar"),
        ("ConsultationEnded", consultation, closes, "platform:calendar"),
    ]


def test_the_first_read_of_the_page_after_the_dates_records_them_and_an_early_close_ends_nothing(
    app: DialogueApp,
) -> None:
    scenario = Scenario(app)
    closed_early = str(scenario.consultation())  # from today, closed by its facilitator at once
    app.close_consultation(scenario.facilitator, scenario.id, consultation_id=closed_early)
    on_day(app, DAY)
    late = later_consultation(scenario, app)

    on_day(app, DAY + timedelta(days=20))  # long after both: nobody passed meanwhile
    page = app.consultation_page(scenario.id, late)
    assert page is not None and page["state"] == "ended" and page["started"] and page["ended"]
    assert [(name, c) for name, c, _, _ in dated_acts(app)] == [
        ("ConsultationStarted", late),
        ("ConsultationEnded", late),
    ]  # the one its facilitator closed: that act closed it, the platform records nothing of it
    assert app.reach_consultation_dates() == 0


def test_two_processes_at_once_record_each_date_act_once(apps: tuple[InterleavingApp, DialogueApp]) -> None:
    first, second = apps
    scenario = Scenario(first)
    on_day(first, DAY)
    on_day(second, DAY)
    later_consultation(scenario, first)
    for app in apps:
        on_day(app, DAY + timedelta(days=3))
    first.interleave = second.reach_consultation_dates  # the other process records them just before

    assert first.reach_consultation_dates() == 0  # its save lost the race: read again, nothing due
    assert [name for name, *_ in dated_acts(first)] == ["ConsultationStarted"]
    assert second.reach_consultation_dates() == 0


def test_the_notifiers_pass_records_the_dates_when_the_day_changes(app: DialogueApp) -> None:
    scenario = Scenario(app)
    on_day(app, DAY)
    later_consultation(scenario, app)
    notifier = Notifier(app, composer("https://dialogue.example.org", "a secret"))
    assert notifier.dates() == 0
    on_day(app, DAY + timedelta(days=2))
    assert notifier.dates() == 1  # a new day: a pass at once
    assert notifier.dates() == 0


def test_after_the_first_pass_only_the_dialogues_awaiting_a_date_are_read(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_day(app, DAY)
    waiting, _quiet, later = Scenario(app), Scenario(app), Scenario(app)
    later_consultation(waiting, app)
    assert app.reach_consultation_dates() == 0  # the first pass reads every dialogue
    read = aggregates_read(app, monkeypatch)
    assert app.reach_consultation_dates() == 0
    assert set(read) == {str(waiting.id)}

    later_consultation(later, app)  # found in the log at the next pass
    read.clear()
    on_day(app, DAY + timedelta(days=2))
    assert app.reach_consultation_dates() == 2
    assert set(read) == {str(waiting.id), str(later.id)}

    on_day(app, DAY + timedelta(days=9))
    assert app.reach_consultation_dates() == 2  # both ended: nothing awaits a date any more
    read.clear()
    on_day(app, DAY + timedelta(days=10))
    assert app.reach_consultation_dates() == 0
    assert read == []


def deliver(app: DialogueApp, smtp_server: SmtpServer) -> list[EmailMessage]:
    notifier = Notifier(app, composer("https://dialogue.example.org", "a secret"))
    notifier.catch_up()
    Sender(app.outbox, SmtpTransport(smtp_server.url), notifier.pending).send_due(now=1e10)
    return smtp_server.inbox.messages


def test_a_follower_is_mailed_when_the_consultation_closes_and_with_its_synthesis(
    app: DialogueApp, smtp_server: SmtpServer
) -> None:
    scenario = Scenario(app, slug="eau-ete")
    on_day(app, DAY)
    consultation = later_consultation(scenario, app)
    follower, left = scenario.citizen("Lucie des Marais"), scenario.citizen("Paul du Moulin")
    assert app.follow_consultation(follower, scenario.id, consultation)
    assert not app.follow_consultation(follower, scenario.id, consultation)  # once
    app.follow_consultation(left, scenario.id, consultation)
    app.unfollow_consultation(left, scenario.id, consultation)
    assert app.follows_consultation(follower, consultation)
    assert not app.follows_consultation(left, consultation)

    on_day(app, DAY + timedelta(days=9))
    app.reach_consultation_dates()
    app.synthesise_consultation(scenario.facilitator, scenario.id, consultation_id=consultation, **SYNTHESIS)
    messages = deliver(app, smtp_server)
    assert len(deliver(app, smtp_server)) == len(messages)  # nothing twice

    assert [str(m["To"]) for m in messages] == ["luciedesmarais@example.org"] * 2
    closed, synthesis = (m.get_body(("plain",)).get_content() for m in messages)  # type: ignore[union-attr]
    assert "« Quelle eau pour l'été ? » est close" in str(messages[0]["Subject"]).replace("\u00a0", " ")
    assert f"/dialogues/eau-ete/consultations/{consultation}" in closed
    assert SYNTHESIS["text"] in synthesis and SYNTHESIS["follow_up"] in synthesis
    assert "/notifications\n" not in closed  # a citizen has no account's notifications page
    for notification in app.recorder.select_notifications(1, 10_000):
        assert b"luciedesmarais" not in notification.state  # the address stays sealed


def test_only_a_confirmed_citizen_follows_an_existing_consultation_and_erasure_forgets_it(
    app: DialogueApp,
) -> None:
    scenario = Scenario(app)
    consultation = str(scenario.consultation())
    with pytest.raises(NotAuthorisedError):
        app.follow_consultation(scenario.facilitator, scenario.id, consultation)
    citizen = scenario.citizen()
    with pytest.raises(InvalidActError) as unknown:
        app.follow_consultation(citizen, scenario.id, "8d0e3c1e-0000-4000-8000-000000000000")
    assert unknown.value.field == "consultation_id"
    app.follow_consultation(citizen, scenario.id, consultation)

    app.erase_person(UUID(citizen.removeprefix("citizen:")), reason="request")

    assert app.consultation_followers.of(consultation) == []
