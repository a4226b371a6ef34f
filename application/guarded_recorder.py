"""The application's recorders: an act's events are saved only if its dialogue is unchanged.

An act is authorised against its dialogue. Asking the store whether the cached
dialogue is still current costs a transaction (SQLite) or a round trip
(PostgreSQL) of its own, a sixth of an act; instead an act can be saved with
``unchanged=(dialogue_id, version)``: in the save's own transaction, while no
other writer can write (SQLite's write lock once the events are inserted,
PostgreSQL's lock on the events table before), the recorder checks that the
dialogue has no event beyond ``version``. If it has, nothing is saved (the
transaction is rolled back) and ``DialogueChangedError`` says so: the act
reads the dialogue again and is tried anew. No other write can come between
the check and the commit, so an act is never recorded against a dialogue that
changed before it was saved (a role revoked by another process, say), which a
check before the save could not promise.
"""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

Unchanged = tuple[UUID, int] | None
"""The dialogue an act was authorised against, and the version it must still be at."""


class DialogueChangedError(Exception):
    """The dialogue changed after it was read: the act's events were not saved."""


def changed(dialogue_id: UUID, version: int) -> DialogueChangedError:
    return DialogueChangedError(f"dialogue {dialogue_id} has changed since version {version}")


class GuardedSQLiteRecorder(SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)
        table = self.events_table_name
        self.later_event_statement = (
            f"SELECT 1 FROM {table} WHERE originator_id = ? AND originator_version > ? LIMIT 1"  # noqa: S608
        )

    def _insert_events(
        self,
        c: SQLiteCursor,
        stored_events: Sequence[StoredEvent],
        *,
        unchanged: Unchanged = None,
        **kwargs: Any,
    ) -> Sequence[int] | None:
        notification_ids = super()._insert_events(c, stored_events, **kwargs)  # takes the write lock
        if unchanged is not None:
            dialogue_id, version = unchanged
            c.execute(self.later_event_statement, (dialogue_id.hex, version))
            if c.fetchone() is not None:
                raise changed(dialogue_id, version)
        return notification_ids


class GuardedPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        if datastore.enable_db_functions:  # its inserts bypass ``_insert_events``
            raise ValueError("GuardedPostgresRecorder needs POSTGRES_ENABLE_DB_FUNCTIONS off")
        super().__init__(datastore, events_table_name=events_table_name)
        self.later_event_statement = SQL(
            "SELECT 1 FROM {schema}.{table} WHERE originator_id = %s AND originator_version > %s LIMIT 1"
        ).format(schema=Identifier(datastore.schema), table=Identifier(self.events_table_name))

    def _insert_events(
        self,
        curs: Cursor[DictRow],
        stored_events: Sequence[StoredEvent],
        *,
        unchanged: Unchanged = None,
        **kwargs: Any,
    ) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        if unchanged is not None:
            self._lock_table(curs)  # as the insert that follows would: other writers wait from here
            dialogue_id, version = unchanged
            curs.execute(self.later_event_statement, (dialogue_id, version), prepare=True)
            if curs.fetchone() is not None:
                raise changed(dialogue_id, version)

    def _insert_stored_events(
        self,
        curs: Cursor[DictRow],
        stored_events: Sequence[StoredEvent],
        *,
        unchanged: Unchanged = None,
        **kwargs: Any,
    ) -> None:
        if unchanged is None:
            super()._insert_stored_events(curs, stored_events, **kwargs)
            return
        # The library's insert, but for the table's lock, which this transaction took above.
        self._notify_channel(curs)
        PostgresAggregateRecorder._insert_stored_events(self, curs, stored_events, **kwargs)


def guards(recorder: ApplicationRecorder) -> bool:
    """Whether ``recorder`` takes ``unchanged=`` (else an act reads its dialogue from the store first)."""
    return isinstance(recorder, GuardedSQLiteRecorder | GuardedPostgresRecorder)
