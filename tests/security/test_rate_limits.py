"""Abuse: failed sign-ins and writes are rate-limited (429 in the reader's language), bodies are bounded."""

import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient
from limits import parse_many
from limits.strategies import FixedWindowRateLimiter

from application.dialogues import DialogueApp
from tests.builders import Scenario, ensure_accounts
from tests.live.conftest import connect
from tests.web.conftest import PASSWORD, csrf_token, make_web_app, sign_in
from web import close_app
from web.limits import MemoryCounters
from web.live.namespace import NAMESPACE

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
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
    assert "Trop de tentatives en peu de temps\u00a0: réessayez dans" in refused.get_data(as_text=True)
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


@pytest.fixture
def redis_url() -> str:
    """``TEST_REDIS_URL``; in CI (CI=true) an unreachable Redis fails the test, elsewhere it is skipped."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({error}); start it to run this test")
    return REDIS_URL


def test_with_redis_the_failures_are_counted_for_every_server_process(
    limited: Callable[..., Flask], redis_url: str
) -> None:
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


def test_in_memory_counting_starts_no_thread_and_still_drops_expired_counts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The library's memory storage started a timer thread 10 ms after a count, one every few writes."""
    counters = MemoryCounters()
    time.sleep(0.05)  # the timer its constructor starts has run
    started: list[object] = []
    monkeypatch.setattr(threading.Thread, "start", lambda thread: started.append(thread))
    strategy = FixedWindowRateLimiter(counters)
    item = parse_many("3 per second")[0]

    assert [strategy.hit(item, "writes", "alice") for _ in range(4)] == [True, True, True, False]
    assert started == []
    counters.dropped -= 1  # a second later
    later = time.time() + 2
    monkeypatch.setattr(time, "time", lambda: later)
    assert strategy.hit(item, "writes", "bob")
    assert list(counters.storage) == [item.key_for("writes", "bob")] and started == []


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

    assert statuses == [400, 400]  # an empty form is refused by its schema, and counted all the same
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


def post_contribution_by_form(client: FlaskClient, language: str = "en") -> object:
    path = "/workspace/dialogues/sevre/acts/contribution-posted"
    data = {"kind": "observation", "text": "les puits baissent", "csrf_token": csrf_token(client, path)}
    return client.post(path, data=data, headers={"Accept-Language": language})


def live_act(socket: SocketIOTestClient) -> dict[str, Any]:
    fields = {"kind": "observation", "text": "les puits baissent"}
    payload = {"dialogue": "sevre", "act": "contribution-posted", "fields": fields}
    ack: dict[str, Any] = socket.emit("act", payload, namespace=NAMESPACE, callback=True)
    return ack


def test_one_budget_per_account_across_the_api_the_forms_and_live(limited: Callable[..., Flask]) -> None:
    """5 per minute: 5 acts in all, whichever way they come; the sixth is refused on every way."""
    app = limited(WRITE_RATE_LIMIT="5 per minute")
    dialogues: DialogueApp = app.extensions["dialogues"]
    Scenario(dialogues, slug="sevre").to_collective_work()
    ensure_accounts(dialogues, "stakeholder", organisers=("stakeholder",))  # it opens a dialogue too
    client = app.test_client()
    sign_in(client, "stakeholder")
    english, french = (connect(app, "stakeholder", {"Accept-Language": lang}) for lang in ("en", "fr"))

    def api_act() -> int:
        body = {"kind": "observation", "text": "les puits baissent"}
        path = "/api/v1/dialogues/sevre/acts/contribution-posted"
        return client.post(path, json=body, headers=basic("stakeholder")).status_code

    opened = client.post(
        "/api/v1/dialogues",
        json={"slug": "bocage", "title": "T", "territory": "T", "subject": "S"},
        headers=basic("stakeholder"),
    ).status_code
    passed = [opened, api_act(), post_contribution_by_form(client).status_code]  # type: ignore[attr-defined]
    acks = [live_act(english), live_act(french)]
    before = dialogues.recorder.max_notification_id()
    refused = [api_act(), post_contribution_by_form(client, "fr").status_code]  # type: ignore[attr-defined]
    english.get_received(NAMESPACE)
    refused_live = [live_act(english), live_act(french)]
    after = dialogues.recorder.max_notification_id()
    errors = [
        [m["args"][0] for m in socket.get_received(NAMESPACE) if m["name"] == "error"]
        for socket in (english, french)
    ]
    other = client.post(
        "/api/v1/dialogues/sevre/acts/contribution-posted",
        json={"kind": "observation", "text": "un autre compte"},
        headers=basic("stakeholder-2"),
    )
    for live in (english, french):
        live.disconnect(NAMESPACE)

    assert passed == [201, 201, 303] and [ack["ok"] for ack in acks] == [True, True]
    assert refused == [429, 429] and after == before  # nothing recorded
    assert [(ack["ok"], ack["status"]) for ack in refused_live] == [(False, 429), (False, 429)]
    [[in_english], [in_french]] = [[e["errors"]["_schema"][0] for e in found] for found in errors]
    assert in_english.startswith("Too many attempts in a short time: try again in")
    assert in_french.startswith("Trop de tentatives en peu de temps\u00a0: réessayez dans")
    assert other.status_code == 201  # another account is not affected
    posted = [line for line in dialogues.acts() if line["act"] == "contribution-posted"]
    assert [line["actor_id"] for line in posted] == ["stakeholder"] * 4 + ["stakeholder-2"]


def test_account_administration_writes_count_in_the_same_budget(limited: Callable[..., Flask]) -> None:
    app = limited(WRITE_RATE_LIMIT="2 per minute")
    ensure_accounts(app.extensions["dialogues"], "root", organisers=("root",))
    client = app.test_client()
    sign_in(client, "root")

    created = client.post(
        "/accounts",
        data={"login": "carol", "password": PASSWORD, "csrf_token": csrf_token(client, "/workspace")},
    )
    opened = client.post(
        "/api/v1/dialogues", json={"slug": "d", "title": "T", "territory": "T", "subject": "S"}
    )
    disabled = client.post("/accounts/alice/disable", data={"csrf_token": csrf_token(client, "/workspace")})

    assert [created.status_code, opened.status_code, disabled.status_code] == [303, 201, 429]
    assert sign_in(client.application.test_client(), "alice").status_code == 303  # type: ignore[attr-defined]


WRITER = """
import json, sys
from tests.web.conftest import make_web_app
from web import close_app
from web.limits import MemoryCounters

url, redis_url, login, password, slugs = sys.argv[1:6]
app = make_web_app(url, REDIS_URL=redis_url, WRITE_RATE_LIMIT="5 per minute", RUN_LIVE=False)
client = app.test_client()
statuses = []
for slug in slugs.split(","):
    body = {"slug": slug, "title": "T", "territory": "T", "subject": "S"}
    statuses.append(client.post("/api/v1/dialogues", json=body, auth=(login, password)).status_code)
close_app(app)
print(json.dumps(statuses))
"""
"""Another server process: opens the dialogues ``slugs`` as ``login`` through the API, prints the statuses."""


def test_with_redis_the_budget_of_writes_is_shared_by_every_server_process(
    limited: Callable[..., Flask], sqlite_url: str, redis_url: str
) -> None:
    login = f"writer-{uuid.uuid4().hex[:8]}"  # counters of its own in the shared Redis
    app = limited(REDIS_URL=redis_url, WRITE_RATE_LIMIT="5 per minute", RUN_LIVE=False)
    app.extensions["dialogues"].create_account("root", login=login, password=PASSWORD)
    ensure_accounts(app.extensions["dialogues"], login, organisers=(login,))
    client = app.test_client()

    here = [
        client.post(
            "/api/v1/dialogues",
            json={"slug": f"{login}-{i}", "title": "T", "territory": "T", "subject": "S"},
            headers=basic(login),
        ).status_code
        for i in range(3)
    ]
    slugs = ",".join(f"{login}-elsewhere-{i}" for i in range(3))
    other = subprocess.run(
        [sys.executable, "-c", WRITER, sqlite_url, redis_url, login, PASSWORD, slugs],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
        check=True,
    )

    assert here == [201, 201, 201]
    assert json.loads(other.stdout.splitlines()[-1]) == [201, 201, 429]
