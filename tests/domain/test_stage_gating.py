"""A stage is left only when its exit indicators hold, or with a public, justified waiver."""

import pytest

from domain.errors import IndicatorsUnmetError, RoleError, RuleError
from domain.stages import Stage

FRAMING_INDICATORS = ["framework-formalised", "instances-defined", "approach-validated-and-public"]
COLLECTIVE_WORK_INDICATORS = ["proposals-validated", "proposals-put-into-form", "proposals-translated"]
DECISION_INDICATORS = ["proposals-adopted", "operators-identified"]


def unmet_names(walk):
    return [i.name for i in walk.indicators() if not i.met]


# --- the indicators of each stage ---------------------------------------------


def test_each_stage_has_the_exit_indicators_of_the_fiche(walk):
    assert [i.name for i in walk.indicators()] == FRAMING_INDICATORS
    walk.to_collective_work()
    assert [i.name for i in walk.indicators()] == COLLECTIVE_WORK_INDICATORS
    walk.complete_collective_work()
    walk.advance()
    assert [i.name for i in walk.indicators()] == DECISION_INDICATORS


def test_a_new_dialogue_meets_none_of_the_framing_indicators(walk):
    indicators = walk.indicators()

    assert not any(i.met for i in indicators)
    details = {i.name: i.detail for i in indicators}
    assert "expected results, objects and perimeter not defined" in details["framework-formalised"]
    assert "no steering committee designed" in details["instances-defined"]
    assert "no consultation group designed" in details["instances-defined"]
    assert "design not validated by the steering committee" in details["approach-validated-and-public"]
    assert "approach not made public" in details["approach-validated-and-public"]


def test_an_instance_without_members_leaves_instances_undefined_and_is_named(walk):
    walk.define_framework()
    walk.instance("steering_committee", "Copil", members=("sophie",))
    walk.instance("consultation_group", "Empty group")

    instances = next(i for i in walk.indicators() if i.name == "instances-defined")

    assert not instances.met
    assert "instance 'Empty group' has no members" in instances.detail


def test_framing_indicators_are_met_once_framework_instances_design_and_publicity_are_done(walk):
    walk.validate_design()
    assert unmet_names(walk) == ["approach-validated-and-public"]

    walk.dialogue.make_approach_public(walk.convenor, channels=["website"], published_on="2026-03-01")

    assert unmet_names(walk) == []


def test_collective_work_indicators_name_each_validated_proposal_not_translated(walk):
    walk.to_collective_work()
    walk.validated_proposal("Shared irrigation calendar", translated=False)

    indicators = {i.name: i for i in walk.indicators()}

    assert indicators["proposals-validated"].met
    assert not indicators["proposals-put-into-form"].met
    assert not indicators["proposals-translated"].met
    assert "proposal 'Shared irrigation calendar' not translated" in indicators["proposals-translated"].detail


def test_collective_work_indicators_ignore_proposals_not_validated(walk):
    walk.to_collective_work()
    walk.draft_proposal("Only drafted")

    assert unmet_names(walk) == COLLECTIVE_WORK_INDICATORS


def test_decision_indicators_name_each_action_without_operator(walk):
    walk.to_decision()
    walk.present()
    walk.adopt()
    walk.action_with_operator(walk.proposals[0])
    action = walk.actions[0]
    action_without_operator = type(action).create(
        walk.convenor,
        dialogue_id=walk.dialogue.id,
        proposal_id=walk.proposals[0].id,
        outcome="adopted",
        title="Publish the rota",
        description="Online.",
        due_on="2027-01-01",
    )
    walk.actions.append(action_without_operator)

    indicators = {i.name: i for i in walk.indicators()}

    assert indicators["proposals-adopted"].met
    assert not indicators["operators-identified"].met
    assert "action 'Publish the rota' has no operator" in indicators["operators-identified"].detail


def test_a_rejected_proposal_does_not_count_as_adopted(walk):
    walk.to_decision()
    walk.present()
    proposal_id = walk.proposals[0].id
    walk.adopt(outcomes=[{"proposal_id": proposal_id, "outcome": "rejected", "justification": "too costly"}])

    adopted = next(i for i in walk.indicators() if i.name == "proposals-adopted")

    assert not adopted.met
    assert "no proposal adopted by the decision-makers" in adopted.detail


# --- advancing --------------------------------------------------------------


def test_advancing_with_unmet_indicators_is_refused_naming_each_of_them(walk):
    with pytest.raises(IndicatorsUnmetError) as refused:
        walk.advance()

    assert [entry.split(" (")[0] for entry in refused.value.unmet] == FRAMING_INDICATORS
    message = str(refused.value)
    for name in FRAMING_INDICATORS:
        assert name in message
    assert "approach not made public" in message
    assert walk.dialogue.stage == Stage.FRAMING


def test_a_refused_advance_names_only_the_indicators_that_are_unmet(walk):
    walk.validate_design()

    with pytest.raises(IndicatorsUnmetError) as refused:
        walk.advance()

    assert refused.value.unmet == ["approach-validated-and-public (approach not made public)"]
    assert "framework-formalised" not in str(refused.value)
    assert "instances-defined" not in str(refused.value)


def test_a_refused_advance_records_nothing(walk):
    walk.dialogue.collect_events()

    with pytest.raises(IndicatorsUnmetError):
        walk.advance()

    assert walk.dialogue.collect_events() == []
    assert walk.dialogue.transitions == []


def test_leaving_collective_work_is_refused_while_a_validated_proposal_is_untranslated(walk):
    walk.to_collective_work()
    proposal = walk.validated_proposal("Shared irrigation calendar", translated=False)
    walk.validated_agreement([proposal])

    with pytest.raises(IndicatorsUnmetError) as refused:
        walk.advance()

    assert len(refused.value.unmet) == 1
    assert refused.value.unmet[0].startswith("proposals-translated")
    assert "proposal 'Shared irrigation calendar' not translated" in str(refused.value)
    assert walk.dialogue.stage == Stage.COLLECTIVE_WORK


def test_with_all_indicators_met_the_dialogue_advances_and_records_the_snapshot(walk):
    walk.complete_framing()
    walk.dialogue.collect_events()
    snapshot = [i.as_dict() for i in walk.indicators()]

    walk.advance()

    assert walk.dialogue.stage == Stage.COLLECTIVE_WORK
    [advanced] = walk.dialogue.collect_events()
    assert type(advanced).__name__ == "StageAdvanced"
    assert advanced.from_stage == "framing"
    assert advanced.to_stage == "collective_work"
    assert advanced.indicators == snapshot
    assert [i["name"] for i in advanced.indicators] == FRAMING_INDICATORS
    assert all(i["met"] for i in advanced.indicators)
    assert advanced.waiver is None
    assert walk.dialogue.transitions == [
        {"from": "framing", "to": "collective_work", "waiver": None, "by": walk.convenor.account_id}
    ]


def test_a_waiver_with_a_written_justification_advances_and_is_made_public(walk):
    walk.define_framework()
    walk.dialogue.collect_events()
    justification = "The prefect asked us to start the work before the summer."

    walk.advance(waiver=f"  {justification}  ")

    assert walk.dialogue.stage == Stage.COLLECTIVE_WORK
    [advanced] = walk.dialogue.collect_events()
    assert advanced.waiver == justification
    unmet_in_snapshot = [i["name"] for i in advanced.indicators if not i["met"]]
    assert unmet_in_snapshot == ["instances-defined", "approach-validated-and-public"]
    assert walk.dialogue.transitions[-1]["waiver"] == justification
    assert walk.dialogue.transitions[-1]["from"] == "framing"
    assert walk.dialogue.transitions[-1]["to"] == "collective_work"


@pytest.mark.parametrize("waiver", [None, "", "   \n\t"])
def test_a_waiver_without_justification_is_refused(walk, waiver):
    with pytest.raises(IndicatorsUnmetError) as refused:
        walk.advance(waiver=waiver)

    assert "framework-formalised" in str(refused.value)
    assert walk.dialogue.stage == Stage.FRAMING


def test_only_the_convenor_advances_a_stage(walk):
    walk.complete_framing()

    with pytest.raises(RoleError) as refused:
        walk.dialogue.advance_stage(walk.facilitator, indicators=walk.indicators())

    assert "stage-advanced" in str(refused.value)
    assert "convenor" in str(refused.value)
    assert walk.dialogue.stage == Stage.FRAMING


def test_the_last_stage_cannot_be_advanced_but_closed(walk):
    walk.to_decision()
    walk.complete_decision()
    assert unmet_names(walk) == []

    with pytest.raises(RuleError) as refused:
        walk.advance()

    assert "last stage" in str(refused.value)
    assert "close" in str(refused.value)
    assert walk.dialogue.stage == Stage.DECISION_AND_FOLLOW_UP

    walk.close()
    assert walk.dialogue.closed
    assert walk.dialogue.transitions[-1]["to"] == "closed"


def test_the_last_stage_cannot_be_advanced_even_with_a_waiver(walk):
    walk.to_decision()

    with pytest.raises(RuleError, match="last stage"):
        walk.advance(waiver="We want a fourth stage.")


def test_closing_with_unmet_indicators_is_refused_naming_them(walk):
    walk.to_decision()

    with pytest.raises(IndicatorsUnmetError) as refused:
        walk.close()

    assert [entry.split(" (")[0] for entry in refused.value.unmet] == DECISION_INDICATORS
    assert not walk.dialogue.closed


def test_closing_with_a_waiver_records_the_justification(walk):
    walk.to_decision()
    walk.dialogue.collect_events()

    walk.dialogue.close(
        walk.convenor, indicators=walk.indicators(), summary="Stopped.", waiver="The syndicate was dissolved."
    )

    [closed] = walk.dialogue.collect_events()
    assert closed.waiver == "The syndicate was dissolved."
    assert walk.dialogue.transitions[-1]["waiver"] == "The syndicate was dissolved."
    assert type(closed).__name__ == "DialogueClosed"
    assert walk.dialogue.closed
