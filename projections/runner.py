"""Runs projections over the notification log: in batches, exactly once, resumable.

Each batch of events is applied to every projection that has not seen it, and
the projections' new positions are written in the same transaction as their
rows. A runner that dies mid-batch leaves nothing of that batch behind; on
restart it goes on from the saved positions. Two runners at once take turns:
each batch starts by locking the tracking table and re-reading the positions.

Each event is decoded once for all projections, and only if one of them
handles its class (``Projection.handler``); the handlers of each topic are
looked up once. A projection with ``raw_notifications = True`` gets every
notification itself, undecoded, through its ``apply_notification(sql,
notification)`` (the Merkle log hashes the stored bytes). A rebuild creates
the secondary indexes of the projections it rebuilds at its end, in one go,
rather than keeping them up to date row by row, and on SQLite leaves the
checkpoints of the write-ahead log to a thread (``ProjectionStore.checkpointing``).
"""

import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

from eventsourcing.utils import resolve_topic

from projections.projection import Apply, Projection
from projections.store import ProjectionStore, Sql

TRACKING = "projection_tracking"
Progress = Callable[[int, int], None]
"""Called after each batch with (position reached, head of the log)."""
NOTIFICATION_ID = attrgetter("id")


class ProjectionRunner:
    def __init__(
        self,
        recorder: Any,
        mapper: Any,
        projections: Iterable[Projection],
        *,
        batch_size: int = 2000,
    ):
        self.recorder = recorder
        self.mapper = mapper
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
        self._routes: dict[tuple[str, ...], dict[str, tuple[Apply, ...]]] = {}
        """Names of projections -> topic -> their handlers of its events, filled as topics come."""
        self.store = ProjectionStore(recorder.datastore)
        with self.store.transaction(commit=True) as sql:
            sql.execute(
                f"CREATE TABLE IF NOT EXISTS {TRACKING} (name TEXT PRIMARY KEY, position BIGINT NOT NULL)"
            )
        with self.store.transaction(commit=True) as sql:
            # Write first: a SQLite transaction that has read cannot write once another process has.
            self._lock(sql)
            for projection in self.projections.values():
                projection.create(sql)
                sql.execute(
                    f"INSERT INTO {TRACKING} (name, position) VALUES (?, 0) ON CONFLICT (name) DO NOTHING",  # noqa: S608
                    (projection.name,),
                )

    # --- positions --------------------------------------------------------

    def head(self) -> int:
        """The position of the last recorded event."""
        return int(self.recorder.max_notification_id() or 0)

    def positions(self) -> dict[str, int]:
        with self.store.transaction(commit=False) as sql:
            return self._positions(sql)

    def _positions(self, sql: Sql) -> dict[str, int]:
        rows = sql.all(f"SELECT name, position FROM {TRACKING}")  # noqa: S608
        return {row["name"]: int(row["position"]) for row in rows if row["name"] in self.projections}

    def _lock(self, sql: Sql) -> None:
        if sql.postgres:
            sql.execute(f"LOCK TABLE {TRACKING} IN SHARE ROW EXCLUSIVE MODE")
        else:
            sql.execute(f"UPDATE {TRACKING} SET position = position WHERE 0 = 1")  # noqa: S608

    # --- applying ---------------------------------------------------------

    def run_batch(self) -> int:
        """Apply the next batch of events; returns how many events it read (0: up to date)."""
        if not self.projections:
            return 0
        start = min(self.positions().values(), default=0) + 1
        notifications = self.recorder.select_notifications(start, self.batch_size)
        if not notifications:
            return 0
        with self.store.transaction(commit=True) as sql:
            self._lock(sql)
            positions = self._positions(sql)
            behind = [p for p in self.projections.values() if positions[p.name] < notifications[-1].id]
            starts = sorted({positions[p.name] for p in behind})
            for after, upto in zip(starts, [*starts[1:], notifications[-1].id], strict=True):
                # The events after ``after`` up to the next position are for the projections at or
                # before it: usually all of them, over the whole batch.
                first = bisect_right(notifications, after, key=NOTIFICATION_ID)
                end = bisect_right(notifications, upto, key=NOTIFICATION_ID)
                self._apply(sql, notifications[first:end], [p for p in behind if positions[p.name] <= after])
            for projection in behind:
                projection.flush(sql)
                sql.execute(
                    f"UPDATE {TRACKING} SET position = ? WHERE name = ?",  # noqa: S608
                    (notifications[-1].id, projection.name),
                )
        return len(notifications)

    def _apply(self, sql: Sql, notifications: Sequence[Any], projections: list[Projection]) -> None:
        raw = [p.apply_notification for p in projections if p.raw_notifications]
        routes = self._routes.setdefault(tuple(p.name for p in projections), {})
        decode = self.mapper.to_domain_event
        for notification in notifications:
            for apply_notification in raw:
                apply_notification(sql, notification)
            handlers = routes.get(notification.topic)
            if handlers is None:
                handlers = routes[notification.topic] = self._route(notification.topic, projections)
            if handlers:  # otherwise no projection handles it: not even decoded
                event = decode(notification)
                for apply in handlers:
                    apply(sql, event, notification.id)

    @staticmethod
    def _route(topic: str, projections: Iterable[Projection]) -> tuple[Apply, ...]:
        name = resolve_topic(topic).__name__
        handlers = (p.handler(name) for p in projections if not p.raw_notifications)
        return tuple(handler for handler in handlers if handler is not None)

    def catch_up(self, progress: Progress | None = None) -> None:
        """Apply every event recorded so far."""
        while self.run_batch():
            if progress is not None:
                progress(min(self.positions().values(), default=0), self.head())

    def rebuild(self, names: Iterable[str] | None = None, progress: Progress | None = None) -> None:
        """Drop the named projections (default: all) and build them again from position 0.

        Their secondary indexes are created once they have caught up. A rebuild
        that dies first leaves them to the next runner, which creates them on start.
        """
        chosen = [self.projections[name] for name in (names or self.projections)]
        with self.store.transaction(commit=True) as sql:
            self._lock(sql)
            for projection in chosen:
                projection.drop(sql)
                projection.create(sql, indexes=False)
                sql.execute(f"UPDATE {TRACKING} SET position = 0 WHERE name = ?", (projection.name,))  # noqa: S608
        with self.store.checkpointing():
            self.catch_up(progress)
        with self.store.transaction(commit=True) as sql:
            for projection in chosen:
                projection.create_indexes(sql)

    def follow(self, stop: threading.Event, interval: float = 0.2, progress: Progress | None = None) -> None:
        """Keep the projections up to date until ``stop`` is set (polls the log)."""
        while not stop.is_set():
            if not self.run_batch():
                stop.wait(interval)
            elif progress is not None:
                progress(min(self.positions().values(), default=0), self.head())

    def wait_for(self, position: int, timeout: float = 10.0) -> bool:
        """Wait until every projection has reached ``position``; False on timeout."""
        deadline = time.monotonic() + timeout
        while min(self.positions().values(), default=0) < position:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        return True
