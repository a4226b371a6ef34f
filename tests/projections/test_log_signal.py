"""What wakes the followers of the log: this process's writes and runner's batches (both stores), and on
PostgreSQL a notice at each insert's commit carrying its last position, and one after each runner batch."""

import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from application.dialogues import DialogueApp
from application.settings import SettingsError, log_fallback_seconds, log_poll_seconds
from projections.catalogue import all_projections
from projections.log_signal import LOG_CHANNEL, READ_MODELS_CHANNEL, LogSignal, install_trigger, listen
from projections.runner import ProjectionRunner
from tests.builders import Scenario
from tests.conftest import POSTGRES_URL, postgres_schema
from tests.stores import make_app


def test_a_save_and_a_runner_batch_notify_the_signal(app: DialogueApp) -> None:
    signal = LogSignal(poll=60)
    app.recorded.append(signal.notify)
    seen = signal.count
    Scenario(app, slug="woken").framework_defined()
    assert signal.wait(seen, 0) > seen
    runner = ProjectionRunner(app.recorder, app.mapper, all_projections(), signal=signal)
    seen = signal.count
    assert runner.run_batch()
    assert signal.wait(seen, 0) > seen


def test_a_follower_waits_for_the_next_notice_not_its_poll() -> None:
    signal = LogSignal(poll=60)
    seen = signal.count
    woke: list[float] = []
    began = time.monotonic()
    waiter = threading.Thread(target=lambda: woke.append(signal.wait(seen) and time.monotonic() - began))
    waiter.start()
    time.sleep(0.1)
    signal.notify()
    waiter.join(5)
    assert woke and woke[0] < 1
    signal.connected(False)
    assert signal.timeout() == signal.fallback
    signal.connected(True)
    assert signal.timeout() == 60


@pytest.fixture
def postgres_app() -> Iterator[DialogueApp]:
    for url in postgres_schema():
        app = make_app(url)
        yield app
        app.close()


def test_on_postgres_each_commit_notifies_its_last_position_and_each_batch_the_runners(
    postgres_app: DialogueApp,
) -> None:
    signal = LogSignal(poll=60)
    listener = listen(postgres_app.recorder, signal)
    assert listener is not None
    try:
        assert listener.listening.wait(5)
        with psycopg.connect(POSTGRES_URL, autocommit=True) as watcher:
            library = postgres_app.recorder.channel_name  # type: ignore[attr-defined]
            for channel in (LOG_CHANNEL, READ_MODELS_CHANNEL, library):
                watcher.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            seen, vague = signal.count, signal.vague  # no in-process hook: only the database's notices
            Scenario(postgres_app, slug="notified").framework_defined()
            head = int(postgres_app.recorder.max_notification_id())
            notices = list(watcher.notifies(timeout=1.0))
            assert notices and {n.channel for n in notices} == {LOG_CHANNEL}  # not the library's channel
            schema = postgres_app.recorder.datastore.schema  # type: ignore[attr-defined]
            assert {n.payload.rpartition(":")[0] for n in notices} == {schema}
            assert max(int(n.payload.rpartition(":")[2]) for n in notices) == head
            assert signal.wait(seen, 2) > seen
            deadline = time.monotonic() + 2
            while signal.head < head and time.monotonic() < deadline:
                signal.wait(signal.count, 0.1)
            assert (signal.head, signal.vague) == (head, vague)  # where the log ends: no read needed to know

            ProjectionRunner(postgres_app.recorder, postgres_app.mapper, all_projections()).catch_up()
            batches = [n for n in watcher.notifies(timeout=1.0) if n.channel == READ_MODELS_CHANNEL]
            assert batches and int(batches[-1].payload) == head
            assert (signal.head, signal.vague) == (head, vague)  # the read models moved: not a write
    finally:
        listener.stop()


def test_a_write_to_a_store_in_another_schema_tells_nothing_of_this_log(postgres_app: DialogueApp) -> None:
    signal = LogSignal(poll=60)
    listener = listen(postgres_app.recorder, signal)
    assert listener is not None
    try:
        assert listener.listening.wait(5)
        vague = signal.vague
        for url in postgres_schema():
            other = make_app(url)
            try:
                install_trigger(other.recorder.datastore, other.recorder.events_table_name)  # as its own do
                seen = signal.count
                Scenario(other, slug="elsewhere").framework_defined()
                assert signal.wait(seen, 2) > seen  # the channel is the database's
            finally:
                other.close()
        assert (signal.head, signal.vague) == (0, vague)
    finally:
        listener.stop()


def test_a_notice_tells_where_the_log_ends_or_that_a_follower_must_read_it() -> None:
    signal = LogSignal(poll=60)
    signal.notify(7)
    signal.notify(5)
    assert (signal.count, signal.head, signal.vague) == (2, 7, 0)
    signal.notify(write=False)  # the read models moved
    assert (signal.count, signal.head, signal.vague) == (3, 7, 0)
    signal.notify()  # a write, its position unknown
    signal.connected(True)
    assert (signal.count, signal.head, signal.vague) == (5, 7, 2)


def test_a_write_a_follower_has_done_does_not_wake_it_unless_another_waits_for_every_notice() -> None:
    signal = LogSignal(poll=60)

    def woken(notice: Any, eager: bool = False) -> bool:
        """Whether ``notice()`` wakes a follower done with the log up to 5 (and an eager one with it)."""
        seen, woke = signal.count, threading.Event()
        followers = [lambda: signal.wait(seen, 2, lambda head: head <= 5) < 0 or woke.set()]
        followers += [lambda: signal.wait(seen, 2)] if eager else []
        threads = [threading.Thread(target=follower) for follower in followers]
        for thread in threads:
            thread.start()
        time.sleep(0.05)
        notice()
        result = woke.wait(1)
        for thread in threads:
            thread.join(5)
        return result

    assert not woken(lambda: signal.notify(5))
    assert signal.count == 1  # counted all the same: its next wake sees it
    assert woken(lambda: signal.notify(6))
    assert woken(lambda: signal.notify(5), eager=True)
    assert woken(lambda: signal.notify(write=False))
    assert woken(signal.notify)


def test_the_poll_settings_take_seconds_and_name_themselves_when_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert log_poll_seconds(postgres=True) == 60 and log_poll_seconds(postgres=False) == 1
    assert log_fallback_seconds() == 0.2
    monkeypatch.setenv("LOG_POLL_SECONDS", "5")
    assert log_poll_seconds(postgres=True) == 5
    for wrong in ("soon", "0", "-1", "7200"):
        monkeypatch.setenv("LOG_FALLBACK_SECONDS", wrong)
        with pytest.raises(SettingsError, match="LOG_FALLBACK_SECONDS"):
            log_fallback_seconds()
