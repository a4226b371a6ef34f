"""Accounts through the web: administrators create and disable them; hashes never reach the events."""

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.web.conftest import PASSWORD, csrf_token, make_web_app, sign_in
from web import close_app

EN = {"Accept-Language": "en"}


@pytest.fixture
def any_store_app(database_url: str) -> Iterator[Flask]:
    """The web app on SQLite and on PostgreSQL."""
    app = make_web_app(database_url)
    yield app
    close_app(app)


def create(client: FlaskClient, login: str, *, administrator: bool = False) -> object:
    data = {"login": login, "password": PASSWORD, "csrf_token": csrf_token(client, "/workspace")}
    if administrator:
        data["administrator"] = "y"
    return client.post("/accounts", data=data, headers=EN)


def test_an_administrator_creates_an_account_that_then_signs_in(any_store_app: Flask) -> None:
    dialogues: DialogueApp = any_store_app.extensions["dialogues"]
    dialogues.create_administrator("root", PASSWORD)
    admin = any_store_app.test_client()
    sign_in(admin, "root")

    response = create(admin, "Bob")

    assert response.status_code == 303  # type: ignore[attr-defined]
    assert "Account bob created." in admin.get("/accounts", headers=EN).get_data(as_text=True)
    assert sign_in(any_store_app.test_client(), "bob").status_code == 303  # type: ignore[attr-defined]


def test_password_hashes_are_never_in_the_events(any_store_app: Flask) -> None:
    dialogues: DialogueApp = any_store_app.extensions["dialogues"]
    dialogues.create_administrator("root", PASSWORD)
    admin = any_store_app.test_client()
    sign_in(admin, "root")
    create(admin, "bob")

    states = b"".join(bytes(n.state) for n in dialogues.recorder.select_notifications(1, 1000))
    stored_hash = dialogues.credentials.hash_of("bob")

    assert b'"bob"' in states  # the account is an event...
    assert stored_hash is not None and stored_hash.encode() not in states  # ...its hash is not
    assert b"$argon2" not in states and PASSWORD.encode() not in states


def test_a_non_administrator_is_refused_the_accounts_page(
    signed_in: Callable[..., FlaskClient], dialogues: DialogueApp
) -> None:
    client = signed_in("alice")

    page = client.get("/accounts", headers=EN)
    posted = create(client, "mallory")

    assert page.status_code == 403 and "Not allowed" in page.get_data(as_text=True)
    assert posted.status_code == 403  # type: ignore[attr-defined]
    assert [a["login"] for a in dialogues.accounts()] == ["root", "alice"]


def test_a_taken_login_or_a_short_password_is_shown_on_the_form(
    signed_in: Callable[..., FlaskClient],
) -> None:
    client = signed_in("root")
    create(client, "bob")

    taken = create(client, "bob").get_data(as_text=True)  # type: ignore[attr-defined]
    short = client.post(
        "/accounts",
        data={"login": "carol", "password": "short", "csrf_token": csrf_token(client, "/workspace")},
        headers=EN,
    ).get_data(as_text=True)
    email = create(client, "carol@example.org").get_data(as_text=True)  # type: ignore[attr-defined]

    assert "This login is taken." in taken
    assert "Field must be between 12 and 1024 characters long." in short
    assert "no e-mail address" in email


def test_an_administrator_disables_an_account(
    signed_in: Callable[..., FlaskClient], dialogues: DialogueApp
) -> None:
    admin = signed_in("root")
    alice = signed_in("alice")

    response = admin.post("/accounts/alice/disable", data={"csrf_token": csrf_token(admin, "/workspace")})

    assert response.status_code == 303
    assert dialogues.account("alice")["disabled"] is True
    assert alice.get("/workspace").status_code == 302
    assert (
        admin.post(
            "/accounts/nobody/disable", data={"csrf_token": csrf_token(admin, "/workspace")}
        ).status_code
        == 404
    )
