"""Acts belong to stages: out of its stage an act is refused, and a closed dialogue accepts nothing."""

import pytest

from domain.acts import ACTS
from domain.base import Actor
from domain.dialogue.state import AFTER_CLOSING
from domain.errors import DialogueClosedError, RoleError, WrongStageError
from domain.roles import Role
from domain.stages import Stage

WAIVER = "Test dialogue moved on by the convenor."


def dialogue_at(walk, stage):
    """The walk's dialogue moved to ``stage`` by public waivers (no other act needed)."""
    while walk.dialogue.stage != stage:
        walk.advance(waiver=WAIVER)
    return walk.dialogue


def allowed_actor(act):
    role = sorted(ACTS[act].roles)[0]
    return Actor(f"someone-{role}", Role(role))


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("act", sorted(ACTS))
def test_an_act_is_accepted_only_in_its_stages(walk, act, stage):
    dialogue = dialogue_at(walk, stage)
    spec = ACTS[act]

    if stage in spec.stages:
        dialogue.check_accepts(act, allowed_actor(act))

    else:
        with pytest.raises(WrongStageError) as refused:
            dialogue.check_accepts(act, allowed_actor(act))
        message = str(refused.value)
        assert message.startswith(f"{act} belongs to stage ")
        assert f"the dialogue is in stage {stage}" in message
        for own_stage in spec.stages:
            assert own_stage in message


@pytest.mark.parametrize("act", sorted(ACTS))
def test_an_act_in_its_stage_is_refused_to_a_role_the_catalogue_does_not_list(walk, act):
    spec = ACTS[act]
    dialogue = dialogue_at(walk, min(spec.stages, key=list(Stage).index))

    with pytest.raises(RoleError) as refused:
        dialogue.check_accepts(act, Actor("reader", Role.AUDITOR))

    assert act in str(refused.value)
    assert "not auditor" in str(refused.value)


def test_adopting_a_decision_in_framing_is_refused(walk):
    decision = walk.decision(outcomes=[])

    with pytest.raises(WrongStageError) as refused:
        walk.dialogue.adopt_decision(walk.decision_maker, **decision)

    assert "decision-adopted belongs to stage decision_and_follow_up" in str(refused.value)
    assert "the dialogue is in stage framing" in str(refused.value)
    assert walk.dialogue.decisions == []


def test_posting_a_contribution_in_framing_is_refused(walk):
    with pytest.raises(WrongStageError, match="contribution-posted belongs to stage collective_work"):
        walk.dialogue.check_accepts("contribution-posted", walk.alice)

    dialogue_at(walk, Stage.COLLECTIVE_WORK)
    walk.dialogue.check_accepts("contribution-posted", walk.alice)


def test_posting_a_contribution_after_collective_work_is_refused(walk):
    dialogue_at(walk, Stage.DECISION_AND_FOLLOW_UP)

    with pytest.raises(WrongStageError, match="the dialogue is in stage decision_and_follow_up"):
        walk.dialogue.check_accepts("contribution-posted", walk.alice)


def test_presenting_results_during_collective_work_is_refused(walk):
    walk.to_collective_work()
    walk.complete_collective_work()

    with pytest.raises(WrongStageError, match="results-presented belongs to stage decision_and_follow_up"):
        walk.present()

    assert walk.dialogue.presented == []


def test_framing_acts_are_refused_once_collective_work_has_begun(walk):
    walk.to_collective_work()

    with pytest.raises(WrongStageError, match="framework-defined belongs to stage framing"):
        walk.define_framework(perimeter="too late")
    with pytest.raises(WrongStageError, match="design-submitted belongs to stage framing"):
        walk.dialogue.submit_design(walk.facilitator, summary="again")
    with pytest.raises(WrongStageError, match="approach-made-public belongs to stage framing"):
        walk.dialogue.make_approach_public(walk.convenor, channels=["radio"], published_on="2026-05-01")


def test_a_closed_dialogue_accepts_nothing(walk):
    walk.to_decision()
    walk.complete_decision()
    walk.close()
    walk.dialogue.collect_events()

    with pytest.raises(DialogueClosedError) as refused:
        walk.dialogue.grant_role(walk.convenor, account_id="newcomer", role="stakeholder")
    assert "the dialogue 'eau-drome' is closed" in str(refused.value)

    with pytest.raises(DialogueClosedError):
        walk.dialogue.continue_dialogue(
            walk.facilitator, follow_up="one more meeting", next_meeting_on="2027-01-10"
        )
    with pytest.raises(DialogueClosedError):
        walk.close()
    with pytest.raises(DialogueClosedError):
        walk.advance(waiver=WAIVER)
    assert walk.dialogue.collect_events() == []
    assert "newcomer" not in walk.dialogue.roles


@pytest.mark.parametrize("act", sorted(set(ACTS) - AFTER_CLOSING))
def test_every_act_is_refused_on_a_closed_dialogue_even_to_an_allowed_role(walk, act):
    dialogue = dialogue_at(walk, Stage.DECISION_AND_FOLLOW_UP)
    dialogue.close(walk.convenor, indicators=walk.indicators(), summary="Stopped.", waiver=WAIVER)

    with pytest.raises(DialogueClosedError, match=f"^{act}: the dialogue 'eau-drome' is closed$"):
        dialogue.check_accepts(act, allowed_actor(act))


@pytest.mark.parametrize("act", sorted(AFTER_CLOSING))
def test_moderation_and_withdrawal_stay_possible_once_the_dialogue_is_closed(walk, act):
    dialogue = dialogue_at(walk, Stage.DECISION_AND_FOLLOW_UP)
    dialogue.close(walk.convenor, indicators=walk.indicators(), summary="Stopped.", waiver=WAIVER)

    dialogue.check_accepts(act, allowed_actor(act))  # what was written stays moderated
