"""Rebuilding the projections of a SQLite file or of PostgreSQL in several processes, side by side on
several cores.

The projections are shared into groups so that the costliest group costs
least (``share``): each projection's own ``cost``, plus decoding once the
events its projections want decoded (by their share of a busy log), plus,
for a group built elsewhere, starting its worker process and copying its
rows in (``Projection.copy_cost``). The runner's own process starts the
workers, empties the first group's tables while they start and rebuilds that
group in place at once, as a rebuild in one process does (a worker opening its runner adds no
index to those tables, which would then be kept up to date row by row, and
takes SQLite's one writer only if the store lacks a table: ``Opening``); on
SQLite it writes through a connection of its own that does not wait for the
disk (``FileStore``). Each other group is built by a worker process from the
log into a scratch SQLite file of its own: SQLite has one writer at a time, and
this way no process waits for another. Once all are done, the workers' tables
and positions are swapped into the store in one transaction (``INSERT ...
SELECT`` from the attached scratch files, inside SQLite); the runner then
catches up from there. From the build to the end of the swap, a thread copies
SQLite's write-ahead log into the database (``ProjectionStore.checkpointing``):
the swap's commit then copies its own pages only, not the whole build's.

Until that swap, readers and other runners see those groups' old read models,
kept up to date; a worker that fails leaves them so. Workers are started
with ``spawn`` (a forked child must not open the database its parent has
open); each opens a runner of its own with the runner's ``opener``, a
picklable callable.

On PostgreSQL, which takes many writers, every group is built in place at the
same time: the runner's process empties all the groups' tables and starts the
workers, then each process builds its group from the log and makes its indexes
(a batch locks its own projections' rows of the tracking table only). Readers
see the tables emptied, as in a rebuild in one process; a worker that fails
leaves its projections where it stopped, to the next runner.
"""

import logging
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import types
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, NoReturn

from projections.collector import collecting_between_batches
from projections.projection import Projection, index_and_key
from projections.store import ProjectionStore, Sql
from projections.tracking import TRACKING, Opener, Opening, Progress, Runner

DECODE_COST = 8
"""Decoding one event, in the unit of ``Projection.cost`` (microseconds of CPU per event of the log)."""
BUSY_LOG = {
    "ContributionEndorsed": 0.37,
    "ContributionPosted": 0.25,
    "ProposalEndorsed": 0.18,
    "ContributionClustered": 0.05,
}
"""The share of a busy log each of its most frequent events takes (``bench/workload.py``)."""
OTHER_EVENT = 0.002
"""The share of any other event (the rest of the log, about a tenth, over the many other classes)."""
START_SECONDS = 0.5
"""Starting a worker process (its imports, its runner)."""


def decoded_share(group: Sequence[Projection]) -> float:
    """The share of a busy log that ``group`` decodes: the events one of its projections wants decoded
    (each decoded once for the group)."""
    names = {
        name
        for projection in group
        if not projection.raw_notifications
        for name in projection.handlers
        if not projection.handles_stored(name)
    }
    return sum(BUSY_LOG.get(name, OTHER_EVENT) for name in names)


def group_cost(group: Sequence[Projection], events: int, *, here: bool) -> float:
    """The CPU a group takes to build from ``events`` events, in microseconds per event: elsewhere,
    starting its worker and copying its rows in at the swap, once the workers are done."""
    cost = sum(p.cost for p in group) + DECODE_COST * decoded_share(group)
    if here:
        return cost
    return cost + sum(p.copy_cost for p in group) + START_SECONDS * 1e6 / max(events, 1)


def share(projections: Sequence[Projection], workers: int, events: int = 1_000_000) -> list[list[Projection]]:
    """At most ``workers`` groups, the first built here, the others in worker processes, so that the
    costliest group costs least (and with as few processes as that allows)."""
    best: tuple[float, int, list[list[Projection]]] | None = None
    for partition in _partitions(list(projections)):
        if len(partition) > max(1, workers):
            continue
        for index, here in enumerate(partition):
            groups = [here, *partition[:index], *partition[index + 1 :]]
            costs = [group_cost(group, events, here=number == 0) for number, group in enumerate(groups)]
            candidate = (max(costs), len(groups), groups)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
    return best[2] if best else [[]]


def _partitions(items: list[Projection]) -> Iterator[list[list[Projection]]]:
    """Every way of sharing ``items`` into groups (few: a handful of projections)."""
    if not items:
        yield []
        return
    first, *rest = items
    for partition in _partitions(rest):
        for index, group in enumerate(partition):
            yield [*partition[:index], [first, *group], *partition[index + 1 :]]
        yield [[first], *partition]


class FileStore(ProjectionStore):
    """A SQLite file on a connection of its own that does not wait for the disk (``synchronous = OFF``).

    ``scratch``: a worker's throw-away file, without a journal (a worker that dies leaves nothing to
    keep). Otherwise the store's own file, in WAL mode, for the command's process to rebuild its group
    in: its read models are derived data. A crash of the machine may lose the last batches committed,
    never corrupt the file, as long as the write-ahead log is copied into the database by a connection
    that syncs: this one runs no checkpoint (``wal_autocheckpoint = 0``), the runner's store's
    ``checkpointing`` thread does. Each batch writes its read models' positions in the transaction of
    their rows: a batch lost is read from the log again.
    """

    def __init__(self, path: Path, *, scratch: bool):
        self.postgres = False
        self.connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.connection.row_factory = sqlite3.Row
        self.connection.execute("PRAGMA journal_mode = OFF" if scratch else "PRAGMA wal_autocheckpoint = 0")
        self.connection.execute("PRAGMA synchronous = OFF")

    @contextmanager
    def transaction(self, *, commit: bool, batch: bool = False) -> Iterator[Sql]:
        cursor = self.connection.cursor()
        cursor.execute("BEGIN")
        try:
            yield Sql(cursor, postgres=False)
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT" if commit else "ROLLBACK")

    @contextmanager
    def checkpointing(self, every: float = 0.05) -> Iterator[None]:
        yield  # none here (see above)


OPENING = -1
"""A worker's position until its runner is open."""


def _build(opener: Opener, names: list[str], scratch: Path, reached: Any) -> None:
    """In a worker: build the named projections from the whole log into ``scratch``."""

    def report(position: int, _head: int) -> None:
        reached.value = position

    Opening.in_rebuild_worker = True
    store = FileStore(scratch, scratch=True)
    with opener() as source, closing(store.connection):
        report(0, 0)
        group = [source.projections[name] for name in names]
        runner = source.of(group, store)
        runner.reset(group)
        with collecting_between_batches() as collect:
            runner.catch_up(report, collect)
        with store.transaction(commit=True) as sql:
            for projection in group:  # the swap copies them as they are, with the rows
                Projection.create_indexes(projection, sql)
    _leave()


def _build_in_place(opener: Opener, names: list[str], reached: Any) -> None:
    """In a worker, on PostgreSQL: build the named projections, their tables emptied, from the whole
    log in place, then their indexes."""

    def report(position: int, _head: int) -> None:
        reached.value = position

    Opening.in_rebuild_worker = True
    with opener() as source:
        group = [source.projections[name] for name in names]
        runner = source.of(group)
        report(0, 0)
        with collecting_between_batches() as collect:
            runner.catch_up(report, collect)
        with runner.store.transaction(commit=True) as sql:
            index_and_key(sql, group)
    _leave()


def _leave() -> NoReturn:
    """End a worker whose work is committed and its connections closed, without tearing its
    interpreter down (its memory, its modules: a few tenths of a second the rebuild would wait for),
    as a forked child of ``multiprocessing`` does."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def rebuild_in_workers(runner: Runner, groups: list[list[Projection]], progress: Progress | None) -> None:
    """Build the first group here, in place, and each other one in a worker process: on SQLite
    into a scratch file, then swapped in; on PostgreSQL in place, at the same time."""
    assert runner.opener is not None
    here, *elsewhere = groups
    names = [[p.name for p in group] for group in elsewhere]
    if runner.store.postgres:
        in_place = [(_build_in_place, (runner.opener, group)) for group in names]
        _run(runner, runner.store, here, in_place, progress, groups)
        return
    database = Path(runner.store.datastore.pool.db_name)
    with tempfile.TemporaryDirectory(prefix="rebuild-", dir=database.parent) as folder:
        scratches = [Path(folder) / f"group-{index}.sqlite3" for index in range(len(elsewhere))]
        jobs = [
            (_build, (runner.opener, group, scratch)) for group, scratch in zip(names, scratches, strict=True)
        ]
        store = FileStore(database, scratch=False)
        with closing(store.connection):
            _run(runner, store, here, jobs, progress, [here])
        with runner.store.checkpointing():  # what is written so far copied in while the swap writes more
            _swap(database, list(zip(elsewhere, scratches, strict=True)))


def _run(
    runner: Runner,
    store: ProjectionStore,
    here: list[Projection],
    jobs: list[tuple[Callable[..., None], tuple[Any, ...]]],
    progress: Progress | None,
    emptied: list[list[Projection]],
) -> None:
    """Start a worker process for each job (its function, its first arguments, then its position),
    empty the ``emptied`` groups (on PostgreSQL before the workers start, which write them), build
    ``here`` into ``store`` with its indexes meanwhile, and wait for the workers; raises if one
    failed."""
    local = runner.of(here, store)  # opening it creates missing indexes: before the tables are emptied
    emptying = [projection for group in emptied for projection in group]
    if store.postgres:  # the workers write their emptied tables: emptied before they start
        runner.reset(emptying)
    context = multiprocessing.get_context("spawn")
    reached = [context.Value("q", OPENING, lock=False) for _ in jobs]
    main_needed = any(_from_main(args[0]) for _, args in jobs)
    workers = [
        context.Process(target=target, args=(*args, value), name=f"rebuild {', '.join(args[1])}")
        for (target, args), value in zip(jobs, reached, strict=True)
    ]
    with _main_left_out(unless=main_needed):
        for worker in workers:
            worker.start()

    def report(position: int, head: int) -> None:
        if progress is not None:
            progress(max(0, min(position, *(value.value for value in reached))), head)

    try:
        if not store.postgres:  # while the workers start (dropping filled tables takes a while)
            runner.reset(emptying)
        with runner.store.checkpointing(), collecting_between_batches() as collect:
            local.catch_up(report, collect)
            with store.transaction(commit=True) as sql:
                index_and_key(sql, here)  # while the workers may still be at work
            head = local.head()  # the log copied into the database while they end
            for worker in workers:
                while worker.is_alive():
                    worker.join(0.1)  # returns as the worker ends
                    report(head, head)
    except BaseException:
        for worker in workers:
            worker.terminate()
        raise
    finally:
        for worker in workers:
            worker.join()
    failed = [worker.name for worker in workers if worker.exitcode != 0]
    if failed:
        raise RuntimeError(f"the rebuild failed in its workers ({'; '.join(failed)})")
    report(head, head)


def _from_main(opener: Opener) -> bool:
    """Whether ``opener`` (or the function it is a ``partial`` of) is defined in the main module."""
    function = getattr(opener, "func", opener)
    return getattr(function, "__module__", "__main__") == "__main__"


@contextmanager
def _main_left_out(*, unless: bool) -> Iterator[None]:
    """While starting workers, the main module out of sight: ``spawn`` otherwise runs it again in each
    worker (as ``__mp_main__``), in case what is pickled for the worker comes from it. A worker's
    function and opener come from modules of their own, imported by name, and the main module
    imports more than a worker needs (the ``dialogue`` command: the whole command line, about
    0.5 s of CPU before the worker reads an event; a bench: the web application). ``unless``: the
    opener is the main module's, which the worker must then run."""
    main = sys.modules["__main__"]
    if not unless:
        sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _swap(database: Path, built: list[tuple[list[Projection], Path]]) -> None:
    """Replace the projections' tables and positions by the workers' ones, with their indexes, in one
    transaction."""
    connection = sqlite3.connect(database, isolation_level=None, timeout=30)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA synchronous = OFF")  # as ``FileStore``: lost in a crash, never corrupt
    try:
        for index, (_, scratch) in enumerate(built):
            connection.execute(f"ATTACH DATABASE ? AS scratch{index}", (str(scratch),))
        sql = Sql(connection.cursor(), postgres=False)
        sql.execute("BEGIN IMMEDIATE")
        try:
            for index, (group, _) in enumerate(built):
                source = f"scratch{index}"
                for projection in group:
                    projection.drop(sql)
                    projection.create(sql, indexes=False)
                    Projection.create_indexes(projection, sql)  # empty: filled by the copy, as the worker's
                    for table in projection.tables:
                        if table in projection.kept_tables:
                            found = sql.all(f"PRAGMA {source}.table_info({table})")
                            columns = ", ".join(row["name"] for row in found)
                            statement = f"INSERT OR IGNORE INTO main.{table} ({columns}) SELECT {columns}"
                        else:  # into an empty table of the same definition and indexes: copied as is
                            statement = f"INSERT INTO main.{table} SELECT *"
                        sql.execute(f"{statement} FROM {source}.{table}")
                    projection.create_indexes(sql)  # swapped in whole: the search's index filled
                    sql.execute(
                        f"UPDATE main.{TRACKING} SET position ="  # noqa: S608
                        f" (SELECT position FROM {source}.{TRACKING} WHERE name = ?) WHERE name = ?",
                        (projection.name, projection.name),
                    )
            sql.execute("COMMIT")
        except BaseException:
            sql.execute("ROLLBACK")
            raise
    finally:
        connection.close()
