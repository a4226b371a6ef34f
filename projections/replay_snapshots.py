"""Snapshots of replays: what a replay of a dialogue showed at some positions, to replay from.

A cache of derived data, in two tables of the events' database. One row per
dialogue and position (``TABLE``) holds the dialogue there, as the library's
own ``Snapshot`` (so ``class_version`` upcasting applies), and the entry of
each part the replay view shows (``projections.replay_view.entry``: what it
shows of the part, plain JSON), a line of text per part in the order the
dialogue indexes them, compressed a block of lines at a time (``projections.replay_lines``),
and a header: the number of lines of each kind and where their blocks end, the tally of the
parts by status (``stage_view.tally``) and what the exit indicators take
of the parts (``replay_view.FACTS``: how many they count, the titles they name), and the number
of the dialogue's contributions there (a replay adds those posted since). A replay
from it decodes the dialogue and the header, the blocks of the lines it shows (a page), reads
the events since, and takes from ``PARTS`` the parts those
events touch, as they stood at the snapshot, to correct the tally by what
changed (``replay_view.retally``), and the facts alike (``refact``): each part's state is kept at the
first snapshot after it changed (the latest at or before a position is the
one of that position), so a snapshot adds only the parts changed since the
one it was folded on from. The aggregates go through the application's
transcoder and zlib, the dialogue's index of its parts (thousands of ids) beside, 16 bytes an id
(``ids``); JSON keeps an enumeration (``Dialogue.stage``) only as
its value: the enum classes of an aggregate's attributes are kept beside, to
be restored. The log never changes below its head, so a snapshot goes stale
only when the code changes what an aggregate holds or what the view shows of
a part: give the aggregate a ``class_version`` and an upcaster, as for
events, or drop both tables. They can be dropped at any time (replays then
start from zero and fill them again), and nothing that verifies the log reads
them. A row of ``TABLE`` says its ``format``: rows of another (``FORMAT`` changed) are not read,
and the runner's writer takes its snapshots again over them. The former tables (whole aggregates,
``replay_snapshots``; entries without the facts, ``replay_views``; the entries in one blob,
``replay_views_2``) are dropped.

Snapshots are taken as the log grows by the runner's writer
(``projections.snapshot_writer``), and by replays as they fold, when a dialogue has folded
``SPACING`` events since the last one, or one in ``GROWTH`` of all it has
folded if that is more: replaying from a snapshot reads at most that many
events, and all the snapshots of a dialogue take about ``GROWTH`` times the
size of its last one's entries, however long it grows.
"""

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.utils import get_topic, resolve_topic

from projections.decoding import Ids, plain, transcoded_reader, uuid_of
from projections.replay_lines import Lines
from projections.replay_view import (
    SHOWN,
    Entry,
    Facts,
    Standing,
    entries_of,
    entry,
    refact,
    retally,
    shown_parts,
)
from projections.store import ProjectionStore

TABLE = "replay_dialogues"
PARTS = "replay_parts"
FORMER = ("replay_snapshots", "replay_views", "replay_views_2")
FORMAT = 1
"""The format of the rows of ``TABLE`` this code writes and reads (the entries in blocks: 1)."""
CHUNK = 500
"""Part ids per query."""

SPACING = 150
"""Events folded (the dialogue's and its parts') between two snapshots of a dialogue, at least."""

GROWTH = 100
"""...or a ``GROWTH``-th of the events folded so far, whichever is more."""

IDS = Ids()
"""The ids the replays of this process read (snapshots, events), each made once: a dialogue's parts,
read again by each of its replays (a UUID made from its text costs more than the rest of its decoding)."""


@dataclass
class Folded:
    """A dialogue at ``position``, after ``count`` events: its aggregate and those of the parts folded
    since the snapshot it started from (all of them from zero), and the entries of the others there."""

    position: int = 0
    count: int = 0
    aggregates: dict[UUID, Aggregate] = field(default_factory=dict)
    kept: Lines = field(default_factory=Lines)
    """The snapshot's entries, as JSON text."""
    tally: dict[str, int] = field(default_factory=dict)
    """The snapshot's tally of the parts (``stage_view.tally``), the contributions aside."""
    facts: Facts = field(default_factory=dict)
    """The snapshot's facts of the parts for the exit indicators (``replay_view.FACTS``)."""
    since: int = 0
    """The snapshot's position (0: none)."""
    contributions: int = 0
    """The dialogue's contributions at the snapshot's position."""
    standing: Standing | None = None
    """The snapshot's standing of the proposals."""
    before: list[tuple[str, Entry]] = field(default_factory=list)
    """The entries, in the snapshot, of the parts folded on from it."""
    changed: set[UUID] = field(default_factory=set)
    """Parts folded since the snapshot last read or kept."""


class ReplaySnapshots:
    """Reads and writes snapshots of replays; ``spacing`` overrides ``SPACING`` (tests)."""

    def __init__(self, store: ProjectionStore, mapper: Any, *, spacing: int = SPACING):
        self.store = store
        self.mapper = mapper
        self.spacing = spacing
        self.read = transcoded_reader(mapper, IDS) if plain(mapper) else None
        blob = "BYTEA" if store.postgres else "BLOB"
        with store.defining() as sql:
            for former in FORMER:
                sql.execute(f"DROP TABLE IF EXISTS {former}")
            sql.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (dialogue_id TEXT NOT NULL, position BIGINT NOT NULL,"
                f" format INTEGER NOT NULL, count BIGINT NOT NULL, dialogue {blob} NOT NULL,"
                f" ids {blob} NOT NULL, header TEXT NOT NULL, entries {blob} NOT NULL,"
                " PRIMARY KEY (dialogue_id, position))"
            )
            sql.execute(
                f"CREATE TABLE IF NOT EXISTS {PARTS} (dialogue_id TEXT NOT NULL, part_id TEXT NOT NULL,"
                f" position BIGINT NOT NULL, state {blob} NOT NULL,"
                " PRIMARY KEY (dialogue_id, part_id, position))"
            )

    def due(self, folded: Folded, last: int) -> bool:
        """True when the events folded since the snapshot at count ``last`` call for another."""
        return folded.count >= last + self.threshold(last)

    def last_taken(self, dialogue_id: UUID) -> tuple[int, int]:
        """(position, count) of the dialogue's last snapshot, (0, 0) without one; nothing decoded."""
        with self.store.transaction(commit=False) as sql:
            row = sql.one(
                f"SELECT position, count FROM {TABLE} WHERE dialogue_id = ? AND format = ?"  # noqa: S608
                " ORDER BY position DESC LIMIT 1",
                (str(dialogue_id), FORMAT),
            )
        return (0, 0) if row is None else (int(row["position"]), int(row["count"]))

    def threshold(self, count: int) -> int:
        """How many events after a snapshot at count ``count`` call for the next one."""
        return max(self.spacing, count // GROWTH)

    def latest(self, dialogue_id: UUID, as_of: int) -> Folded | None:
        """The dialogue's last snapshot at a position <= ``as_of`` (its parts' entries, no part), or None."""
        with self.store.transaction(commit=False) as sql:
            row = sql.one(
                f"SELECT position, count, dialogue, ids, header, entries FROM {TABLE}"  # noqa: S608
                " WHERE dialogue_id = ? AND format = ? AND position <= ? ORDER BY position DESC LIMIT 1",
                (str(dialogue_id), FORMAT, as_of),
            )
        if row is None:
            return None
        dialogue = self._restored(bytes(row["dialogue"]), bytes(row["ids"]))
        header = json.loads(row["header"])
        kept = Lines(header["lengths"], header["ends"], bytes(row["entries"]))
        position = int(row["position"])
        at = Standing.of(dialogue)
        return Folded(
            position,
            int(row["count"]),
            {dialogue_id: dialogue},
            kept,
            header["tally"],
            header["facts"],
            position,
            header["contributions"],
            at,
        )

    def restore(self, dialogue_id: UUID, folded: Folded, part_ids: Iterable[UUID]) -> None:
        """Put these parts, as they stood at the snapshot ``folded`` starts from, among its aggregates,
        and their entries there in ``folded.before``."""
        parts = self.parts(dialogue_id, part_ids, folded.since)
        folded.before.extend(entries_of(parts.values()))
        folded.aggregates.update(parts)

    def tally(self, dialogue_id: UUID, folded: Folded) -> dict[str, int]:
        """The tally of the parts of the dialogue ``folded``: the snapshot's, less the entries there of
        the parts folded since and of the proposals whose standing moved, plus their entries now."""
        return tally_now(dialogue_id, folded, self)

    def parts(self, dialogue_id: UUID, part_ids: Iterable[UUID], position: int) -> dict[UUID, Aggregate]:
        """These parts as they stood at the snapshot at ``position`` (those it held)."""
        wanted = [part_id.hex for part_id in part_ids]
        states: dict[str, bytes] = {}
        with self.store.transaction(commit=False) as sql:
            for start in range(0, len(wanted), CHUNK):
                chunk = wanted[start : start + CHUNK]
                rows = sql.all(
                    f"SELECT part_id, state FROM {PARTS} WHERE dialogue_id = ?"  # noqa: S608
                    f" AND part_id IN ({','.join('?' * len(chunk))}) AND position <= ? ORDER BY position",
                    [str(dialogue_id), *chunk, position],
                )
                states.update((row["part_id"], bytes(row["state"])) for row in rows)  # the latest last
        found = (self._restored(state) for state in states.values())
        return {aggregate.id: aggregate for aggregate in found}

    def save(self, dialogue_id: UUID, folded: Folded, contributions: int) -> None:
        """Keep the dialogue at ``folded.position``, its shown parts' entries, its ``contributions``
        there and the parts changed since (once per position)."""
        dialogue: Any = folded.aggregates[dialogue_id]
        lengths, ends, blob = Lines.packed(
            {kind: self.lines(dialogue.parts.get(kind, []), kind, folded) for kind in SHOWN}
        )
        header = {
            "lengths": lengths,
            "ends": ends,
            "tally": tally_now(dialogue_id, folded, self),
            "facts": facts_now(dialogue_id, folded),
            "contributions": contributions,
        }
        indexed = {part_id for part_id in shown_parts(dialogue) if part_id in folded.aggregates}
        changed = [(part_id, folded.aggregates[part_id]) for part_id in folded.changed & indexed]
        where = (str(dialogue_id), folded.position)
        ids = bytearray()
        kept = self._kept(dialogue, ids)
        with self.store.transaction(commit=True) as sql:
            sql.executemany(
                f"INSERT INTO {PARTS} (dialogue_id, part_id, position, state) VALUES (?, ?, ?, ?)"  # noqa: S608
                " ON CONFLICT (dialogue_id, part_id, position) DO NOTHING",
                [(where[0], part_id.hex, where[1], self._kept(part)) for part_id, part in changed],
            )
            sql.execute(
                f"INSERT INTO {TABLE} (dialogue_id, position, format, count, dialogue, ids, header, entries)"  # noqa: S608
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dialogue_id, position) DO UPDATE SET"
                " format = excluded.format, count = excluded.count, dialogue = excluded.dialogue,"
                " ids = excluded.ids, header = excluded.header, entries = excluded.entries"
                f" WHERE {TABLE}.format <> excluded.format",
                (*where, FORMAT, folded.count, kept, bytes(ids), dumped(header), blob),
            )
        folded.changed -= indexed

    @staticmethod
    def lines(part_ids: list[UUID], kind: str, folded: Folded) -> list[str]:
        """The entries of these parts of ``kind`` as JSON text: made from the parts folded, else kept."""
        kept = folded.kept
        found = ((index, folded.aggregates.get(part_id)) for index, part_id in enumerate(part_ids))
        return [
            (kept.line(kind, index) or "null") if part is None else dumped(entry(kind, part))
            for index, part in found
        ]

    def _kept(self, aggregate: Aggregate, ids: bytearray | None = None) -> bytes:
        """The aggregate as a ``Snapshot``'s state and its enums' classes, transcoded and compressed;
        its lists of ids by name (a dialogue's index of its parts, thousands of ids: as JSON objects,
        decoding them cost most of a dialogue's) appended to ``ids``, 16 bytes each, their lengths
        kept in their place, or without ``ids`` (a part's row) as one text of their hex digits each."""
        taken = vars(Snapshot.take(aggregate))
        state = taken["state"] = dict(taken["state"])
        enums = {name: get_topic(type(v)) for name, v in state.items() if isinstance(v, Enum)}
        packed = [name for name, value in state.items() if ids_by_name(value)]
        for name in packed:
            if ids is None:
                state[name] = {key: "".join(i.hex for i in found) for key, found in state[name].items()}
                continue
            ids += b"".join(i.bytes for found in state[name].values() for i in found)
            state[name] = {key: len(found) for key, found in state[name].items()}
        return zlib.compress(self.mapper.transcoder.encode([taken, enums, packed]), 1)

    def _restored(self, state: bytes, ids: bytes = b"") -> Any:
        """The aggregate ``_kept`` gave ``state`` (and ``ids``) of (a part kept before ids were packed:
        no ``packed``)."""
        text = zlib.decompress(state)
        taken, enums, *packed = self.read(text.decode()) if self.read else self.mapper.transcoder.decode(text)
        found = taken["state"]
        for name, topic in enums.items():
            found[name] = resolve_topic(topic)(found[name])
        start = 0
        for name in packed[0] if packed else ():
            lists = found[name]
            for key, value in lists.items():
                if type(value) is str:
                    lists[key] = unpacked(value)
                else:
                    lists[key], start = unpacked(ids[start : start + 16 * value]), start + 16 * value
        return Snapshot(**taken).mutate(None)


def ids_by_name(value: Any) -> bool:
    """Whether ``value`` is a dict of lists of ids by text (``_kept`` packs them)."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(type(key) is str and type(ids) is list for key, ids in value.items())
        and all(type(i) is UUID for ids in value.values() for i in ids)
    )


_LISTS: dict[str | bytes, tuple[Any, list[UUID]]] = {}
"""The longest list of ids ``unpacked`` made, by its first id: a dialogue's index of the parts of a
kind only grows, so the lists its snapshots pack start alike, and one list serves them all."""
KEPT_LISTS = 1_000


def unpacked(packed: str | bytes) -> list[UUID]:
    """The ids ``_kept`` packed in ``packed`` (hex digits, or 16 bytes each): those of a list made
    before with the same start (a new list: sliced, or extended), the others made."""
    global _LISTS  # one dict, replaced at once: safe between threads
    width = 32 if isinstance(packed, str) else 16
    made = _LISTS.get(packed[:width])
    if made is not None and made[0].startswith(packed):
        return made[1][: len(packed) // width]
    ids = made[1] if made is not None and packed.startswith(made[0]) else []
    starts = range(len(ids) * width, len(packed), width)
    if isinstance(packed, str):
        ids = [*ids, *(IDS(packed[at : at + 32]) for at in starts)]
    else:  # a snapshot's thousands of ids: made, not remembered (a replay compares them by number)
        ids = [*ids, *(uuid_of(int.from_bytes(packed[at : at + 16])) for at in starts)]
    if len(_LISTS) >= KEPT_LISTS:
        _LISTS = {}
    _LISTS[packed[:width]] = (packed, ids)
    return ids[:]


def dumped(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def tally_now(dialogue_id: UUID, folded: Folded, snapshots: ReplaySnapshots | None) -> dict[str, int]:
    """See ``ReplaySnapshots.tally``; from zero (no snapshot), the tally of every part folded."""
    now = Standing.of(folded.aggregates[dialogue_id])  # type: ignore[arg-type]
    before = list(folded.before)
    after = entries_of(part for part_id, part in folded.aggregates.items() if part_id != dialogue_id)
    if folded.standing is not None and snapshots is not None:
        moved = {UUID(text) for text in folded.standing.moved(now)} - folded.aggregates.keys()
        unchanged = entries_of(snapshots.parts(dialogue_id, moved, folded.since).values())
        before += unchanged
        after += unchanged
    return retally(folded.tally, before, folded.standing, after, now)


def facts_now(dialogue_id: UUID, folded: Folded) -> Facts:
    """The facts of the parts of the dialogue ``folded`` for its exit indicators: the snapshot's, less
    the entries there of the parts folded since, plus their entries now (from zero, those of every part)."""
    return refact(
        folded.facts, folded.before, entries_of(p for i, p in folded.aggregates.items() if i != dialogue_id)
    )
