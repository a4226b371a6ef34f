"""Sessions: signing in gives a new session, signing out (or a new password) ends it for every copy of it;
the same for a citizen of the public consultation, whose sessions also end when they are erased."""

from collections.abc import Callable, Iterator
from datetime import timedelta
from time import time as real_time
from types import SimpleNamespace
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.web.conftest import PASSWORD, csrf_token, make_web_app, sign_in
from tests.web.test_consultation_pages import signed_up
from web import close_app
from web.auth import sessions as session_module
from web.live.namespace import NAMESPACE


def cookie(client: FlaskClient) -> str:
    found = client.get_cookie("session")
    assert found is not None
    return found.value


def with_cookie(app: Flask, value: str) -> FlaskClient:
    """Another browser, holding a copy of a session cookie (stolen, or fixed by an attacker)."""
    client = app.test_client()
    client.set_cookie("session", value)
    return client


def test_signing_in_renews_the_session_and_the_cookie_fixed_before_stays_anonymous(
    web_app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    signed_in("root")
    victim = web_app.test_client()
    csrf_token(victim)  # the anonymous session an attacker could have planted
    planted = cookie(victim)

    sign_in(victim, "root")

    assert cookie(victim) != planted
    assert victim.get("/workspace").status_code == 200
    assert with_cookie(web_app, planted).get("/workspace").status_code == 302


def test_after_signing_out_a_copy_of_the_cookie_opens_nothing(
    web_app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    client = signed_in("alice")
    copy = cookie(client)
    assert with_cookie(web_app, copy).get("/api/v1/me").status_code == 200

    client.post("/logout", data={"csrf_token": csrf_token(client, "/workspace")})
    thief = with_cookie(web_app, copy)

    assert thief.get("/workspace").status_code == 302
    assert thief.get("/api/v1/me").status_code == 401
    assert thief.post("/api/v1/dialogues", json={"slug": "x"}).status_code == 401
    socket = web_app.extensions["socketio"].test_client(web_app, namespace=NAMESPACE, flask_test_client=thief)
    assert not socket.is_connected(NAMESPACE)


def test_a_live_connection_opened_before_signing_out_is_refused_at_its_next_event(
    web_app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    client = signed_in("alice")
    socket = web_app.extensions["socketio"].test_client(
        web_app, namespace=NAMESPACE, flask_test_client=client
    )
    assert socket.is_connected(NAMESPACE)

    client.post("/logout", data={"csrf_token": csrf_token(client, "/workspace")})
    ack = socket.emit("join", {"dialogue": "any"}, namespace=NAMESPACE, callback=True)

    assert ack["status"] == 401


def test_a_new_password_ends_the_other_sessions_of_the_account(
    web_app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    here = signed_in("alice")
    elsewhere = web_app.test_client()
    sign_in(elsewhere, "alice")
    new = "another long passphrase"

    here.post(
        "/password",
        data={
            "current_password": PASSWORD,
            "new_password": new,
            "confirmation": new,
            "csrf_token": csrf_token(here, "/password"),
        },
    )

    assert here.get("/workspace").status_code == 200
    assert elsewhere.get("/workspace").status_code == 302


def test_a_signed_cookie_without_an_open_session_id_is_anonymous(
    web_app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    signed_in("root")
    serializer = web_app.session_interface.get_signing_serializer(web_app)  # type: ignore[attr-defined]
    forged = [serializer.dumps({"login": "root"}), serializer.dumps({"login": "root", "session_id": "guess"})]

    assert [with_cookie(web_app, value).get("/api/v1/me").status_code for value in forged] == [401, 401]


def test_a_session_ends_after_the_session_lifetime(sqlite_url: str) -> None:
    app = make_web_app(sqlite_url, PERMANENT_SESSION_LIFETIME=timedelta(seconds=0))
    try:
        app.extensions["dialogues"].create_administrator("root", PASSWORD)
        client = app.test_client()

        assert sign_in(client, "root").status_code == 303  # type: ignore[attr-defined]
        assert client.get("/workspace").status_code == 302
    finally:
        close_app(app)


@pytest.fixture
def any_store_app(database_url: str) -> Iterator[Flask]:
    """The web app on SQLite and on PostgreSQL."""
    app = make_web_app(database_url)
    yield app
    close_app(app)


def test_after_a_citizen_signs_out_a_copy_of_their_cookie_opens_nothing(any_store_app: Flask) -> None:
    dialogues = any_store_app.extensions["dialogues"]
    client = any_store_app.test_client()
    signed_up(client, dialogues, "lucie@example.org", "Lucie")
    copy = cookie(client)
    assert with_cookie(any_store_app, copy).get("/citizens/me").status_code == 200

    client.post("/citizens/sign-out", data={"csrf_token": csrf_token(client, "/citizens/me")})

    assert client.get("/citizens/me").status_code == 303
    assert with_cookie(any_store_app, copy).get("/citizens/me").status_code == 303


def test_a_citizen_erased_is_signed_out_of_every_browser(any_store_app: Flask) -> None:
    dialogues = any_store_app.extensions["dialogues"]
    client = any_store_app.test_client()
    signed_up(client, dialogues, "lucie@example.org", "Lucie")
    with client.session_transaction() as opened:
        actor, session_id = opened["citizen"], opened["citizen_session_id"]

    dialogues.erase_person(UUID(actor.removeprefix("citizen:")))

    assert not dialogues.sessions.is_open(session_id, actor, 3600)
    assert client.get("/citizens/me").status_code == 303


def test_a_citizen_cookie_without_an_open_session_opens_nothing(any_store_app: Flask) -> None:
    """A cookie signed with the key but naming no open session: from before sessions, or forged."""
    dialogues = any_store_app.extensions["dialogues"]
    client = any_store_app.test_client()
    signed_up(client, dialogues, "lucie@example.org", "Lucie")
    with client.session_transaction() as opened:
        actor = opened["citizen"]
    bare = any_store_app.test_client()
    with bare.session_transaction() as opened:
        opened["citizen"] = actor

    assert bare.get("/citizens/me").status_code == 303
    assert client.get("/citizens/me").status_code == 200


def test_a_citizen_signing_out_leaves_the_account_signed_in_beside(
    web_app: Flask, dialogues: DialogueApp, signed_in: Callable[..., FlaskClient]
) -> None:
    client = signed_in("alice")
    signed_up(client, dialogues, "lucie@example.org", "Lucie")
    assert client.get("/citizens/me").status_code == 200

    client.post("/citizens/sign-out", data={"csrf_token": csrf_token(client, "/citizens/me")})

    assert client.get("/citizens/me").status_code == 303
    assert client.get("/api/v1/me").status_code == 200


def test_a_cookie_signed_out_in_another_process_is_refused_there_at_once(database_url: str) -> None:
    """Two web processes on one store: the other process, which has just opened the cookie (its
    signature then checked and kept), refuses it at the next request after the sign-out."""
    here, there = make_web_app(database_url), make_web_app(database_url)
    try:
        here.extensions["dialogues"].create_administrator("root", PASSWORD)
        client = here.test_client()
        sign_in(client, "root")
        copy = cookie(client)
        assert [with_cookie(there, copy).get("/api/v1/me").status_code for _ in range(2)] == [200, 200]

        client.post("/logout", data={"csrf_token": csrf_token(client, "/workspace")})

        assert with_cookie(there, copy).get("/api/v1/me").status_code == 401
        assert with_cookie(here, copy).get("/api/v1/me").status_code == 401
    finally:
        close_app(here)
        close_app(there)


def test_a_cookie_whose_signature_was_kept_still_ages_and_still_needs_the_key(
    web_app: Flask, signed_in: Callable[..., FlaskClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = cookie(signed_in("alice"))
    assert with_cookie(web_app, copy).get("/api/v1/me").status_code == 200  # its signature kept
    tampered = copy[:-2] + ("AA" if not copy.endswith("AA") else "BB")
    assert with_cookie(web_app, tampered).get("/api/v1/me").status_code == 401

    lifetime = web_app.permanent_session_lifetime.total_seconds()
    later = SimpleNamespace(time=lambda: real_time() + lifetime + 5)  # the cookie's age; the row stays open
    monkeypatch.setattr(session_module, "time", later)
    assert with_cookie(web_app, copy).get("/api/v1/me").status_code == 401
    monkeypatch.undo()
    assert with_cookie(web_app, copy).get("/api/v1/me").status_code == 200

    web_app.secret_key = "another key"  # the key changed: what was checked with the old one is forgotten
    assert with_cookie(web_app, copy).get("/api/v1/me").status_code == 401
