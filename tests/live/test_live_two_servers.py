"""Two servers on one store, joined by Redis (REDIS_URL): acts recorded on one reach clients of the other.

Each server runs in this process with its own Flask app, SocketIO server,
Redis client manager and live feed, on a free port (as two processes would);
the store is SQLite and PostgreSQL (the ``database_url`` fixture). One server at
a time holds the lease and broadcasts the log's acts through Redis
(:mod:`web.live.queue`): a client on either server receives each act once, in
order, within a second; when the leader dies, the other takes over.

Redis at ``TEST_REDIS_URL`` (default redis://127.0.0.1:6379/0); each test uses
a channel (and keys) of its own. In CI (CI=true) an unreachable Redis fails the
test; elsewhere it is skipped with a message.
"""

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from flask import Flask
from werkzeug.serving import make_server

from tests.builders import Scenario
from tests.live.conftest import ensure_account
from tests.live.test_live_catch_up import Listener
from tests.web.conftest import make_web_app
from web import close_app
from web.live.feed import LiveFeed
from web.live.namespace import NAMESPACE
from web.live.queue import LEASE_MS
from web.schemas import ACT_FORMS

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WITHIN = 1.0
"""How soon an act recorded on one server reaches a client of the other (the issue's bound)."""


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
def channel(redis_url: str) -> Iterator[str]:
    """A channel of this test's own; its keys are removed afterwards."""
    name = f"test-live-{uuid.uuid4().hex[:12]}"
    yield name
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{name}:*"))
    if keys:
        client.delete(*keys)
    client.close()


class Server:
    """One server: a web app with the live feed running, served on a free port in a thread."""

    def __init__(self, database_url: str, redis_url: str | None, channel: str, **config: Any):
        self.app: Flask = make_web_app(
            database_url, RUN_LIVE=True, REDIS_URL=redis_url, LIVE_CHANNEL=channel, **config
        )
        self.http = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.http.server_port}"
        self.stopped = False

    @property
    def feed(self) -> LiveFeed:
        feed: LiveFeed = self.app.extensions["live_feed"]
        return feed

    def publishing(self) -> bool:
        """Whether this server holds the publishing lock (Redis) now."""
        lease = self.feed.lease
        assert lease is not None
        return bool(lease.client.get(lease.key) == lease.token.encode())

    def stop(self, crash: bool = False) -> None:
        """Stop serving; ``crash`` leaves the publishing lock to expire, as when the process dies."""
        if self.stopped:
            return
        self.stopped = True
        if crash:
            self.feed.lease.release = lambda: None  # type: ignore[union-attr,method-assign]
        self.http.shutdown()
        self.thread.join()
        close_app(self.app)


@pytest.fixture
def two_servers(database_url: str, redis_url: str, channel: str) -> Iterator[list[Server]]:
    servers = [Server(database_url, redis_url, channel) for _ in range(2)]
    dialogues = servers[0].app.extensions["dialogues"]
    Scenario(dialogues, slug="live-dialogue").meeting()
    for login in ("facilitator", "stakeholder", "observer"):
        ensure_account(dialogues, login)
    yield servers
    for server in servers:
        server.stop()


@pytest.fixture
def listeners() -> Iterator[Callable[[str, str], Listener]]:
    opened: list[Listener] = []

    def listener(url: str, login: str) -> Listener:
        opened.append(Listener(url, login))
        return opened[-1]

    yield listener
    for each in opened:
        each.close()


def post(listener: Listener, text: str) -> int:
    ack = listener.client.call(
        "act",
        {"dialogue": "live-dialogue", "act": "contribution-posted", "fields": {"kind": "idea", "text": text}},
        namespace=NAMESPACE,
        timeout=10,
    )
    assert ack["ok"], ack
    position: int = ack["position"]
    return position


def record(server: Server, text: str) -> int:
    """Record an act straight into the store through ``server``'s application, as the HTTP form does."""
    dialogues = server.app.extensions["dialogues"]
    form = ACT_FORMS["contribution-posted"]
    values = form.schema().load({"kind": "idea", "text": text})
    recorded = form.record(dialogues, "stakeholder", dialogues.dialogue_id("live-dialogue"), values)
    position: int = recorded.position
    return position


def arrives(listener: Listener, position: int, within: float) -> float:
    """Wait for the act at ``position``; return how long it took (fails after ``within`` seconds)."""
    start = time.monotonic()
    while not any(act["position"] == position for act in listener.acts):
        assert time.monotonic() - start < within, f"position {position} did not come within {within} s"
        time.sleep(0.01)
    return time.monotonic() - start


def once_in_order(listener: Listener, after: int) -> list[int]:
    positions = [act["position"] for act in listener.acts]
    assert positions == sorted(set(positions)), positions  # no duplicate, in log order
    assert all(position > after for position in positions), (after, positions)
    return positions


def test_acts_recorded_on_either_server_reach_clients_of_both_once_within_a_second(
    two_servers: list[Server], listeners: Callable[[str, str], Listener]
) -> None:
    first, second = two_servers
    on_first, on_second = listeners(first.url, "facilitator"), listeners(second.url, "stakeholder")
    joined = {
        id(on_first): on_first.join(since=None)["position"],
        id(on_second): on_second.join(None)["position"],
    }

    from_second = post(on_second, "recorded through the second server")
    assert arrives(on_first, from_second, WITHIN) < WITHIN
    from_first = post(on_first, "recorded through the first server")
    assert arrives(on_second, from_first, WITHIN) < WITHIN
    arrives(on_first, from_first, WITHIN)
    arrives(on_second, from_second, WITHIN)
    # recorded elsewhere than a socket (the HTTP form, the API): the server that records it publishes it
    for server in (first, second):
        recorded = record(server, "recorded without a socket")
        arrives(on_first, recorded, WITHIN)
        arrives(on_second, recorded, WITHIN)
    time.sleep(0.5)  # anything sent twice would be here by now
    for listener in (on_first, on_second):
        positions = once_in_order(listener, joined[id(listener)])
        assert positions.count(from_first) == positions.count(from_second) == 1
    assert not any(server.publishing() for server in two_servers)  # the lock is released after each act


def test_presence_spans_the_servers(
    two_servers: list[Server], listeners: Callable[[str, str], Listener]
) -> None:
    first, second = two_servers
    on_first, on_second = listeners(first.url, "facilitator"), listeners(second.url, "stakeholder")
    seen: list[list[str]] = []
    on_first.client.on("presence", lambda payload: seen.append(payload["present"]), namespace=NAMESPACE)
    on_first.join(None)
    on_second.join(None)
    deadline = time.monotonic() + 5
    while not (seen and seen[-1] == ["facilitator", "stakeholder"]):
        assert time.monotonic() < deadline, seen
        time.sleep(0.02)
    on_second.close()
    while seen[-1] != ["facilitator"]:
        assert time.monotonic() < deadline, seen
        time.sleep(0.02)


def test_an_act_is_published_before_its_answer_by_the_server_that_records_it(
    sqlite_url: str, redis_url: str, channel: str, listeners: Callable[[str, str], Listener]
) -> None:
    server = Server(sqlite_url, redis_url, channel, LOG_POLL_SECONDS=60)
    try:
        dialogues = server.app.extensions["dialogues"]
        Scenario(dialogues, slug="live-dialogue").meeting()
        for login in ("facilitator", "stakeholder"):
            ensure_account(dialogues, login)
        watcher = listeners(server.url, "facilitator")
        watcher.join(None)
        lease = server.feed.lease
        assert lease is not None
        for attempt in range(3):
            position = record(server, f"published before the answer, {attempt}")
            assert (lease.position() or 0) >= position  # on the queue when ``record`` returns
            assert not server.publishing()
            arrives(watcher, position, WITHIN)
    finally:
        server.stop()


def test_when_a_publisher_dies_holding_the_lock_the_other_server_publishes_once_it_expires(
    two_servers: list[Server], listeners: Callable[[str, str], Listener]
) -> None:
    dead, survivor = two_servers
    watcher = listeners(survivor.url, "facilitator")
    poster = listeners(dead.url, "stakeholder")
    since = watcher.join(None)["position"]
    poster.join(None)
    before = post(poster, "before the publisher dies")
    arrives(watcher, before, WITHIN)
    poster.close()

    lease = dead.feed.lease
    assert lease is not None
    assert lease.take()[0]  # it dies while publishing: the lock stays until it expires
    dead.stop(crash=True)
    other = listeners(survivor.url, "stakeholder")
    other.join(None)
    after = post(other, "after the publisher died")
    took = arrives(watcher, after, LEASE_MS / 1000 + 3)
    assert took < LEASE_MS / 1000 + 3
    again = post(other, "once the lock has expired")
    assert arrives(watcher, again, WITHIN) < WITHIN
    time.sleep(0.5)
    positions = once_in_order(watcher, since)
    assert [p for p in positions if p in (before, after, again)] == [before, after, again]


def test_the_queue_delivers_each_act_once_and_skips_a_client_ahead(
    sqlite_url: str, redis_url: str, channel: str
) -> None:
    """A process delivers an act from the queue once; a client joined with a later ``since`` is skipped."""
    app = make_web_app(sqlite_url, REDIS_URL=redis_url, LIVE_CHANNEL=channel)
    try:
        feed: LiveFeed = app.extensions["live_feed"]
        feed.position = 3
        feed.floors = {"ahead": 5}
        emitted: list[tuple[int, list[str]]] = []

        def deliver(position: int) -> None:
            feed.deliver(position, lambda skip: emitted.append((position, skip)))

        for position in (2, 3, 4, 4, 5, 6, 6):
            deliver(position)
        assert emitted == [(4, ["ahead"]), (5, ["ahead"]), (6, [])]
        assert feed.position == 6 and feed.floors == {}
    finally:
        close_app(app)
