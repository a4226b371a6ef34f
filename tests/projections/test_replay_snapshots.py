"""Replays from snapshots and the index of contributions give what a replay from zero gives."""

import random
import tempfile
from enum import Enum
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings

from application.dialogues import DialogueApp
from bench.workload import record_workload
from domain.dialogue import Dialogue
from projections import replay_lines, replay_snapshots
from projections.catalogue import all_projections
from projections.replay import EventReader, fold_dialogue, replay
from projections.replay_lines import Lines
from projections.replay_snapshots import FORMAT, PARTS, TABLE, ReplaySnapshots, facts_now, tally_now, unpacked
from projections.replay_view import PAGED, SHOWN, DialogueAt
from projections.runner import ProjectionRunner
from tests.projections.test_properties import Walk, same_view, steps, views
from tests.stores import make_app


def typed(value: Any) -> Any:
    """``value`` with the type of everything in it, so that a str is not taken for an enum member."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return (type(value).__name__, [typed(v) for v in value])
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    return (type(value).__name__, value)


def state(aggregate: Any) -> Any:
    return typed({k: v for k, v in vars(aggregate).items() if k != "_pending_events"})


def snapshot_rows(app: DialogueApp) -> list[dict[str, Any]]:
    store = EventReader(app.recorder, app.mapper).store
    with store.transaction(commit=False) as sql:
        return sql.all(f"SELECT dialogue_id, position, count FROM {TABLE} ORDER BY position")


def paged_from(whole: dict[str, Any], number: int, size: int = 10) -> dict[str, Any]:
    """The view with page ``number`` of each list, newest first, cut from the whole view."""
    paged = dict(whole)
    pages = {}
    for name in PAGED:
        newest = whole[name][::-1]
        paged[name] = newest[(number - 1) * size : number * size]
        pages[name] = {"number": number, "size": size, "total": len(newest)}
    return {**paged, "pages": pages}


def test_a_replay_from_snapshots_equals_a_replay_from_zero_at_many_positions(app: DialogueApp) -> None:
    record_workload(app, 2400, dialogues=2)
    head = app.recorder.max_notification_id()
    dialogue_ids = app.dialogue_ids()
    rng = random.Random(7)
    positions = sorted({head, *rng.sample(range(1, head + 1), 40)})

    for dialogue_id in dialogue_ids:  # the first replay, at the head, takes the snapshots on its way
        replay(app.recorder, app.mapper, dialogue_id, head, contributions=app.contribution_index, spacing=40)
    taken = snapshot_rows(app)
    assert {row["dialogue_id"] for row in taken} == {str(i) for i in dialogue_ids}
    assert len(taken) > 10

    for position in positions:
        for dialogue_id in dialogue_ids:
            with_derived = replay(
                app.recorder,
                app.mapper,
                dialogue_id,
                position,
                contributions=app.contribution_index,
                spacing=40,
            )
            from_zero = replay(app.recorder, app.mapper, dialogue_id, position, spacing=None)
            assert with_derived == from_zero, position
            for number in (1, 2, 5):
                paged = replay(
                    app.recorder,
                    app.mapper,
                    dialogue_id,
                    position,
                    pages=dict.fromkeys(PAGED, number),
                    spacing=40,
                )
                assert paged == paged_from(from_zero, number), (position, number)
    assert snapshot_rows(app) == taken  # replays at earlier positions find the snapshots already there


@pytest.mark.parametrize("block", [replay_lines.BLOCK, 4])
def test_the_parts_folded_on_from_a_snapshot_and_the_entries_kept_are_those_folded_from_zero(
    app: DialogueApp, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replay_lines, "BLOCK", block)  # 4: the lines of a kind in many blocks
    record_workload(app, 1500, dialogues=1)
    [dialogue_id] = app.dialogue_ids()
    reader = EventReader(app.recorder, app.mapper)
    snapshots = ReplaySnapshots(reader.store, app.mapper, spacing=25)
    head = reader.head()
    fold_dialogue(reader, dialogue_id, head, snapshots)

    for position in range(head - 60, head + 1, 7):
        resumed = snapshots.latest(dialogue_id, position)
        assert resumed is not None and position - resumed.position < 200
        from_snapshot = fold_dialogue(reader, dialogue_id, position, snapshots)
        from_zero = fold_dialogue(reader, dialogue_id, position, None)
        assert len(from_snapshot.aggregates) < len(from_zero.aggregates)  # only the parts touched since
        for aggregate_id, aggregate in from_snapshot.aggregates.items():
            assert state(aggregate) == state(from_zero.aggregates[aggregate_id]), (position, type(aggregate))
        dialogue = from_zero.aggregates[dialogue_id]
        assert isinstance(dialogue, Dialogue)
        at_snapshot = DialogueAt(dialogue, from_snapshot.aggregates, from_snapshot.kept, {}, {}, 0)
        at_zero = DialogueAt(dialogue, from_zero.aggregates, Lines(), {}, {}, 0)
        for kind in SHOWN:
            assert at_snapshot.entries(kind) == at_zero.entries(kind), (position, kind)
        assert tally_now(dialogue_id, from_snapshot, snapshots) == tally_now(dialogue_id, from_zero, None)
        assert facts_now(dialogue_id, from_snapshot) == facts_now(dialogue_id, from_zero), position


def replayed_with_snapshots(app: DialogueApp) -> tuple[UUID, int, Any, Any]:
    """A dialogue of 600 acts replayed at its head with snapshots every 50 events: its id, the head,
    that replay and the snapshots' rows it wrote."""
    record_workload(app, 600, dialogues=1)
    [dialogue_id] = app.dialogue_ids()
    head = app.recorder.max_notification_id()
    return (
        dialogue_id,
        head,
        replay(app.recorder, app.mapper, dialogue_id, head, spacing=50),
        snapshot_rows(app),
    )


def test_rows_of_another_format_are_not_read_and_are_taken_again(app: DialogueApp) -> None:
    dialogue_id, head, before, taken = replayed_with_snapshots(app)
    reader = EventReader(app.recorder, app.mapper)
    with reader.store.transaction(commit=True) as sql:
        sql.execute(f"UPDATE {TABLE} SET format = ?, header = 'not read'", (FORMAT - 1,))
    snapshots = ReplaySnapshots(reader.store, app.mapper, spacing=50)
    assert snapshots.latest(dialogue_id, head) is None
    assert snapshots.last_taken(dialogue_id) == (0, 0)

    assert replay(app.recorder, app.mapper, dialogue_id, head, spacing=50) == before
    assert snapshot_rows(app) == taken
    with reader.store.transaction(commit=True) as sql:
        assert {row["format"] for row in sql.all(f"SELECT format FROM {TABLE}")} == {FORMAT}


def test_a_dropped_snapshot_table_is_filled_again(app: DialogueApp) -> None:
    dialogue_id, head, before, taken = replayed_with_snapshots(app)
    store = EventReader(app.recorder, app.mapper).store
    with store.transaction(commit=True) as sql:
        sql.execute(f"DROP TABLE {TABLE}")
        sql.execute(f"DROP TABLE {PARTS}")

    assert replay(app.recorder, app.mapper, dialogue_id, head, spacing=50) == before
    assert snapshot_rows(app) == taken


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_with_snapshots_every_few_events_the_replay_at_each_head_equals_the_view_shown_then(
    steps: list[tuple[str, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(f"sqlite:///{folder}/snapshots.sqlite3")
        try:
            runner = ProjectionRunner(app.recorder, app.mapper, all_projections())
            walk = Walk(app)
            seen: dict[int, dict[UUID, dict[str, Any] | None]] = {}
            for name, which, n in [("stakeholder", 0, 0), *steps]:
                walk.apply(name, which, n)
                runner.catch_up()
                with runner.store.transaction(commit=False) as sql:
                    seen[runner.head()] = views(sql, walk)
            # Latest positions first: later replays start from snapshots taken by earlier ones.
            for position, shown in sorted(seen.items(), reverse=True):
                for dialogue_id, view in shown.items():
                    replayed = replay(
                        app.recorder,
                        app.mapper,
                        dialogue_id,
                        position,
                        contributions=app.contribution_index,
                        spacing=3,
                    )
                    assert same_view(replayed, view), position
        finally:
            app.close()


@pytest.mark.parametrize(
    "packing", [lambda ids: "".join(i.hex for i in ids), lambda ids: b"".join(i.bytes for i in ids)]
)
def test_ids_packed_read_back_as_lists_of_their_own(packing: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay_snapshots, "_LISTS", {})
    ids = [UUID(int=n) for n in range(1, 8)]

    for some in (ids[:3], ids, ids[:5], [], ids[:1], [ids[0], *ids[4:]], ids):
        made = unpacked(packing(some))
        assert made == some
        made.append(UUID(int=99))  # a dialogue's index grows: no other list grows with it
    assert unpacked(packing(ids)) == ids
