"""Snapshots of replays: a dialogue's aggregates as they stood at some positions, to replay from.

A cache of derived data, in a table of the events' database: one row per
dialogue and position, holding the dialogue and the parts it had indexed
then, each as the library's own ``Snapshot`` (so ``class_version``
upcasting applies), transcoded by the application's mapper and compressed.
JSON keeps an enumeration (``Dialogue.stage``) only as its value: the enum
classes of an aggregate's attributes are kept beside, to be restored.
The log never changes below its head, so a snapshot goes stale only when
the code changes what an aggregate holds: give the aggregate a
``class_version`` and an upcaster, as for events, or drop the table. It can
be dropped at any time (replays then start from zero and fill it again), and
nothing that verifies the log reads it.

Snapshots are taken as the log grows by the runner's writer
(``projections.snapshot_writer``), and by replays as they fold, when a dialogue has folded
``SPACING`` events since the last one, or one in ``GROWTH`` of all it has
folded if that is more: replaying from a snapshot reads at most that many
events, and all the snapshots of a dialogue take about ``GROWTH`` times the
size of its last one, however long it grows (100,000 acts: 30 snapshots,
5 MB beside a 36 MB store).
"""

import zlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.utils import get_topic, resolve_topic

from projections.decoding import plain, transcoded_reader
from projections.store import ProjectionStore

TABLE = "replay_snapshots"

SPACING = 1000
"""Events folded (the dialogue's and its parts') between two snapshots of a dialogue, at least."""

GROWTH = 20
"""...or a ``GROWTH``-th of the events folded so far, whichever is more."""


@dataclass
class Folded:
    """A dialogue's aggregates (the dialogue and its parts) at ``position``, after ``count`` events."""

    position: int = 0
    count: int = 0
    aggregates: dict[UUID, Aggregate] = field(default_factory=dict)


class ReplaySnapshots:
    """Reads and writes snapshots of replays; ``spacing`` overrides ``SPACING`` (tests)."""

    def __init__(self, store: ProjectionStore, mapper: Any, *, spacing: int = SPACING):
        self.store = store
        self.mapper = mapper
        self.spacing = spacing
        self.read = transcoded_reader(mapper) if plain(mapper) else None
        blob = "BYTEA" if store.postgres else "BLOB"
        with store.transaction(commit=True) as sql:
            sql.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (dialogue_id TEXT NOT NULL, position BIGINT NOT NULL,"
                f" count BIGINT NOT NULL, state {blob} NOT NULL, PRIMARY KEY (dialogue_id, position))"
            )

    def due(self, folded: Folded, last: int) -> bool:
        """True when the events folded since the snapshot at count ``last`` call for another."""
        return folded.count >= last + self.threshold(last)

    def last_taken(self, dialogue_id: UUID) -> tuple[int, int]:
        """(position, count) of the dialogue's last snapshot, (0, 0) without one; nothing decoded."""
        with self.store.transaction(commit=False) as sql:
            row = sql.one(
                f"SELECT position, count FROM {TABLE} WHERE dialogue_id = ?"  # noqa: S608
                " ORDER BY position DESC LIMIT 1",
                (str(dialogue_id),),
            )
        return (0, 0) if row is None else (int(row["position"]), int(row["count"]))

    def threshold(self, count: int) -> int:
        """How many events after a snapshot at count ``count`` call for the next one."""
        return max(self.spacing, count // GROWTH)

    def latest(self, dialogue_id: UUID, as_of: int) -> Folded | None:
        """The dialogue's last snapshot at a position <= ``as_of``, or None."""
        with self.store.transaction(commit=False) as sql:
            row = sql.one(
                f"SELECT position, count, state FROM {TABLE} WHERE dialogue_id = ? AND position <= ?"  # noqa: S608
                " ORDER BY position DESC LIMIT 1",
                (str(dialogue_id), as_of),
            )
        if row is None:
            return None
        aggregates: dict[UUID, Aggregate] = {}
        text = zlib.decompress(bytes(row["state"]))
        for taken, enums in self.read(text.decode()) if self.read else self.mapper.transcoder.decode(text):
            for name, topic in enums.items():
                taken["state"][name] = resolve_topic(topic)(taken["state"][name])
            aggregate: Any = Snapshot(**taken).mutate(None)
            aggregates[aggregate.id] = aggregate
        return Folded(int(row["position"]), int(row["count"]), aggregates)

    def save(self, dialogue_id: UUID, folded: Folded) -> None:
        """Keep the dialogue and the parts it indexes at ``folded.position`` (once per position)."""
        dialogue: Any = folded.aggregates[dialogue_id]
        indexed = [part for ids in dialogue.parts.values() for part in ids if part in folded.aggregates]
        kept = []
        for aggregate_id in [dialogue_id, *indexed]:
            taken = vars(Snapshot.take(folded.aggregates[aggregate_id]))
            enums = {name: get_topic(type(v)) for name, v in taken["state"].items() if isinstance(v, Enum)}
            kept.append((taken, enums))
        state = zlib.compress(self.mapper.transcoder.encode(kept), 1)
        with self.store.transaction(commit=True) as sql:
            sql.execute(
                f"INSERT INTO {TABLE} (dialogue_id, position, count, state) VALUES (?, ?, ?, ?)"  # noqa: S608
                " ON CONFLICT (dialogue_id, position) DO NOTHING",
                (str(dialogue_id), folded.position, folded.count, state),
            )
