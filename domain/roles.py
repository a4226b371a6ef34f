"""Roles a person may hold in a dialogue (DESIGN.md section 3)."""

from enum import StrEnum


class Role(StrEnum):
    CONVENOR = "convenor"
    FACILITATOR = "facilitator"
    STEERING_MEMBER = "steering_member"
    STAKEHOLDER = "stakeholder"
    EXPERT = "expert"
    TECHNICIAN = "technician"
    DECISION_MAKER = "decision_maker"
    OPERATOR = "operator"
    AUDITOR = "auditor"
