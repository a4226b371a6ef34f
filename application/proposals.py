"""Proposals and agreements: the acts by which an instance's work becomes what it proposes."""

from collections.abc import Callable
from typing import Unpack
from uuid import UUID

from application.base import ActRecording
from application.recorded import Recorded
from domain.agreement import Agreement
from domain.base import Actor, check_texts
from domain.contribution import Contribution
from domain.dialogue import Dialogue
from domain.errors import InvalidActError
from domain.instance import Instance
from domain.proposal import Proposal
from domain.roles import Role


class ProposalActs(ActRecording):
    # --- proposals ----------------------------------------------------------

    def draft_proposal(
        self, account_id: str, dialogue_id: UUID, *, instance_id: UUID, **fields: Unpack[Proposal.DraftFields]
    ) -> Recorded:
        def draft(dialogue: Dialogue, by: Actor) -> Proposal:
            instance = self._taking_part(dialogue, by, instance_id, "proposal-drafted")
            resolved: Proposal.DraftFields = {
                **fields,
                "co_authors": self._co_authors(dialogue, fields.get("co_authors") or []),
                "contribution_ids": [
                    self._part(dialogue, Contribution, c, "contribution_ids").id
                    for c in fields.get("contribution_ids") or []
                ],
            }
            return Proposal.draft(by, dialogue_id=dialogue.id, instance_id=instance.id, **resolved)

        return self._create_part("proposal-drafted", account_id, dialogue_id, "proposal", draft)

    def _co_authors(self, dialogue: Dialogue, logins: object) -> list[str]:
        """The co-authors, each an account holding a role in the dialogue; else refused naming the field."""
        known = [
            self._known_account("co_authors", login)
            for login in check_texts("co_authors", logins, required=False)
        ]
        for login in known:
            if not dialogue.roles_of(login):
                raise InvalidActError(
                    "co_authors",
                    f"{login} holds no role in this dialogue",
                    code="no-role-here",
                    params={"login": login},
                )
        return known

    def amend_proposal(
        self,
        account_id: str,
        dialogue_id: UUID,
        proposal_id: UUID,
        **fields: Unpack[Proposal.AmendmentFields],
    ) -> Recorded:
        return self._on_proposal(
            "proposal-amended", account_id, dialogue_id, proposal_id, lambda p, by, d: p.amend(by, **fields)
        )

    def endorse_proposal(
        self,
        account_id: str,
        dialogue_id: UUID,
        proposal_id: UUID,
        **fields: Unpack[Proposal.EndorsementFields],
    ) -> Recorded:
        return self._on_proposal(
            "proposal-endorsed",
            account_id,
            dialogue_id,
            proposal_id,
            lambda p, by, d: p.endorse(by, **fields),
        )

    def object_to_proposal(
        self,
        account_id: str,
        dialogue_id: UUID,
        proposal_id: UUID,
        **fields: Unpack[Proposal.ObjectionFields],
    ) -> Recorded:
        return self._on_proposal(
            "proposal-objected", account_id, dialogue_id, proposal_id, lambda p, by, d: p.object(by, **fields)
        )

    def resolve_objection(
        self,
        account_id: str,
        dialogue_id: UUID,
        proposal_id: UUID,
        **fields: Unpack[Proposal.ResolutionFields],
    ) -> Recorded:
        return self._on_proposal(
            "objection-resolved",
            account_id,
            dialogue_id,
            proposal_id,
            lambda p, by, d: p.resolve_objection(by, **fields),
        )

    def validate_proposal(
        self,
        account_id: str,
        dialogue_id: UUID,
        proposal_id: UUID,
        **fields: Unpack[Proposal.ValidationFields],
    ) -> Recorded:
        """Record that the proposal's instance validated it, by that instance's rule."""

        return self._on_proposal(
            "proposal-validated",
            account_id,
            dialogue_id,
            proposal_id,
            lambda p, by, d: p.validate(
                by, instance=self._part(d, Instance, p.instance_id, "instance_id"), **fields
            ),
        )

    def withdraw_proposal(
        self,
        account_id: str,
        dialogue_id: UUID,
        proposal_id: UUID,
        **fields: Unpack[Proposal.WithdrawalFields],
    ) -> Recorded:
        return self._on_proposal(
            "proposal-withdrawn",
            account_id,
            dialogue_id,
            proposal_id,
            lambda p, by, d: p.withdraw(by, **fields),
        )

    def record_technical_translation(
        self,
        account_id: str,
        dialogue_id: UUID,
        proposal_id: UUID,
        **fields: Unpack[Proposal.TranslationFields],
    ) -> Recorded:
        return self._on_proposal(
            "technical-translation-recorded",
            account_id,
            dialogue_id,
            proposal_id,
            lambda p, by, d: p.record_translation(by, **fields),
        )

    def _on_proposal(
        self,
        act: str,
        account_id: str,
        dialogue_id: UUID,
        proposal_id: UUID,
        change: Callable[[Proposal, Actor, Dialogue], None],
    ) -> Recorded:
        """An act on a proposal, by a member of its instance or a facilitator (a technician: any)."""

        def on_proposal(proposal: Proposal, by: Actor, dialogue: Dialogue) -> None:
            if by.role != Role.TECHNICIAN:
                self._taking_part(dialogue, by, proposal.instance_id, act)
            change(proposal, by, dialogue)

        return self._on_part(act, account_id, dialogue_id, Proposal, proposal_id, "proposal_id", on_proposal)

    # --- agreements -------------------------------------------------------

    def draft_agreement(
        self,
        account_id: str,
        dialogue_id: UUID,
        *,
        instance_id: UUID,
        **fields: Unpack[Agreement.AgreementFields],
    ) -> Recorded:
        return self._create_part(
            "agreement-drafted",
            account_id,
            dialogue_id,
            "agreement",
            lambda d, by: Agreement.draft(
                by,
                dialogue_id=d.id,
                instance_id=self._part(d, Instance, instance_id, "instance_id").id,
                proposals=[self._part(d, Proposal, p, "proposal_ids") for p in fields["proposal_ids"]],
                **fields,
            ),
        )

    def approve_agreement(
        self,
        account_id: str,
        dialogue_id: UUID,
        agreement_id: UUID,
        **fields: Unpack[Agreement.ApprovalFields],
    ) -> Recorded:
        """Approved by the members of the agreement's instance."""

        def approve(agreement: Agreement, by: Actor, dialogue: Dialogue) -> None:
            self._taking_part(dialogue, by, agreement.instance_id, "agreement-approved")
            agreement.approve(by, **fields)

        return self._on_part(
            "agreement-approved", account_id, dialogue_id, Agreement, agreement_id, "agreement_id", approve
        )

    def validate_agreement(
        self,
        account_id: str,
        dialogue_id: UUID,
        agreement_id: UUID,
        **fields: Unpack[Agreement.ValidationFields],
    ) -> Recorded:
        return self._on_part(
            "agreement-validated",
            account_id,
            dialogue_id,
            Agreement,
            agreement_id,
            "agreement_id",
            lambda a, by, d: a.validate(
                by, instance=self._part(d, Instance, a.instance_id, "instance_id"), **fields
            ),
        )
