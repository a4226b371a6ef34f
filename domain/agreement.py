"""Agreements and provisional action plans: validated proposals put into form.

Each act declares its fields once, as a ``TypedDict`` beside its event (``domain.fields``).
"""

from typing import Any, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_once_per_account, check_text
from domain.errors import InvalidActError, RuleError
from domain.fields import public


class Agreement(DialoguePart):
    class AgreementFields(TypedDict):
        """``proposal_ids``: the validated proposals it gathers."""

        title: str
        text: str
        proposal_ids: list[UUID]

    @classmethod
    def draft(
        cls,
        by: Actor,
        *,
        dialogue_id: UUID,
        instance_id: UUID,
        proposals: list[Any],
        **fields: Unpack[AgreementFields],
    ) -> "Agreement":
        """Gather ``proposals`` (those ``proposal_ids`` names)."""
        if not proposals:
            raise InvalidActError(
                "proposal_ids", "an agreement gathers at least one proposal", code="no-proposal"
            )
        for proposal in proposals:
            if proposal.status != "validated":
                raise RuleError(
                    f"agreement-drafted: proposal '{proposal.title}' is not validated",
                    code="proposal-not-validated",
                    params={
                        "act": "agreement-drafted",
                        "proposal": proposal.title,
                        "status": proposal.status,
                    },
                )
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            instance_id=instance_id,
            title=check_text("title", fields["title"]),
            text=check_text("text", fields["text"]),
            proposal_ids=[p.id for p in proposals],
        )

    class AgreementDrafted(DialoguePart.Created):
        PUBLIC = public("title", "text")
        dialogue_id: UUID
        instance_id: UUID
        title: str
        text: str
        proposal_ids: list[UUID]

    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        instance_id: UUID,
        title: str,
        text: str,
        proposal_ids: list[UUID],
    ):
        self.dialogue_id = dialogue_id
        self.instance_id = instance_id
        self.title = title
        self.text = text
        self.proposal_ids = list(proposal_ids)
        self.approvals: list[str] = []
        self.validated = False

    class ApprovalFields(TypedDict):
        """Approving takes no field."""

    def approve(self, by: Actor, **fields: Unpack[ApprovalFields]) -> None:
        if self.validated:
            raise RuleError(
                f"agreement-approved: '{self.title}' is already validated",
                code="agreement-validated",
                params={"act": "agreement-approved", "agreement": self.title},
            )
        check_once_per_account("agreement-approved", by, self.approvals, "approved")
        self._record(self.AgreementApproved, by)

    class AgreementApproved(DialoguePart.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.approvals.append(self.actor_id)

    class ValidationFields(TypedDict):
        """Validating takes no field: the agreement's instance decides by its rule."""

    def validate(self, by: Actor, *, instance: Any, **fields: Unpack[ValidationFields]) -> None:
        """Validated by the stakeholders of its instance, by that instance's rule."""
        if self.validated:
            raise RuleError(
                f"agreement-validated: '{self.title}' is already validated",
                code="agreement-validated",
                params={"act": "agreement-validated", "agreement": self.title},
            )
        if instance.id != self.instance_id:
            raise InvalidActError(
                "instance_id", "the agreement belongs to another instance", code="other-instance"
            )
        if not self.approvals:
            raise RuleError(
                f"agreement-validated: no stakeholder has approved '{self.title}'",
                code="not-approved",
                params={"act": "agreement-validated", "agreement": self.title},
            )

        instance.check_rule_met("agreement-validated", set(self.approvals), set())
        self._record(self.AgreementValidated, by, approvals=len(self.approvals))

    class AgreementValidated(DialoguePart.Event):
        PUBLIC = public("approvals")
        approvals: int

        def apply(self, aggregate: Any) -> None:
            aggregate.validated = True
