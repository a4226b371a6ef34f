"""Wake on write: an act reaches live clients at once, with the feed's poll at 60 s.

Acts recorded by another application (another process: none of these servers' own
writes) reach clients of both servers on PostgreSQL through its notices; on SQLite,
this server's own writes wake its feed, and another server's through Redis. With
PostgreSQL's ``LISTEN`` connection cut (and kept from coming back), the feed polls
the log at the fallback pace until it is back.
"""

import time
from collections.abc import Callable, Iterator

import psycopg
import pytest

from application.dialogues import DialogueApp
from projections.log_signal import LogSignal, PostgresListener
from tests.builders import Scenario
from tests.conftest import POSTGRES_URL, postgres_schema
from tests.live.conftest import ensure_account
from tests.live.test_live_catch_up import Listener
from tests.live.test_live_two_servers import (  # noqa: F401  (fixtures)
    WITHIN,
    Server,
    arrives,
    channel,
    listeners,
    record,
    redis_url,
)
from tests.stores import make_app
from web.schemas import ACT_FORMS

POLL = {"LOG_POLL_SECONDS": 60}
"""No follower of the log reads it on a timer during a test: only a notice wakes it."""


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from postgres_schema()


@pytest.fixture
def elsewhere(postgres_url: str) -> Iterator[DialogueApp]:
    """An application of its own on the store, as another process would have: the dialogue and accounts."""
    dialogues = make_app(postgres_url)
    Scenario(dialogues, slug="live-dialogue").meeting()
    for login in ("facilitator", "stakeholder", "observer"):
        ensure_account(dialogues, login)
    yield dialogues
    dialogues.close()


def record_in(dialogues: DialogueApp, text: str) -> int:
    form = ACT_FORMS["contribution-posted"]
    values = form.schema().load({"kind": "idea", "text": text})
    return form.record(dialogues, "stakeholder", dialogues.dialogue_id("live-dialogue"), values).position


def test_an_act_recorded_by_another_process_reaches_clients_of_both_servers_without_a_poll(
    postgres_url: str,
    elsewhere: DialogueApp,
    redis_url: str,  # noqa: F811
    channel: str,  # noqa: F811
    listeners: Callable[[str, str], Listener],  # noqa: F811
) -> None:
    servers = [Server(postgres_url, redis_url, channel, **POLL) for _ in range(2)]
    try:
        clients = [listeners(server.url, "facilitator") for server in servers]
        for client in clients:
            client.join(None)
        for attempt in range(3):
            position = record_in(elsewhere, f"recorded by another process, {attempt}")
            for client in clients:
                assert arrives(client, position, WITHIN) < WITHIN
    finally:
        for server in servers:
            server.stop()


def test_with_the_listen_connection_cut_the_feed_polls_until_it_is_back(
    postgres_url: str,
    elsewhere: DialogueApp,
    listeners: Callable[[str, str], Listener],  # noqa: F811
) -> None:
    server = Server(postgres_url, None, "unused", **POLL)
    try:
        listener: PostgresListener = server.app.extensions["log_listener"]
        signal: LogSignal = server.app.extensions["log_signal"]
        assert listener.listening.wait(5)
        client = listeners(server.url, "facilitator")
        client.join(None)
        assert arrives(client, record_in(elsewhere, "while listening"), WITHIN) < WITHIN

        listener.retry = 60.0  # it stays cut: only the fallback poll finds the next acts
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (listener.backend_pid,))
        deadline = time.monotonic() + 5
        while not signal.lost:
            assert time.monotonic() < deadline, "the listener did not notice its connection was cut"
            time.sleep(0.01)
        assert signal.timeout() == signal.fallback
        for attempt in range(3):
            assert arrives(client, record_in(elsewhere, f"while cut, {attempt}"), WITHIN) < WITHIN
    finally:
        server.stop()


def test_on_sqlite_a_servers_own_writes_and_anothers_through_redis_wake_the_feed(
    sqlite_url: str,
    redis_url: str,  # noqa: F811
    channel: str,  # noqa: F811
    listeners: Callable[[str, str], Listener],  # noqa: F811
) -> None:
    servers = [Server(sqlite_url, redis_url, channel, **POLL) for _ in range(2)]
    try:
        dialogues = servers[0].app.extensions["dialogues"]
        Scenario(dialogues, slug="live-dialogue").meeting()
        for login in ("facilitator", "stakeholder"):
            ensure_account(dialogues, login)
        clients = [listeners(server.url, "facilitator") for server in servers]
        for client in clients:
            client.join(None)
        for server in [*servers, *servers]:
            position = record(server, "recorded without a socket")
            for client in clients:
                assert arrives(client, position, WITHIN) < WITHIN
    finally:
        for server in servers:
            server.stop()
