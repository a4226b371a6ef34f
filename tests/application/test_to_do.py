"""What awaits each account in a dialogue: from its roles and the dialogue's state, gone once done."""

from typing import Any

import pytest

from application.dialogues import DialogueApp
from domain.acts import ACTS
from domain.stages import Stage
from tests.builders import DAY, MEMBERS, Scenario

ROLE_ACCOUNTS = (
    "convenor",
    "facilitator",
    "steering",
    "stakeholder",
    "technician",
    "decision_maker",
    "operator",
)


@pytest.fixture
def scenario(app: DialogueApp) -> Scenario:
    return Scenario(app)


def items(scenario: Scenario, login: str) -> list[tuple[tuple[str, ...], Any]]:
    """The account's items: their acts and the part they are about (the count for a decision)."""
    return [
        (tuple(item["acts"]), item["part_id"] or item["count"])
        for item in scenario.app.to_do(login, scenario.id)
    ]


def holders(scenario: Scenario, acts: tuple[str, ...]) -> list[str]:
    """The accounts of the scenario to whom an item of these acts is listed."""
    return [
        login for login in (*ROLE_ACCOUNTS, *MEMBERS) if any(a == acts for a, _ in items(scenario, login))
    ]


def test_a_drafted_proposal_awaits_each_stakeholder_but_its_authors_until_they_endorse_or_object(
    scenario: Scenario,
) -> None:
    proposal_id = str(scenario.drafted_proposal())  # by "stakeholder" with MEMBERS[0]
    acts = ("proposal-endorsed", "proposal-objected")

    assert holders(scenario, acts) == [MEMBERS[1]]
    assert items(scenario, MEMBERS[1]) == [(acts, proposal_id)]
    scenario.app.endorse_proposal(MEMBERS[1], scenario.id, scenario.drafted_proposal())
    assert items(scenario, MEMBERS[1]) == []


def test_an_agreement_awaits_each_stakeholders_approval(scenario: Scenario) -> None:
    agreement_id = scenario.drafted_agreement()
    acts = ("agreement-approved",)

    assert holders(scenario, acts) == ["stakeholder", *MEMBERS]
    scenario.app.approve_agreement("stakeholder", scenario.id, agreement_id)
    assert holders(scenario, acts) == list(MEMBERS)


def test_a_proposed_adjustment_awaits_the_steering_committee(scenario: Scenario) -> None:
    dysfunction_id = scenario.proposed_adjustment()
    acts = ("adjustment-adopted", "adjustment-rejected")

    assert holders(scenario, acts) == ["steering"]
    assert items(scenario, "steering") == [(acts, str(dysfunction_id))]
    scenario.app.adopt_adjustment("steering", scenario.id, dysfunction_id, remarks="oui")
    assert holders(scenario, acts) == []


def test_a_meeting_awaits_its_facilitator_to_be_held_then_minuted(scenario: Scenario) -> None:
    meeting_id = scenario.meeting()

    assert items(scenario, "facilitator") == [(("meeting-held",), str(meeting_id))]
    assert holders(scenario, ("meeting-held",)) == ["facilitator"]
    scenario.held_meeting()
    assert items(scenario, "facilitator") == [(("minutes-recorded",), str(meeting_id))]
    scenario.minuted_meeting()
    assert items(scenario, "facilitator") == []


def test_an_action_awaits_its_operators_report_until_completed(scenario: Scenario) -> None:
    action_id = scenario.action_with_operator()
    acts = ("progress-reported", "action-completed")

    assert items(scenario, "operator") == [(acts, str(action_id))]
    assert holders(scenario, acts) == ["operator"]
    scenario.app.complete_action("operator", scenario.id, action_id, completed_on=DAY, summary="fait")
    assert items(scenario, "operator") == []


def test_presented_proposals_await_the_decision_maker_until_the_decision(scenario: Scenario) -> None:
    scenario.presented()

    assert items(scenario, "decision_maker") == [(("decision-adopted",), 1)]
    assert holders(scenario, ("decision-adopted",)) == ["decision_maker"]
    scenario.decided()
    assert items(scenario, "decision_maker") == []


def test_the_acts_open_to_an_account_are_grouped_by_the_stage_they_belong_to(scenario: Scenario) -> None:
    scenario.to_collective_work()

    groups = scenario.app.acts_by_stage("facilitator", scenario.id)
    available = [a["act"] for a in scenario.app.acts_available("facilitator", scenario.id)]

    assert [g["stage"] for g in groups] == [Stage.FRAMING.value, Stage.COLLECTIVE_WORK.value, None]
    assert sorted(act for g in groups for act in g["acts"]) == sorted(available)
    for group in groups:
        stages = [ACTS[act].stages for act in group["acts"]]
        if group["stage"] is None:
            assert all(len(s) == len(Stage) for s in stages)
        else:
            assert all(min(s, key=list(Stage).index).value == group["stage"] for s in stages)
