"""Actions that implement adopted proposals, each followed by an operator."""

from uuid import UUID

from eventsourcing.domain import event

from domain.base import Actor, DialoguePart, check_date, check_percent, check_text
from domain.decisions import ADOPTED_OUTCOMES
from domain.errors import RuleError


class Action(DialoguePart):
    @classmethod
    def create(
        cls,
        by: Actor,
        *,
        dialogue_id: UUID,
        proposal_id: UUID,
        outcome: str | None,
        title: str,
        description: str,
        due_on: str,
    ) -> "Action":
        """An action comes from a proposal that the decision-makers adopted."""
        if outcome not in ADOPTED_OUTCOMES:
            raise RuleError(
                f"action-created: proposal {proposal_id} was not adopted by the decision-makers"
                f" (outcome: {outcome or 'none'})",
                code="not-adopted",
                params={"act": "action-created", "proposal": str(proposal_id)},
            )
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            proposal_id=proposal_id,
            title=check_text("title", title),
            description=check_text("description", description),
            due_on=check_date("due_on", due_on),
        )

    @event("ActionCreated")
    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        proposal_id: UUID,
        title: str,
        description: str,
        due_on: str,
    ):
        self.dialogue_id = dialogue_id
        self.proposal_id = proposal_id
        self.title = title
        self.description = description
        self.due_on = due_on
        self.operator: str | None = None
        self.organisation: str | None = None
        self.progress = 0
        self.completed = False

    def assign_operator(self, by: Actor, *, operator_id: str, organisation: str) -> None:
        self.check_not_completed("operator-assigned")
        self._assign_operator(
            by.account_id,
            by.role,
            check_text("operator_id", operator_id),
            check_text("organisation", organisation),
        )

    @event("OperatorAssigned")
    def _assign_operator(self, actor_id: str, actor_role: str, operator_id: str, organisation: str) -> None:
        self.operator = operator_id
        self.organisation = organisation

    def check_not_completed(self, act: str) -> None:
        if self.completed:
            raise RuleError(
                f"{act}: action '{self.title}' is completed",
                code="action-completed",
                params={"act": act, "action": self.title},
            )

    def check_operator(self, act: str, by: Actor) -> None:
        self.check_not_completed(act)
        if by.account_id != self.operator:
            raise RuleError(
                f"{act}: only the operator assigned to '{self.title}' reports on it",
                code="not-the-operator",
                params={"act": act, "action": self.title},
            )

    def report_progress(self, by: Actor, *, percent: int, note: str) -> None:
        self.check_operator("progress-reported", by)
        self._report_progress(
            by.account_id, by.role, check_percent("percent", percent), check_text("note", note)
        )

    @event("ProgressReported")
    def _report_progress(self, actor_id: str, actor_role: str, percent: int, note: str) -> None:
        self.progress = percent

    def complete(self, by: Actor, *, completed_on: str, summary: str) -> None:
        self.check_operator("action-completed", by)
        self._complete(
            by.account_id, by.role, check_date("completed_on", completed_on), check_text("summary", summary)
        )

    @event("ActionCompleted")
    def _complete(self, actor_id: str, actor_role: str, completed_on: str, summary: str) -> None:
        self.completed = True
        self.progress = 100
