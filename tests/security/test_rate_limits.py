"""Abuse: failed sign-ins and writes are rate-limited (429 in the reader's language), bodies are bounded."""

import base64
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.web.conftest import PASSWORD, csrf_token, make_web_app, sign_in
from web import close_app

REDIS_URL = "redis://127.0.0.1:6379/0"
UNREACHABLE_REDIS_URL = "redis://127.0.0.1:1/0"
"""Nothing listens on port 1: a connection is refused at once."""
TOO_LARGE = {
    "fr": "Ce qui a été envoyé dépasse les 2 Kio acceptés par le serveur.",
    "en": "What was sent is larger than the 2 KiB the server accepts.",
}
"""The 413 of a 2 KiB limit, as pages and the API word it in each language."""


@pytest.fixture
def limited(sqlite_url: str) -> Iterator[Callable[..., Flask]]:
    """A web app with the given settings, an administrator ``root`` and an account ``alice``."""
    apps: list[Flask] = []

    def make(url: str = sqlite_url, **config: object) -> Flask:
        app = make_web_app(url, **config)
        apps.append(app)
        dialogues: DialogueApp = app.extensions["dialogues"]
        if not apps[:-1]:
            dialogues.create_administrator("root", PASSWORD)
            dialogues.create_account("root", login="alice", password=PASSWORD)
            dialogues.grant_platform_role("root", "alice", "organiser")  # she opens dialogues
        return app

    yield make
    for app in apps:
        close_app(app)


def basic(login: str, password: str = PASSWORD) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}


def attempt(client: FlaskClient, login: str, password: str, language: str = "en") -> object:
    data = {"login": login, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=data, headers={"Accept-Language": language})


def test_after_the_failed_sign_ins_allowed_even_the_right_password_waits(
    limited: Callable[..., Flask],
) -> None:
    client = limited(LOGIN_RATE_LIMIT="3 per minute").test_client()

    failed = [attempt(client, "alice", "wrong password!").status_code for _ in range(3)]
    refused = attempt(client, "alice", PASSWORD, language="fr")

    assert failed == [401, 401, 401]
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Trop de tentatives en peu de temps : réessayez dans" in refused.get_data(as_text=True)
    assert client.get("/workspace").status_code == 302


def test_failures_count_per_login_across_addresses_and_per_address_across_logins(
    limited: Callable[..., Flask],
) -> None:
    app = limited(LOGIN_RATE_LIMIT="2 per minute")

    def from_address(address: str) -> FlaskClient:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client

    attacker = from_address("192.0.2.1")
    for _ in range(2):
        attempt(attacker, "alice", "wrong password!")

    assert attempt(from_address("192.0.2.2"), "alice", PASSWORD).status_code == 429
    assert attempt(attacker, "root", PASSWORD).status_code == 429
    assert attempt(from_address("192.0.2.3"), "root", PASSWORD).status_code == 303


def test_successful_sign_ins_are_not_counted(limited: Callable[..., Flask]) -> None:
    app = limited(LOGIN_RATE_LIMIT="2 per minute")

    statuses = [sign_in(app.test_client(), "alice").status_code for _ in range(5)]  # type: ignore[attr-defined]

    assert statuses == [303] * 5


def test_wrong_basic_passwords_on_the_api_are_limited_too_with_json_errors(
    limited: Callable[..., Flask],
) -> None:
    client = limited(LOGIN_RATE_LIMIT="2 per minute").test_client()

    failed = [client.get("/api/v1/me", headers=basic("alice", "wrong")).status_code for _ in range(2)]
    refused = client.get("/api/v1/me", headers=basic("alice"))
    in_english = client.get("/api/v1/me", headers={**basic("alice"), "Accept-Language": "en"})

    assert failed == [401, 401]
    assert refused.status_code == in_english.status_code == 429
    assert refused.get_json()["errors"]["_schema"][0].startswith("Trop de tentatives en peu de temps")
    assert in_english.get_json()["errors"]["_schema"][0].startswith("Too many attempts in a short time")


def test_with_redis_the_failures_are_counted_for_every_server_process(
    limited: Callable[..., Flask], sqlite_url: str
) -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({error}); start it to run this test")
    login = f"nobody-{uuid.uuid4().hex[:8]}"  # keys of its own in the shared Redis
    first = limited(REDIS_URL=REDIS_URL, LOGIN_RATE_LIMIT="2 per minute", RUN_LIVE=False)
    for _ in range(2):
        attempt(first.test_client(), login, "wrong password!")

    second = limited(REDIS_URL=REDIS_URL, LOGIN_RATE_LIMIT="2 per minute", RUN_LIVE=False)

    assert attempt(second.test_client(), login, "wrong password!").status_code == 429


def test_in_memory_a_new_process_starts_counting_afresh(limited: Callable[..., Flask]) -> None:
    """The other side of the Redis test: what it shows is not in the memory of one app."""
    first = limited(LOGIN_RATE_LIMIT="2 per minute")
    for _ in range(2):
        attempt(first.test_client(), "alice", "wrong password!")

    second = limited(LOGIN_RATE_LIMIT="2 per minute")

    assert attempt(second.test_client(), "alice", "wrong password!").status_code == 401


def test_while_redis_is_unreachable_sign_ins_and_writes_are_counted_in_memory(
    limited: Callable[..., Flask],
) -> None:
    """The limits' store fails (the web process started while it answered, it has gone since)."""
    app = limited(
        RATELIMIT_STORAGE_URI=UNREACHABLE_REDIS_URL,
        LOGIN_RATE_LIMIT="2 per minute",
        WRITE_RATE_LIMIT="2 per minute",
    )
    client = app.test_client()

    signed_in = attempt(client, "root", PASSWORD).status_code
    writes = [
        client.post("/api/v1/dialogues", json={"slug": f"d{i}"}, headers=basic("alice")).status_code
        for i in range(3)
    ]
    failed = [attempt(client, "alice", "wrong password!").status_code for _ in range(3)]

    assert failed == [401, 401, 429]
    assert signed_in == 303
    assert writes == [400, 400, 429]  # counted, even refused ones (the body lacks fields)


def test_a_redis_that_hangs_delays_a_sign_in_by_a_second_not_for_ever(limited: Callable[..., Flask]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # takes connections, never answers
        port = silent.getsockname()[1]
        client = limited(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0").test_client()
        answers: list[int] = []
        signing_in = threading.Thread(
            target=lambda: answers.append(attempt(client, "alice", "wrong password!").status_code),
            daemon=True,
        )
        began = time.monotonic()
        signing_in.start()
        signing_in.join(timeout=30)
        seconds = time.monotonic() - began

    assert answers == [401]
    assert seconds < 10


def test_writes_are_limited_per_account_on_the_api(limited: Callable[..., Flask]) -> None:
    app = limited(WRITE_RATE_LIMIT="2 per minute")
    app.extensions["dialogues"].create_account("root", login="bob", password=PASSWORD)
    app.extensions["dialogues"].grant_platform_role("root", "bob", "organiser")
    client = app.test_client()

    def open_dialogue(login: str, slug: str) -> int:
        body = {"slug": slug, "title": "T", "territory": "T", "subject": "S"}
        return client.post("/api/v1/dialogues", json=body, headers=basic(login)).status_code

    alice = [open_dialogue("alice", f"d{i}") for i in range(3)]
    refused = client.post("/api/v1/dialogues", json={}, headers=basic("alice"))

    assert alice == [201, 201, 429]
    assert refused.status_code == 429 and "Trop de tentatives" in refused.get_json()["errors"]["_schema"][0]
    assert client.get("/api/v1/dialogues", headers=basic("alice")).status_code == 200  # reads are not counted
    assert open_dialogue("bob", "bob") == 201
    assert [d["slug"] for d in app.extensions["dialogues"].dialogues()] == ["d0", "d1", "bob"]


def test_writes_are_limited_per_account_on_the_workspace_forms(limited: Callable[..., Flask]) -> None:
    client = limited(WRITE_RATE_LIMIT="2 per minute").test_client()
    sign_in(client, "alice")

    def post() -> object:
        token = csrf_token(client, "/workspace/open")
        return client.post("/workspace/open", data={"csrf_token": token}, headers={"Accept-Language": "fr"})

    statuses = [post().status_code for _ in range(2)]  # type: ignore[attr-defined]
    refused = post()

    assert statuses == [422, 422]  # an empty form is refused, and counted all the same
    assert refused.status_code == 429  # type: ignore[attr-defined]
    assert "Trop de tentatives" in refused.get_data(as_text=True)  # type: ignore[attr-defined]
    assert client.get("/workspace/open").status_code == 200


def test_a_body_over_the_size_limit_is_a_413_with_a_clear_message(limited: Callable[..., Flask]) -> None:
    client = limited(MAX_CONTENT_LENGTH=2048).test_client()
    big = "x" * 4096

    api = client.post("/api/v1/dialogues", json={"title": big}, headers=basic("alice"))
    in_english = client.post(
        "/api/v1/dialogues", json={"title": big}, headers={**basic("alice"), "Accept-Language": "en"}
    )
    page = client.post(
        "/login",
        data={"login": big, "password": big, "csrf_token": csrf_token(client)},
        headers={"Accept-Language": "fr"},
    )

    assert api.status_code == in_english.status_code == 413
    assert api.get_json() == {"errors": {"_schema": [TOO_LARGE["fr"]]}}
    assert in_english.get_json() == {"errors": {"_schema": [TOO_LARGE["en"]]}}
    assert page.status_code == 413
    assert TOO_LARGE["fr"] in page.get_data(as_text=True)


def test_the_default_limits_let_a_busy_meeting_through(limited: Callable[..., Flask]) -> None:
    """60 writes in a row by one account pass under the defaults (the demo and the tests write less)."""
    client = limited().test_client()
    headers = basic("alice")

    statuses = {client.post("/api/v1/dialogues", json={}, headers=headers).status_code for _ in range(60)}

    assert statuses == {400}
