"""Several aggregates read back from the store in one statement (a page naming ten stakeholders).

The library's repository reads one aggregate per query, in a transaction of
its own; this reads the events of all of them from the same table (``CHUNK``
ids a statement), decodes them with the application's mapper and replays
each aggregate as ``application.recorded.replay`` does: the same states.
With :class:`KeptAggregates`, an aggregate whose last version is kept is not
decoded nor replayed again (a page asks for the same people at every request).
"""

from collections import OrderedDict
from collections.abc import Iterable
from itertools import groupby
from threading import Lock
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteDatastore

from application.recorded import replay

CHUNK = 500
"""Ids per statement (well under SQLite's limit of variables)."""
KEPT = 2048
"""Aggregates a :class:`KeptAggregates` holds by default."""


class KeptAggregates:
    """Aggregates read back, each under its id and last version (its state is that of its events up to
    that version, which never change); at most ``size``, the least recently read dropped first.
    Shared by the readers: never to be changed."""

    def __init__(self, size: int = KEPT):
        self.size = size
        self.lock = Lock()
        self.kept: OrderedDict[tuple[UUID, int], Aggregate] = OrderedDict()

    def get(self, key: tuple[UUID, int]) -> Aggregate | None:
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
            return found

    def put(self, key: tuple[UUID, int], aggregate: Aggregate) -> None:
        with self.lock:
            self.kept[key] = aggregate
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)


def read_aggregates(
    recorder: Any, mapper: Any, aggregate_ids: Iterable[UUID], kept: KeptAggregates | None = None
) -> dict[UUID, Aggregate]:
    """The current state of each of these aggregates that has events, by id; with ``kept``, those
    whose last version it holds are taken from it (shared: never to be changed), the others kept."""
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
    found: dict[UUID, Aggregate] = {}
    for originator_id, grouped in groupby(rows, key=lambda row: row["originator_id"]):  # ordered by id
        its_rows = list(grouped)
        aggregate_id = originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
        key = (aggregate_id, int(its_rows[-1]["originator_version"]))
        aggregate = kept.get(key) if kept is not None else None
        if aggregate is None:
            events = (
                mapper.to_domain_event(
                    StoredEvent(
                        originator_id=aggregate_id,
                        originator_version=row["originator_version"],
                        topic=row["topic"],
                        state=bytes(row["state"]),
                    )
                )
                for row in its_rows
            )
            aggregate = replay(None, events)
            if kept is not None:
                kept.put(key, aggregate)
        found[aggregate_id] = aggregate
    return found
