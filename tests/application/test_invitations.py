"""Accounts' addresses, invitations and password resets by e-mail, on SQLite and PostgreSQL."""

from datetime import timedelta
from email.message import EmailMessage

import pytest

from application import invitations
from application.dialogues import DialogueApp
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from application.invitations import LinkMail
from domain.errors import InvalidActError, RuleError
from tests.builders import ADMIN, PASSWORD, ensure_accounts
from tests.webapp import aggregates_read

EMAIL = "camille.ferrand@example.org"


class Mails:
    """A ``compose`` that keeps what it was asked to write, and writes a plain message."""

    def __init__(self) -> None:
        self.asked: list[LinkMail] = []

    def __call__(self, mail: LinkMail) -> EmailMessage:
        self.asked.append(mail)
        message = EmailMessage()
        message["To"] = mail.to
        message["Subject"] = mail.kind
        message.set_content(mail.token)
        return message

    @property
    def token(self) -> str:
        return self.asked[-1].token


@pytest.fixture
def mails() -> Mails:
    return Mails()


@pytest.fixture
def people(app: DialogueApp) -> DialogueApp:
    ensure_accounts(app, "orga", "conv", "someone", organisers=("orga", "conv"))
    return app


def events(app: DialogueApp) -> bytes:
    """Every event as stored (the outbox, until a mail is sent, holds its address in clear)."""
    return b"".join(bytes(n.state) for n in app.recorder.select_notifications(1, 10_000))


def queued(app: DialogueApp) -> list[str]:
    return [row["mail_key"] for row in app.outbox.waiting()]


def test_an_account_has_a_sealed_address_and_display_name(people: DialogueApp) -> None:
    people.create_account(ADMIN, login="cf", password=PASSWORD, email=EMAIL, display_name="Camille Ferrand")

    assert people.profile("cf") == {"email": EMAIL, "display_name": "Camille Ferrand", "erased": False}
    assert EMAIL.encode() not in events(people)
    assert b"Camille Ferrand" not in events(people)
    with pytest.raises(ConflictError):
        people.set_profile(ADMIN, "someone", email=EMAIL.upper())
    with pytest.raises(InvalidActError) as refused:
        people.set_profile(ADMIN, "someone", email="not an address")
    assert refused.value.field == "email"


def test_an_invitation_queues_a_mail_and_its_link_opens_an_account_with_the_role(
    people: DialogueApp, mails: Mails
) -> None:
    dialogue_id = people.open_dialogue("conv", slug="veze", title="La Vèze", territory="X", subject="S").id
    invitation_id = people.invite_person(
        "conv",
        email=EMAIL,
        name="Camille",
        language="en",
        dialogue_id=dialogue_id,
        role="stakeholder",
        compose=mails,
    )

    assert queued(people) == [f"invitation:{invitation_id}:1"]
    assert mails.asked[0].to == EMAIL and mails.asked[0].dialogue == "La Vèze"
    assert people.invitation_of_link(mails.token)["email"] == EMAIL
    [listed] = people.invitations("conv", people.invitation_ids("conv"))
    assert listed["status"] == "pending" and listed["role"] == "stakeholder"

    login = people.accept_invitation(
        mails.token, login="camille", password=PASSWORD, display_name="Camille F."
    )

    assert people.authenticate("camille", PASSWORD) == login == "camille"
    assert people.roles_in("camille", dialogue_id) == ["stakeholder"]
    assert people.profile("camille")["display_name"] == "Camille F."
    assert people.invitations("conv", people.invitation_ids("conv"))[0]["status"] == "accepted"
    with pytest.raises(NotFoundError):  # single use
        people.accept_invitation(mails.token, login="camille2", password=PASSWORD)
    assert EMAIL.encode() not in events(people)


def test_a_refused_choice_leaves_the_link_usable(people: DialogueApp, mails: Mails) -> None:
    people.invite_person("orga", email=EMAIL, compose=mails)

    with pytest.raises(InvalidActError) as short:
        people.accept_invitation(mails.token, login="camille", password="short")
    with pytest.raises(ConflictError):
        people.accept_invitation(mails.token, login="someone", password=PASSWORD)

    assert short.value.field == "password"
    assert people.accept_invitation(mails.token, login="camille", password=PASSWORD) == "camille"


def test_only_organisers_and_convenors_invite(people: DialogueApp, mails: Mails) -> None:
    dialogue_id = people.open_dialogue("conv", slug="veze", title="T", territory="X", subject="S").id

    with pytest.raises(NotAuthorisedError):
        people.invite_person("someone", email=EMAIL, compose=mails)
    with pytest.raises(NotFoundError):  # not public yet, and orga holds no role in it: as if there were none
        people.invite_person("orga", email=EMAIL, dialogue_id=dialogue_id, role="expert", compose=mails)
    assert queued(people) == []


def test_resending_gives_a_new_link_and_cancelling_kills_it(people: DialogueApp, mails: Mails) -> None:
    invitation_id = people.invite_person("orga", email=EMAIL, compose=mails)
    first = mails.token

    people.resend_invitation("orga", invitation_id, mails)
    with pytest.raises(NotFoundError):
        people.invitation_of_link(first)
    second = mails.token
    people.cancel_invitation(ADMIN, invitation_id)

    assert queued(people) == [f"invitation:{invitation_id}:1", f"invitation:{invitation_id}:2"]
    assert people.invitations(ADMIN, people.invitation_ids(ADMIN))[0]["status"] == "cancelled"
    with pytest.raises(NotFoundError):
        people.accept_invitation(second, login="camille", password=PASSWORD)
    with pytest.raises(RuleError):
        people.resend_invitation("orga", invitation_id, mails)


def test_an_invitation_expires_after_seven_days(
    people: DialogueApp, mails: Mails, monkeypatch: pytest.MonkeyPatch
) -> None:
    people.invite_person("orga", email=EMAIL, compose=mails)
    later = invitations.now() + timedelta(days=7, minutes=1)
    monkeypatch.setattr(invitations, "now", lambda: later)

    assert people.invitations("orga", people.invitation_ids("orga"))[0]["status"] == "expired"
    with pytest.raises(NotFoundError):
        people.accept_invitation(mails.token, login="camille", password=PASSWORD)


def test_a_password_reset_link_works_once_and_ends_every_session(people: DialogueApp, mails: Mails) -> None:
    people.set_profile(ADMIN, "someone", email=EMAIL)
    session = people.sessions.start("someone", 3600)

    people.request_password_reset("nobody@example.org", language="fr", compose=mails)
    assert mails.asked == [] and queued(people) == []
    people.request_password_reset(EMAIL.upper(), language="fr", compose=mails)
    assert mails.asked[0].to == EMAIL
    people.reset_password(mails.token, "a brand new passphrase")

    assert people.authenticate("someone", "a brand new passphrase") == "someone"
    assert not people.sessions.is_open(session, "someone", 3600)
    with pytest.raises(NotFoundError):
        people.reset_password(mails.token, "yet another passphrase")


def test_erasing_an_account_erases_its_stakeholders_and_invitation_too(
    people: DialogueApp, mails: Mails
) -> None:
    invitation_id = people.invite_person("orga", email=EMAIL, name="Camille", compose=mails)
    people.accept_invitation(mails.token, login="camille", password=PASSWORD)
    dialogue_id = people.open_dialogue("conv", slug="veze", title="T", territory="X", subject="S").id
    stakeholder = people.identify_stakeholder(
        "conv",
        dialogue_id,
        name="Camille",
        category="farmer",
        organisation="GAEC",
        stakeholder_account_id="camille",
    ).id

    erased = people.erase_person(stakeholder)

    assert set(erased) == {stakeholder, invitation_id, people._account("camille").id}
    assert people.profile("camille")["erased"] is True
    assert people.stakeholders(dialogue_id)[0]["erased"] is True
    assert people.invitations("orga", people.invitation_ids("orga"))[0]["email"] == "[erased]"
    people.request_password_reset(EMAIL, language="fr", compose=mails)
    assert [m.kind for m in mails.asked] == ["invitation"]


def test_the_invitations_listed_newest_first_each_viewer_those_they_manage_a_page_read_at_a_time(
    app: DialogueApp, mails: Mails, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_accounts(app, "orga", "conv", organisers=("orga",))
    veze = app.open_dialogue("orga", slug="veze", title="La Vèze", territory="X", subject="S").id
    other = app.open_dialogue("orga", slug="autre", title="Autre", territory="X", subject="S").id
    app.grant_role("orga", veze, grantee_id="conv", role="convenor")  # type: ignore[arg-type]
    sent = [
        app.invite_person(
            "orga",
            email=f"p{i}@example.org",
            dialogue_id=veze if i % 2 else other,
            role="stakeholder",
            compose=mails,
        )
        for i in range(6)
    ]
    own = app.invite_person("conv", email="q@example.org", dialogue_id=veze, role="expert", compose=mails)

    assert app.invitation_ids("orga") == [own, *sent[::-1]]
    assert app.invitation_ids("conv") == [own, sent[5], sent[3], sent[1]]  # theirs, and into La Vèze
    read = aggregates_read(app, monkeypatch)
    page = app.invitations("orga", [sent[5], sent[4]])
    assert [row["email"] for row in page] == ["p5@example.org", "p4@example.org"]
    assert {str(i) for i in [own, *sent[:4]]}.isdisjoint(read)
    assert [row["email"] for row in app.invitations("conv", [sent[4], sent[3]])] == ["p3@example.org"]
