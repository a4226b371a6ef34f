"""Rebuilds shared between processes: the tables of a rebuild in one process, heads kept, failures said."""

import sys
import time
from collections.abc import Iterator
from functools import partial
from multiprocessing import spawn
from pathlib import Path
from typing import Any

import pytest

from application.demo import record_demo
from application.dialogues import DialogueApp
from application.settings import persistence_env
from cli.store import open_projection_runner, projection_runner
from projections import parallel_rebuild
from projections import runner as runner_module
from projections.catalogue import all_projections
from projections.diagnosis import DiagnosisProjection
from projections.merkle_checkpoints import CHECKPOINTS
from projections.merkle_log import HEADS, KEYS
from projections.parallel_rebuild import BUSY_LOG, decoded_share, share
from projections.projection import Projection, on
from projections.runner import ProjectionRunner
from projections.store import Sql
from projections.tracking import Opening
from tests.projections.dump import projection_tables


def recorded_demo(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DialogueApp:
    """The demo dialogues on ``url``, heads signed with a key of the test's own; a rebuild of these
    few events shared between processes all the same."""
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "signing_key.pem"))  # the workers inherit it
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel_rebuild, "START_SECONDS", 0)  # a worker pays off, however few the events
    app = DialogueApp(persistence_env(url))
    record_demo(app)
    return app


@pytest.fixture
def demo(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DialogueApp]:
    """The demo on a SQLite file (``recorded_demo``)."""
    app = recorded_demo(sqlite_url, tmp_path, monkeypatch)
    yield app
    app.close()


@pytest.fixture
def caught_up(demo: DialogueApp, sqlite_url: str) -> ProjectionRunner:
    """Every read model of the demo, up to date."""
    runner = projection_runner(demo, 50, sqlite_url)
    runner.catch_up()
    return runner


def unopenable(app: DialogueApp) -> ProjectionRunner:
    """Every read model of ``app``, with an opener whose workers fail (their store can't be reached)."""
    opener = partial(open_projection_runner, "postgresql://nobody@127.0.0.1:1/none", 50)
    return ProjectionRunner(app.recorder, app.mapper, all_projections(), opener=opener)


def worker_tables(runner: ProjectionRunner) -> list[str]:
    """The tables that a rebuild in two processes builds in its worker."""
    return [table for p in share(list(runner.projections.values()), 2)[1] for table in p.tables]


def catalogue(runner: ProjectionRunner, postgres: str, sqlite: str) -> list[tuple[str, str]]:
    """(name, definition) of what the store's catalogue lists: ``postgres``'s query or ``sqlite``'s."""
    with runner.store.transaction(commit=False) as sql:
        found = sql.all(postgres if sql.postgres else sqlite)
    return sorted((row["name"], row["sql"] or "") for row in found)


def indexes_and_triggers(runner: ProjectionRunner) -> list[tuple[str, str]]:
    """The store's indexes (and on SQLite, triggers) by name, with their definitions."""
    return catalogue(
        runner,
        "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema()",
        "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')",
    )


def projection(name: str, cost: int, *, raw: bool, decoded: str = "ContributionPosted") -> Projection:
    """A projection of this cost: of raw notifications, or of the decoded events of class ``decoded``."""

    def seen(self: Projection, sql: Sql, event: Any, position: int) -> None:
        """Nothing: only its cost counts."""

    namespace = {"name": name, "tables": {}, "cost": cost, "raw_notifications": raw}
    if not raw:
        namespace["seen"] = on(decoded)(seen)
    kind = type(name, (Projection,), namespace)
    return kind()  # type: ignore[no-any-return]


def names(groups: list[list[Projection]]) -> list[list[str]]:
    return [sorted(p.name for p in group) for group in groups]


def test_projections_of_decoded_events_are_shared_with_their_decoding() -> None:
    raw, decoded, other = (
        projection("raw", 10, raw=True),
        projection("a", 4, raw=False),
        projection("b", 4, raw=False),
    )
    # Together the two decoded ones cost 4 + 4 + decoding a quarter of a busy log once (both want
    # ``ContributionPosted``), less than the raw one with either; built here, they spare the
    # worker's start and copy to the costlier group.
    assert names(share([decoded, raw, other], 2, events=1_000_000)) == [["a", "b"], ["raw"]]
    assert names(share([decoded, raw, other], 1, events=1_000_000)) == [["a", "b", "raw"]]
    # Three processes: each decodes for itself, and the raw projection alone is then the costliest.
    assert sorted(names(share([decoded, raw, other], 3, events=1_000_000))) == [["a"], ["b"], ["raw"]]


def test_a_group_decodes_once_the_events_its_projections_want_decoded() -> None:
    posted, also_posted = projection("a", 1, raw=False), projection("b", 1, raw=False)
    endorsed = projection("c", 1, raw=False, decoded="ProposalEndorsed")
    assert decoded_share([posted]) == decoded_share([posted, also_posted]) == BUSY_LOG["ContributionPosted"]
    both = BUSY_LOG["ContributionPosted"] + BUSY_LOG["ProposalEndorsed"]
    assert decoded_share([posted, endorsed]) == pytest.approx(both)
    assert decoded_share([projection("raw", 1, raw=True)]) == 0
    # Handlers of stored notifications decode nothing: the diagnosis counts endorsements so.
    assert "ContributionEndorsed" in DiagnosisProjection.handlers
    assert decoded_share([DiagnosisProjection()]) < BUSY_LOG["ContributionEndorsed"]


def test_a_worker_is_started_only_where_it_pays_off() -> None:
    projections = [projection("raw", 10, raw=True), projection("a", 4, raw=False)]
    assert names(share(projections, 2, events=1_000_000)) == [["raw"], ["a"]]
    # A few thousand events: starting a process costs more than building all of them here.
    assert names(share(projections, 2, events=5_000)) == [["a", "raw"]]


def test_every_projection_of_the_catalogue_is_built_once() -> None:
    projections = all_projections()
    for workers in (1, 2, 3, 16):
        groups = share(projections, workers)
        assert 1 <= len(groups) <= workers
        assert sorted(p.name for group in groups for p in group) == sorted(p.name for p in projections)


def test_a_rebuild_in_two_processes_equals_one_in_a_single_process(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = recorded_demo(database_url, tmp_path, monkeypatch)
    runner = projection_runner(demo, 50, database_url)
    runner.rebuild(workers=1)
    alone = projection_tables(runner)
    indexes = indexes_and_triggers(runner)
    heads = alone[HEADS]
    assert heads and alone["audit_trail"] and alone["transparency_items"]

    run, workers = parallel_rebuild._run, []

    def counted(runner: Any, store: Any, here: Any, jobs: list[Any], *rest: Any) -> None:
        workers.append(len(jobs))
        run(runner, store, here, jobs, *rest)

    monkeypatch.setattr(parallel_rebuild, "_run", counted)
    runner.rebuild(workers=2)
    assert workers == [1]  # on PostgreSQL in place, both processes writing at the same time
    assert projection_tables(runner) == alone  # the heads signed before are kept, not signed again
    assert indexes_and_triggers(runner) == indexes  # the swapped tables' too, and the search's triggers
    assert runner.positions() == dict.fromkeys(runner.projections, runner.head())
    demo.close()


def test_the_workers_groups_are_swapped_in_at_once_and_stay_readable_until_then(
    caught_up: ProjectionRunner,
) -> None:
    before = projection_tables(caught_up)
    tables = worker_tables(caught_up)
    seen: list[dict[str, int]] = []

    def progress(position: int, head: int) -> None:
        # While the workers build, the store still holds the old rows of their projections.
        with caught_up.store.transaction(commit=False) as sql:
            seen.append({table: len(sql.all(f"SELECT * FROM {table}")) for table in tables})

    caught_up.rebuild(progress=progress, workers=2)
    assert seen and all(counts == {table: len(before[table]) for table in tables} for counts in seen)
    assert projection_tables(caught_up) == before


def test_a_failing_worker_is_said_and_leaves_its_projections_as_they_were(
    caught_up: ProjectionRunner, demo: DialogueApp
) -> None:
    before = projection_tables(caught_up)
    broken = unopenable(demo)
    with pytest.raises(RuntimeError, match="the rebuild failed in its workers"):
        broken.rebuild(workers=2)
    after = projection_tables(caught_up)
    tables = worker_tables(broken)
    assert tables and [after[table] for table in tables] == [before[table] for table in tables]


def test_a_short_log_is_rebuilt_in_one_process(
    caught_up: ProjectionRunner, demo: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", caught_up.head() + 1)
    runner = unopenable(demo)
    runner.rebuild(workers=2)  # no worker started, or it would fail
    assert runner.positions() == dict.fromkeys(runner.projections, runner.head())


def test_without_an_opener_or_on_a_short_log_the_rebuild_stays_in_one_process(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "signing_key.pem"))
    app = DialogueApp(persistence_env(database_url))
    record_demo(app)
    alone = ProjectionRunner(app.recorder, app.mapper, all_projections(), opener=None)
    alone.rebuild(workers=2)  # in place: nothing to open a worker with
    expected = projection_tables(alone)
    del expected[HEADS], expected[KEYS], expected[CHECKPOINTS]  # this one signs none
    runner = projection_runner(app, 2000, database_url)  # fewer events than PARALLEL_FROM
    runner.rebuild(workers=2)
    rebuilt = projection_tables(runner)
    assert rebuilt.pop(HEADS) and rebuilt.pop(KEYS) and rebuilt.pop(CHECKPOINTS) and rebuilt == expected
    assert runner.positions() == dict.fromkeys(runner.projections, runner.head())
    app.close()


def test_the_tables_built_in_place_are_filled_without_their_indexes(
    caught_up: ProjectionRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's runner creates the indexes the store lacks when it opens: not those of the tables
    emptied for this process's group, which are made once they are full."""
    here = share(list(caught_up.projections.values()), 2, caught_up.head())[0]
    indexed = next(projection for projection in here if projection.indexes)
    present: list[set[str]] = []
    flush = indexed.flush

    def seeing_flush(sql: Sql) -> None:  # in each batch of this process
        rows = sql.all("SELECT name FROM sqlite_master WHERE type = 'index'")
        present.append(set(indexed.indexes) & {row["name"] for row in rows})
        flush(sql)

    def slowly(position: int, head: int) -> None:  # between batches: time for a worker to open
        time.sleep(0.2)

    monkeypatch.setattr(indexed, "flush", seeing_flush)
    caught_up.rebuild(progress=slowly, workers=2)
    assert len(present) > 5 and not any(present)
    with caught_up.store.transaction(commit=False) as sql:
        rows = sql.all("SELECT name FROM sqlite_master WHERE type = 'index'")
    assert set(indexed.indexes) <= {row["name"] for row in rows}


def test_a_workers_runner_opens_without_adding_indexes_or_writing(
    caught_up: ProjectionRunner, demo: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's process fills its emptied tables while the workers open their runners."""
    audit = caught_up.projections["audit_trail"]
    caught_up.reset([audit])  # emptied, without its indexes
    monkeypatch.setattr(Opening, "in_rebuild_worker", True)
    writes: list[str] = []
    execute = Sql.execute

    def recorded(sql: Sql, statement: str, params: Any = ()) -> None:
        if not statement.lstrip().upper().startswith(("SELECT", "PRAGMA")):
            writes.append(statement)
        execute(sql, statement, params)

    monkeypatch.setattr(Sql, "execute", recorded)
    ProjectionRunner(demo.recorder, demo.mapper, all_projections())
    assert writes == []
    with caught_up.store.transaction(commit=False) as sql:
        indexes = {row["name"] for row in sql.all("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert indexes.isdisjoint(audit.indexes)


def test_a_worker_is_started_without_running_the_main_module_again_unless_its_opener_is_there() -> None:
    def opener() -> None:
        """An opener as a script would define it."""

    opener.__module__ = "__main__"
    own = partial(open_projection_runner, "sqlite:///unused.sqlite3", 50)
    assert not parallel_rebuild._from_main(own) and parallel_rebuild._from_main(partial(opener))
    main = sys.modules["__main__"]  # pytest's, run again by ``spawn`` by default
    assert {"init_main_from_path", "init_main_from_name"} & spawn.get_preparation_data("worker").keys()
    with parallel_rebuild._main_left_out(unless=False):
        prepared = spawn.get_preparation_data("worker")
    assert not {"init_main_from_path", "init_main_from_name"} & prepared.keys()
    assert sys.modules["__main__"] is main
    with parallel_rebuild._main_left_out(unless=True):
        assert sys.modules["__main__"] is main


def keys(runner: ProjectionRunner) -> list[tuple[str, str]]:
    """The store's key constraints by name (PostgreSQL), or its tables' definitions (SQLite)."""
    return catalogue(
        runner,
        "SELECT conname AS name, pg_get_constraintdef(oid) AS sql FROM pg_constraint"
        " WHERE connamespace = current_schema()::regnamespace",
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'",
    )


def test_a_rebuild_leaves_the_keys_of_a_store_opened_afresh(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the tables that only grow are loaded without their keys, added at the end; a
    rebuild that stops before leaves them to the next runner that opens the store."""
    demo = recorded_demo(database_url, tmp_path, monkeypatch)
    runner = projection_runner(demo, 50, database_url)
    opened = keys(runner)
    assert ("audit_trail_pkey", 'PRIMARY KEY ("position")') in opened or not runner.store.postgres
    runner.rebuild(workers=1)
    assert keys(runner) == opened
    runner.rebuild(workers=2)
    assert keys(runner) == opened
    runner.reset(list(runner.projections.values()))  # a rebuild stopped after emptying the tables
    if runner.store.postgres:
        assert {"audit_trail_pkey", "merkle_leaves_pkey", "merkle_leaves_position_key"}.isdisjoint(
            name for name, _ in keys(runner)
        )
    assert keys(projection_runner(demo, 50, database_url)) == opened
    demo.close()
