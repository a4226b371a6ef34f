"""The projections' tables live in the events' database (SQLite or PostgreSQL).

``ProjectionStore`` opens transactions on the event store's own datastore and
hands out ``Sql``, a thin cursor that takes ``?`` placeholders on both
databases and returns rows as dicts.
"""

import json
import sqlite3
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.sqlite import SQLiteDatastore


class Sql:
    """A cursor in one transaction, the same on SQLite and PostgreSQL; ``kept``, what readers keep
    between the transactions of one store (by their name), valid for that store only."""

    def __init__(self, cursor: Any, *, postgres: bool, kept: dict[str, Any] | None = None):
        self.cursor = cursor
        self.postgres = postgres
        self.kept = {} if kept is None else kept

    def _adapt(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.postgres else statement

    def values(self, params: Iterable[Any]) -> tuple[Any, ...]:
        """PostgreSQL's text holds no NUL, which acts recorded before the schemas refused it may hold:
        it is stored as U+FFFD there (and a NUL searched for finds it)."""
        if not self.postgres:
            return tuple(params)
        return tuple(p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params)

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(self._adapt(statement), self.values(params))

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [self.values(row) for row in rows] if self.postgres else list(rows)
        if rows:
            self.cursor.executemany(self._adapt(statement), rows)

    def copy(self, table: str, columns: str, rows: Iterable[Sequence[Any]], *, text: bool = True) -> None:
        """PostgreSQL: append ``rows`` (values of ``columns``, comma-separated) to ``table`` in one
        ``COPY``, where ``executemany`` would send a statement per row; ``text``: NULs replaced as
        by ``execute`` (False: rows known to need none, written as they are)."""
        with self.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in map(self.values, rows) if text else rows:
                copy.write_row(row)

    def one(self, statement: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        self.execute(statement, params)
        row = self.cursor.fetchone()
        return None if row is None else dict(row)

    def all(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        self.execute(statement, params)
        return [dict(row) for row in self.cursor.fetchall()]

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        """The rows as the driver gives them, read by column name (``sqlite3.Row`` or a dict): for many
        rows read once, each not copied into a dict (1,000 rows of the log: about 1 ms)."""
        self.execute(statement, params)
        return list(self.cursor.fetchall())


class ProjectionStore:
    """Transactions on the database that holds the events."""

    def __init__(self, datastore: Any):
        self.datastore = datastore
        self.postgres = not isinstance(datastore, SQLiteDatastore)
        self.kept: dict[str, Any] = {}
        """What readers keep between transactions (``Sql.kept``)."""
        self._on_schema: weakref.WeakSet[Any] = weakref.WeakSet()
        """PostgreSQL: the connections whose session already searches the store's schema."""

    @contextmanager
    def transaction(self, *, commit: bool, batch: bool = False) -> Iterator[Sql]:
        """``batch``: a runner's batch, whose handlers work between its statements as long as the
        batch takes: on PostgreSQL its session is not ended for sitting idle in the transaction
        (``POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT``, 5 s by default, cut batches of 50,000
        events on a busy machine); a runner that dies ends its session, and the batch with it.

        On PostgreSQL the read models' tables are named without their schema: each connection of the
        pool is set once to search the store's schema (the events' own statements name theirs), not
        each transaction, which took a round trip more per transaction."""
        if not self.postgres:
            with self.datastore.transaction(commit=commit) as cursor:
                yield Sql(cursor, postgres=False, kept=self.kept)
            return
        with self.datastore.get_connection() as connection:
            if connection not in self._on_schema:  # in autocommit: the setting stays with the session
                connection.execute(f'SET search_path TO "{self.datastore.schema}"')
                self._on_schema.add(connection)
            with connection.transaction(force_rollback=not commit):
                cursor = connection.cursor()
                if batch:
                    cursor.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
                yield Sql(cursor, postgres=True, kept=self.kept)

    @contextmanager
    def defining(self) -> Iterator[Sql]:
        """A transaction that creates tables: on PostgreSQL one process at a time, since two processes
        starting together would both create a table (its row type) and one of them fail."""
        with self.transaction(commit=True) as sql:
            if sql.postgres:
                sql.execute("SELECT pg_advisory_xact_lock(hashtext('read_models'))")
            yield sql

    @contextmanager
    def checkpointing(self, every: float = 0.05) -> Iterator[None]:
        """While writing much (a rebuild), copy SQLite's write-ahead log into the database in a thread.

        A committing writer otherwise does it itself once the log is long, and
        waits for the disk each time. The thread does the same checkpoints
        (``PASSIVE``: it never blocks a reader or a writer, and syncs as the
        database is set to), only off the writer's path: durability is unchanged.
        Nothing to do on PostgreSQL or an in-memory SQLite database.
        """
        pool = getattr(self.datastore, "pool", None)
        if self.postgres or pool is None or pool.is_sqlite_memory_mode:
            yield
            return
        stop = threading.Event()
        connection = sqlite3.connect(pool.db_name, uri=True, check_same_thread=False, isolation_level=None)

        def checkpoint() -> None:
            while not stop.wait(every):
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

        thread = threading.Thread(target=checkpoint, name="wal-checkpoint", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
            connection.close()


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str, sort_keys=True).encode
"""``json.dumps`` with these options, its encoder made once (``dumps`` makes one per call)."""
_make_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
_CHUNKS: Any = (
    None
    if _make_encoder is None
    else _make_encoder(None, str, json.encoder.encode_basestring, None, ": ", ", ", True, False, True)
)
"""The C encoder that ``_ENCODE`` makes at each call, made once: the same text in half the time.
Its arguments, in order: no check for cycles (rows hold none: a cycle would recurse without end,
``RecursionError``, where ``_ENCODE`` says ``ValueError``), ``default=str``, the strings' encoder
of ``ensure_ascii=False``, no indent, the default separators, ``sort_keys``, no key skipped, NaN
allowed."""


def dumps(value: Any) -> str:
    """JSON for a TEXT column (ids and dates as strings)."""
    if _CHUNKS is None:  # an interpreter without the C accelerator
        return _ENCODE(value)
    return "".join(_CHUNKS(value, 0))


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def loads_many(texts: Iterable[str | None]) -> list[Any]:
    """``loads`` of each text, decoded as one JSON array: a page's hundred small states in about a
    third of the time of decoding each apart. Each text is one JSON value, as ``dumps`` writes it."""
    each = ["null" if text is None else text for text in texts]
    values: list[Any] = json.loads(f"[{','.join(each)}]")
    if len(values) != len(each):  # a text of more than one value: decoded apart, refused as ``loads`` does
        return [loads(text) for text in each]
    return values
