"""The application's recorders: an act's events are saved only if its dialogue is unchanged.

An act is authorised against its dialogue. Asking the store whether the cached
dialogue is still current costs a transaction (SQLite) or a round trip
(PostgreSQL) of its own, a sixth of an act; instead an act can be saved with
``unchanged=(dialogue_id, version)``: in the save's own transaction, while no
other writer can write (SQLite's write lock once the events are inserted,
PostgreSQL's lock on the events table before), the recorder checks that the
dialogue has no event beyond ``version`` (SQLite: a query after the insert;
PostgreSQL: in the function that saves in one statement, which adds no round
trip). If it has, nothing is saved (SQLite rolls the transaction back;
PostgreSQL's function inserts nothing) and ``DialogueChangedError`` says so: the act
reads the dialogue again and is tried anew. No other write can come between
the check and the commit, so an act is never recorded against a dialogue that
changed before it was saved (a role revoked by another process, say), which a
check before the save could not promise.
"""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    InterfaceError,
    OperationalError,
    StoredEvent,
    Tracking,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Composed, Identifier

RowQuery = tuple[str, Sequence[Any]] | None
"""A statement and its parameters, read beside the events (``select_row_and_events_after``)."""
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

    def select_row_and_events_after(
        self, beside: RowQuery, after: Sequence[tuple[UUID, int]]
    ) -> tuple[Any, list[StoredEvent]]:
        """``beside``'s first row (a query of a side table: ``None`` runs none) and the events of each
        (aggregate, version) after that version, in one query (by version), read in one transaction."""
        table = self.events_table_name
        branch = f"SELECT originator_id, originator_version, topic, state FROM {table} WHERE originator_id = ? AND originator_version > ?"  # noqa: S608, E501
        statement = " UNION ALL ".join([branch] * len(after)) + " ORDER BY originator_version"
        params = [p for aggregate_id, version in after for p in (aggregate_id.hex, version)]
        found = None
        with self.datastore.transaction(commit=False) as c:
            if beside is not None:
                c.execute(*beside)
                found = c.fetchone()
            c.execute(statement, params)
            return found, [
                StoredEvent(self.convert_originator_id(row[0]), row[1], row[2], row[3])
                for row in c.fetchall()
            ]


class GuardedPostgresRecorder(PostgresApplicationRecorder):
    """A save is one statement, a call of a function of the schema (``guarded_insert_function``).

    The library's save is a pipelined transaction of five statements (``BEGIN``, the lock timeout, the
    table's lock, the insert, ``COMMIT``) over two round trips; here one statement in autocommit does the
    same: it locks the table (as the library does, so that positions are committed in order), checks
    that the dialogue has no event beyond ``unchanged``'s version, and inserts, or inserts nothing and
    returns no position (``DialogueChangedError``). Every statement of the function takes its own
    snapshot, after the lock: no other writer comes between the check and the commit.

    ``select_events``' statements are composed once per shape, and kept as bytes: psycopg renders
    a composed statement again at every execution.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        if datastore.enable_db_functions:  # the library's own function would bypass the check
            raise ValueError("GuardedPostgresRecorder needs POSTGRES_ENABLE_DB_FUNCTIONS off")
        super().__init__(datastore, events_table_name=events_table_name)
        function = Identifier(datastore.schema, f"{self.events_table_name}_guarded_insert"[:63])
        self.sql_create_statements.append(guarded_insert_function(self, function))
        self.guarded_insert_statement = (
            SQL("SELECT * FROM {function}(%s, %s, %s)").format(function=function).as_bytes()
        )
        self.select_statements: dict[tuple[bool, bool, bool, bool], bytes] = {}
        self.after_statements: dict[int, bytes] = {}

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self,
        stored_events: Sequence[StoredEvent],
        *,
        unchanged: Unchanged = None,
        tracking: Tracking | None = None,
        **kwargs: Any,
    ) -> Sequence[int] | None:
        if tracking is not None or kwargs:  # the library's transaction (not used by the application)
            return super().insert_events(stored_events, tracking=tracking, **kwargs)  # type: ignore[no-any-return]
        if not stored_events:
            return None
        rows = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        dialogue_id, version = unchanged if unchanged is not None else (None, None)
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(self.guarded_insert_statement, (rows, dialogue_id, version), prepare=True)
            notification_ids = [row[0] for row in curs.fetchall()]
        if unchanged is not None and not notification_ids:
            raise changed(*unchanged)
        return notification_ids

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        shape = (gt is not None, lte is not None, desc, limit is not None)
        statement = self.select_statements.get(shape)
        if statement is None:
            statement = select_statement(self.select_events_statement, *shape).as_bytes()
            self.select_statements[shape] = statement
        params = [p for p in (originator_id, gt, lte, limit) if p is not None]
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(statement, params, prepare=True)
            return [StoredEvent(row[0], row[1], row[2], bytes(row[3])) for row in curs.fetchall()]

    def select_row_and_events_after(
        self, beside: RowQuery, after: Sequence[tuple[UUID, int]]
    ) -> tuple[Any, list[StoredEvent]]:
        """``beside``'s first row (a query of a side table: ``None`` runs none) and the events of each
        (aggregate, version) after that version, in one query (by version), on one connection
        (autocommit: a round trip each)."""
        statement = self.after_statements.get(len(after))
        if statement is None:
            branch = SQL(
                "SELECT originator_id, originator_version, topic, state FROM {schema}.{table}"
                " WHERE originator_id = %s AND originator_version > %s"
            ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
            union = SQL(" UNION ALL ").join([branch] * len(after)) + SQL(" ORDER BY originator_version")
            statement = self.after_statements[len(after)] = union.as_bytes()
        params = [p for pair in after for p in pair]
        found = None
        with self.datastore.get_connection() as conn:
            if beside is not None:
                with conn.cursor() as curs:
                    curs.execute(*beside)
                    found = curs.fetchone()
            with conn.cursor(row_factory=tuple_row) as curs:
                curs.execute(statement, params, prepare=True)
                return found, [StoredEvent(row[0], row[1], row[2], bytes(row[3])) for row in curs.fetchall()]

    def _notify_channel(self, curs: Cursor[DictRow]) -> None:
        """No ``NOTIFY`` on the library's channel (the events table's name): nothing listens to it (the
        library's subscriptions are not used). The followers of the log are told of each insert by the
        events table's trigger, with its last position (``projections.log_signal.install_trigger``)."""


def select_statement(base: Composed, gt: bool, lte: bool, desc: bool, limit: bool) -> Composed:
    """The library's ``select_events`` statement for one shape of arguments."""
    statement = base
    if gt:
        statement += SQL(" AND originator_version > %s")
    if lte:
        statement += SQL(" AND originator_version <= %s")
    statement += SQL(" ORDER BY originator_version DESC" if desc else " ORDER BY originator_version ASC")
    if limit:
        statement += SQL(" LIMIT %s")
    return statement


def guarded_insert_function(recorder: PostgresApplicationRecorder, function: Identifier) -> Composed:
    """The function that saves: lock, check the dialogue's version (if given), insert; the positions."""
    datastore = recorder.datastore
    return SQL(
        "CREATE OR REPLACE FUNCTION {function}("
        "events {schema}.{event}[], dialogue {id_type}, version bigint) "
        "RETURNS SETOF bigint LANGUAGE plpgsql VOLATILE "
        "SET lock_timeout = '{lock_timeout}s' "
        "AS $BODY$ BEGIN"
        " LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE;"
        " IF dialogue IS NOT NULL AND EXISTS (SELECT 1 FROM {schema}.{table}"
        " WHERE originator_id = dialogue AND originator_version > version) THEN RETURN; END IF;"
        " RETURN QUERY INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state)"
        " SELECT e.originator_id, e.originator_version, e.topic, e.state FROM unnest(events) AS e"
        " RETURNING notification_id;"
        " END; $BODY$"
    ).format(
        function=function,
        schema=Identifier(datastore.schema),
        event=Identifier(recorder.stored_event_type_name),
        id_type=Identifier(datastore.originator_id_type),
        lock_timeout=datastore.lock_timeout,
        table=Identifier(recorder.events_table_name),
    )


def guards(recorder: ApplicationRecorder) -> bool:
    """Whether ``recorder`` takes ``unchanged=`` (else an act reads its dialogue from the store first)."""
    return isinstance(recorder, GuardedSQLiteRecorder | GuardedPostgresRecorder)
