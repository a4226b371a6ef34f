"""Regulation of the process: a dysfunction reported, an adjustment proposed, then ruled on."""

from uuid import UUID

from eventsourcing.domain import event

from domain.base import Actor, DialoguePart, check_text
from domain.errors import RuleError
from domain.roles import Role


class Dysfunction(DialoguePart):
    @classmethod
    def report(cls, by: Actor, *, dialogue_id: UUID, description: str, weak_point: str) -> "Dysfunction":
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            description=check_text("description", description),
            weak_point=check_text("weak_point", weak_point),
        )

    @event("DysfunctionReported")
    def __init__(self, actor_id: str, actor_role: str, dialogue_id: UUID, description: str, weak_point: str):
        self.dialogue_id = dialogue_id
        self.description = description
        self.weak_point = weak_point
        self.adjustment: str | None = None
        self.status = "reported"

    def propose_adjustment(self, by: Actor, *, adjustment: str) -> None:
        if self.status not in ("reported", "rejected"):
            raise RuleError(
                f"adjustment-proposed: an adjustment is already {self.status}",
                code="adjustment-pending",
                params={"act": "adjustment-proposed", "adjustment": self.status},
            )
        self._propose_adjustment(by.account_id, by.role, check_text("adjustment", adjustment))

    @event("AdjustmentProposed")
    def _propose_adjustment(self, actor_id: str, actor_role: str, adjustment: str) -> None:
        self.adjustment = adjustment
        self.status = "proposed"

    def check_ruling(self, act: str, by: Actor) -> None:
        by.check_role(act, Role.STEERING_MEMBER)
        if self.status != "proposed":
            raise RuleError(
                f"{act}: no adjustment awaits the steering committee",
                code="no-adjustment",
                params={"act": act},
            )

    def adopt_adjustment(self, by: Actor, *, remarks: str) -> None:
        self.check_ruling("adjustment-adopted", by)
        self._adopt_adjustment(by.account_id, by.role, check_text("remarks", remarks, required=False))

    @event("AdjustmentAdopted")
    def _adopt_adjustment(self, actor_id: str, actor_role: str, remarks: str) -> None:
        self.status = "adopted"

    def reject_adjustment(self, by: Actor, *, reasons: str) -> None:
        self.check_ruling("adjustment-rejected", by)
        self._reject_adjustment(by.account_id, by.role, check_text("reasons", reasons))

    @event("AdjustmentRejected")
    def _reject_adjustment(self, actor_id: str, actor_role: str, reasons: str) -> None:
        self.status = "rejected"
