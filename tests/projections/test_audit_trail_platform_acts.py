"""The acts the platform records by itself (``domain.acts.PLATFORM_ACTS``: a public consultation
starting and ending at its dates) are rows of the audit trail like the others, on both stores: with
their act, subject, dialogue, stage, time and the platform as actor, summarised, found by the act
filter and built again the same from zero."""

from datetime import timedelta
from typing import Any

import pytest

from application.dialogues import DialogueApp
from domain.acts import ACT_OF_EVENT, PLATFORM_ACTS, RECORDED_ACTS
from domain.dialogue.consultation import PLATFORM, PLATFORM_ROLE
from projections.audit_facts import ACT_EVENTS, SUBJECT_KIND
from tests.application.test_consultation_calendar import DAY, later_consultation, on_day
from tests.builders import Scenario
from tests.projections.test_audit_trail import (
    SHARED,
    assert_rows_are_the_acts,
    caught_up,
    query,
    rows_of,
    runner_for,
)
from tests.webapp import compiled_catalogues

__all__ = ["compiled_catalogues"]  # the summaries read the French catalogue, compiled as make would


def passed_its_dates(app: DialogueApp) -> tuple[Scenario, str]:
    """A dialogue whose consultation opened two days after ``DAY`` and ended after its week."""
    scenario = Scenario(app)
    on_day(app, DAY)
    consultation = later_consultation(scenario, app)
    on_day(app, DAY + timedelta(days=2))
    assert app.reach_consultation_dates() == 1
    on_day(app, DAY + timedelta(days=9))
    assert app.reach_consultation_dates() == 1
    return scenario, consultation


def platform_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in rows if row["act"] in PLATFORM_ACTS]


def test_every_platform_act_is_an_act_of_the_trail_recorded_on_the_dialogue() -> None:
    for act, event_name in PLATFORM_ACTS.items():
        assert ACT_OF_EVENT[event_name] == act
        assert act in RECORDED_ACTS
        assert ACT_EVENTS[event_name].act == act
        assert SUBJECT_KIND[event_name] == "dialogue"


def test_a_consultation_passing_its_dates_gives_two_rows_by_the_platform(app: DialogueApp) -> None:
    scenario, _consultation = passed_its_dates(app)
    runner = caught_up(app)
    rows = rows_of(runner)

    found = platform_rows(rows)
    (opened,) = [row for row in rows if row["act"] == "consultation-opened"]
    assert [row["act"] for row in found] == ["consultation-started", "consultation-ended"]
    for row in found:
        assert row["dialogue_id"] == row["subject_id"] == str(scenario.id)
        assert row["subject_kind"] == "dialogue"
        assert (row["actor_id"], row["actor_role"]) == (PLATFORM, PLATFORM_ROLE)
        assert row["stage"] == opened["stage"] == "framing"  # the dialogue's stage at the time
        assert row["recorded_at"].endswith("+00:00")
    opens, closes = (DAY + timedelta(days=2)).isoformat(), (DAY + timedelta(days=8)).isoformat()
    assert [row["summary_en"] for row in found] == [
        f"Public consultation opened on its first day, {opens}",
        f"Public consultation ended after its last day, {closes}",
    ]
    assert [row["summary_fr"] for row in found] == [
        f"Consultation publique ouverte à son premier jour, le {opens}",
        f"Consultation publique close après son dernier jour, le {closes}",
    ]
    assert found[0]["position"] < found[1]["position"] == rows[-1]["position"]
    assert_rows_are_the_acts(rows, app)  # the application's list of acts has them too


@pytest.mark.parametrize("act", sorted(PLATFORM_ACTS))
def test_the_act_filter_finds_the_platform_acts(app: DialogueApp, act: str) -> None:
    scenario, _consultation = passed_its_dates(app)
    runner = caught_up(app)

    found = query(runner, dialogue_id=scenario.id, act=act)

    assert [row["act"] for row in found] == [act]
    assert query(runner, actor_id=PLATFORM) == platform_rows(rows_of(runner))


def test_a_rebuild_gives_the_same_rows_with_the_platform_acts(app: DialogueApp) -> None:
    passed_its_dates(app)
    runner = caught_up(app)
    rows = rows_of(runner)
    assert len(platform_rows(rows)) == 2

    runner.rebuild(["audit_trail"])

    assert rows_of(runner) == rows
    assert [{k: r[k] for k in SHARED} for r in rows_of(runner)] == [{k: r[k] for k in SHARED} for r in rows]


def test_a_table_built_before_the_platform_acts_were_rows_is_built_again_with_them(app: DialogueApp) -> None:
    passed_its_dates(app)
    runner = caught_up(app)
    rows = rows_of(runner)
    with runner.store.transaction(commit=True) as sql:  # as version 3 built it: no row of the platform
        sql.execute("DELETE FROM audit_trail WHERE actor_id = ?", (PLATFORM,))
        sql.execute("UPDATE projection_tracking SET version = 3 WHERE name = 'audit_trail'")

    upgraded = runner_for(app)
    assert upgraded.positions()["audit_trail"] == 0
    upgraded.catch_up()

    assert rows_of(upgraded) == rows
    assert len(platform_rows(rows)) == 2
