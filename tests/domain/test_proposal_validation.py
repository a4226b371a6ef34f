"""Validated by its instance's functioning rule, translated by a technician: only then presentable."""

from uuid import uuid4

import pytest

from domain.base import Actor
from domain.decisions import check_presentable
from domain.errors import InvalidActError, RoleError, RuleError
from domain.proposal import Proposal
from domain.roles import Role

ALICE, BOB, CLAIRE, DAVID = (Actor(name, Role.STAKEHOLDER) for name in ("alice", "bob", "claire", "david"))


@pytest.fixture
def group_of(walk):
    """An instance of the given rule whose members have these accounts (None: no account)."""

    def make(rule, *accounts):
        return walk.instance("consultation_group", f"Group by {rule}", members=accounts, rule=rule)

    return make


def proposal_of(walk, instance):
    return walk.draft_proposal("Shared irrigation calendar", instance=instance)


def validate(walk, proposal, instance):
    proposal.validate(walk.facilitator, instance=instance)


# --- consensus: every member with an account endorses, none objects -----------


def test_consensus_validates_when_every_member_endorses(walk, group_of):
    group = group_of("consensus", "alice", "bob", "claire")
    proposal = proposal_of(walk, group)
    for member in (ALICE, BOB, CLAIRE):
        proposal.endorse(member)

    validate(walk, proposal, group)

    assert proposal.status == "validated"


def test_consensus_is_refused_while_one_member_has_not_endorsed(walk, group_of):
    group = group_of("consensus", "alice", "bob", "claire")
    proposal = proposal_of(walk, group)
    proposal.endorse(ALICE)
    proposal.endorse(BOB)

    with pytest.raises(RuleError) as refused:
        validate(walk, proposal, group)

    assert "'Group by consensus' decides by consensus" in str(refused.value)
    assert "2 of 3 members endorse, 0 object" in str(refused.value)
    assert proposal.status == "drafted"


def test_consensus_is_refused_when_a_member_objects_after_endorsing(walk, group_of):
    group = group_of("consensus", "alice", "bob")
    proposal = proposal_of(walk, group)
    proposal.endorse(ALICE)
    proposal.endorse(BOB)
    proposal.object(BOB, reason="The calendar ignores market gardeners.")

    with pytest.raises(RuleError, match="1 of 2 members endorse, 1 object"):
        validate(walk, proposal, group)


def test_consensus_counts_only_members_with_an_account(walk, group_of):
    group = group_of("consensus", "alice", None, "bob")
    proposal = proposal_of(walk, group)
    proposal.endorse(ALICE)
    proposal.endorse(BOB)

    validate(walk, proposal, group)

    assert proposal.status == "validated"


def test_endorsements_of_non_members_do_not_count(walk, group_of):
    group = group_of("consensus", "alice", "bob")
    proposal = proposal_of(walk, group)
    proposal.endorse(ALICE)
    proposal.endorse(CLAIRE)
    proposal.endorse(DAVID)

    with pytest.raises(RuleError, match="1 of 2 members endorse"):
        validate(walk, proposal, group)


# --- consent: no member objects -----------------------------------------------


def test_consent_validates_when_no_member_objects_even_without_endorsements(walk, group_of):
    group = group_of("consent", "alice", "bob", "claire")
    proposal = proposal_of(walk, group)

    validate(walk, proposal, group)

    assert proposal.status == "validated"


def test_consent_is_refused_while_a_member_objects(walk, group_of):
    group = group_of("consent", "alice", "bob", "claire")
    proposal = proposal_of(walk, group)
    proposal.endorse(ALICE)
    proposal.endorse(BOB)
    proposal.object(CLAIRE, reason="Too early.")

    with pytest.raises(RuleError) as refused:
        validate(walk, proposal, group)

    assert "decides by consent" in str(refused.value)
    assert "1 members object" in str(refused.value)


def test_consent_validates_once_the_objection_is_resolved(walk, group_of):
    group = group_of("consent", "alice", "bob")
    proposal = proposal_of(walk, group)
    proposal.object(CLAIRE, reason="I am not a member.")
    proposal.object(BOB, reason="Too early.")
    proposal.resolve_objection(BOB, resolution="A trial year was added.")

    validate(walk, proposal, group)

    assert proposal.status == "validated"
    assert "bob" not in proposal.objections


def test_only_the_objector_lifts_an_objection(walk, group_of):
    group = group_of("consent", "alice", "bob")
    proposal = proposal_of(walk, group)
    proposal.object(BOB, reason="Too early.")

    with pytest.raises(RuleError, match="only the objector"):
        proposal.resolve_objection(ALICE, resolution="I decided for him.")

    assert proposal.objections == {"bob": "Too early."}


# --- majority: more than half of the members endorse ------------------------------


def test_majority_validates_when_more_than_half_endorse(walk, group_of):
    group = group_of("majority", "alice", "bob", "claire")
    proposal = proposal_of(walk, group)
    proposal.endorse(ALICE)
    proposal.endorse(BOB)
    proposal.object(CLAIRE, reason="Against.")

    validate(walk, proposal, group)

    assert proposal.status == "validated"


def test_majority_is_refused_when_less_than_half_endorse(walk, group_of):
    group = group_of("majority", "alice", "bob", "claire")
    proposal = proposal_of(walk, group)
    proposal.endorse(ALICE)

    with pytest.raises(RuleError) as refused:
        validate(walk, proposal, group)

    assert "decides by majority" in str(refused.value)
    assert "1 of 3 members endorse, 2 needed" in str(refused.value)


def test_majority_is_refused_on_an_exact_half(walk, group_of):
    group = group_of("majority", "alice", "bob", "claire", "david")
    proposal = proposal_of(walk, group)
    proposal.endorse(ALICE)
    proposal.endorse(BOB)

    with pytest.raises(RuleError, match="2 of 4 members endorse, 3 needed"):
        validate(walk, proposal, group)


# --- whatever the rule --------------------------------------------------------


@pytest.mark.parametrize("rule", ["consensus", "consent", "majority"])
def test_an_instance_without_members_with_an_account_validates_nothing(walk, group_of, rule):
    group = group_of(rule, None, None)
    proposal = proposal_of(walk, group)

    with pytest.raises(RuleError, match="has no members with an account"):
        validate(walk, proposal, group)


def test_a_proposal_is_validated_only_by_its_own_instance(walk, group_of):
    own = group_of("consent", "alice")
    other = walk.instance("technical_committee", "Technical committee", members=("bob",), rule="consent")
    proposal = proposal_of(walk, own)

    with pytest.raises(InvalidActError) as refused:
        validate(walk, proposal, other)

    assert refused.value.field == "instance_id"
    assert "another instance" in refused.value.message


def test_validation_records_the_rule_applied(walk, group_of):
    group = group_of("majority", "alice", "bob", "claire")
    proposal = proposal_of(walk, group)
    proposal.endorse(ALICE)
    proposal.endorse(BOB)
    proposal.collect_events()

    validate(walk, proposal, group)

    [validated] = proposal.collect_events()
    assert type(validated).__name__ == "ProposalValidated"
    assert validated.rule == "majority"
    assert validated.endorsements == 2


def test_a_validated_proposal_is_no_longer_open_to_amendment_or_endorsement(walk, group_of):
    group = group_of("consent", "alice", "bob")
    proposal = proposal_of(walk, group)
    validate(walk, proposal, group)

    with pytest.raises(RuleError, match="is validated"):
        proposal.amend(ALICE, text="New text.", rationale="Late idea.")
    with pytest.raises(RuleError, match="is validated"):
        proposal.endorse(BOB)
    with pytest.raises(RuleError, match="is validated"):
        validate(walk, proposal, group)


# --- technical translation and presentability ------------------------------------


def test_only_a_technician_translates_a_proposal(walk, group_of):
    group = group_of("consent", "alice")
    proposal = proposal_of(walk, group)
    validate(walk, proposal, group)

    with pytest.raises(RoleError, match="technician"):
        proposal.record_translation(
            walk.facilitator, operational_form="a rota", cost_estimate="0", feasibility="easy"
        )

    assert proposal.translation is None


def test_only_a_validated_proposal_is_translated(walk, group_of):
    group = group_of("consent", "alice")
    proposal = proposal_of(walk, group)

    with pytest.raises(RuleError) as refused:
        proposal.record_translation(
            walk.technician, operational_form="a rota", cost_estimate="0", feasibility="easy"
        )

    assert "'Shared irrigation calendar' is drafted, not validated" in str(refused.value)


def test_a_drafted_proposal_is_not_presentable(walk, group_of):
    proposal = proposal_of(walk, group_of("consent", "alice"))

    with pytest.raises(RuleError) as refused:
        check_presentable(proposal, None)

    assert "proposal 'Shared irrigation calendar' is drafted" in str(refused.value)
    assert "not validated by its instance" in str(refused.value)


def test_a_withdrawn_proposal_is_not_presentable(walk, group_of):
    proposal = proposal_of(walk, group_of("consent", "alice"))
    proposal.withdraw(ALICE, reason="Merged into another one.")

    with pytest.raises(RuleError, match="is withdrawn, not validated"):
        check_presentable(proposal, None)


def test_a_validated_proposal_not_translated_is_not_presentable(walk, group_of):
    group = group_of("consent", "alice")
    proposal = proposal_of(walk, group)
    validate(walk, proposal, group)

    with pytest.raises(RuleError) as refused:
        check_presentable(proposal, None)

    assert "'Shared irrigation calendar' has not been translated by a technician" in str(refused.value)


def test_a_validated_and_translated_proposal_is_presentable(walk, group_of):
    group = group_of("consent", "alice")
    proposal = proposal_of(walk, group)
    validate(walk, proposal, group)
    proposal.record_translation(
        walk.technician, operational_form="a rota", cost_estimate="0", feasibility="easy"
    )

    check_presentable(proposal, None)
    check_presentable(proposal, "deferred")


@pytest.mark.parametrize("ruled", ["adopted", "adopted_with_changes", "rejected"])
def test_a_proposal_already_ruled_on_is_not_presented_again(walk, ruled):
    walk.to_collective_work()
    proposal = walk.validated_proposal()

    with pytest.raises(RuleError, match=rf"already ruled on \({ruled}\)"):
        check_presentable(proposal, ruled)


def test_presenting_an_untranslated_proposal_is_refused_and_records_nothing(walk):
    walk.to_collective_work()
    walk.complete_collective_work()
    untranslated = walk.validated_proposal("Rainwater tanks", translated=False)
    walk.advance(waiver="The technicians will translate it before the council meets.")
    walk.dialogue.collect_events()

    with pytest.raises(RuleError, match="'Rainwater tanks' has not been translated"):
        walk.present()

    assert walk.dialogue.collect_events() == []
    assert walk.dialogue.presented == []
    assert untranslated.translation is None


def test_presenting_a_proposal_of_another_dialogue_is_refused(walk):
    walk.to_decision()
    group = walk.consultation_group
    stranger = Proposal.draft(
        ALICE,
        dialogue_id=uuid4(),
        instance_id=group.id,
        topic="irrigation",
        title="From elsewhere",
        text="Not of this dialogue.",
        co_authors=[],
        contribution_ids=[],
    )
    stranger.endorse(ALICE)
    stranger.endorse(BOB)
    stranger.validate(walk.facilitator, instance=group)
    stranger.record_translation(walk.technician, operational_form="x", cost_estimate="0", feasibility="easy")

    with pytest.raises(InvalidActError) as refused:
        walk.present([stranger])

    assert refused.value.field == "proposal_ids"
    assert str(stranger.id) in refused.value.message
    assert walk.dialogue.presented == []


def test_presented_proposals_await_the_decision(walk):
    walk.to_decision(("First", "Second"))
    walk.dialogue.collect_events()

    walk.present()

    [presented] = walk.dialogue.collect_events()
    assert type(presented).__name__ == "ResultsPresented"
    assert presented.proposal_ids == [p.id for p in walk.proposals]
    assert walk.dialogue.presented == [p.id for p in walk.proposals]
