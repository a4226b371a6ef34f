"""Replay: a dialogue as it stood at a past position, on SQLite and PostgreSQL."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from application.dialogues import DialogueApp
from bench.workload import record_workload
from projections import replay as replay_module
from projections.catalogue import all_projections
from projections.replay import (
    PART_ATTACHED,
    EventReader,
    ReplayError,
    as_of_position,
    parse_time,
    position_at,
    replay,
)
from projections.runner import ProjectionRunner
from projections.stage import StageProjection
from tests.builders import MEMBERS, Scenario

POINTS = [
    "framework_defined",
    "design_submitted",
    "framing_done",
    "to_collective_work",
    "held_meeting",
    "contribution",
    "objected_proposal",
    "translated_proposal",
    "approved_agreement",
    "proposed_adjustment",
    "to_decision",
    "presented",
    "decided",
    "action_with_operator",
]


def test_the_replay_at_each_point_equals_the_stage_view_shown_then(app: DialogueApp) -> None:
    runner = ProjectionRunner(app.recorder, app.mapper, all_projections())
    scenario = Scenario(app)
    other = Scenario(app)  # a second dialogue, whose acts interleave
    shown = {}
    for point in POINTS:
        getattr(scenario, point)()
        if point == "held_meeting":
            other.contribution()
        runner.catch_up()
        with runner.store.transaction(commit=False) as sql:
            shown[runner.head()] = StageProjection.view(sql, scenario.id)

    for position, view in shown.items():
        replayed = replay(app.recorder, app.mapper, scenario.id, position)
        assert view is not None
        assert {key: replayed[key] for key in view} == view, position
        assert replayed["as_of"] == position


def test_the_replay_shows_instances_members_proposals_decisions_and_actions(app: DialogueApp) -> None:
    scenario = Scenario(app)
    scenario.objected_proposal()
    action_id = scenario.action_with_operator()
    head = app.recorder.max_notification_id()

    replayed = replay(app.recorder, app.mapper, scenario.id, head)

    group = next(i for i in replayed["instances"] if i["kind"] == "consultation_group")
    assert group["name"] == "Groupe eau" and group["functioning_rule"] == "majority"
    assert {m["account_id"] for m in group["members"]} == {"stakeholder", *MEMBERS}
    assert all(m["organisation"].startswith("Association ") for m in group["members"])
    assert sorted(p["status"] for p in replayed["proposals"]) == ["adopted", "drafted"]
    objected = next(p for p in replayed["proposals"] if p["status"] == "drafted")
    assert objected["objections"] == 1
    [decision] = replayed["decisions"]
    assert decision["body"] == "conseil_municipal" and decision["votes"]["for"] == 20
    assert decision["outcomes"][0]["outcome"] == "adopted"
    [action] = replayed["actions"]
    assert action == {
        "id": str(action_id),
        "title": "Arrêté de restriction",
        "proposal_id": decision["outcomes"][0]["proposal_id"],
        "due_on": "2026-06-30",
        "operator": "operator",
        "organisation": "Syndicat",
        "progress": 0,
        "status": "assigned",
    }
    assert [t["to"] for t in replayed["transitions"]] == ["collective_work", "decision_and_follow_up"]
    assert datetime.fromisoformat(replayed["recorded_at"]) <= datetime.now(UTC)


def test_a_time_gives_the_last_position_recorded_at_or_before_it(app: DialogueApp) -> None:
    scenario = Scenario(app)
    before = datetime.now(UTC)
    time.sleep(0.01)
    framework = scenario.framework_defined()
    after_framework = datetime.now(UTC)
    time.sleep(0.01)
    scenario.design_submitted()
    head = app.recorder.max_notification_id()

    assert position_at(app.recorder, app.mapper, before) == framework - 1
    assert position_at(app.recorder, app.mapper, after_framework) == framework
    assert position_at(app.recorder, app.mapper, datetime.now(UTC)) == head
    assert position_at(app.recorder, app.mapper, before - timedelta(days=1)) == 0
    assert as_of_position(app.recorder, app.mapper, after_framework.isoformat()) == framework
    assert as_of_position(app.recorder, app.mapper, str(framework)) == framework


def test_a_bare_date_is_the_end_of_that_day_and_a_time_without_offset_is_utc() -> None:
    assert parse_time("2026-03-12") == datetime(2026, 3, 12, 23, 59, 59, 999999, tzinfo=UTC)
    assert parse_time("2026-03-12T18:30") == datetime(2026, 3, 12, 18, 30, tzinfo=UTC)
    assert parse_time("2026-03-12T18:30:00+01:00") == datetime(2026, 3, 12, 17, 30, tzinfo=UTC)
    with pytest.raises(ReplayError, match="neither a position nor an ISO 8601 time"):
        parse_time("12/03/2026")


@pytest.mark.parametrize("as_of", [0, -1, 10_000, True, "3"])
def test_a_position_outside_the_log_is_refused(app: DialogueApp, as_of: object) -> None:
    scenario = Scenario(app)
    with pytest.raises(ReplayError):
        replay(app.recorder, app.mapper, scenario.id, as_of)  # type: ignore[arg-type]


def test_a_dialogue_not_yet_opened_at_that_position_or_not_a_dialogue_is_refused(app: DialogueApp) -> None:
    Scenario(app)
    position = app.recorder.max_notification_id()
    later = Scenario(app)
    with pytest.raises(ReplayError, match=f"opened at position {position + 1}, after position {position}"):
        replay(app.recorder, app.mapper, later.id, position)
    instance_id = later.steering_committee()
    with pytest.raises(ReplayError, match=f"no dialogue {instance_id}"):
        replay(app.recorder, app.mapper, instance_id, app.recorder.max_notification_id())


def test_a_stretch_read_whole_gives_the_events_the_index_gives(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read whole, a stretch gives every event of the ids asked for, as the look-up by id does: of
    dialogues and their parts (the contributions' rows left to the database), or of any aggregate."""
    record_workload(app, 600, dialogues=2)
    head = app.recorder.max_notification_id()
    reader = EventReader(app.recorder, app.mapper)
    assert reader.events([], head) == []
    everything = reader.events({n.originator_id for n in app.recorder.select_notifications(1, head)}, head)
    dialogues = set(app.dialogue_ids())
    parts = {*dialogues, *(e.part_id for _, e in everything if isinstance(e, PART_ATTACHED))}
    others = {e.originator_id for _, e in everything} - parts  # contributions, mostly
    assert len(others) > 10
    for after, as_of in [(0, head), (head // 3, head // 2), (head - 50, head)]:
        for ids, only_parts in [(parts, True), ({*parts, *others}, False)]:
            monkeypatch.setattr(replay_module, "SCAN", 10**9)
            scanned = reader.events(ids, as_of, after, parts=only_parts)
            monkeypatch.setattr(replay_module, "SCAN", 0)
            looked_up = reader.events(ids, as_of, after, parts=only_parts)
            assert [(p, e.originator_id, e.originator_version) for p, e in scanned] == [
                (p, e.originator_id, e.originator_version) for p, e in looked_up
            ]
            assert len(scanned) > 10
