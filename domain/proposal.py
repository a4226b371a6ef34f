"""Proposals co-written by stakeholders, validated by their instance, translated by a technician."""

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Actor, DialoguePart, check_once_per_account, check_text, check_texts
from domain.errors import InvalidActError, RuleError
from domain.roles import Role


class Proposal(DialoguePart):
    @classmethod
    def draft(
        cls,
        by: Actor,
        *,
        dialogue_id: UUID,
        instance_id: UUID,
        topic: str,
        title: str,
        text: str,
        co_authors: list[str],
        contribution_ids: list[UUID],
    ) -> "Proposal":
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            instance_id=instance_id,
            topic=check_text("topic", topic),
            title=check_text("title", title),
            text=check_text("text", text),
            co_authors=check_texts("co_authors", co_authors, required=False),
            contribution_ids=list(contribution_ids),
        )

    @event("ProposalDrafted")
    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        instance_id: UUID,
        topic: str,
        title: str,
        text: str,
        co_authors: list[str],
        contribution_ids: list[UUID],
    ):
        self.dialogue_id = dialogue_id
        self.instance_id = instance_id
        self.topic = topic
        self.title = title
        self.text = text
        self.authors = [actor_id, *[a for a in co_authors if a != actor_id]]
        self.contribution_ids = list(contribution_ids)
        self.status = "drafted"
        self.amendments = 0
        self.endorsers: list[str] = []
        self.objections: dict[str, str] = {}
        """Open objections: account id -> reason."""
        self.translation: dict[str, Any] | None = None

    def check_open(self, act: str) -> None:
        if self.status != "drafted":
            raise RuleError(
                f"{act}: proposal '{self.title}' is {self.status}",
                code="proposal-closed",
                params={"act": act, "proposal": self.title, "status": self.status},
            )

    def amend(self, by: Actor, *, text: str, rationale: str) -> None:
        self.check_open("proposal-amended")
        self._amend(by.account_id, by.role, check_text("text", text), check_text("rationale", rationale))

    @event("ProposalAmended")
    def _amend(self, actor_id: str, actor_role: str, text: str, rationale: str) -> None:
        self.text = text
        self.amendments += 1

    def endorse(self, by: Actor) -> None:
        self.check_open("proposal-endorsed")
        check_once_per_account("proposal-endorsed", by, self.endorsers, "endorsed")
        self._endorse(by.account_id, by.role)

    @event("ProposalEndorsed")
    def _endorse(self, actor_id: str, actor_role: str) -> None:
        self.endorsers.append(actor_id)
        self.objections.pop(actor_id, None)

    def object(self, by: Actor, *, reason: str) -> None:
        self.check_open("proposal-objected")
        if by.account_id in self.objections:
            raise RuleError(
                "proposal-objected: this account already has an open objection",
                code="objection-open",
                params={"act": "proposal-objected"},
            )
        self._object(by.account_id, by.role, check_text("reason", reason))

    @event("ProposalObjected")
    def _object(self, actor_id: str, actor_role: str, reason: str) -> None:
        self.objections[actor_id] = reason
        if actor_id in self.endorsers:
            self.endorsers.remove(actor_id)

    def resolve_objection(self, by: Actor, *, resolution: str) -> None:
        """The objector lifts their objection, saying how it was resolved."""
        self.check_open("objection-resolved")
        if by.account_id not in self.objections:
            raise RuleError(
                "objection-resolved: only the objector can lift their objection",
                code="not-the-objector",
                params={"act": "objection-resolved"},
            )
        self._resolve_objection(by.account_id, by.role, check_text("resolution", resolution))

    @event("ObjectionResolved")
    def _resolve_objection(self, actor_id: str, actor_role: str, resolution: str) -> None:
        del self.objections[actor_id]

    def validate(self, by: Actor, *, instance: Any) -> None:
        """Validated by its instance, according to that instance's functioning rule."""
        self.check_open("proposal-validated")
        if instance.id != self.instance_id:
            raise InvalidActError(
                "instance_id",
                f"proposal '{self.title}' belongs to another instance",
                code="other-instance",
                params={"proposal": self.title},
            )
        instance.check_rule_met("proposal-validated", set(self.endorsers), set(self.objections))
        self._validate(by.account_id, by.role, instance.functioning_rule, len(self.endorsers))

    @event("ProposalValidated")
    def _validate(self, actor_id: str, actor_role: str, rule: str, endorsements: int) -> None:
        self.status = "validated"

    def withdraw(self, by: Actor, *, reason: str) -> None:
        self.check_open("proposal-withdrawn")
        if by.role == Role.STAKEHOLDER and by.account_id not in self.authors:
            raise RuleError(
                "proposal-withdrawn: only an author of the proposal can withdraw it",
                code="not-an-author",
                params={"act": "proposal-withdrawn"},
            )
        self._withdraw(by.account_id, by.role, check_text("reason", reason))

    @event("ProposalWithdrawn")
    def _withdraw(self, actor_id: str, actor_role: str, reason: str) -> None:
        self.status = "withdrawn"

    def record_translation(
        self, by: Actor, *, operational_form: str, cost_estimate: str, feasibility: str
    ) -> None:
        """A technician puts a validated proposal into operational terms."""
        by.check_role("technical-translation-recorded", Role.TECHNICIAN)
        if self.status != "validated":
            raise RuleError(
                f"technical-translation-recorded: proposal '{self.title}' is {self.status}, not validated",
                code="proposal-not-validated",
                params={
                    "act": "technical-translation-recorded",
                    "proposal": self.title,
                    "status": self.status,
                },
            )

        self._record_translation(
            by.account_id,
            by.role,
            check_text("operational_form", operational_form),
            check_text("cost_estimate", cost_estimate),
            check_text("feasibility", feasibility),
        )

    @event("TechnicalTranslationRecorded")
    def _record_translation(
        self, actor_id: str, actor_role: str, operational_form: str, cost_estimate: str, feasibility: str
    ) -> None:
        self.translation = {
            "operational_form": operational_form,
            "cost_estimate": cost_estimate,
            "feasibility": feasibility,
            "by": actor_id,
        }
