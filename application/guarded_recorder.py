"""The application's SQLite recorder: an act's events are saved only if its dialogue is unchanged.

An act is authorised against its dialogue. Asking the store whether the cached
dialogue is still current costs a transaction of its own (about 50 µs on
SQLite, a sixth of an act); instead an act can be saved with
``unchanged=(dialogue_id, version)``: once its events are inserted, with
SQLite's write lock held, the recorder checks that the dialogue has no event
beyond ``version`` (the version the act leaves it at). If it has, nothing is
saved (the transaction is rolled back) and ``DialogueChangedError`` says so:
the act reads the dialogue again and is tried anew. No other write can come
between the check and the commit, so an act is never recorded against a
dialogue that changed before it was saved (a role revoked by another process,
say), which a check before the save could not promise.
"""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore


class DialogueChangedError(Exception):
    """The dialogue changed after it was read: the act's events were not saved."""


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
        unchanged: tuple[UUID, int] | None = None,
        **kwargs: Any,
    ) -> Sequence[int] | None:
        notification_ids = super()._insert_events(c, stored_events, **kwargs)
        if unchanged is not None:
            dialogue_id, version = unchanged
            c.execute(self.later_event_statement, (dialogue_id.hex, version))
            if c.fetchone() is not None:
                raise DialogueChangedError(f"dialogue {dialogue_id} has changed since version {version}")
        return notification_ids
