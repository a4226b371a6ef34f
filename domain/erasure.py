"""The erasure register: one ``PersonErased`` act per erasure of a person (GDPR right to erasure).

The act carries the person's id, the ids of their records whose keys were deleted with it, the
date and the ground of the erasure (a choice, never free text: the act is permanent and holds no
personal data). It lets a restored backup re-apply every later erasure at start
(``application/erasure_register.py``), and anyone reading the log count erasures without learning
who was erased beyond an opaque id.
"""

from datetime import date
from typing import Any, TypedDict
from uuid import UUID

from eventsourcing.domain import event

from domain.base import DialoguePart, check_choice
from domain.errors import InvalidActError

GROUNDS = ("request", "consent-withdrawn", "no-longer-needed", "objection", "unlawful", "legal-obligation")
"""Why a person is erased (GDPR article 17, 1 a to e): the person asked, withdrew consent, the data
is no longer needed, the person objected, it was processed unlawfully, a legal obligation."""

REGISTER = "register"
"""The ``actor_role`` of an erasure the register re-applied at start (a restored backup)."""


class ErasureFields(TypedDict):
    person_id: str
    erased: list[str]
    erased_on: str
    reason: str


def check_erasure(**fields: Any) -> ErasureFields:
    """The act's fields, checked: ids as UUIDs, the date ISO 8601, the reason among ``GROUNDS``."""
    try:
        person = str(UUID(str(fields.get("person_id"))))
        erased = sorted(str(UUID(str(one))) for one in fields.get("erased") or [])
    except ValueError:
        raise InvalidActError("person_id", "is not a valid id", code="part-id") from None
    try:
        on = date.fromisoformat(str(fields.get("erased_on"))).isoformat()
    except ValueError:
        raise InvalidActError("erased_on", "is not a date", code="date") from None
    reason = check_choice("reason", fields.get("reason"), GROUNDS)
    return {"person_id": person, "erased": erased, "erased_on": on, "reason": reason}


class Erasure(DialoguePart):
    """One erasure of a person: its id is the one the register outside the database gives it."""

    @classmethod
    def record(cls, erasure_id: UUID, by: str, standing: str, fields: ErasureFields) -> "Erasure":
        return cls(id=erasure_id, actor_id=by, actor_role=standing, **check_erasure(**fields))

    @event("PersonErased")
    def __init__(
        self,
        id: UUID,  # the register's id of the erasure
        actor_id: str,
        actor_role: str,
        person_id: str,
        erased: list[str],
        erased_on: str,
        reason: str,
    ):
        self.person_id = person_id
        self.erased = erased
        self.erased_on = erased_on
        self.reason = reason
