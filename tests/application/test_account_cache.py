"""The accounts each process keeps: one query of the new events per read, never older than the store."""

import copy

import pytest

from application.dialogues import DialogueApp
from application.errors import NotAuthorisedError
from domain.account import ORGANISER
from tests.application.test_concurrency import InterleavingApp
from tests.application.test_dialogue_cache import reads_of
from tests.builders import ADMIN, PASSWORD, ensure_accounts


def test_a_read_is_one_query_of_the_new_events_and_shares_the_kept_account(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_accounts(app, "s1")
    kept = app._account("s1")
    reads = reads_of(app, monkeypatch, kept.id)

    assert app._account("S1") is kept
    assert app.account("s1")["login"] == "s1"
    assert reads == [kept.version, kept.version]


def test_a_change_of_an_account_changes_a_copy_kept_once_saved(app: DialogueApp) -> None:
    ensure_accounts(app, "s1")
    before = app._account("s1")
    state = copy.deepcopy(vars(before))

    app.grant_platform_role(ADMIN, "s1", ORGANISER)

    after = app._account("s1")
    assert vars(before) == state
    assert after.version == before.version + 1 and after.active_organiser
    assert after == app._get(before.id)


def test_an_account_disabled_through_another_process_is_refused_at_once(
    apps: tuple[InterleavingApp, DialogueApp],
) -> None:
    first, second = apps
    ensure_accounts(first, "s1")
    assert first.account("s1")["disabled"] is False and first.authenticate("s1", PASSWORD) == "s1"

    second.disable_account(ADMIN, "s1")

    assert first.account("s1")["disabled"] is True
    assert first.authenticate("s1", PASSWORD) is None


def test_an_administrator_disabled_through_another_process_administers_nothing_more(
    apps: tuple[InterleavingApp, DialogueApp],
) -> None:
    first, second = apps
    ensure_accounts(first, "s1")
    second.create_administrator("admin2", PASSWORD)
    first.create_accounts("admin2", logins=["s2"], password=PASSWORD)  # admin2 read and kept by first

    second.disable_account(ADMIN, "admin2")

    with pytest.raises(NotAuthorisedError):
        first.create_accounts("admin2", logins=["s3"], password=PASSWORD)
    assert first.account("admin2")["administrator"] is True  # its right stays, its account does not


def test_a_platform_role_taken_back_through_another_process_is_refused_at_once(
    apps: tuple[InterleavingApp, DialogueApp],
) -> None:
    first, second = apps
    ensure_accounts(first, "org", organisers=("org",))
    first.open_dialogue("org", slug="avant", title="T", territory="X", subject="S")

    second.revoke_platform_role(ADMIN, "org", ORGANISER)

    with pytest.raises(NotAuthorisedError):
        first.open_dialogue("org", slug="apres", title="T", territory="X", subject="S")
    assert first.account("org")["organiser"] is False
