"""The runner: each event reaches each projection once, decoded only if wanted; rebuilds index at the end."""

import time
from typing import Any, ClassVar

from application.dialogues import DialogueApp
from application.settings import persistence_env
from bench.workload import record_workload
from projections.catalogue import all_projections
from projections.projection import Apply, Projection, on
from projections.runner import ProjectionRunner
from projections.store import Sql
from tests.projections.dump import projection_tables


class Seen(Projection):
    """Remembers the positions of the events of ``wanted`` (default: every event) it was given."""

    tables: ClassVar[dict[str, str]] = {}

    def __init__(self, name: str, wanted: str | None = None):
        self.name = name  # type: ignore[misc]
        self.wanted = wanted
        self.positions: list[int] = []

    def handler(self, event_name: str) -> Apply | None:
        return self.see if self.wanted in (None, event_name) else None

    def see(self, sql: Sql, event: Any, position: int) -> None:
        self.positions.append(position)


class CountingMapper:
    """The application's mapper, counting the events it decodes."""

    def __init__(self, mapper: Any):
        self.mapper = mapper
        self.decoded = 0

    def to_domain_event(self, notification: Any) -> Any:
        self.decoded += 1
        return self.mapper.to_domain_event(notification)


def index_names(runner: ProjectionRunner) -> set[str]:
    with runner.store.transaction(commit=False) as sql:
        if sql.postgres:
            rows = sql.all("SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()")
        else:
            rows = sql.all("SELECT name FROM sqlite_master WHERE type = 'index'")
    return {row["name"] for row in rows}


def test_projections_at_different_positions_each_get_every_later_event_once(app: DialogueApp) -> None:
    record_workload(app, 200, dialogues=1)
    ahead = Seen("ahead")
    first = ProjectionRunner(app.recorder, app.mapper, [ahead], batch_size=7)
    for _ in range(3):
        first.run_batch()
    assert ahead.positions == list(range(1, 22))

    ahead_again, behind = Seen("ahead"), Seen("behind")
    second = ProjectionRunner(app.recorder, app.mapper, [ahead_again, behind], batch_size=10)
    second.catch_up()
    assert ahead_again.positions == list(range(22, 201))
    assert behind.positions == list(range(1, 201))
    assert second.positions() == {"ahead": 200, "behind": 200}


def test_caught_up_applies_what_is_new_and_gives_the_positions_reached(app: DialogueApp) -> None:
    record_workload(app, 200, dialogues=1)
    seen = Seen("seen")
    runner = ProjectionRunner(app.recorder, app.mapper, [seen], batch_size=70)

    first = runner.caught_up()
    record_workload(app, 200, dialogues=1)
    second, again = runner.caught_up(), runner.caught_up()

    assert first == {"seen": 200} and second == again == {"seen": 400} == runner.positions()
    assert seen.positions == list(range(1, 401))


def test_only_the_events_a_projection_handles_are_decoded(app: DialogueApp) -> None:
    record_workload(app, 400, dialogues=2)
    notifications = app.recorder.select_notifications(1, 1000)
    openings = [n.id for n in notifications if n.topic.endswith(".DialogueOpened")]
    mapper = CountingMapper(app.mapper)
    opened = Seen("opened", "DialogueOpened")
    ProjectionRunner(app.recorder, mapper, [opened], batch_size=50).catch_up()
    assert opened.positions == openings
    assert mapper.decoded == len(openings) == 2


class Endorsements(Projection):
    """Sees the endorsements of contributions as stored notifications, their postings decoded."""

    name = "endorsements"
    tables: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        self.seen: list[tuple[int, str, Any]] = []

    @on("ContributionPosted")
    def posted(self, sql: Sql, event: Any, position: int) -> None:
        self.seen.append((position, "posted", event.originator_id))

    @on("ContributionEndorsed", stored=True)
    def endorsed(self, sql: Sql, notification: Any, position: int) -> None:
        self.seen.append((position, "endorsed", notification))


def test_a_handler_of_stored_notifications_gets_them_undecoded_in_log_order(app: DialogueApp) -> None:
    record_workload(app, 400, dialogues=2)
    notifications = app.recorder.select_notifications(1, 1000)
    kinds = {".ContributionPosted": "posted", ".ContributionEndorsed": "endorsed"}
    expected = [
        (n.id, kind) for n in notifications for suffix, kind in kinds.items() if n.topic.endswith(suffix)
    ]
    mapper = CountingMapper(app.mapper)
    projection = Endorsements()
    ProjectionRunner(app.recorder, mapper, [projection], batch_size=50).catch_up()

    assert [(position, kind) for position, kind, _ in projection.seen] == expected
    assert mapper.decoded == sum(kind == "posted" for _, kind in expected)  # the endorsements were not
    stored = [found for _, kind, found in projection.seen if kind == "endorsed"]
    assert stored and all(found.topic.endswith(".ContributionEndorsed") for found in stored)


def test_a_rebuild_creates_the_indexes_once_caught_up_and_a_new_runner_after_a_failed_one(
    app: DialogueApp,
) -> None:
    record_workload(app, 300, dialogues=2)
    runner = ProjectionRunner(app.recorder, app.mapper, all_projections(), batch_size=100)
    declared = {name for projection in runner.projections.values() for name in projection.indexes}
    assert declared <= index_names(runner)
    during: list[set[str]] = []
    runner.rebuild(progress=lambda position, head: during.append(index_names(runner)))
    assert len(during) == 3
    assert all(not names & declared for names in during)
    assert declared <= index_names(runner)

    with runner.store.transaction(commit=True) as sql:  # as a rebuild that died before its end leaves them
        for name in declared:
            sql.execute(f"DROP INDEX {name}")
    assert not index_names(runner) & declared
    ProjectionRunner(app.recorder, app.mapper, all_projections())
    assert declared <= index_names(runner)


def test_a_tracking_table_from_before_versions_gets_them_and_changed_projections_start_again(
    app: DialogueApp,
) -> None:
    record_workload(app, 200, dialogues=1)
    runner = ProjectionRunner(app.recorder, app.mapper, all_projections(), batch_size=100)
    runner.catch_up()
    with runner.store.transaction(commit=True) as sql:  # as a release before versions left it
        sql.execute("CREATE TABLE old_tracking (name TEXT PRIMARY KEY, position BIGINT NOT NULL)")
        sql.execute("INSERT INTO old_tracking SELECT name, position FROM projection_tracking")
        sql.execute("DROP TABLE projection_tracking")
        sql.execute("ALTER TABLE old_tracking RENAME TO projection_tracking")

    again = ProjectionRunner(app.recorder, app.mapper, all_projections(), batch_size=100)
    changed = {p.name for p in again.projections.values() if p.version != 1}
    assert changed
    assert again.positions() == {name: 0 if name in changed else again.head() for name in again.projections}
    again.catch_up()
    assert again.positions() == dict.fromkeys(again.projections, again.head())


class Pondering(Projection):
    """Thinks between two statements of its batch longer than the store lets a session sit idle in a
    transaction (as the handlers of a large batch do between their reads and writes)."""

    name = "pondering"
    tables: ClassVar[dict[str, str]] = {"pondered": "position BIGINT PRIMARY KEY"}

    @on("DialogueOpened")
    def opened(self, sql: Sql, event: Any, position: int) -> None:
        time.sleep(1.5)
        sql.execute("INSERT INTO pondered (position) VALUES (?)", (position,))


def test_a_batch_thinking_longer_than_the_idle_limit_of_transactions_is_not_cut(database_url: str) -> None:
    app = DialogueApp({**persistence_env(database_url), "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "1"})
    record_workload(app, 200, dialogues=1)
    runner = ProjectionRunner(app.recorder, app.mapper, [Pondering()], batch_size=1000)
    runner.rebuild()
    with runner.store.transaction(commit=False) as sql:
        assert sql.all("SELECT position FROM pondered") == [{"position": 1}]
    assert runner.positions() == {"pondering": runner.head()}
    app.close()


def built_alone(app: DialogueApp) -> dict[str, list[tuple[Any, ...]]]:
    """The read models rebuilt from the whole log by one runner in one batch."""
    runner = ProjectionRunner(app.recorder, app.mapper, all_projections(), batch_size=10_000)
    runner.rebuild()
    return projection_tables(runner)


def test_two_runners_taking_turns_keep_their_last_rows_only_while_the_other_wrote_none(
    app: DialogueApp,
) -> None:
    record_workload(app, 1500, dialogues=2)
    one = ProjectionRunner(app.recorder, app.mapper, all_projections(), batch_size=10)
    other = ProjectionRunner(app.recorder, app.mapper, all_projections(), batch_size=10)
    one.rebuild()  # then both again, from the start, taking turns
    one.reset(one.projections.values())
    for turn in [one] * 4 + [other] * 3 + [one, other] * 3 + [one] * 20:
        turn.run_batch()
    other.catch_up()
    one.catch_up()
    assert one.positions() == dict.fromkeys(one.projections, one.head())
    kept = projection_tables(one)
    assert kept == built_alone(app)


class FailingOnce(Projection):
    """Fails the flush of its ``at``-th batch, after the other read models wrote theirs."""

    name = "failing_once"
    tables: ClassVar[dict[str, str]] = {}

    def __init__(self, at: int):
        self.batches = 0
        self.at = at

    def flush(self, sql: Sql) -> None:
        self.batches += 1
        if self.batches == self.at:
            raise RuntimeError("this batch fails")


def test_a_batch_rolled_back_leaves_no_row_kept_for_the_next(app: DialogueApp) -> None:
    record_workload(app, 700, dialogues=2)
    failing = FailingOnce(at=5)
    runner = ProjectionRunner(app.recorder, app.mapper, [*all_projections(), failing], batch_size=30)
    runner.reset(runner.projections.values())
    for _ in range(4):
        runner.run_batch()
    try:
        runner.run_batch()
    except RuntimeError:
        pass
    else:
        raise AssertionError("the fifth batch did not fail")
    runner.catch_up()
    assert runner.positions() == dict.fromkeys(runner.projections, runner.head())
    assert projection_tables(runner) == built_alone(app)
