"""The application's recorders: an act's events are saved only if its dialogue is unchanged.

An act is authorised against its dialogue. Asking the store whether the cached
dialogue is still current costs a transaction (SQLite) or a round trip
(PostgreSQL) of its own, a sixth of an act; instead an act can be saved with
``unchanged=(dialogue_id, version)``: in the save's own transaction, while no
other writer can write (SQLite's write lock once the events are inserted,
PostgreSQL's lock on the events table before), the recorder checks that the
dialogue has no event beyond ``version`` (SQLite: a query after the insert;
PostgreSQL: in the insert statement itself, which adds no round trip). If it
has, nothing is saved (SQLite rolls the transaction back; PostgreSQL's insert
inserts nothing) and ``DialogueChangedError`` says so: the act
reads the dialogue again and is tried anew. No other write can come between
the check and the commit, so an act is never recorded against a dialogue that
changed before it was saved (a role revoked by another process, say), which a
check before the save could not promise.
"""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
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
    """The insert itself holds the check: it inserts nothing if the dialogue has a later event.

    The table is locked before the insert (as the library does), so no other writer comes between
    the insert's snapshot and the commit. A refused save commits nothing (an empty insert), and no
    round trip is added to the library's save: the check travels in the insert's own statement.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        if datastore.enable_db_functions:  # its inserts bypass ``_insert_stored_events``
            raise ValueError("GuardedPostgresRecorder needs POSTGRES_ENABLE_DB_FUNCTIONS off")
        super().__init__(datastore, events_table_name=events_table_name)
        self.insert_unless_changed_statement = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state)"
            " SELECT originator_id, originator_version, topic, state"
            " FROM unnest(%s::{schema}.{stored_event_type}[])"
            " WHERE NOT EXISTS (SELECT 1 FROM {schema}.{table} AS later"
            " WHERE later.originator_id = %s AND later.originator_version > %s)"
            " RETURNING notification_id"
        ).format(
            schema=Identifier(datastore.schema),
            table=Identifier(self.events_table_name),
            stored_event_type=Identifier(self.stored_event_type_name),
        )

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
        self._lock_table(curs)
        rows = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        curs.execute(self.insert_unless_changed_statement, (rows, *unchanged), prepare=True)

    def _notify_channel(self, curs: Cursor[DictRow]) -> None:
        """No ``NOTIFY`` on the library's channel (the events table's name) at each save: nothing listens
        to it (the library's subscriptions are not used). The followers of the log are told of each insert
        by the events table's trigger, with its last position (``projections.log_signal.install_trigger``)."""

    def _fetch_ids_after_insert_events(
        self,
        curs: Cursor[DictRow],
        stored_events: Sequence[StoredEvent],
        *,
        unchanged: Unchanged = None,
        **kwargs: Any,
    ) -> Sequence[int] | None:
        notification_ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if unchanged is not None and not notification_ids:
            raise changed(*unchanged)
        return notification_ids


def guards(recorder: ApplicationRecorder) -> bool:
    """Whether ``recorder`` takes ``unchanged=`` (else an act reads its dialogue from the store first)."""
    return isinstance(recorder, GuardedSQLiteRecorder | GuardedPostgresRecorder)
