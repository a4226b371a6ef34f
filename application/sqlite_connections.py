"""SQLite connections that keep their prepared statements, and writers that queue without sleeping.

``eventsourcing`` opens its SQLite connections with ``cached_statements=True``,
which Python's ``sqlite3`` takes as a cache of one statement: every statement
that differs from the one run just before is parsed and planned again (the
twenty of a public page each time; the latest items' statement alone took
0.6 ms of the page's 9). The pool of this factory opens them as the library
does, keeping ``STATEMENTS`` of them.

Several processes write to one file (the web processes, the runner, the
notifier). A writer that finds SQLite's write lock taken is made to wait by
SQLite's busy handler, which sleeps 1, 2, 5, 10, 15... 100 ms between tries:
it sleeps past the lock's release, while another process may take the lock
again and again (one waiter slept 2.6 s under two writing processes), and while
it waits the library's pool keeps that process's readers waiting behind it.
The pool of this factory also takes, for each write transaction, an exclusive
``flock`` on a file beside the database (``<database>-lock``) before the
connection: writers of every process queue on it, and the kernel wakes the
next one as soon as the one before commits. SQLite's own locking is unchanged
(a writer that does not take the file lock is still kept out by SQLite); the
file lock is held by one transaction at a time, no longer than it takes, and
released by the kernel if its process dies.
"""

import fcntl
import os
import sqlite3
import threading
from typing import Any

from eventsourcing.persistence import ConnectionUnavailableError, InterfaceError
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteFactory,
)

STATEMENTS = 128
"""Prepared statements kept per connection (Python's default)."""


class StatementKeepingPool(SQLiteConnectionPool):
    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._writers = threading.Lock()
        """One writer of this process at a time waits for (and holds) the file lock."""
        self._lock_file: tuple[int, int] | None = None
        """The file lock's descriptor, and the process that opened it (a forked child opens its own)."""

    def _lock_descriptor(self) -> int:
        if self._lock_file is None or self._lock_file[1] != os.getpid():
            descriptor = os.open(f"{self.db_name}-lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._lock_file = (descriptor, os.getpid())
        return self._lock_file[0]

    def get_connection(
        self, timeout: float | None = None, *, is_writer: bool | None = None
    ) -> SQLiteConnection:
        """A writer first waits its turn among this process's writers, then among every process's (the file
        lock), and only then joins the library's queue for a connection, so that this process's readers do
        not wait behind it."""
        if is_writer is not True or self.is_sqlite_memory_mode:
            return super().get_connection(timeout, is_writer=is_writer)
        if not self._writers.acquire(timeout=self.pool_timeout if timeout is None else timeout):
            raise ConnectionUnavailableError("Timed out waiting for return of writer")
        try:
            descriptor = self._lock_descriptor()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                return super().get_connection(timeout, is_writer=True)
            except BaseException:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
                raise
        except BaseException:
            self._writers.release()
            raise

    def put_connection(self, conn: SQLiteConnection) -> None:
        writer = conn.is_writer is True and not self.is_sqlite_memory_mode
        try:
            super().put_connection(conn)
        finally:
            if writer:
                fcntl.flock(self._lock_descriptor(), fcntl.LOCK_UN)
                self._writers.release()

    def close(self) -> None:
        super().close()
        if self._lock_file is not None and self._lock_file[1] == os.getpid():
            os.close(self._lock_file[0])
        self._lock_file = None

    def _create_connection(self) -> SQLiteConnection:
        """The library's connection (``SQLiteConnectionPool._create_connection``), keeping statements."""
        try:
            connection = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,
                cached_statements=STATEMENTS,
                timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
            )
        except (sqlite3.Error, TypeError) as error:
            raise InterfaceError(error) from error
        if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal:
            mode = connection.execute("PRAGMA journal_mode;").fetchone()[0]
            if mode.lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL;")
                self.journal_mode_was_changed_to_wal = True
            self.is_journal_mode_wal = True
        connection.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=connection, max_age=self.max_age)


class Factory(SQLiteFactory):
    """``eventsourcing.sqlite``'s factory, its datastore's pool a :class:`StatementKeepingPool`."""

    def __init__(self, env: Any):
        super().__init__(env)
        made = self.datastore.pool
        self.datastore.pool = StatementKeepingPool(
            db_name=made.db_name,
            lock_timeout=made.lock_timeout,
            pool_size=made.pool_size,
            max_overflow=made.max_overflow,
            pool_timeout=made.pool_timeout,
            max_age=made.max_age,
            pre_ping=made.pre_ping,
        )
        made.close()
