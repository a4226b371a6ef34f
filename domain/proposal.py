"""Proposals co-written by stakeholders, validated by their instance, translated by a technician.

Each act declares its fields once, as a ``TypedDict`` beside its event (``domain.fields``).
"""

from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_once_per_account, check_text, check_texts
from domain.errors import InvalidActError, RuleError
from domain.fields import public
from domain.roles import Role


class Proposal(DialoguePart):
    class DraftFields(TypedDict):
        """``co_authors``: accounts; ``contribution_ids``: the contributions it comes from."""

        topic: str
        title: str
        text: str
        co_authors: NotRequired[list[str] | None]
        contribution_ids: NotRequired[list[UUID] | None]

    @classmethod
    def draft(
        cls, by: Actor, *, dialogue_id: UUID, instance_id: UUID, **fields: Unpack[DraftFields]
    ) -> "Proposal":
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            instance_id=instance_id,
            topic=check_text("topic", fields["topic"]),
            title=check_text("title", fields["title"]),
            text=check_text("text", fields["text"]),
            co_authors=check_texts("co_authors", fields.get("co_authors") or [], required=False),
            contribution_ids=list(fields.get("contribution_ids") or []),
        )

    class ProposalDrafted(DialoguePart.Created):
        PUBLIC = public("topic", "title", "text")
        dialogue_id: UUID
        instance_id: UUID
        topic: str
        title: str
        text: str
        co_authors: list[str]
        contribution_ids: list[UUID]

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

    class AmendmentFields(TypedDict):
        text: str
        rationale: str

    def amend(self, by: Actor, **fields: Unpack[AmendmentFields]) -> None:
        self.check_open("proposal-amended")
        self._record(
            self.ProposalAmended,
            by,
            text=check_text("text", fields["text"]),
            rationale=check_text("rationale", fields["rationale"]),
        )

    class ProposalAmended(DialoguePart.Event):
        PUBLIC = public("text", "rationale")
        text: str
        rationale: str

        def apply(self, aggregate: Any) -> None:
            aggregate.text = self.text
            aggregate.amendments += 1

    class EndorsementFields(TypedDict):
        """Endorsing takes no field."""

    def endorse(self, by: Actor, **fields: Unpack[EndorsementFields]) -> None:
        self.check_open("proposal-endorsed")
        check_once_per_account("proposal-endorsed", by, self.endorsers, "endorsed")
        self._record(self.ProposalEndorsed, by)

    class ProposalEndorsed(DialoguePart.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.endorsers.append(self.actor_id)
            aggregate.objections.pop(self.actor_id, None)

    class ObjectionFields(TypedDict):
        reason: str

    def object(self, by: Actor, **fields: Unpack[ObjectionFields]) -> None:
        self.check_open("proposal-objected")
        if by.account_id in self.objections:
            raise RuleError(
                "proposal-objected: this account already has an open objection",
                code="objection-open",
                params={"act": "proposal-objected"},
            )
        self._record(self.ProposalObjected, by, reason=check_text("reason", fields["reason"]))

    class ProposalObjected(DialoguePart.Event):
        PUBLIC = public("reason")
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.objections[self.actor_id] = self.reason
            if self.actor_id in aggregate.endorsers:
                aggregate.endorsers.remove(self.actor_id)

    class ResolutionFields(TypedDict):
        resolution: str

    def resolve_objection(self, by: Actor, **fields: Unpack[ResolutionFields]) -> None:
        """The objector lifts their objection, saying how it was resolved."""
        self.check_open("objection-resolved")
        if by.account_id not in self.objections:
            raise RuleError(
                "objection-resolved: only the objector can lift their objection",
                code="not-the-objector",
                params={"act": "objection-resolved"},
            )
        self._record(self.ObjectionResolved, by, resolution=check_text("resolution", fields["resolution"]))

    class ObjectionResolved(DialoguePart.Event):
        PUBLIC = public("resolution")
        resolution: str

        def apply(self, aggregate: Any) -> None:
            del aggregate.objections[self.actor_id]

    class ValidationFields(TypedDict):
        """Validating takes no field: the proposal's instance decides by its rule."""

    def validate(self, by: Actor, *, instance: Any, **fields: Unpack[ValidationFields]) -> None:
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
        self._record(
            self.ProposalValidated, by, rule=instance.functioning_rule, endorsements=len(self.endorsers)
        )

    class ProposalValidated(DialoguePart.Event):
        PUBLIC = public("rule", "endorsements")
        rule: str
        endorsements: int

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "validated"

    class WithdrawalFields(TypedDict):
        reason: str

    def withdraw(self, by: Actor, **fields: Unpack[WithdrawalFields]) -> None:
        self.check_open("proposal-withdrawn")
        if by.role == Role.STAKEHOLDER and by.account_id not in self.authors:
            raise RuleError(
                "proposal-withdrawn: only an author of the proposal can withdraw it",
                code="not-an-author",
                params={"act": "proposal-withdrawn"},
            )
        self._record(self.ProposalWithdrawn, by, reason=check_text("reason", fields["reason"]))

    class ProposalWithdrawn(DialoguePart.Event):
        PUBLIC = public("reason")
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "withdrawn"

    class TranslationFields(TypedDict):
        operational_form: str
        cost_estimate: str
        feasibility: str

    def record_translation(self, by: Actor, **fields: Unpack[TranslationFields]) -> None:
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

        self._record(
            self.TechnicalTranslationRecorded,
            by,
            operational_form=check_text("operational_form", fields["operational_form"]),
            cost_estimate=check_text("cost_estimate", fields["cost_estimate"]),
            feasibility=check_text("feasibility", fields["feasibility"]),
        )

    class TechnicalTranslationRecorded(DialoguePart.Event):
        PUBLIC = public("operational_form", "cost_estimate", "feasibility")
        operational_form: str
        cost_estimate: str
        feasibility: str

        def apply(self, aggregate: Any) -> None:
            aggregate.translation = {
                "operational_form": self.operational_form,
                "cost_estimate": self.cost_estimate,
                "feasibility": self.feasibility,
                "by": self.actor_id,
            }
