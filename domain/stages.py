"""The three stages of a territorial dialogue (DESIGN.md section 2)."""

from enum import StrEnum


class Stage(StrEnum):
    FRAMING = "framing"
    COLLECTIVE_WORK = "collective_work"
    DECISION_AND_FOLLOW_UP = "decision_and_follow_up"

    @property
    def next(self) -> "Stage | None":
        """The stage that follows this one, or None after the last."""
        order = list(Stage)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None
