"""When the public page says each stage began: the day the stage's first dated act took effect (the
approach made public, a meeting held...), not when it was recorded; the recording time when no act of
the stage carries a date, or when the stage was recorded as entered earlier. On both stores."""

from application.dialogues import DialogueApp
from projections.runner import ProjectionRunner
from projections.transparency_log import TransparencyLogProjection
from projections.transparency_log.queries import stage_began
from tests.builders import DAY, Scenario


def timeline(app: DialogueApp, scenario: Scenario) -> list[dict[str, str]]:
    runner = ProjectionRunner(app.recorder, app.mapper, [TransparencyLogProjection()])
    runner.catch_up()
    with runner.store.transaction(commit=False) as sql:
        view = TransparencyLogProjection.dialogue(sql, scenario.id)
    assert view is not None
    return [{"to": t["to"], "on": t["on"], "recorded_at": t["recorded_at"]} for t in view["timeline"]]


def test_a_stage_began_when_its_first_dated_act_took_effect(app: DialogueApp) -> None:
    scenario = Scenario(app)
    scenario.held_meeting()  # made public on DAY while framing, a meeting held on DAY in collective work

    framing, collective = timeline(app, scenario)

    assert (framing["to"], framing["on"]) == ("framing", DAY)
    assert (collective["to"], collective["on"]) == ("collective_work", DAY)
    assert framing["recorded_at"][:10] > DAY  # recorded today, long after


def test_a_stage_without_a_dated_act_is_dated_by_its_recording(app: DialogueApp) -> None:
    scenario = Scenario(app)
    scenario.framework_defined()

    [framing] = timeline(app, scenario)

    assert framing["on"] == framing["recorded_at"]


def test_a_stage_recorded_as_entered_before_its_first_dated_act_keeps_that_earlier_day() -> None:
    entered = {"recorded_at": "2026-03-03T09:00:00+00:00", "began_on": "2026-04-10"}
    backfilled = {"recorded_at": "2026-12-06T09:00:00+00:00", "began_on": "2025-10-06"}

    assert (stage_began(entered), stage_began(backfilled)) == ("2026-03-03", "2025-10-06")
