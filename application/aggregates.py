"""Several aggregates read back from the store in one statement (a page naming ten stakeholders).

The library's repository reads one aggregate per query, in a transaction of
its own; this reads the events of all of them from the same table (``CHUNK``
ids a statement), decodes them with the application's mapper and replays
each aggregate as ``application.recorded.replay`` does: the same states.
"""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteDatastore

from application.recorded import replay

CHUNK = 500
"""Ids per statement (well under SQLite's limit of variables)."""


def read_aggregates(recorder: Any, mapper: Any, aggregate_ids: Iterable[UUID]) -> dict[UUID, Aggregate]:
    """The current state of each of these aggregates that has events, by id."""
    ids = list(dict.fromkeys(aggregate_ids))
    datastore = recorder.datastore
    sqlite = isinstance(datastore, SQLiteDatastore)
    table = recorder.events_table_name if sqlite else f'"{datastore.schema}"."{recorder.events_table_name}"'
    rows = []
    with datastore.transaction(commit=False) as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            params: list[Any]
            if sqlite:
                where, params = f"originator_id IN ({', '.join('?' for _ in chunk)})", [i.hex for i in chunk]
            else:
                where, params = "originator_id = ANY(%s)", [chunk]
            cursor.execute(
                "SELECT originator_id, originator_version, topic, state"  # noqa: S608  # names, not values
                f" FROM {table} WHERE {where} ORDER BY originator_id, originator_version",
                params,
            )
            rows += cursor.fetchall()
    events: dict[UUID, list[Any]] = {}
    for row in rows:
        originator_id = row["originator_id"]
        aggregate_id = originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
        stored = StoredEvent(
            originator_id=aggregate_id,
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=bytes(row["state"]),
        )
        events.setdefault(aggregate_id, []).append(mapper.to_domain_event(stored))
    return {aggregate_id: replay(None, found) for aggregate_id, found in events.items()}
