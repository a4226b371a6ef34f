"""What the dialogue's page says first, from a view: the next meeting, the overdue actions, the
proposals by fate and the decision in one sentence."""

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale

from web.public import summary

ON = date(2026, 5, 10)


def view(meetings: list[dict[str, Any]], announced: list[str | None]) -> dict[str, Any]:
    return {"upcoming": meetings, "follow_up": [{"next_meeting_on": on} for on in announced]}


def meeting(starts_at: str, held_on: str | None = None) -> dict[str, Any]:
    return {"id": starts_at, "starts_at": starts_at, "held_on": held_on}


def test_the_next_meeting_is_the_earliest_to_come_not_held_else_the_one_announced() -> None:
    coming = [meeting("2026-06-02T18:00"), meeting("2026-05-20T14:00"), meeting("2026-05-01T14:00")]
    assert summary.next_meeting(view(coming, ["2026-09-01"]), ON) == coming[1]
    held = [meeting("2026-05-20T14:00", held_on="2026-05-20")]
    assert summary.next_meeting(view(held, ["2026-09-01", "2026-07-01"]), ON) == {
        "announced_on": "2026-09-01"
    }
    assert summary.next_meeting(view([], ["2026-01-01", None]), ON) is None


def test_open_actions_past_their_due_date_are_overdue_and_counted() -> None:
    open_actions = [{"id": "a", "due_on": "2026-06-30"}, {"id": "b", "due_on": "2026-04-30"}]
    progress = summary.actions_progress(
        {"action_statuses": {"open": 2, "completed": 3}, "open_actions": open_actions}, ON
    )
    assert (progress["total"], progress["completed"], progress["open"]) == (5, 3, 2)
    assert [a["id"] for a in progress["overdue"]] == ["b"]
    assert not summary.overdue({"due_on": "2026-04-30", "completed": True}, ON)


def test_the_proposals_are_counted_by_fate_any_status_before_an_outcome_pending() -> None:
    counted = summary.fates({"drafted": 2, "validated": 1, "adopted": 4, "withdrawn": 1, "presented": 0})
    assert list(counted) == [
        "adopted",
        "adopted_with_changes",
        "deferred",
        "rejected",
        "pending",
        "withdrawn",
    ]
    assert counted == {
        "adopted": 4,
        "adopted_with_changes": 0,
        "deferred": 0,
        "rejected": 0,
        "pending": 3,
        "withdrawn": 1,
    }


@pytest.mark.parametrize(
    ("language", "outcomes", "sentence"),
    [
        ("en", ["adopted", "rejected"], "Of the 2 proposals presented, 1 was adopted and 1 rejected."),
        ("en", ["adopted_with_changes"], "Of the one proposal presented, 1 was adopted (1 with changes)."),
        ("fr", ["deferred"], "Sur la proposition présentée, 0 a été adoptée et 1 différée."),
        (
            "fr",
            ["adopted", "adopted", "deferred", "rejected", "rejected"],
            "Sur les 5 propositions présentées, 2 ont été adoptées, 1 différée et 2 rejetées.",
        ),
    ],
)
def test_the_decision_in_one_sentence(
    web_app: Flask, language: str, outcomes: list[str], sentence: str
) -> None:
    decision = {"outcomes": [{"outcome": outcome} for outcome in outcomes]}
    with web_app.test_request_context("/"), force_locale(language):
        assert summary.decided(decision) == sentence
