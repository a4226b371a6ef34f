"""Runs projections over the notification log: in batches, exactly once, resumable.

Each batch of events is applied to every projection that has not seen it, and
the projections' new positions are written in the same transaction as their
rows. A runner that dies mid-batch leaves nothing of that batch behind; on
restart it goes on from the saved positions. Two runners of the same
projections take turns: each batch starts by locking the tracking table (on
PostgreSQL, its projections' rows of it) and re-reading the positions.

Each event is decoded once for all projections, and only if one of them
handles its class (``Projection.handler``) and needs it decoded (a handler
``on(..., stored=True)`` takes the stored notification); the handlers of each
topic are looked up once; it is decoded as the library's mapper would, faster
(``projections.decoding``). A projection with ``raw_notifications = True`` gets every
notification itself, undecoded, through its ``apply_notifications(sql,
notifications, log)``, a batch at a time, after the handlers (the Merkle log hashes
the stored bytes; the audit trail reads a few fields of the stored JSON, or of the
event if the handlers had it decoded: ``EventLog.decoded``). The log is
read as plain tuples, ids as SQLite stores them (``SQLiteLogReader``,
``PostgresLogReader``). A
rebuild creates the secondary indexes of the projections it rebuilds at its
end, in one go, rather than keeping them up to date row by row, runs Python's
cycle collector once per batch (``projections.collector``), and on SQLite
leaves the checkpoints of the write-ahead log to a thread
(``ProjectionStore.checkpointing``).
A runner given an ``opener`` rebuilds a SQLite file's or a PostgreSQL
schema's projections in worker processes, one per core
(``projections.parallel_rebuild``). A projection whose
``version`` differs from the one its rows were built with (a release changed
it) is emptied when a runner starts, and built again from the start.
"""

import os
import sqlite3
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from operator import attrgetter
from typing import Any, NamedTuple, Self, cast

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import resolve_topic
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from projections.collector import collecting_between_batches
from projections.log_signal import LogSignal, notify_read_models
from projections.parallel_rebuild import rebuild_in_workers, share
from projections.projection import Apply, EventLog, Projection, index_and_key
from projections.store import ProjectionStore, Sql
from projections.tracking import TRACKING, Opener, Opening, Progress

NOTIFICATION_ID = attrgetter("id")
Route = tuple[tuple[Apply, ...], tuple[Apply, ...]]
"""The handlers of a topic's events: those of the stored notification (``on(stored=True)``), then
those of the decoded event."""
PARALLEL_FROM = 50_000
"""Events in the log from which a rebuild is shared between processes: a worker takes about half
a second to start, the time of some 20,000 events."""


class Notice(NamedTuple):
    """A stored event as the runner reads it from SQLite: the fields of the library's
    ``Notification``, the aggregate id as stored (text), in a plain tuple."""

    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


_notice: Callable[[Sequence[Any]], Notice] = partial(tuple.__new__, Notice)  # ``_make``, no Python frame


class SQLiteLogReader:
    """Reads a SQLite log's notifications as ``Notice`` tuples, a fraction of the cost of the
    library's objects; the mapper converts the ids of the events it decodes, nothing else needs
    them as UUIDs."""

    def __init__(self, recorder: SQLiteApplicationRecorder):
        self.datastore = recorder.datastore
        self.statement = (
            "SELECT rowid, originator_id, originator_version, topic, state"  # noqa: S608
            f" FROM {recorder.events_table_name} WHERE rowid >= ? ORDER BY rowid LIMIT ?"
        )

    def select_notifications(self, start: int, limit: int) -> list[Notice]:
        with self.datastore.transaction(commit=False) as transaction:
            cursor = cast(sqlite3.Cursor, transaction)  # what the library's transaction yields
            cursor.row_factory = None  # tuples, not the library's rows by name
            cursor.execute(self.statement, (start, limit))
            return list(map(_notice, cursor.fetchall()))


class PostgresLogReader:
    """Reads a PostgreSQL log's notifications as ``Notice`` tuples, the aggregate id as the 32 hex
    digits SQLite stores (the read models' quick paths for ids as text; no UUID made for each row),
    in the binary format: each state's bytes as they are, not written out in hexadecimal by the
    server and read back by the client (a third of the client's time to read the log)."""

    def __init__(self, recorder: PostgresApplicationRecorder):
        self.datastore = recorder.datastore
        self.statement = SQL(
            "SELECT notification_id, replace(originator_id::text, '-', ''), originator_version, topic, state"
            " FROM {schema}.{table} WHERE notification_id >= %s ORDER BY notification_id LIMIT %s"
        ).format(schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name))

    def select_notifications(self, start: int, limit: int) -> list[Notice]:
        with (
            self.datastore.transaction(commit=False) as library_cursor,
            library_cursor.connection.cursor(
                row_factory=tuple_row, binary=True
            ) as cursor,  # not the library's rows by name
        ):
            cursor.execute(self.statement, (start, limit), prepare=True)
            return list(map(_notice, cursor.fetchall()))


def notification_reader(recorder: Any) -> Any:
    """What the runner reads the log with: a ``SQLiteLogReader`` or ``PostgresLogReader`` of the same
    table (another recorder itself)."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        return SQLiteLogReader(recorder)
    if isinstance(recorder, PostgresApplicationRecorder):
        return PostgresLogReader(recorder)
    return recorder


class ProjectionRunner:
    def __init__(
        self,
        recorder: Any,
        mapper: Any,
        projections: Iterable[Projection],
        *,
        batch_size: int = 2000,
        store: ProjectionStore | None = None,
        opener: Opener | None = None,
        signal: LogSignal | None = None,
    ):
        """``store``: where the projections are written (default: the events' database);
        ``opener``: opens this runner again in a worker process, for rebuilds in parallel;
        ``signal``: what :meth:`follow` waits on, notified after each batch (default: this runner's own)."""
        self.recorder = recorder
        self.signal = signal or LogSignal()
        self.reader = notification_reader(recorder)
        self.mapper = mapper
        self.log = EventLog(recorder, mapper)
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
        self.opener = opener
        self._routes: dict[tuple[str, ...], dict[str, Route]] = {}
        """Names of projections -> topic -> their handlers of its events, filled as topics come."""
        self.store = store or ProjectionStore(recorder.datastore)
        indexes = not Opening.in_rebuild_worker
        if not indexes and self._opened():
            return
        with self.store.defining() as sql:
            sql.execute(
                f"CREATE TABLE IF NOT EXISTS {TRACKING}"
                " (name TEXT PRIMARY KEY, position BIGINT NOT NULL, version INTEGER NOT NULL DEFAULT 1)"
            )
        with self.store.transaction(commit=True) as sql:
            # Write first: a SQLite transaction that has read cannot write once another process has.
            self._lock(sql)
            if "version" not in Projection.columns(sql, TRACKING):  # kept by a release before versions
                sql.execute(f"ALTER TABLE {TRACKING} ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
            rows = sql.all(f"SELECT name, version FROM {TRACKING}")  # noqa: S608
            versions = {row["name"]: int(row["version"]) for row in rows}
            for projection in self.projections.values():
                if versions.get(projection.name, projection.version) != projection.version:
                    projection.drop(sql)  # a release changed it: built again from the start
                    sql.execute(
                        f"UPDATE {TRACKING} SET position = 0, version = ? WHERE name = ?",  # noqa: S608
                        (projection.version, projection.name),
                    )
                projection.create(sql, indexes=indexes)
                sql.execute(
                    f"INSERT INTO {TRACKING} (name, position, version) VALUES (?, 0, ?)"  # noqa: S608
                    " ON CONFLICT (name) DO NOTHING",
                    (projection.name, projection.version),
                )

    def _opened(self) -> bool:
        """Whether the store has every table of these projections and their positions at their versions."""
        with self.store.transaction(commit=False) as sql:
            tables = Projection.tables_in(sql)
            if TRACKING not in tables:
                return False
            rows = sql.all(f"SELECT name, version FROM {TRACKING}")  # noqa: S608
        versions = {row["name"]: int(row["version"]) for row in rows}
        projections = self.projections.values()
        return all(versions.get(p.name) == p.version and tables.issuperset(p.tables) for p in projections)

    def of(self, projections: Iterable[Projection], store: ProjectionStore | None = None) -> Self:
        """A runner of the same log and batch size for ``projections``, written to ``store``
        (default: this runner's)."""
        return type(self)(
            self.recorder, self.mapper, projections, batch_size=self.batch_size, store=store or self.store
        )

    # --- positions --------------------------------------------------------

    def head(self) -> int:
        """The position of the last recorded event."""
        return int(self.recorder.max_notification_id() or 0)

    def positions(self) -> dict[str, int]:
        with self.store.transaction(commit=False) as sql:
            return self._positions(sql)

    def caught_up(self) -> dict[str, int]:
        """Every event recorded so far applied (:meth:`catch_up`), then :meth:`positions`: read once
        when nothing was left to apply (a web process without a runner asks before each page)."""
        while True:
            positions = self.positions()
            start = min(positions.values(), default=0) + 1
            if not self.projections or not self.reader.select_notifications(start, 1):
                return positions
            self.catch_up()

    def _positions(self, sql: Sql) -> dict[str, int]:
        rows = sql.all(f"SELECT name, position FROM {TRACKING}")  # noqa: S608
        return {row["name"]: int(row["position"]) for row in rows if row["name"] in self.projections}

    def _lock(self, sql: Sql) -> None:
        """The tracking table for this transaction alone (creating, versioning, emptying projections)."""
        if sql.postgres:
            sql.execute(f"LOCK TABLE {TRACKING} IN SHARE ROW EXCLUSIVE MODE")
        else:
            sql.execute(f"UPDATE {TRACKING} SET position = position WHERE 0 = 1")  # noqa: S608

    def _lock_own(self, sql: Sql) -> dict[str, int]:
        """A batch's lock, and its projections' positions under it. PostgreSQL: the rows of this
        runner's projections only, in the order of their names, so that runners of other projections
        (a rebuild's workers) write at the same time and those of the same ones take turns; the
        table's ``ROW EXCLUSIVE`` waits for a ``_lock``. SQLite: the database's one writer."""
        if not sql.postgres:
            self._lock(sql)
            return self._positions(sql)
        sql.execute(f"LOCK TABLE {TRACKING} IN ROW EXCLUSIVE MODE")
        rows = sql.all(
            f"SELECT name, position FROM {TRACKING} WHERE name = ANY(?) ORDER BY name FOR UPDATE",  # noqa: S608
            (list(self.projections),),
        )
        return {row["name"]: int(row["position"]) for row in rows}

    # --- applying ---------------------------------------------------------

    def run_batch(self) -> int:
        """Apply the next batch of events; returns how many events it read (0: up to date)."""
        if not self.projections:
            return 0
        start = min(self.positions().values(), default=0) + 1
        notifications = self.reader.select_notifications(start, self.batch_size)
        if not notifications:
            return 0
        with self.store.transaction(commit=True, batch=True) as sql:
            positions = self._lock_own(sql)
            behind = [p for p in self.projections.values() if positions[p.name] < notifications[-1].id]
            for projection in behind:
                projection.begin(sql, positions[projection.name])
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
            if sql.postgres:
                notify_read_models(sql.cursor, notifications[-1].id)
        for projection in behind:
            projection.committed(notifications[-1].id)
        self.signal.notify(write=False)
        return len(notifications)

    def _apply(self, sql: Sql, notifications: Sequence[Any], projections: list[Projection]) -> None:
        raw = [projection for projection in projections if projection.raw_notifications]
        routes = self._routes.setdefault(tuple(p.name for p in projections), {})
        decode = self.log.decode
        if any(projection.reads_decoded for projection in raw):  # the events decoded for the handlers
            decode = self.log.sharing()
        for notification in notifications:
            route = routes.get(notification.topic)
            if route is None:
                route = routes[notification.topic] = self._route(notification.topic, projections)
            stored, handlers = route
            for apply in stored:
                apply(sql, notification, notification.id)
            if handlers:  # otherwise no projection needs it decoded: it is not
                event = decode(notification)
                for apply in handlers:
                    apply(sql, event, notification.id)
        for projection in raw:
            projection.apply_notifications(sql, notifications, self.log)
        self.log.decoded = {}

    @staticmethod
    def _route(topic: str, projections: Iterable[Projection]) -> Route:
        name = resolve_topic(topic).__name__
        stored: list[Apply] = []
        decoded: list[Apply] = []
        for projection in projections:
            handler = None if projection.raw_notifications else projection.handler(name)
            if handler is not None:
                (stored if projection.handles_stored(name) else decoded).append(handler)
        return tuple(stored), tuple(decoded)

    def catch_up(self, progress: Progress | None = None, between: Callable[[], object] | None = None) -> None:
        """Apply every event recorded so far; ``between``: called after each batch."""
        while self.run_batch():
            if between is not None:
                between()
            if progress is not None:
                progress(min(self.positions().values(), default=0), self.head())

    def rebuild(
        self,
        names: Iterable[str] | None = None,
        progress: Progress | None = None,
        *,
        workers: int | None = None,
    ) -> None:
        """Drop the named projections (default: all) and build them again from position 0.

        With an ``opener``, on a SQLite file or PostgreSQL of at least ``PARALLEL_FROM`` events,
        they are built in up to ``workers`` processes (default: one per core), on SQLite swapped
        in at once; otherwise here, in place. Their secondary indexes are created once they have caught up. A
        rebuild that dies first leaves them to the next runner, which creates them on start.
        """
        chosen = [self.projections[name] for name in (names or self.projections)]
        head = self.head()
        parallel = self._parallel() and head >= PARALLEL_FROM
        groups = share(chosen, workers or os.cpu_count() or 1, head) if parallel else [chosen]
        if len(groups) > 1:
            rebuild_in_workers(self, groups, progress)
        else:
            self.reset(chosen)
        with self.store.checkpointing(), collecting_between_batches() as collect:
            self.catch_up(progress, collect)
        with self.store.transaction(commit=True) as sql:
            index_and_key(sql, chosen)

    def reset(self, projections: Iterable[Projection]) -> None:
        """Empty these projections' tables (no secondary indexes) and set them back to position 0."""
        with self.store.transaction(commit=True) as sql:
            self._lock(sql)
            for projection in projections:
                projection.drop(sql)
                projection.create(sql, indexes=False)
                sql.execute(f"UPDATE {TRACKING} SET position = 0 WHERE name = ?", (projection.name,))  # noqa: S608

    def _parallel(self) -> bool:
        """Whether rebuilds can be shared between worker processes: an opener, and PostgreSQL or a
        SQLite file."""
        if self.opener is None:
            return False
        if self.store.postgres:
            return True
        pool = getattr(self.store.datastore, "pool", None)
        return pool is not None and not pool.is_sqlite_memory_mode

    def follow(self, stop: threading.Event, progress: Progress | None = None) -> None:
        """Keep the projections up to date until ``stop`` is set (then ``signal.notify()`` wakes it).

        Once up to date, waits on ``signal`` for the next write (or its poll timeout).
        """
        while not stop.is_set():
            seen = self.signal.count
            if not self.run_batch():
                self.signal.wait(seen)
            elif progress is not None:
                progress(min(self.positions().values(), default=0), self.head())

    def wait_for(self, position: int, timeout: float = 10.0) -> bool:
        """Wait until every projection has reached ``position``; False on timeout.

        Woken by ``signal`` when a batch of this process's runner (or, on PostgreSQL, any) commits;
        the positions are read again every 20 ms all the same (a runner in another process on SQLite).
        """
        deadline = time.monotonic() + timeout
        seen = self.signal.count
        while min(self.positions().values(), default=0) < position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            seen = self.signal.wait(seen, min(0.02, remaining))
        return True
