"""Builders for domain tests: aggregates made directly, no application, no database.

The ``walk`` fixture gives a ``DialogueWalk`` that opens a dialogue and can take it,
act by act, to any stage with every exit indicator met. It keeps every part it
creates so that tests can evaluate ``exit_indicators`` and replay the events.
"""

from typing import Any
from uuid import uuid4

import pytest

from domain.action import Action
from domain.agreement import Agreement
from domain.base import Actor
from domain.dialogue import Dialogue
from domain.indicators import Indicator, Parts, exit_indicators
from domain.instance import Instance
from domain.proposal import Proposal
from domain.roles import Role
from domain.stages import Stage
from domain.stakeholder import Stakeholder

CONVENOR = Actor("carla", Role.CONVENOR)
FACILITATOR = Actor("felix", Role.FACILITATOR)
STEERING = Actor("sophie", Role.STEERING_MEMBER)
OUTSIDE_STEERING = Actor("samir", Role.STEERING_MEMBER)
ALICE = Actor("alice", Role.STAKEHOLDER)
BOB = Actor("bob", Role.STAKEHOLDER)
CLAIRE = Actor("claire", Role.STAKEHOLDER)
TECHNICIAN = Actor("theo", Role.TECHNICIAN)
DECISION_MAKER = Actor("denise", Role.DECISION_MAKER)
OPERATOR = Actor("oscar", Role.OPERATOR)

STEERING_COMMITTEE_NAME = "Comité de pilotage"
CONSULTATION_GROUP_NAME = "Groupe agriculture"

FRAMEWORK: dict[str, Any] = {
    "expected_results": ["a shared diagnosis of water use", "a provisional action plan"],
    "objects": ["irrigation", "drinking water"],
    "perimeter": "the Drôme valley",
    "excluded": ["the regional water tariff"],
    "calendar": [{"label": "launch", "date": "2026-03-12"}],
}


class DialogueWalk:
    """One dialogue and its parts, driven through the stages as the process says."""

    convenor = CONVENOR
    facilitator = FACILITATOR
    steering = STEERING
    outside_steering = OUTSIDE_STEERING
    alice = ALICE
    bob = BOB
    claire = CLAIRE
    technician = TECHNICIAN
    decision_maker = DECISION_MAKER
    operator = OPERATOR

    def __init__(self) -> None:
        self.dialogue = Dialogue.open(
            CONVENOR,
            slug="eau-drome",
            title="Water in the Drôme",
            territory="Drôme valley",
            subject="Sharing water between uses",
        )
        self.stakeholders: dict[str, Stakeholder] = {}
        self.instances: list[Instance] = []
        self.proposals: list[Proposal] = []
        self.agreements: list[Agreement] = []
        self.actions: list[Action] = []

    # --- parts ------------------------------------------------------------

    @property
    def parts(self) -> Parts:
        return Parts(
            instances=list(self.instances),
            proposals=list(self.proposals),
            agreements=list(self.agreements),
            actions=list(self.actions),
        )

    def indicators(self) -> list[Indicator]:
        return exit_indicators(self.dialogue, self.parts)

    def stakeholder(self, account_id: str | None, *, organisation: str = "Association") -> Stakeholder:
        """A stakeholder of this dialogue (with an account unless ``account_id`` is None)."""
        stakeholder = Stakeholder.identify(
            FACILITATOR,
            stakeholder_id=uuid4(),
            dialogue_id=self.dialogue.id,
            category="resident",
            organisation=organisation,
            sealed_contact="sealed:contact",
            account_id=account_id,
            public_office=False,
            name_consent=False,
        )
        self.stakeholders[account_id or f"no-account-{len(self.stakeholders)}"] = stakeholder
        self.dialogue.attach(FACILITATOR, kind="stakeholder", part_id=stakeholder.id)
        return stakeholder

    def instance(
        self,
        kind: str,
        name: str,
        *,
        members: tuple[str | None, ...] = (),
        rule: str = "consensus",
    ) -> Instance:
        """An instance of this dialogue whose members are stakeholders with these accounts."""
        instance = Instance.design(
            FACILITATOR,
            dialogue_id=self.dialogue.id,
            kind=kind,
            name=name,
            function="follow the process",
            composition="elected officials and associations",
            functioning_rule=rule,
            facilitation="a facilitator",
            schedule="monthly, Tuesday 18:00",
        )
        self.dialogue.attach(FACILITATOR, kind="instance", part_id=instance.id)
        for account in members:
            instance.add_member(FACILITATOR, stakeholder=self.stakeholder(account))
        self.instances.append(instance)
        return instance

    @property
    def steering_committee(self) -> Instance:
        return next(i for i in self.instances if i.kind == "steering_committee")

    @property
    def consultation_group(self) -> Instance:
        return next(i for i in self.instances if i.kind == "consultation_group")

    # --- stage 1 ------------------------------------------------------------

    def define_framework(self, **changes: Any) -> None:
        self.dialogue.define_framework(CONVENOR, **{**FRAMEWORK, **changes})

    def design_instances(self) -> None:
        self.instance("steering_committee", STEERING_COMMITTEE_NAME, members=(STEERING.account_id,))
        self.instance(
            "consultation_group",
            CONSULTATION_GROUP_NAME,
            members=(ALICE.account_id, BOB.account_id),
            rule="consensus",
        )

    def submit_design(self) -> None:
        if self.dialogue.framework is None:
            self.define_framework()
        if not self.instances:
            self.design_instances()
        self.dialogue.submit_design(FACILITATOR, summary="two instances, monthly meetings")

    def validate_design(self) -> None:
        self.submit_design()
        self.dialogue.validate_design(STEERING, steering_committee=self.steering_committee, remarks="ok")

    def complete_framing(self) -> None:
        """Framing with all three exit indicators met."""
        self.validate_design()
        self.dialogue.make_approach_public(CONVENOR, channels=["website"], published_on="2026-03-01")

    def advance(self, waiver: str | None = None) -> None:
        self.dialogue.advance_stage(CONVENOR, indicators=self.indicators(), waiver=waiver)

    # --- stage 2 ------------------------------------------------------------

    def to_collective_work(self) -> None:
        self.complete_framing()
        self.advance()
        assert self.dialogue.stage == Stage.COLLECTIVE_WORK

    def draft_proposal(
        self, title: str = "Shared irrigation calendar", instance: Instance | None = None
    ) -> Proposal:
        instance = instance or self.consultation_group
        proposal = Proposal.draft(
            ALICE,
            dialogue_id=self.dialogue.id,
            instance_id=instance.id,
            topic="irrigation",
            title=title,
            text="Farmers agree a weekly irrigation calendar.",
            co_authors=[BOB.account_id],
            contribution_ids=[],
        )
        self.dialogue.attach(ALICE, kind="proposal", part_id=proposal.id)
        self.proposals.append(proposal)
        return proposal

    def validated_proposal(
        self, title: str = "Shared irrigation calendar", *, translated: bool = True
    ) -> Proposal:
        """A proposal endorsed by every member of the consultation group, validated, translated."""
        proposal = self.draft_proposal(title)
        for account in sorted(self.consultation_group.member_accounts):
            proposal.endorse(Actor(account, Role.STAKEHOLDER))
        proposal.validate(FACILITATOR, instance=self.consultation_group)
        if translated:
            proposal.record_translation(
                TECHNICIAN, operational_form="a weekly rota", cost_estimate="5 k€", feasibility="feasible"
            )
        return proposal

    def validated_agreement(self, proposals: list[Proposal]) -> Agreement:
        group = self.consultation_group
        agreement = Agreement.draft(
            FACILITATOR,
            dialogue_id=self.dialogue.id,
            instance_id=group.id,
            title="Provisional action plan",
            text="The plan.",
            proposals=proposals,
        )
        self.dialogue.attach(FACILITATOR, kind="agreement", part_id=agreement.id)
        for account in sorted(group.member_accounts):
            agreement.approve(Actor(account, Role.STAKEHOLDER))
        agreement.validate(FACILITATOR, instance=group)
        self.agreements.append(agreement)
        return agreement

    def complete_collective_work(self, titles: tuple[str, ...] = ("Shared irrigation calendar",)) -> None:
        """Collective work with all exit indicators met: validated, put into form, translated."""
        proposals = [self.validated_proposal(title) for title in titles]
        self.validated_agreement(proposals)

    # --- stage 3 ------------------------------------------------------------

    def to_decision(self, titles: tuple[str, ...] = ("Shared irrigation calendar",)) -> None:
        self.to_collective_work()
        self.complete_collective_work(titles)
        self.advance()
        assert self.dialogue.stage == Stage.DECISION_AND_FOLLOW_UP

    def present(self, proposals: list[Proposal] | None = None) -> None:
        self.dialogue.present_results(
            FACILITATOR,
            body="conseil communautaire",
            presented_on="2026-09-01",
            proposals=self.proposals if proposals is None else proposals,
        )

    def decision(self, **changes: Any) -> dict[str, Any]:
        """Arguments of a valid decision adopting every presented proposal as is."""
        arguments: dict[str, Any] = {
            "body": "conseil_communautaire",
            "body_name": "Conseil communautaire du Val de Drôme",
            "deliberation_reference": "DEL-2026-042",
            "adopted_on": "2026-09-20",
            "votes": {"for": 30, "against": 2, "abstentions": 1},
            "outcomes": [
                {"proposal_id": proposal_id, "outcome": "adopted", "justification": ""}
                for proposal_id in self.dialogue.presented
            ],
            "consultation_bodies": [instance.name for instance in self.instances],
        }
        arguments.update(changes)
        return arguments

    def adopt(self, by: Actor = DECISION_MAKER, **changes: Any) -> None:
        self.dialogue.adopt_decision(by, **self.decision(**changes))

    def action_with_operator(self, proposal: Proposal) -> Action:
        action = Action.create(
            CONVENOR,
            dialogue_id=self.dialogue.id,
            proposal_id=proposal.id,
            outcome=self.dialogue.outcome_of(proposal.id),
            title="Set up the irrigation rota",
            description="The rota, published each week.",
            due_on="2027-03-01",
        )
        self.dialogue.attach(CONVENOR, kind="action", part_id=action.id)
        action.assign_operator(CONVENOR, operator_id=OPERATOR.account_id, organisation="Syndicat de rivière")
        self.actions.append(action)
        return action

    def complete_decision(self) -> None:
        """Decision stage with its exit indicators met: a proposal adopted, an operator per action."""
        self.present()
        self.adopt()
        for proposal in self.proposals:
            self.action_with_operator(proposal)

    def close(self) -> None:
        self.dialogue.close(CONVENOR, indicators=self.indicators(), summary="Done; the rota runs.")

    # --- events -----------------------------------------------------------

    def aggregates(self) -> list[Any]:
        return [
            self.dialogue,
            *self.stakeholders.values(),
            *self.instances,
            *self.proposals,
            *self.agreements,
            *self.actions,
        ]


@pytest.fixture
def walk() -> DialogueWalk:
    return DialogueWalk()
