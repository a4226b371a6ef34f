"""Only the steering committee validates or returns the design; then the framework is frozen."""

from uuid import uuid4

import pytest

from domain.base import Actor
from domain.dialogue import Dialogue
from domain.errors import InvalidActError, RoleError, RuleError
from domain.instance import Instance
from domain.roles import Role
from domain.stakeholder import Stakeholder


@pytest.fixture
def submitted(walk):
    """A dialogue in framing whose design awaits the steering committee."""
    walk.submit_design()
    walk.dialogue.collect_events()
    return walk


def review(walk, act, by, instance=None):
    instance = instance or walk.steering_committee
    if act == "validate":
        walk.dialogue.validate_design(by, steering_committee=instance, remarks="Good.")
    else:
        walk.dialogue.return_design(by, steering_committee=instance, reasons="The calendar is too short.")


def test_a_member_of_the_steering_committee_validates_the_design(submitted):
    review(submitted, "validate", submitted.steering)

    assert submitted.dialogue.design_status == "validated"
    [validated] = submitted.dialogue.collect_events()
    assert type(validated).__name__ == "DesignValidated"
    assert validated.steering_committee_id == submitted.steering_committee.id
    assert validated.actor_id == submitted.steering.account_id
    assert validated.actor_role == "steering_member"


def test_a_member_of_the_steering_committee_returns_the_design_with_reasons(submitted):
    review(submitted, "return", submitted.steering)

    assert submitted.dialogue.design_status == "returned"
    assert submitted.dialogue.design_notes[-1] == {"status": "returned", "text": "The calendar is too short."}


@pytest.mark.parametrize("reasons", ["", "  ", None])
def test_returning_the_design_needs_reasons(submitted, reasons):
    with pytest.raises(InvalidActError) as refused:
        submitted.dialogue.return_design(
            submitted.steering, steering_committee=submitted.steering_committee, reasons=reasons
        )

    assert refused.value.field == "reasons"
    assert submitted.dialogue.design_status == "submitted"


def test_a_returned_design_is_revised_and_submitted_again(submitted):
    review(submitted, "return", submitted.steering)

    submitted.define_framework(perimeter="the Drôme and Roubion valleys")
    submitted.dialogue.submit_design(submitted.facilitator, summary="perimeter widened")
    review(submitted, "validate", submitted.steering)

    assert submitted.dialogue.design_status == "validated"
    assert [n["status"] for n in submitted.dialogue.design_notes] == [
        "submitted",
        "returned",
        "submitted",
        "validated",
    ]


@pytest.mark.parametrize("act", ["validate", "return"])
def test_a_steering_member_outside_the_steering_committee_is_refused(submitted, act):
    with pytest.raises(RuleError) as refused:
        review(submitted, act, submitted.outside_steering)

    assert submitted.outside_steering.account_id in str(refused.value)
    assert "is not a member of 'Comité de pilotage'" in str(refused.value)
    assert submitted.dialogue.design_status == "submitted"
    assert submitted.dialogue.collect_events() == []


@pytest.mark.parametrize("act", ["validate", "return"])
@pytest.mark.parametrize("role", [Role.CONVENOR, Role.FACILITATOR, Role.STAKEHOLDER, Role.DECISION_MAKER])
def test_other_roles_are_refused_even_when_members_of_the_committee(walk, act, role):
    account = f"member-as-{role}"
    walk.define_framework()
    walk.instance("steering_committee", "Copil", members=("sophie", account))
    walk.dialogue.submit_design(walk.facilitator, summary="one instance")

    with pytest.raises(RoleError) as refused:
        review(walk, act, Actor(account, role))

    assert "steering_member" in str(refused.value)
    assert walk.dialogue.design_status == "submitted"


@pytest.mark.parametrize("act", ["validate", "return"])
def test_another_instance_cannot_review_the_design(submitted, act):
    group = submitted.consultation_group
    group.add_member(submitted.facilitator, stakeholder=submitted.stakeholder(submitted.steering.account_id))

    with pytest.raises(RuleError, match="only the steering committee of this dialogue reviews the design"):
        review(submitted, act, submitted.steering, group)

    assert submitted.dialogue.design_status == "submitted"


def test_the_steering_committee_of_another_dialogue_cannot_review_the_design(submitted):
    other = Dialogue.open(
        submitted.convenor, slug="autre", title="Other", territory="Ardèche", subject="Roads"
    )
    foreign = Instance.design(
        submitted.facilitator,
        dialogue_id=other.id,
        kind="steering_committee",
        name="Copil Ardèche",
        function="steer",
        composition="elected officials",
        functioning_rule="consensus",
        facilitation="a facilitator",
        schedule="monthly",
    )
    member = Stakeholder.identify(
        submitted.facilitator,
        stakeholder_id=uuid4(),
        dialogue_id=other.id,
        category="elected_official",
        organisation="Département",
        sealed_contact="sealed:contact",
        account_id=submitted.steering.account_id,
        public_office=True,
        name_consent=True,
    )
    foreign.add_member(submitted.facilitator, stakeholder=member)
    assert submitted.steering.account_id in foreign.member_accounts

    with pytest.raises(RuleError, match="only the steering committee of this dialogue"):
        review(submitted, "validate", submitted.steering, foreign)


@pytest.mark.parametrize("act", ["validate", "return"])
def test_the_design_is_not_reviewed_before_it_is_submitted(walk, act):
    walk.define_framework()
    walk.design_instances()

    with pytest.raises(RuleError, match="the design has not been submitted to the steering committee"):
        review(walk, act, walk.steering)

    assert walk.dialogue.design_status is None


@pytest.mark.parametrize("act", ["validate", "return"])
def test_a_validated_design_is_not_reviewed_again(submitted, act):
    review(submitted, "validate", submitted.steering)

    with pytest.raises(RuleError, match="has not been submitted"):
        review(submitted, act, submitted.steering)

    assert submitted.dialogue.design_status == "validated"


def test_the_design_is_submitted_once_the_framework_and_an_instance_exist(walk):
    with pytest.raises(RuleError, match="define the framework first"):
        walk.dialogue.submit_design(walk.facilitator, summary="nothing yet")
    walk.define_framework()
    with pytest.raises(RuleError, match="design at least one instance first"):
        walk.dialogue.submit_design(walk.facilitator, summary="no instance yet")


def test_the_approach_is_made_public_only_after_the_design_is_validated(submitted):
    with pytest.raises(RuleError, match="has not validated the design"):
        submitted.dialogue.make_approach_public(
            submitted.convenor, channels=["website"], published_on="2026-03-01"
        )

    assert submitted.dialogue.made_public is None


# --- framework revisions ------------------------------------------------------


def test_the_framework_can_be_revised_before_and_while_the_design_is_reviewed(walk):
    walk.define_framework()
    walk.define_framework(perimeter="first revision")
    walk.submit_design()
    walk.define_framework(perimeter="revised during the review")

    assert walk.dialogue.framework["perimeter"] == "revised during the review"
    events = walk.dialogue.collect_events()
    assert [e.perimeter for e in events if type(e).__name__ == "FrameworkDefined"] == [
        "the Drôme valley",
        "first revision",
        "revised during the review",
    ]


def test_the_framework_cannot_be_revised_once_the_design_is_validated(walk):
    walk.validate_design()
    before = walk.dialogue.framework
    walk.dialogue.collect_events()

    with pytest.raises(RuleError) as refused:
        walk.define_framework(perimeter="a new perimeter")

    assert "framework-defined" in str(refused.value)
    assert "design is validated" in str(refused.value)
    assert walk.dialogue.framework == before
    assert walk.dialogue.collect_events() == []


def test_a_framework_needs_a_dated_calendar(walk):
    with pytest.raises(InvalidActError) as refused:
        walk.define_framework(calendar=[{"label": "launch", "date": "next spring"}])
    assert refused.value.field == "calendar"

    with pytest.raises(InvalidActError, match="at least one milestone"):
        walk.define_framework(calendar=[])
