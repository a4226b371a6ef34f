"""Replay: a dialogue as it stood at a past position of the log, folded from its own events.

Independent of the projection tables: the events of the dialogue and of its
parts, up to the chosen position, are read from the event store and folded
into the real domain aggregates (``event.mutate``), then described
(``projections.replay_view``) with the same ``describe`` as the ``stage``
read model, so that both give the same view.

Only the aggregates of the dialogue and of the parts the view shows are read,
each through the store's index on its id, so the cost follows the size of the
dialogue, not of the log. A replay starts from the dialogue's last snapshot
before the position, if any (``replay_snapshots``: the dialogue, what the
view shows of each part and the tally), folds only the parts the events since
touch, and takes snapshots as it folds; shown a page at a time, it decodes
only the entries of its pages and of the parts the exit indicators look at. Contributions, which
the dialogue does not index (many are posted at once), are counted by the
application's index of contributions when one is given, else by reading every
``ContributionPosted`` up to the position. ``spacing=None`` and no index: the
replay trusts no derived table and folds everything from zero.

Positions are meant at the end of an act: an act that creates a part records
the part's creation and its indexing in the dialogue in one transaction, and
a position between the two shows the dialogue as before that act.
"""

from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time
from operator import attrgetter, itemgetter
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.contribution import Contribution
from domain.dialogue import Dialogue
from domain.errors import CodedError
from projections.decoding import event_decoder
from projections.replay_snapshots import IDS, SPACING, Folded, ReplaySnapshots, facts_now, tally_now
from projections.replay_view import PAGE_SIZE, SHOWN, DialogueAt, shown_parts
from projections.store import ProjectionStore, Sql

CHUNK = 500
"""Aggregate ids per query, and contribution events per batch."""
SCAN = 2
"""A stretch of the log up to ``SCAN`` times as long as the ids asked for is read whole, then filtered:
one range of the position's index, cheaper than a look-up per id (a replay from a near snapshot)."""

NUMBER = attrgetter("int")
"""A UUID's number."""
CONTRIBUTION = get_topic(Contribution) + "."
"""The topics of a contribution's events start so."""
PART_ATTACHED = Dialogue.PartAttached  # type: ignore[attr-defined]  # made by eventsourcing's @event


class ReplayError(CodedError, ValueError):
    """A replay that cannot be done as asked: the message says why in English, ``code`` and ``params`` too."""


class EventReader:
    """Reads stored events of given aggregates up to a position of the log, with their positions.

    The library's recorder reads one aggregate's events by version, without
    their positions; this reads them by position on the same table and index.
    """

    def __init__(self, recorder: Any, mapper: Any):
        self.recorder = recorder
        self.mapper = mapper
        self.decode = event_decoder(mapper, IDS)
        self.store = ProjectionStore(recorder.datastore)
        self.table = recorder.events_table_name
        self.position = "notification_id" if self.store.postgres else "rowid"
        self.columns = f"{self.position} AS position, originator_id, originator_version, topic, state"

    def head(self) -> int:
        return int(self.recorder.max_notification_id() or 0)

    def events(
        self,
        originator_ids: Iterable[UUID],
        as_of: int,
        after: int = 0,
        *,
        numbers: Container[int] | None = None,
        parts: bool = False,
    ) -> list[tuple[int, Any]]:
        """The domain events of these aggregates at positions in (``after``, ``as_of``], in log order
        (``numbers``: their ids' numbers, if made already; ``parts``: none is a contribution)."""
        listed = list(originator_ids)
        found: list[tuple[int, Any]] = []
        with self.store.transaction(commit=False) as sql:
            if listed and as_of - after <= SCAN * len(listed):
                numbers = set(map(NUMBER, listed)) if numbers is None else numbers  # an int hashes in C
                found.extend(self._scan(sql, numbers, after, as_of, parts))
            else:
                for start in range(0, len(listed), CHUNK):
                    found.extend(self._select(sql, listed[start : start + CHUNK], after, as_of))
        found.sort(key=itemgetter(0))
        return found

    def _scan(
        self, sql: Sql, ids: Container[int], after: int, as_of: int, parts: bool
    ) -> Iterator[tuple[int, Any]]:
        """``events``, by reading the whole stretch of the log (``ids``: the aggregates' ids' numbers):
        the aggregate of each row (with ``parts``, but the contributions': most rows, left out by the
        database), then the rows of these aggregates whole."""
        statement = (
            f"SELECT {self.position} AS position, originator_id FROM {self.table}"  # noqa: S608
            f" WHERE {self.position} > ? AND {self.position} <= ?"
        )
        params: list[Any] = [after, as_of]
        if parts:
            statement += " AND substr(topic, 1, ?) <> ?"
            params += [len(CONTRIBUTION), CONTRIBUTION]
        wanted = []
        for row in sql.rows(statement, params):
            originator_id = row["originator_id"]
            if (originator_id if isinstance(originator_id, UUID) else IDS(originator_id)).int in ids:
                wanted.append(int(row["position"]))
        return self._at(sql, wanted)

    def _at(self, sql: Sql, positions: Sequence[int]) -> Iterator[tuple[int, Any]]:
        """The domain events recorded at these positions, with their positions."""
        for start in range(0, len(positions), CHUNK):
            chunk = positions[start : start + CHUNK]
            statement = (
                f"SELECT {self.columns} FROM {self.table}"  # noqa: S608
                f" WHERE {self.position} IN ({','.join('?' * len(chunk))})"
            )
            for row in sql.rows(statement, chunk):
                yield int(row["position"]), self._decoded(row)

    def _select(self, sql: Sql, ids: Sequence[UUID], after: int, as_of: int) -> Iterator[tuple[int, Any]]:
        params: list[Any]
        if self.store.postgres:
            where, params = "originator_id = ANY(?)", [list(ids)]
        else:
            where, params = f"originator_id IN ({','.join('?' * len(ids))})", [i.hex for i in ids]
        statement = (
            f"SELECT {self.columns} FROM {self.table} WHERE {where}"  # noqa: S608
            f" AND {self.position} > ? AND {self.position} <= ?"
        )
        for row in sql.rows(statement, [*params, after, as_of]):
            yield int(row["position"]), self._decoded(row)

    def _decoded(self, row: Any) -> Any:
        """The domain event of a row of the events table."""
        originator_id = row["originator_id"]
        stored = StoredEvent(
            originator_id=originator_id if isinstance(originator_id, UUID) else IDS(str(originator_id)),
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=bytes(row["state"]),
        )
        return self.decode(stored)

    def at(self, positions: Iterable[int]) -> dict[int, Any]:
        """The domain events recorded at these positions, by position (a page of the audit trail)."""
        with self.store.transaction(commit=False) as sql:
            return dict(self._at(sql, sorted(set(positions))))

    def created_with_topic(self, topic: str, as_of: int, after: int = 0) -> Iterator[Any]:
        """Every event of ``topic`` at positions in (``after``, ``as_of``] (whatever its aggregate)."""
        start = after + 1
        while batch := self.recorder.select_notifications(start, CHUNK, stop=as_of, topics=[topic]):
            for notification in batch:
                yield self.mapper.to_domain_event(notification)
            start = batch[-1].id + 1

    def last_at_or_before(self, position: int) -> Any | None:
        """The event recorded last at a position <= ``position``, or None."""
        statement = (
            f"SELECT {self.columns} FROM {self.table}"  # noqa: S608
            f" WHERE {self.position} <= ? ORDER BY {self.position} DESC LIMIT 1"
        )
        with self.store.transaction(commit=False) as sql:
            row = sql.one(statement, [position])
        return None if row is None else self._decoded(row)


def fold(events: Iterable[tuple[int, Any]]) -> dict[UUID, Aggregate]:
    """Each aggregate as its events (in log order) leave it."""
    aggregates: dict[UUID, Aggregate] = {}
    for _, event in events:
        aggregates[event.originator_id] = event.mutate(aggregates.get(event.originator_id))
    return aggregates


def check_position(as_of: Any, head: int) -> int:
    if isinstance(as_of, bool) or not isinstance(as_of, int):
        msg = f"a position is a whole number, not {as_of!r}"
        raise ReplayError(msg, code="not-a-number", params={"text": as_of})
    if head == 0:
        raise ReplayError("the log is empty: nothing to replay", code="empty-log")
    if not 1 <= as_of <= head:
        msg = f"position {as_of} is outside the log: positions go from 1 to {head}"
        raise ReplayError(msg, code="outside-the-log", params={"position": as_of, "head": head})
    return as_of


class ContributionCount(Protocol):
    def count(self, dialogue_id: UUID, as_of: int, after: int = 0) -> int:
        """How many contributions the dialogue had at position ``as_of``, or posted since ``after``."""
        ...


class ScannedContributions:
    """Counts contributions by reading every ``ContributionPosted`` up to the position."""

    def __init__(self, reader: EventReader):
        self.reader = reader

    def count(self, dialogue_id: UUID, as_of: int, after: int = 0) -> int:
        posted = get_topic(Contribution.ContributionPosted)
        found = self.reader.created_with_topic(posted, as_of, after)
        return sum(1 for e in found if e.dialogue_id == dialogue_id)


def fold_dialogue(
    reader: EventReader,
    dialogue_id: UUID,
    as_of: int,
    snapshots: ReplaySnapshots | None,
    contributions: ContributionCount | None = None,
) -> Folded:
    """The dialogue and its shown parts at ``as_of``, folded on from its last snapshot before (or from zero).

    From a snapshot, only the parts that the events since touch are read from
    it and folded (``Folded.aggregates``); the others keep their entries there.
    The events are folded in log order, so that a snapshot can be taken after
    any of them. Those counted towards the next snapshot are the dialogue's and
    those of the shown parts it indexes by then: the same, whatever position
    the replay goes to, so replays agree on where snapshots are due. A snapshot keeps the count of
    contributions at its position too: its snapshot's and those posted since (``contributions``, by
    default a scan of that stretch of the log).
    """
    folded = (snapshots.latest(dialogue_id, as_of) if snapshots else None) or Folded()
    after = folded.position
    base = folded.aggregates.get(dialogue_id)
    known = shown_parts(base) if isinstance(base, Dialogue) else []
    counted = {dialogue_id.int, *map(NUMBER, known)}
    since = reader.events([dialogue_id, *known], as_of, after, numbers=counted, parts=True)
    attached = [e.part_id for _, e in since if isinstance(e, PART_ATTACHED) and e.kind in SHOWN]
    events = [*since, *reader.events(attached, as_of, parts=True)]
    events.sort(key=itemgetter(0))
    if snapshots and after:
        touched = {event.originator_id for _, event in events} - {dialogue_id}
        snapshots.restore(dialogue_id, folded, touched)
    last = folded.count
    posted = (folded.since, folded.contributions)  # the contributions up to a position
    for position, event in events:
        folded.aggregates[event.originator_id] = event.mutate(folded.aggregates.get(event.originator_id))
        folded.changed.add(event.originator_id)
        if isinstance(event, PART_ATTACHED):
            counted.add(event.part_id.int)
        if event.originator_id.int not in counted:
            continue
        folded.position, folded.count = position, folded.count + 1
        if snapshots and snapshots.due(folded, last) and isinstance(folded.aggregates[dialogue_id], Dialogue):
            counter = contributions or ScannedContributions(reader)
            posted = (folded.position, posted[1] + counter.count(dialogue_id, folded.position, posted[0]))
            snapshots.save(dialogue_id, folded, posted[1])
            last = folded.count
    return folded


def replay(
    recorder: Any,
    mapper: Any,
    dialogue_id: UUID,
    as_of: int,
    *,
    contributions: ContributionCount | None = None,
    spacing: int | None = SPACING,
    pages: Mapping[str, int] | None = None,
    size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """The dialogue as it stood at position ``as_of`` of the log.

    The stage view (``describe``, as the ``stage`` read model gives it), plus
    its instances and members, proposals and their status, decisions and
    actions: the whole lists, or with ``pages`` page ``pages[name]`` (1 by
    default) of each (``replay_view.PAGED``), newest first, and their totals
    (``replay_view.DialogueAt.describe``). ReplayError if the position is outside the log or the dialogue
    did not exist yet. ``contributions`` counts them (by default, a scan of
    the log); ``spacing`` is that of the snapshots, None for none.
    """
    reader = EventReader(recorder, mapper)
    head = reader.head()
    as_of = check_position(as_of, head)
    snapshots = None if spacing is None else ReplaySnapshots(reader.store, mapper, spacing=spacing)
    folded = fold_dialogue(reader, dialogue_id, as_of, snapshots, contributions)
    dialogue = folded.aggregates.get(dialogue_id)
    if not isinstance(dialogue, Dialogue):
        later = reader.events([dialogue_id], head)[:1]
        if later and isinstance(fold(later).get(dialogue_id), Dialogue):
            msg = f"dialogue {dialogue_id} was opened at position {later[0][0]}, after position {as_of}"
            raise ReplayError(msg, code="opened-later", params={"opened": later[0][0], "position": as_of})
        raise ReplayError(f"no dialogue {dialogue_id}", code="no-dialogue")
    since = (contributions or ScannedContributions(reader)).count(dialogue_id, as_of, folded.since)
    counted = folded.contributions + since
    last = reader.last_at_or_before(as_of)
    tally = tally_now(dialogue_id, folded, snapshots)
    facts = facts_now(dialogue_id, folded)
    at = DialogueAt(dialogue, folded.aggregates, folded.kept, tally, facts, counted)
    return {
        "as_of": as_of,
        "recorded_at": None if last is None else last.timestamp.isoformat(),
        **at.describe(pages, size),
    }


# --- time -> position -------------------------------------------------------


def parse_time(text: str) -> datetime:
    """An ISO 8601 date or date-time, as an aware UTC datetime.

    A time without offset is taken as UTC; a bare date means the end of that
    day ("as of 12 March" includes everything recorded on 12 March).
    """
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is neither a position nor an ISO 8601 time (2026-03-12 or 2026-03-12T18:30:00+01:00)"
        raise ReplayError(msg, code="not-a-time", params={"text": text}) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def position_at(recorder: Any, mapper: Any, when: datetime) -> int:
    """The last position recorded at or before ``when`` (0 if the log starts later).

    A binary search on the events' timestamps, taken as non-decreasing along
    the log (events saved at the same moment by concurrent writers may be a
    few milliseconds out of order; the answer is then one of them).
    """
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    low, high = 0, int(recorder.max_notification_id() or 0)
    while low < high:
        middle = (low + high + 1) // 2
        [notification] = recorder.select_notifications(middle, 1)
        if notification.id > high:
            high = middle - 1
        elif mapper.to_domain_event(notification).timestamp <= when:
            low = notification.id
        else:
            high = middle - 1
    return low


def as_of_position(recorder: Any, mapper: Any, text: str) -> int:
    """A position given as a number or as an ISO 8601 time (see ``parse_time``)."""
    text = text.strip()
    if text.lstrip("+-").isdigit():
        return int(text)
    position = position_at(recorder, mapper, parse_time(text))
    if position == 0:
        first = recorder.select_notifications(1, 1)
        if not first:
            msg = f"nothing was recorded at or before {text} (the log is empty)"
            raise ReplayError(msg, code="empty-log")
        since = mapper.to_domain_event(first[0]).timestamp.isoformat()
        msg = f"nothing was recorded at or before {text} (the first event was recorded at {since})"
        raise ReplayError(msg, code="before-the-log", params={"text": text, "first": since})
    return position


__all__ = [
    "EventReader",
    "ReplayError",
    "as_of_position",
    "fold",
    "parse_time",
    "position_at",
    "replay",
]
