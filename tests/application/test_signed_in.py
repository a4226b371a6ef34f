"""A request's sign-in session and account read together, as the store holds them at the read."""

from typing import Any

import pytest

from application.dialogues import DialogueApp
from tests.conftest import make_app

DAY = 86_400.0


@pytest.fixture
def apps(database_url: str) -> Any:
    first, second = make_app(database_url), make_app(database_url)
    yield first, second
    first.close()
    second.close()


def signed_in_as(app: DialogueApp, login: str) -> str:
    app.create_administrator("admin", "un mot de passe assez long")
    app.create_accounts("admin", logins=[login], password="un mot de passe assez long")
    return app.sessions.start(login, DAY)


def test_the_session_and_the_account_are_read_in_one_query(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = signed_in_as(app, "alice")
    expected = app.account("alice")
    reads: list[Any] = []
    together = app.recorder.select_row_and_events_after  # type: ignore[attr-defined]
    monkeypatch.setattr(app.sessions.rows, "one", lambda *a: reads.append("session row"))
    monkeypatch.setattr(app.events, "get", lambda *a, **k: reads.append("account"))

    def counting(beside: Any, after: Any) -> Any:
        reads.append("together")
        return together(beside, after)

    monkeypatch.setattr(app.recorder, "select_row_and_events_after", counting)

    is_open, account = app.signed_in(session_id, "alice", DAY)

    assert is_open and account == expected
    assert app.signed_in(session_id, "alice", DAY) == (True, expected)
    assert reads == ["together", "together"]


def test_a_session_ended_or_an_account_disabled_elsewhere_shows_at_the_next_read(
    apps: tuple[DialogueApp, DialogueApp],
) -> None:
    first, second = apps
    session_id = signed_in_as(first, "alice")
    assert second.signed_in(session_id, "alice", DAY) == (True, second.account("alice"))

    first.disable_account("admin", "alice")
    is_open, account = second.signed_in(session_id, "alice", DAY)
    assert is_open and account is not None and account["disabled"] is True

    first.sessions.end(session_id)
    assert second.signed_in(session_id, "alice", DAY)[0] is False


def test_what_opens_no_session(app: DialogueApp) -> None:
    session_id = signed_in_as(app, "alice")
    assert app.signed_in(session_id, "bob", DAY) == (False, None)  # another login: no such account
    assert app.signed_in(None, "alice", DAY) == (False, None)
    assert app.signed_in(session_id, "alice", 0.0)[0] is False  # older than the lifetime
    assert app.signed_in("not a session", "alice", DAY)[0] is False
