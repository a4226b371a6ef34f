"""Agreements and provisional action plans: validated proposals put into form."""

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Actor, DialoguePart, check_once_per_account, check_text
from domain.errors import InvalidActError, RuleError


class Agreement(DialoguePart):
    @classmethod
    def draft(
        cls, by: Actor, *, dialogue_id: UUID, instance_id: UUID, title: str, text: str, proposals: list[Any]
    ) -> "Agreement":
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
            title=check_text("title", title),
            text=check_text("text", text),
            proposal_ids=[p.id for p in proposals],
        )

    @event("AgreementDrafted")
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

    def approve(self, by: Actor) -> None:
        if self.validated:
            raise RuleError(
                f"agreement-approved: '{self.title}' is already validated",
                code="agreement-validated",
                params={"act": "agreement-approved", "agreement": self.title},
            )
        check_once_per_account("agreement-approved", by, self.approvals, "approved")
        self._approve(by.account_id, by.role)

    @event("AgreementApproved")
    def _approve(self, actor_id: str, actor_role: str) -> None:
        self.approvals.append(actor_id)

    def validate(self, by: Actor, *, instance: Any) -> None:
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
        self._validate(by.account_id, by.role, len(self.approvals))

    @event("AgreementValidated")
    def _validate(self, actor_id: str, actor_role: str, approvals: int) -> None:
        self.validated = True
