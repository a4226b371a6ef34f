"""Regulation of the process: a dysfunction reported, an adjustment proposed, then ruled on.

Each act declares its fields once, as a ``TypedDict`` beside its event (``domain.fields``).
"""

from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_text
from domain.errors import RuleError
from domain.fields import public
from domain.roles import Role


class Dysfunction(DialoguePart):
    class DysfunctionFields(TypedDict):
        description: str
        weak_point: str

    @classmethod
    def report(cls, by: Actor, *, dialogue_id: UUID, **fields: Unpack[DysfunctionFields]) -> "Dysfunction":
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            description=check_text("description", fields["description"]),
            weak_point=check_text("weak_point", fields["weak_point"]),
        )

    class DysfunctionReported(DialoguePart.Created):
        PUBLIC = public("description", "weak_point")
        dialogue_id: UUID
        description: str
        weak_point: str

    def __init__(self, actor_id: str, actor_role: str, dialogue_id: UUID, description: str, weak_point: str):
        self.dialogue_id = dialogue_id
        self.description = description
        self.weak_point = weak_point
        self.adjustment: str | None = None
        self.status = "reported"

    class AdjustmentFields(TypedDict):
        adjustment: str

    def propose_adjustment(self, by: Actor, **fields: Unpack[AdjustmentFields]) -> None:
        if self.status not in ("reported", "rejected"):
            raise RuleError(
                f"adjustment-proposed: an adjustment is already {self.status}",
                code="adjustment-pending",
                params={"act": "adjustment-proposed", "adjustment": self.status},
            )
        self._record(self.AdjustmentProposed, by, adjustment=check_text("adjustment", fields["adjustment"]))

    class AdjustmentProposed(DialoguePart.Event):
        PUBLIC = public("adjustment")
        adjustment: str

        def apply(self, aggregate: Any) -> None:
            aggregate.adjustment = self.adjustment
            aggregate.status = "proposed"

    def check_ruling(self, act: str, by: Actor) -> None:
        by.check_role(act, Role.STEERING_MEMBER)
        if self.status != "proposed":
            raise RuleError(
                f"{act}: no adjustment awaits the steering committee",
                code="no-adjustment",
                params={"act": act},
            )

    class AdoptionFields(TypedDict):
        remarks: NotRequired[str]

    def adopt_adjustment(self, by: Actor, **fields: Unpack[AdoptionFields]) -> None:
        self.check_ruling("adjustment-adopted", by)
        remarks = check_text("remarks", fields.get("remarks", ""), required=False)
        self._record(self.AdjustmentAdopted, by, remarks=remarks)

    class AdjustmentAdopted(DialoguePart.Event):
        PUBLIC = public("remarks")
        remarks: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "adopted"

    class RejectionFields(TypedDict):
        reasons: str

    def reject_adjustment(self, by: Actor, **fields: Unpack[RejectionFields]) -> None:
        self.check_ruling("adjustment-rejected", by)
        self._record(self.AdjustmentRejected, by, reasons=check_text("reasons", fields["reasons"]))

    class AdjustmentRejected(DialoguePart.Event):
        PUBLIC = public("reasons")
        reasons: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "rejected"
