"""Tables kept beside the events, in the same database (SQLite or PostgreSQL).

What must not be an event lives there: the personal data keys (they must be
deletable) and the password hashes (they must never be published).
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.sqlite import SQLiteDatastore


class SideTable:
    """One table in the events' datastore: its qualified name, the driver's placeholder, transactions.

    Statements are written with ``{table}`` and ``{mark}`` (the driver's
    placeholder); only those are formatted in, values always go as parameters.
    """

    def __init__(self, datastore: Any, name: str, columns: str):
        self.datastore = datastore
        self.is_sqlite = isinstance(datastore, SQLiteDatastore)
        self.table = name if self.is_sqlite else f'"{datastore.schema}".{name}'
        self.mark = "?" if self.is_sqlite else "%s"
        blob = "BLOB" if self.is_sqlite else "BYTEA"
        self.define(f"CREATE TABLE IF NOT EXISTS {{table}} ({columns.format(blob=blob)})")

    def sql(self, statement: str) -> str:
        return statement.format(table=self.table, mark=self.mark)

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[Any]:
        with self.datastore.transaction(commit=commit) as cursor:
            yield cursor

    def define(self, statement: str) -> None:
        """Run a ``CREATE ... IF NOT EXISTS``; on PostgreSQL one process at a time, since two
        processes starting together would both create the table and one of them fail."""
        with self.transaction(commit=True) as cursor:
            if not self.is_sqlite:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('side_tables'))")
            cursor.execute(self.sql(statement))

    def execute(self, statement: str, params: tuple[Any, ...] = ()) -> None:
        """Run one changing statement in a transaction of its own."""
        with self.transaction(commit=True) as cursor:
            cursor.execute(self.sql(statement), params)

    def one(self, statement: str, params: tuple[Any, ...] = ()) -> Any:
        """The first row a query returns (by column name), or None.

        On PostgreSQL the query runs alone on its connection (autocommit: one round trip, not a
        transaction's three); on SQLite in a read transaction, as the datastore's pool requires.
        """
        if not self.is_sqlite:
            with self.datastore.get_connection() as connection, connection.cursor() as cursor:
                cursor.execute(self.sql(statement), params)
                return cursor.fetchone()
        with self.transaction(commit=False) as cursor:
            cursor.execute(self.sql(statement), params)
            return cursor.fetchone()

    def delete_for_good(self, statement: str, params: tuple[Any, ...]) -> None:
        """Run a DELETE whose rows must leave no copy: on SQLite, overwritten in the file
        (``secure_delete``) and the write-ahead log checkpointed and emptied."""
        with self.transaction(commit=True) as cursor:
            if self.is_sqlite:
                cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute(self.sql(statement), params)
        if self.is_sqlite:
            connection = sqlite3.connect(self.datastore.pool.db_name)
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
