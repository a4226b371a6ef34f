"""Runs projections over the notification log: in batches, exactly once, resumable.

Each batch of events is applied to every projection that has not seen it, and
the projections' new positions are written in the same transaction as their
rows. A runner that dies mid-batch leaves nothing of that batch behind; on
restart it goes on from the saved positions. Two runners at once take turns:
each batch starts by locking the tracking table and re-reading the positions.

Each event is decoded once for all projections; an event that none of the
projections still behind handles (through the ``on(...)`` handlers of the base
class's ``apply``) is not decoded at all. A projection with ``raw_notifications
= True`` gets every notification itself, undecoded, through its
``apply_notification(sql, notification)`` (the Merkle log hashes the stored bytes).
"""

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from eventsourcing.utils import resolve_topic

from projections.projection import Projection
from projections.store import ProjectionStore, Sql

TRACKING = "projection_tracking"
Progress = Callable[[int, int], None]
"""Called after each batch with (position reached, head of the log)."""


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
        self._names: dict[str, str] = {}
        self.store = ProjectionStore(recorder.datastore)
        with self.store.transaction(commit=True) as sql:
            sql.execute(
                f"CREATE TABLE IF NOT EXISTS {TRACKING} (name TEXT PRIMARY KEY, position BIGINT NOT NULL)"
            )
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
            raw = [p for p in behind if p.raw_notifications]
            decoded = [p for p in behind if p not in raw]
            wanted = self._wanted(decoded)
            for notification in notifications:
                for projection in raw:
                    if notification.id > positions[projection.name]:
                        projection.apply_notification(sql, notification)
                if not decoded or (wanted is not None and self._event_name(notification.topic) not in wanted):
                    continue  # no projection handles it: not even decoded
                event = self.mapper.to_domain_event(notification)
                for projection in decoded:
                    if notification.id > positions[projection.name]:
                        projection.apply(sql, event, notification.id)
            for projection in behind:
                projection.flush(sql)
                sql.execute(
                    f"UPDATE {TRACKING} SET position = ? WHERE name = ?",  # noqa: S608
                    (notifications[-1].id, projection.name),
                )
        return len(notifications)

    @staticmethod
    def _wanted(projections: Iterable[Projection]) -> set[str] | None:
        """The names of the events these projections handle; None if one of them decides for itself."""
        wanted: set[str] = set()
        for projection in projections:
            if type(projection).apply is not Projection.apply:
                return None
            wanted.update(projection.handlers)
        return wanted

    def _event_name(self, topic: str) -> str:
        """The class name of the events of ``topic`` (resolved once per topic)."""
        name = self._names.get(topic)
        if name is None:
            name = self._names[topic] = resolve_topic(topic).__name__
        return name

    def catch_up(self, progress: Progress | None = None) -> None:
        """Apply every event recorded so far."""
        while self.run_batch():
            if progress is not None:
                progress(min(self.positions().values(), default=0), self.head())

    def rebuild(self, names: Iterable[str] | None = None, progress: Progress | None = None) -> None:
        """Drop the named projections (default: all) and build them again from position 0."""
        chosen = [self.projections[name] for name in (names or self.projections)]
        with self.store.transaction(commit=True) as sql:
            self._lock(sql)
            for projection in chosen:
                projection.drop(sql)
                projection.create(sql)
                sql.execute(f"UPDATE {TRACKING} SET position = 0 WHERE name = ?", (projection.name,))  # noqa: S608
        self.catch_up(progress)

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
