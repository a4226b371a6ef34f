"""Accounts: administrators create and disable them, passwords stay out of the events."""

from typing import Any
from uuid import UUID

import pytest

from application.demo import MAIN_SLUG, record_demo
from application.dialogues import DialogueApp
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from domain.account import CONSOLE, ORGANISER
from domain.errors import InvalidActError, RuleError
from tests.builders import Scenario
from tests.conftest import make_app

PASSWORD = "correct horse battery"


@pytest.fixture
def admin(app: DialogueApp) -> str:
    app.create_administrator("root", PASSWORD)
    return "root"


def every_state(app: DialogueApp) -> bytes:
    found: list[bytes] = []
    while batch := app.recorder.select_notifications(len(found) + 1, 500):
        found.extend(bytes(n.state) for n in batch)
    return b"".join(found)


def test_an_administrator_creates_an_account_that_can_sign_in(app: DialogueApp, admin: str) -> None:
    app.create_account(admin, login="Alice-1", password=PASSWORD)

    assert app.authenticate("alice-1", PASSWORD) == "alice-1"
    assert app.authenticate("ALICE-1 ", PASSWORD) == "alice-1"
    assert app.account("alice-1") | {"created_at": None} == {
        "login": "alice-1",
        "administrator": False,
        "organiser": False,
        "disabled": False,
        "created_by": "root",
        "created_at": None,
    }
    assert app.account("root")["created_by"] == CONSOLE


def test_a_wrong_password_or_an_unknown_login_does_not_sign_in(app: DialogueApp, admin: str) -> None:
    assert app.authenticate("root", "wrong password here") is None
    assert app.authenticate("nobody", PASSWORD) is None
    assert app.authenticate("root", None) is None  # type: ignore[arg-type]


def test_only_an_administrator_creates_accounts(app: DialogueApp, admin: str) -> None:
    app.create_account(admin, login="alice", password=PASSWORD)

    with pytest.raises(NotAuthorisedError):
        app.create_account("alice", login="bob", password=PASSWORD)
    with pytest.raises(NotAuthorisedError):
        app.create_account("nobody", login="bob", password=PASSWORD)
    with pytest.raises(NotFoundError):
        app.account("bob")


def test_a_login_is_unique_and_opaque(app: DialogueApp, admin: str) -> None:
    app.create_account(admin, login="alice", password=PASSWORD)

    with pytest.raises(ConflictError):
        app.create_account(admin, login="ALICE", password="another password!")
    assert app.authenticate("alice", PASSWORD) == "alice"
    for login in ("alice@example.org", "a b", "", CONSOLE, "x" * 65):
        with pytest.raises(InvalidActError) as error:
            app.create_account(admin, login=login, password=PASSWORD)
        assert error.value.field == "login"


def test_a_short_password_is_refused(app: DialogueApp, admin: str) -> None:
    with pytest.raises(InvalidActError) as error:
        app.create_account(admin, login="alice", password="short")
    assert error.value.field == "password"
    with pytest.raises(NotFoundError):
        app.account("alice")


def test_password_hashes_are_never_in_the_events(app: DialogueApp, admin: str) -> None:
    app.create_account(admin, login="alice", password=PASSWORD)
    app.change_password("alice", current_password=PASSWORD, new_password="a brand new passphrase")

    stored = every_state(app)
    assert b"alice" in stored
    assert b"argon2" not in stored and PASSWORD.encode() not in stored
    assert str(app.credentials.hash_of("alice")).startswith("$argon2id$")


def test_changing_a_password_needs_the_current_one(app: DialogueApp, admin: str) -> None:
    app.create_account(admin, login="alice", password=PASSWORD)

    with pytest.raises(InvalidActError) as error:
        app.change_password(
            "alice", current_password="not the password", new_password="a brand new passphrase"
        )
    assert error.value.field == "current_password"
    app.change_password("alice", current_password=PASSWORD, new_password="a brand new passphrase")

    assert app.authenticate("alice", PASSWORD) is None
    assert app.authenticate("alice", "a brand new passphrase") == "alice"


def test_a_disabled_account_no_longer_signs_in_nor_administers(app: DialogueApp, admin: str) -> None:
    app.create_account(admin, login="second", password=PASSWORD, administrator=True)
    app.disable_account(admin, "second")

    assert app.authenticate("second", PASSWORD) is None
    assert app.account("second")["disabled"] is True
    with pytest.raises(NotAuthorisedError):
        app.create_account("second", login="carol", password=PASSWORD)
    with pytest.raises(RuleError):
        app.disable_account(admin, admin)


@pytest.fixture
def conv(app: DialogueApp, admin: str) -> str:
    """An organiser, and the account alice."""
    app.create_accounts(admin, logins=["conv", "alice"], password=PASSWORD)
    app.grant_platform_role(admin, "conv", ORGANISER)
    return "conv"


def test_dialogues_of_an_account_list_its_roles_only_where_it_holds_some(app: DialogueApp, conv: str) -> None:
    first = app.open_dialogue("conv", slug="first", title="First", territory="T", subject="S").id
    app.open_dialogue("conv", slug="second", title="Second", territory="T", subject="S")
    app.grant_role("conv", first, grantee_id="alice", role="stakeholder")
    app.grant_role("conv", first, grantee_id="alice", role="expert")

    [mine] = app.dialogues_of("alice")
    assert (mine["slug"], mine["roles"]) == ("first", ["stakeholder", "expert"])
    assert [d["slug"] for d in app.dialogues_of("conv")] == ["first", "second"]
    assert app.dialogues_of("nobody") == []


def test_an_accounts_dialogues_are_read_from_the_store_alone_not_every_dialogue(
    app: DialogueApp, conv: str, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = [
        app.open_dialogue("conv", slug=f"d{i}", title=f"D{i}", territory="T", subject="S").id
        for i in range(6)
    ]
    app.grant_role("conv", opened[3], grantee_id="alice", role="stakeholder")
    app.revoke_role("conv", opened[3], grantee_id="alice", role="stakeholder")
    app.grant_role("conv", opened[4], grantee_id="alice", role="auditor")
    reader = make_app(database_url)  # another process: nothing read yet
    read: list[str] = []
    select_events = reader.recorder.select_events

    def counted(originator_id: Any, **kwargs: Any) -> Any:
        read.append(str(originator_id))
        return select_events(originator_id, **kwargs)

    monkeypatch.setattr(reader.recorder, "select_events", counted)
    try:
        assert reader.roles_held("alice") == [(opened[4], ["auditor"])]
        assert read == []
        [mine] = reader.dialogues_of("alice")
    finally:
        reader.close()

    assert (mine["slug"], mine["roles"]) == ("d4", ["auditor"])
    assert set(read) == {str(opened[4])}


def test_acts_available_follow_the_roles_and_the_stage(app: DialogueApp, conv: str) -> None:
    dialogue = app.open_dialogue("conv", slug="first", title="First", territory="T", subject="S").id
    app.grant_role("conv", dialogue, grantee_id="alice", role="stakeholder")

    stakeholder = {a["act"]: a["roles"] for a in app.acts_available("alice", dialogue)}
    convenor = {a["act"] for a in app.acts_available("conv", dialogue)}

    comments = {act: ["stakeholder"] for act in ("comment-posted", "comment-edited", "comment-withdrawn")}
    assert stakeholder == {**comments, "participation-confirmed": ["stakeholder"]}
    assert {"framework-defined", "role-granted", "stage-advanced"} <= convenor
    assert "meeting-scheduled" not in convenor and "dialogue-opened" not in convenor
    assert app.acts_available("nobody", dialogue) == []


def test_an_administrator_grants_and_revokes_roles_in_any_dialogue_as_convenor(
    app: DialogueApp, admin: str, conv: str
) -> None:
    dialogue = app.open_dialogue("conv", slug="first", title="First", territory="T", subject="S").id

    assert [a["act"] for a in app.acts_available(admin, dialogue)] == ["role-granted", "role-revoked"]
    app.grant_role(admin, dialogue, grantee_id="alice", role="facilitator")
    app.revoke_role(admin, dialogue, grantee_id="alice", role="facilitator")

    [granted, revoked] = [a for a in app.acts(dialogue) if a["act"] in ("role-granted", "role-revoked")]
    assert (granted["actor_id"], granted["actor_role"]) == ("root", "convenor")
    assert revoked["actor_id"] == "root"
    with pytest.raises(NotAuthorisedError):  # nothing else: an administrator is no convenor otherwise
        app.advance_stage(admin, dialogue)


def test_accounts_are_listed_in_creation_order(app: DialogueApp, admin: str) -> None:
    app.create_accounts(admin, logins=["bob", "alice"], password=PASSWORD)

    assert [a["login"] for a in app.accounts()] == ["root", "bob", "alice"]


def test_only_an_organiser_opens_a_dialogue_and_an_administrator_gives_and_takes_the_role(
    app: DialogueApp, admin: str
) -> None:
    app.create_accounts(admin, logins=["olga", "sam"], password=PASSWORD)
    with pytest.raises(NotAuthorisedError) as refused:
        app.open_dialogue("olga", slug="first", title="First", territory="T", subject="S")
    assert refused.value.code == "organisers-only"
    with pytest.raises(NotAuthorisedError):
        app.grant_platform_role("sam", "olga", ORGANISER)  # only an administrator gives it

    app.grant_platform_role(admin, "olga", ORGANISER)
    opened = app.open_dialogue("olga", slug="first", title="First", territory="T", subject="S")
    app.revoke_platform_role(admin, "olga", ORGANISER)

    assert app.account("olga")["organiser"] is False
    assert app.roles_in("olga", opened.id) == ["convenor"]  # the dialogue it opened stays its own
    with pytest.raises(NotAuthorisedError):
        app.open_dialogue("olga", slug="second", title="Second", territory="T", subject="S")
    with pytest.raises(InvalidActError) as twice:
        app.revoke_platform_role(admin, "olga", ORGANISER)
    assert (twice.value.field, twice.value.code) == ("role", "role-not-held")
    events = [type(app.mapper.to_domain_event(n)).__name__ for n in app.recorder.select_notifications(1, 50)]
    assert events.count("PlatformRoleGranted") == events.count("PlatformRoleRevoked") == 1


def test_a_role_is_granted_to_an_existing_account_only_its_login_typed_in_any_case(
    app: DialogueApp, conv: str
) -> None:
    dialogue = app.open_dialogue("conv", slug="first", title="First", territory="T", subject="S").id
    before = app.recorder.max_notification_id()

    with pytest.raises(InvalidActError) as unknown:
        app.grant_role("conv", dialogue, grantee_id="nobody", role="stakeholder")
    assert (unknown.value.field, unknown.value.code) == ("grantee_id", "unknown-account")
    assert app.recorder.max_notification_id() == before
    app.grant_role("conv", dialogue, grantee_id=" ALICE ", role="stakeholder")
    app.revoke_role("conv", dialogue, grantee_id="Alice", role="stakeholder")
    app.grant_role("conv", dialogue, grantee_id="Alice", role="expert")

    assert app.roles_in("alice", dialogue) == ["expert"]
    assert [d["roles"] for d in app.dialogues_of("alice")] == [["expert"]]


def test_the_demo_gives_every_demo_account_a_login_once(app: DialogueApp) -> None:
    first = record_demo(app)
    last = app.recorder.max_notification_id()
    again = record_demo(app)

    assert app.recorder.max_notification_id() == last and again.recorded is False
    assert (first.administrator, first.password) == ("demo-admin", "demo-dialogue")
    assert app.account("demo-admin")["administrator"] is True
    for login in (*first.accounts.values(), "demo-stakeholder-11", "demo-operator-3"):
        assert app.authenticate(login, first.password) == login
    roles = {d["slug"]: d["roles"] for d in app.dialogues_of(first.accounts["convenor"])}
    assert roles[MAIN_SLUG] == ["convenor"]


def test_a_stakeholders_account_is_an_existing_one_named_in_any_case(app: DialogueApp, conv: str) -> None:
    dialogue = app.open_dialogue("conv", slug="first", title="First", territory="T", subject="S").id
    contact = {"name": "Ana", "email": "", "phone": "", "category": "resident", "organisation": "Quartier"}

    with pytest.raises(InvalidActError) as unknown:
        app.identify_stakeholder("conv", dialogue, **contact, stakeholder_account_id="ghost")
    person = app.identify_stakeholder("conv", dialogue, **contact, stakeholder_account_id="ALICE").id

    assert (unknown.value.field, unknown.value.code) == ("stakeholder_account_id", "unknown-account")
    assert app.repository.get(person).account_id == "alice"


def test_the_dialogues_listed_for_an_account_are_those_it_sees_with_its_roles(
    app: DialogueApp, conv: str
) -> None:
    Scenario(app, slug="public").framing_done()
    first = app.open_dialogue("conv", slug="first", title="First", territory="T", subject="S").id
    second = app.open_dialogue("conv", slug="second", title="Second", territory="T", subject="S").id
    app.grant_role("conv", first, grantee_id="alice", role="expert")

    def read(login: str) -> dict[str, Any]:  # as a request reads it; an unknown login administers nothing
        try:
            return app.account(login)
        except NotFoundError:
            return {"login": login, "administrator": False, "disabled": False}

    def listed(account: str) -> dict[str, list[str]]:
        slugs = {UUID(d["id"]): d["slug"] for d in app.dialogues()}
        return {slugs[dialogue_id]: roles for dialogue_id, roles in app.dialogues_listed_for(read(account))}

    def as_the_dialogues_say(account: str) -> None:  # as the two lists read from every dialogue, merged
        roles = {d["id"]: d["roles"] for d in app.dialogues_of(account)}
        shown = [d for d in app.dialogues() if app.visible_to(account, UUID(d["id"]))]
        merged = [(d["id"], roles.get(d["id"], [])) for d in shown]
        assert [(str(i), r) for i, r in app.dialogues_listed_for(read(account))] == merged

    assert listed("alice") == {"public": [], "first": ["expert"]}
    assert list(listed("root")) == ["public", "first", "second"]
    assert list(listed("nobody")) == ["public"]
    for account in ("alice", "conv", "root", "nobody"):
        as_the_dialogues_say(account)

    app.grant_role("conv", second, grantee_id="alice", role="auditor")  # what was recorded since
    app.revoke_role("conv", first, grantee_id="alice", role="expert")
    assert listed("alice") == {"public": [], "second": ["auditor"]}
    for account in ("alice", "conv", "root", "nobody"):
        as_the_dialogues_say(account)
