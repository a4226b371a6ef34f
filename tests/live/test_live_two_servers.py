"""Two servers on one store, joined by Redis (REDIS_URL): an act recorded on one reaches clients of the other.

Redis at ``TEST_REDIS_URL`` (default redis://127.0.0.1:6379/0). In CI (CI=true)
an unreachable Redis fails the test; elsewhere it is skipped with a message.
"""

import os
import threading
from collections.abc import Callable, Iterator

import pytest
import redis
from werkzeug.serving import make_server

from tests.builders import Scenario
from tests.live.conftest import ensure_account
from tests.live.test_live_catch_up import Listener
from tests.web.conftest import make_web_app
from web import close_app

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({error}); start it to run this test")
    return REDIS_URL


@pytest.fixture
def two_servers(sqlite_url: str, redis_url: str) -> Iterator[list[tuple[str, object]]]:
    servers = []
    for _ in range(2):
        app = make_web_app(sqlite_url, RUN_LIVE=True, REDIS_URL=redis_url)
        http = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        servers.append((app, http, thread))
    yield [(f"http://127.0.0.1:{http.server_port}", app) for app, http, _ in servers]
    for app, http, thread in servers:
        http.shutdown()
        thread.join()
        close_app(app)


def test_an_act_sent_to_one_server_reaches_a_client_of_the_other(
    two_servers: list[tuple[str, object]],
) -> None:
    (first_url, first_app), (second_url, _second_app) = two_servers
    dialogues = first_app.extensions["dialogues"]  # type: ignore[attr-defined]
    Scenario(dialogues, slug="live-dialogue").meeting()
    for login in ("facilitator", "stakeholder"):
        ensure_account(dialogues, login)
    watcher, poster = Listener(first_url, "facilitator"), Listener(second_url, "stakeholder")
    closers: list[Callable[[], None]] = [watcher.close, poster.close]
    try:
        watcher.join(since=None)
        poster.join(since=None)
        ack = poster.client.call(
            "act",
            {
                "dialogue": "live-dialogue",
                "act": "contribution-posted",
                "fields": {"kind": "idea", "text": "x"},
            },
            namespace="/live",
            timeout=10,
        )
        assert ack["ok"], ack
        watcher.wait_for(ack["position"])
        poster.wait_for(ack["position"])
        assert [a["position"] for a in watcher.acts] == [ack["position"]]
        assert [a["position"] for a in poster.acts] == [ack["position"]]
    finally:
        for close in closers:
            close()
