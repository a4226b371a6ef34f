"""The aggregates this process read last (dialogues, accounts), brought up to date at every read.

Every act authorises against its dialogue. Replaying the dialogue at each act
cost a query and the decoding of all its events (442 at 10,000 acts: 12.7 ms);
here a read asks the store only for the events after the cached version (one
query, which usually finds none) and hands out the cached dialogue itself.

Correctness: a read is never older than the store at its start, whatever other
processes wrote, so a cached dialogue refuses what the store's would (a role
revoked elsewhere refuses the next act). An act may take the kept dialogue
without asking (``fresh=False``): its save then checks the dialogue's version
(``application.guarded_recorder``). A cached dialogue is shared by the
threads and never changed in place: new events are applied to a copy, which
replaces it; an act that changes the dialogue changes a ``private`` copy, kept
(``keep``) once saved. A copy that fails to save is dropped, and the act reads
again: the optimistic concurrency check of the save, not the cache, decides.

Why not the library's cache (``AGGREGATE_CACHE_MAXSIZE``): it deep-copies the
dialogue at every read (4 ms at 442 events, the cost it should save), and
takes that copy outside the lock under which another thread fast-forwards the
same object in place: a torn copy (roles of one version, version number of
another) could authorise an act. Nor the library's snapshots: a read from a
snapshot still decodes the whole state (1.4 ms at 442 events) in two queries.

The parts an act changes (``PARTS`` of them) are kept too: the act reads its
dialogue's and its part's new events in one query (``read_together``) and
changes a ``private`` copy of the part; its save inserts the part's next
version, which the store refuses if another process took it meanwhile.

The accounts are kept the same way (``ACCOUNTS`` of them): every request reads
its account, and a disabled account or a platform role taken back through any
process shows at the next read.
"""

import pickle
from collections import OrderedDict
from collections.abc import Callable, Sequence
from threading import Lock
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import EventStore

SIZE = 100
"""Dialogues kept per process (the least recently read goes first): about 100 KB each at 10,000 acts."""
PARTS = 10_000
"""Parts of dialogues kept per process, those acts changed last (a contribution: about 2 KB)."""
ACCOUNTS = 10_000
"""Accounts kept per process: a few events each, about 2 KB."""

AggregateT = TypeVar("AggregateT", bound=Aggregate)
Replay = Callable[[Aggregate | None, list[Any]], Aggregate]


def private(aggregate: AggregateT) -> AggregateT:
    """A deep copy for one thread to change (pickle: twice as fast as ``copy.deepcopy``)."""
    copy: AggregateT = pickle.loads(pickle.dumps(aggregate, pickle.HIGHEST_PROTOCOL))  # noqa: S301  # nosec B301  # our own bytes
    return copy


class AggregateCache:
    """Shared, read-only aggregates, each fast-forwarded from ``events`` when read."""

    def __init__(
        self, events: EventStore[UUID], load: Callable[[UUID], Aggregate], replay: Replay, size: int = SIZE
    ):
        self.events = events
        self.load = load
        self.replay = replay
        self.size = size
        self.lock = Lock()
        self.kept: OrderedDict[UUID, Aggregate] = OrderedDict()

    def get(self, aggregate_id: UUID, *, fresh: bool = True) -> Aggregate:
        """The aggregate as the store holds it now; not to be changed (see ``private``).

        ``fresh=False``: the one kept, as it was last read or saved, without asking the store.
        """
        with self.lock:
            cached = self.kept.get(aggregate_id)
        if cached is not None and not fresh:
            return cached
        if cached is None:
            aggregate = self.load(aggregate_id)
        else:
            new = list(self.events.get(originator_id=aggregate_id, gt=cached.version))
            if not new:
                return cached
            aggregate = self.replay(private(cached), new)
        self.keep(aggregate)
        return aggregate

    def keep(self, aggregate: Aggregate) -> None:
        """Share ``aggregate`` (read or just saved) unless a later version is kept already."""
        with self.lock:
            cached = self.kept.get(aggregate.id)
            if cached is None or cached.version < aggregate.version:
                self.kept[aggregate.id] = aggregate
            self.kept.move_to_end(aggregate.id)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)

    def drop(self, aggregate_id: UUID) -> None:
        with self.lock:
            self.kept.pop(aggregate_id, None)


def read_together(
    events: EventStore[UUID], reads: Sequence[tuple[AggregateCache, UUID]]
) -> list[Aggregate | None]:
    """Each read's aggregate as the store holds it now (None: no such aggregate), all in one query:
    the events after each kept version, all of them for one not kept. Not kept: the caller keeps
    what it uses (``keep``)."""
    return read_beside(events, reads, None)[1]


def read_beside(
    events: EventStore[UUID],
    reads: Sequence[tuple[AggregateCache, UUID]],
    beside: tuple[str, Sequence[Any]] | None,
) -> tuple[Any, list[Aggregate | None]]:
    """``beside``'s first row (a query of a side table; None runs none) and :func:`read_together`'s
    aggregates, in one read (SQLite: one transaction; PostgreSQL: one connection)."""
    with_kept = []
    for cache, aggregate_id in reads:
        with cache.lock:
            with_kept.append((cache, aggregate_id, cache.kept.get(aggregate_id)))
    after = [(aggregate_id, 0 if kept is None else kept.version) for _, aggregate_id, kept in with_kept]
    new: dict[UUID, list[Any]] = {}
    row, stored = events.recorder.select_row_and_events_after(beside, after)  # type: ignore[attr-defined]
    for each in stored:
        event = events.mapper.to_domain_event(each)
        new.setdefault(event.originator_id, []).append(event)
    return row, [
        kept
        if aggregate_id not in new
        else cache.replay(None if kept is None else private(kept), new[aggregate_id])
        for cache, aggregate_id, kept in with_kept
    ]
