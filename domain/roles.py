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
    MODERATOR = "moderator"
    """Deals with the reports of a dialogue's items: hides, shows again, keeps or shreds them."""
    CITIZEN = "citizen"
    """A member of the public who signed up (``domain.citizen``): never granted in a dialogue; takes
    part in its public consultations only."""


GRANTED_ROLES = tuple(role for role in Role if role is not Role.CITIZEN)
"""The roles a convenor grants in a dialogue (and an invitation or an import may carry)."""
