"""SQLite connections that keep their prepared statements.

``eventsourcing`` opens its SQLite connections with ``cached_statements=True``,
which Python's ``sqlite3`` takes as a cache of one statement: every statement
that differs from the one run just before is parsed and planned again (the
twenty of a public page each time; the latest items' statement alone took
0.6 ms of the page's 9). The pool of this factory opens them as the library
does, keeping ``STATEMENTS`` of them; nothing else changes.
"""

import sqlite3
from typing import Any

from eventsourcing.persistence import InterfaceError
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteFactory,
)

STATEMENTS = 128
"""Prepared statements kept per connection (Python's default)."""


class StatementKeepingPool(SQLiteConnectionPool):
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
