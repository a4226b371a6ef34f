"""The live feed's follower reads the log only when a notice does not say where it ends, or says of acts
this process has not delivered: a write's notice for an act its writer published is no read of the store
(``web.live.broadcasting.follow``, ``LiveFeed.settle``)."""

import threading
import time
from typing import Any

import pytest

from application.dialogues import DialogueApp
from projections.log_signal import LogSignal
from tests.builders import Scenario
from web.live.broadcasting import PENDING_SECONDS, follow
from web.live.feed import LiveFeed


class Feed:
    """What the follower asks of the live feed, and what this process has delivered."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int | None]] = []
        self.delivered = 0

    def settle(self, grace: float, head: int | None = None) -> bool:
        self.calls.append(("settle", head))
        return head is not None and head <= self.delivered

    def pump(self) -> int:
        self.calls.append(("pump", None))
        return self.delivered

    def has_broadcast(self, head: int) -> bool:
        return head <= self.delivered


class Notices:
    def __init__(self) -> None:
        self.pending: dict[str, int] = {}
        self.flushed = 0

    def flush(self) -> None:
        self.flushed += 1


def rounds(feed: Feed, count: int) -> list[tuple[str, int | None]]:
    """The calls of the follower's rounds once they number ``count`` (each round settles first)."""
    deadline = time.monotonic() + 5
    while sum(call == "settle" for call, _head in feed.calls) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)  # a round's pump, if any
    calls, feed.calls = feed.calls, []
    return calls


def test_the_follower_reads_the_log_only_for_what_a_notice_leaves_unknown_or_undelivered() -> None:
    signal, feed, stop = LogSignal(poll=60), Feed(), threading.Event()
    fake: Any = feed
    thread = threading.Thread(target=follow, args=(fake, Notices(), signal, stop), daemon=True)
    thread.start()
    try:
        assert rounds(feed, 1) == [("settle", None), ("pump", None)]  # at start: reads the log
        feed.delivered = 3
        signal.notify(3)  # a write this process has delivered (its own, or another's through the queue)
        time.sleep(0.1)
        assert feed.calls == []  # it does not even wake the follower
        signal.notify(4)  # not delivered here within the grace: the follower publishes it
        assert rounds(feed, 1) == [("settle", 4), ("pump", None)]
        feed.delivered = 4
        signal.notify(write=False)  # the read models moved
        assert rounds(feed, 1) == [("settle", 4)]
        signal.notify()  # a write whose notice does not say where the log ends
        assert rounds(feed, 1) == [("settle", None), ("pump", None)]
    finally:
        stop.set()
        signal.notify()
        thread.join(5)


def test_settling_on_a_known_head_does_not_ask_the_store(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = LiveFeed(app, lambda event, payload, to: None)

    def asked() -> int:
        raise AssertionError("the store was asked where the log ends")

    monkeypatch.setattr(app.recorder, "max_notification_id", asked)
    assert feed.settle(0.0, feed.position)
    assert not feed.settle(0.0, feed.position + 1)
    with pytest.raises(AssertionError, match="the store was asked"):
        feed.settle(0.0)


def test_a_writers_own_acts_are_broadcast_as_saved_without_reading_the_log(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a queue too: the acts a thread has just saved, when they follow what the feed broadcast,
    are emitted from the events saved; only a gap (another writer's acts) sends it to the log."""
    scenario = Scenario(app)
    scenario.to_collective_work()
    emitted: list[tuple[int, str]] = []
    feed = LiveFeed(app, lambda event, payload, to: emitted.append((payload["position"], payload["act"])))
    reads: list[int] = []
    select = app.recorder.select_notifications
    monkeypatch.setattr(
        app.recorder,
        "select_notifications",
        lambda start, *a, **k: reads.append(start) or select(start, *a, **k),
    )

    scenario.contribution()
    mine = app.last_saved()
    feed.pump(mine)
    feed.pump(mine)  # once broadcast, not again

    assert reads == []
    assert emitted == [(mine[0][0], "contribution-posted")]

    scenario.second_meeting()  # a writer that has not broadcast yet
    scenario.drafted_proposal()
    feed.pump(app.last_saved())
    assert reads == [mine[-1][0] + 1]  # a gap: one read of the log (a short batch is its end)
    assert [position for position, _act in emitted] == sorted({position for position, _act in emitted})


def test_public_notices_look_at_the_read_models_after_their_notice_not_at_each_write() -> None:
    """Each write of another process wakes the follower to read the log; the public notices waiting look
    at the read models at once after a notice without a head (the runner's), else every PENDING_SECONDS."""
    signal, feed, notices, stop = LogSignal(poll=60), Feed(), Notices(), threading.Event()
    notices.pending = {"dialogue": 5}
    fake: Any = feed
    thread = threading.Thread(target=follow, args=(fake, notices, signal, stop), daemon=True)
    thread.start()
    try:
        rounds(feed, 1)
        looked, began = notices.flushed, time.monotonic()
        for head in range(1, 7):  # other processes' writes, in quick succession
            signal.notify(head)
            assert ("pump", None) in rounds(feed, 1)
        assert notices.flushed - looked <= 1 + (time.monotonic() - began) // PENDING_SECONDS
        before = notices.flushed
        signal.notify(write=False)  # the read models moved
        rounds(feed, 1)
        assert notices.flushed == before + 1
        time.sleep(PENDING_SECONDS * 2)  # and without any notice, the short poll looks again
        assert notices.flushed >= before + 2
    finally:
        stop.set()
        signal.notify()
        thread.join(5)
