"""The threads that broadcast a process's acts: the writer's own publication before its answer, the
follower of the log (woken by writes, :mod:`projections.log_signal`) and the heartbeat that renews
presence and finds acts no publisher broadcast (:mod:`web.live.namespace` starts them)."""

import logging
import threading
import time

from projections.log_signal import LogSignal
from web.live.feed import LiveFeed
from web.live.public import PublicNotices
from web.live.queue import LEASE_MS, LocalPresence, RedisPresence

PENDING_SECONDS = 0.2
"""While public notices wait for the read models, how often the feed looks (besides the runner's notices)."""
DELIVERY_SECONDS = 0.5
"""With Redis, how long a request that has recorded an act waits for the queue to deliver it back."""
SETTLE_SECONDS = 0.05
"""With Redis, how long the follower leaves the acts it was told of to the processes that recorded them."""
HEARTBEAT_SECONDS = LEASE_MS / 3000
"""How often a process renews its presence and (with Redis) looks for acts no publisher broadcast."""

log = logging.getLogger(__name__)


def follow(
    live_feed: LiveFeed, public_notices: PublicNotices, signal: LogSignal, stop: threading.Event
) -> None:
    """Broadcast the log's new acts each time ``signal`` tells of a write (or its poll timeout ends).

    When every notice since the last read said where the log ends (the writes of this process, and on
    PostgreSQL of any), the feed does not read the log for the acts it has already delivered: their
    writer published them; such a write does not even wake this thread (:meth:`LogSignal.wait`'s
    ``done``), whose public notices wait for the read models' notices (the runner's batches) or its
    short poll. A notice that does not say (a Redis wake, a ``LISTEN`` reconnection, the heartbeat) or
    a poll reads it. The public notices look at the read models after a notice without a head (theirs,
    on PostgreSQL) and at most every ``PENDING_SECONDS`` otherwise, not at each write of another process
    that wakes this thread."""
    vague: int | None = None  # the notices without a head at the last read; None: read at the next round
    headless, looked = -1, 0.0  # the notices without a head, and the time, when the public notices looked
    while not stop.is_set():
        seen = signal.count
        try:
            known = vague == signal.vague
            vague = signal.vague
            if not live_feed.settle(SETTLE_SECONDS, signal.head if known else None) or not known:
                live_feed.pump()
            if headless != signal.headless or time.monotonic() - looked >= PENDING_SECONDS:
                headless, looked = signal.headless, time.monotonic()
                public_notices.flush()
        except Exception:  # a store or Redis hiccup: log it and try again at the next notice or poll
            vague, looked = None, 0.0
            log.exception("live feed: reading the log failed")
        pending = bool(public_notices.pending)
        timeout = min(signal.timeout(), PENDING_SECONDS) if pending else None

        def done(head: int, pending: bool = pending) -> bool:
            """A write leaves nothing to do once its acts are broadcast, unless it made a public notice
            wait while this thread sleeps without looking for the read models."""
            return live_feed.has_broadcast(head) and (pending or not public_notices.pending)

        if signal.wait(seen, timeout, done) == seen:
            vague = None  # no notice: a poll reads the log


def publish(live_feed: LiveFeed) -> None:
    """After a save: broadcast the acts just recorded, before the answer goes out.

    With Redis, the acts are on the queue once this returns: published here, or by the process
    that held the publishing lock, and delivered back to this one (at most ``DELIVERY_SECONDS``;
    a failure leaves them to the follower's thread and the heartbeat).
    """
    try:
        saved = live_feed.app.last_saved()
        live_feed.pump(saved)
        position = live_feed.last_act(saved)
        if live_feed.lease is not None and position is not None:
            live_feed.wait_delivered(position, DELIVERY_SECONDS)
    except Exception:  # the act is recorded all the same: the follower or a heartbeat broadcasts it
        log.exception("live feed: broadcasting an act just recorded failed")


def heartbeat(
    live_feed: LiveFeed, presence: LocalPresence | RedisPresence, signal: LogSignal, stop: threading.Event
) -> None:
    """Renew this process's presence; acts left unbroadcast (a publisher died) wake the feed."""
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            presence.beat()
            if live_feed.renew():
                signal.notify()
        except Exception:
            log.exception("live feed: renewing the lease failed")
