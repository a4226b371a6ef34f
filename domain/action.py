"""Actions that implement adopted proposals, each followed by an operator.

Each act declares its fields once, as a ``TypedDict`` beside its event (``domain.fields``).
"""

from typing import Any, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_date, check_percent, check_text
from domain.decisions import ADOPTED_OUTCOMES
from domain.errors import RuleError
from domain.fields import public


class Action(DialoguePart):
    class ActionFields(TypedDict):
        """``proposal_id``: the adopted proposal the action implements."""

        proposal_id: UUID
        title: str
        description: str
        due_on: str

    @classmethod
    def create(
        cls, by: Actor, *, dialogue_id: UUID, outcome: str | None, **fields: Unpack[ActionFields]
    ) -> "Action":
        """An action comes from a proposal that the decision-makers adopted (``outcome``: theirs)."""
        proposal_id = fields["proposal_id"]
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
            title=check_text("title", fields["title"]),
            description=check_text("description", fields["description"]),
            due_on=check_date("due_on", fields["due_on"]),
        )

    class ActionCreated(DialoguePart.Created):
        PUBLIC = public("title", "description", "due_on")
        dialogue_id: UUID
        proposal_id: UUID
        title: str
        description: str
        due_on: str

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

    class OperatorFields(TypedDict):
        operator_id: str
        organisation: str

    def assign_operator(self, by: Actor, **fields: Unpack[OperatorFields]) -> None:
        self.check_not_completed("operator-assigned")
        self._record(
            self.OperatorAssigned,
            by,
            operator_id=check_text("operator_id", fields["operator_id"]),
            organisation=check_text("organisation", fields["organisation"]),
        )

    class OperatorAssigned(DialoguePart.Event):
        PUBLIC = public("organisation")  # the operator's account stays out
        operator_id: str
        organisation: str

        def apply(self, aggregate: Any) -> None:
            aggregate.operator = self.operator_id
            aggregate.organisation = self.organisation

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

    class ProgressFields(TypedDict):
        percent: int
        note: str

    def report_progress(self, by: Actor, **fields: Unpack[ProgressFields]) -> None:
        self.check_operator("progress-reported", by)
        self._record(
            self.ProgressReported,
            by,
            percent=check_percent("percent", fields["percent"]),
            note=check_text("note", fields["note"]),
        )

    class ProgressReported(DialoguePart.Event):
        PUBLIC = public("percent", "note")
        percent: int
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.progress = self.percent

    class CompletionFields(TypedDict):
        completed_on: str
        summary: str

    def complete(self, by: Actor, **fields: Unpack[CompletionFields]) -> None:
        self.check_operator("action-completed", by)
        self._record(
            self.ActionCompleted,
            by,
            completed_on=check_date("completed_on", fields["completed_on"]),
            summary=check_text("summary", fields["summary"]),
        )

    class ActionCompleted(DialoguePart.Event):
        PUBLIC = public("completed_on", "summary")
        completed_on: str
        summary: str

        def apply(self, aggregate: Any) -> None:
            aggregate.completed = True
            aggregate.progress = 100
