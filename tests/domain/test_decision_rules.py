"""The decision belongs to a named legitimate body: a decision_maker rules on every presented proposal."""

from uuid import uuid4

import pytest

from domain.base import Actor
from domain.errors import InvalidActError, RoleError, RuleError
from domain.roles import Role

TITLES = ("Shared irrigation calendar", "Rainwater tanks for schools")


@pytest.fixture
def presented(walk):
    """A dialogue in its last stage with two proposals presented to the decision-makers."""
    walk.to_decision(TITLES)
    walk.present()
    walk.dialogue.collect_events()
    return walk


def outcome(proposal, result="adopted", justification=""):
    return {"proposal_id": proposal.id, "outcome": result, "justification": justification}


def assert_nothing_recorded(walk, presented_before):
    assert walk.dialogue.collect_events() == []
    assert walk.dialogue.decisions == []
    assert walk.dialogue.outcomes == {}
    assert walk.dialogue.presented == presented_before


# --- who decides --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "body_name"),
    [
        ("conseil_municipal", "Conseil municipal de Die"),
        ("conseil_communautaire", "Conseil communautaire du Diois"),
        ("bureau_du_syndicat", "Bureau du syndicat de rivière"),
        ("other_deliberative_body", "Assemblée du parc naturel régional"),
    ],
)
def test_a_decision_maker_naming_a_legitimate_body_adopts_the_decision(presented, body, body_name):
    first, second = presented.proposals

    presented.adopt(
        body=body,
        body_name=body_name,
        outcomes=[outcome(first), outcome(second, "rejected", "The budget is exhausted.")],
    )

    [adopted] = presented.dialogue.collect_events()
    assert type(adopted).__name__ == "DecisionAdopted"
    assert adopted.body == body
    assert adopted.body_name == body_name
    assert adopted.deliberation_reference == "DEL-2026-042"
    assert adopted.actor_id == presented.decision_maker.account_id
    assert adopted.actor_role == "decision_maker"
    assert presented.dialogue.outcome_of(first.id) == "adopted"
    assert presented.dialogue.outcome_of(second.id) == "rejected"
    assert presented.dialogue.presented == []
    [decision] = presented.dialogue.decisions
    assert decision["outcomes"][1]["justification"] == "The budget is exhausted."
    assert decision["votes"] == {"for": 30, "against": 2, "abstentions": 1}


@pytest.mark.parametrize("role", [Role.STEERING_MEMBER, Role.FACILITATOR, Role.CONVENOR, Role.STAKEHOLDER])
def test_no_one_but_a_decision_maker_can_adopt_a_decision(presented, role):
    before = list(presented.dialogue.presented)

    with pytest.raises(RoleError) as refused:
        presented.adopt(Actor("someone", role))

    assert "decision-adopted" in str(refused.value)
    assert "decision_maker" in str(refused.value)
    assert str(role) in str(refused.value)
    assert_nothing_recorded(presented, before)


@pytest.mark.parametrize("body", ["comite_de_pilotage", "steering_committee", "prefecture", "", None])
def test_a_body_that_is_not_a_legitimate_deliberative_body_is_refused(presented, body):
    before = list(presented.dialogue.presented)

    with pytest.raises(InvalidActError) as refused:
        presented.adopt(body=body)

    assert refused.value.field == "body"
    assert "conseil_municipal" in refused.value.message
    assert_nothing_recorded(presented, before)


@pytest.mark.parametrize("body_name", ["", "   ", None])
def test_the_legitimate_body_must_be_named(presented, body_name):
    with pytest.raises(InvalidActError) as refused:
        presented.adopt(body="other_deliberative_body", body_name=body_name)

    assert refused.value.field == "body_name"


@pytest.mark.parametrize("reference", ["", "  ", None])
def test_a_deliberation_reference_is_required(presented, reference):
    before = list(presented.dialogue.presented)

    with pytest.raises(InvalidActError) as refused:
        presented.adopt(deliberation_reference=reference)

    assert refused.value.field == "deliberation_reference"
    assert_nothing_recorded(presented, before)


@pytest.mark.parametrize(
    "body_name",
    ["Comité de pilotage", "comité de pilotage", "  COMITÉ DE PILOTAGE  ", "groupe AGRICULTURE"],
)
def test_a_consultation_instance_of_the_dialogue_cannot_be_the_deciding_body(presented, body_name):
    before = list(presented.dialogue.presented)

    with pytest.raises(RuleError) as refused:
        presented.adopt(body="other_deliberative_body", body_name=body_name)

    message = str(refused.value)
    assert body_name.strip() in message
    assert "consultation instance" in message
    assert "legitimate body" in message
    assert_nothing_recorded(presented, before)


def test_a_body_whose_name_merely_contains_an_instance_name_may_decide(presented):
    presented.adopt(
        body="other_deliberative_body", body_name="Assemblée plénière du Comité de pilotage régional"
    )

    assert len(presented.dialogue.decisions) == 1


# --- on what it decides -----------------------------------------------------


def test_every_presented_proposal_needs_an_outcome_and_the_missing_one_is_named(presented):
    first, second = presented.proposals
    before = list(presented.dialogue.presented)

    with pytest.raises(InvalidActError) as refused:
        presented.adopt(outcomes=[outcome(first)])

    assert refused.value.field == "outcomes"
    assert str(second.id) in refused.value.message
    assert str(first.id) not in refused.value.message
    assert_nothing_recorded(presented, before)


def test_an_outcome_for_a_proposal_that_was_not_presented_is_refused(presented):
    first, second = presented.proposals
    stranger = uuid4()
    before = list(presented.dialogue.presented)

    with pytest.raises(InvalidActError) as refused:
        presented.adopt(
            outcomes=[outcome(first), outcome(second), {"proposal_id": stranger, "outcome": "adopted"}]
        )

    assert refused.value.field == "outcomes[2].proposal_id"
    assert str(stranger) in refused.value.message
    assert "not presented" in refused.value.message
    assert_nothing_recorded(presented, before)


def test_a_drafted_but_unpresented_proposal_of_the_dialogue_gets_no_outcome(walk):
    walk.to_collective_work()
    walk.complete_collective_work(TITLES)
    unpresented = walk.draft_proposal("Never presented")
    walk.advance()
    walk.present([p for p in walk.proposals if p is not unpresented])

    with pytest.raises(InvalidActError) as refused:
        walk.adopt(outcomes=[*walk.decision()["outcomes"], outcome(unpresented, "rejected", "not ours")])

    assert refused.value.field == "outcomes[2].proposal_id"
    assert str(unpresented.id) in refused.value.message


def test_a_proposal_cannot_be_given_two_outcomes(presented):
    first, second = presented.proposals

    with pytest.raises(InvalidActError) as refused:
        presented.adopt(outcomes=[outcome(first), outcome(second), outcome(first, "rejected", "no")])

    assert refused.value.field == "outcomes[2].proposal_id"
    assert "two outcomes" in refused.value.message


@pytest.mark.parametrize("result", ["adopted_with_changes", "rejected", "deferred"])
@pytest.mark.parametrize("justification", ["", "   ", None])
def test_every_outcome_other_than_adopted_needs_a_justification(presented, result, justification):
    first, second = presented.proposals
    before = list(presented.dialogue.presented)

    with pytest.raises(InvalidActError) as refused:
        presented.adopt(outcomes=[outcome(first), outcome(second, result, justification)])

    assert refused.value.field == "outcomes[1].justification"
    assert_nothing_recorded(presented, before)


@pytest.mark.parametrize("result", ["adopted_with_changes", "rejected", "deferred"])
def test_a_justified_outcome_other_than_adopted_is_recorded_with_its_justification(presented, result):
    first, second = presented.proposals

    presented.adopt(outcomes=[outcome(first, result, "  Public reason.  "), outcome(second)])

    [decision] = presented.dialogue.decisions
    assert decision["outcomes"][0] == {
        "proposal_id": first.id,
        "outcome": result,
        "justification": "Public reason.",
    }
    assert decision["outcomes"][1] == {"proposal_id": second.id, "outcome": "adopted", "justification": ""}


def test_an_adopted_outcome_needs_no_justification(presented):
    presented.adopt(outcomes=[{"proposal_id": p.id, "outcome": "adopted"} for p in presented.proposals])

    assert [o["outcome"] for o in presented.dialogue.decisions[0]["outcomes"]] == ["adopted", "adopted"]


def test_an_unknown_outcome_is_refused_naming_the_entry(presented):
    first, second = presented.proposals

    with pytest.raises(InvalidActError) as refused:
        presented.adopt(outcomes=[outcome(first), outcome(second, "approved")])

    assert refused.value.field == "outcomes[1].outcome"
    assert "adopted_with_changes" in refused.value.message


@pytest.mark.parametrize(
    ("votes", "field"),
    [
        ({"for": -1, "against": 0, "abstentions": 0}, "votes.for"),
        ({"for": 3, "against": 1}, "votes.abstentions"),
    ],
)
def test_votes_are_counted_for_against_and_abstaining(presented, votes, field):
    with pytest.raises(InvalidActError) as refused:
        presented.adopt(votes=votes)

    assert refused.value.field == field


def test_no_decision_before_any_proposal_is_presented(walk):
    walk.to_decision()

    with pytest.raises(RuleError, match="no proposal has been presented"):
        walk.adopt(outcomes=[])


def test_a_ruled_proposal_leaves_the_presented_list_and_cannot_be_ruled_twice(presented):
    first, second = presented.proposals
    presented.adopt(outcomes=[outcome(first), outcome(second, "deferred", "Needs a study.")])

    with pytest.raises(RuleError, match="no proposal has been presented"):
        presented.adopt(outcomes=[outcome(first, "rejected", "changed our minds")])


def test_a_deferred_proposal_can_be_presented_again_and_decided_later(presented):
    first, second = presented.proposals
    presented.adopt(outcomes=[outcome(first), outcome(second, "deferred", "Needs a study.")])

    presented.present([second])
    presented.adopt(outcomes=[outcome(second, "adopted_with_changes", "Reduced to two schools.")])

    assert presented.dialogue.outcome_of(second.id) == "adopted_with_changes"
    assert len(presented.dialogue.decisions) == 2
