"""Citizens: members of the public who signed up to take part in public consultations.

A citizen is known by an opaque id; the acts they do carry ``citizen:<id>`` as their actor (no
account's login has a colon). Their e-mail address is personal data, sealed by the application
with the citizen's own key; their pseudonym is public by choice. Their sign-up records the version
of the terms of use they accepted; they take part once they confirmed their address.
"""

import re
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import DialoguePart, check_text
from domain.consultation import check_length
from domain.errors import InvalidActError
from domain.roles import Role

ACTOR_PREFIX = "citizen:"
PSEUDONYM_MAX = 40
PSEUDONYM = re.compile(r"[\w][\w .'-]*", re.UNICODE)


def citizen_actor(citizen_id: UUID) -> str:
    """The actor id of a citizen's acts."""
    return f"{ACTOR_PREFIX}{citizen_id}"


def citizen_id_of(actor_id: Any) -> UUID | None:
    """The citizen's id of an actor id, or None when it names no citizen."""
    if not isinstance(actor_id, str) or not actor_id.startswith(ACTOR_PREFIX):
        return None
    try:
        return UUID(actor_id.removeprefix(ACTOR_PREFIX))
    except ValueError:
        return None


def check_pseudonym(value: Any) -> str:
    """A public pseudonym: 2 to 40 letters, digits, spaces, dots, hyphens, apostrophes; no '@'."""
    text = " ".join(check_length("pseudonym", value, PSEUDONYM_MAX).split())
    if len(text) < 2 or not PSEUDONYM.fullmatch(text) or "_" in text[:1]:
        raise InvalidActError(
            "pseudonym", "use 2 to 40 letters, digits, spaces, dots, hyphens or apostrophes", code="pseudonym"
        )
    return text


def pseudonym_key(pseudonym: str) -> str:
    """Two pseudonyms that differ only by case or spaces are one."""
    return "".join(pseudonym.casefold().split())


class Citizen(DialoguePart):
    """A member of the public: sealed address, public pseudonym, terms accepted, confirmed or not."""

    @staticmethod
    def create_id(citizen_id: UUID) -> UUID:
        return citizen_id

    @classmethod
    def sign_up(cls, *, citizen_id: UUID, pseudonym: str, sealed_email: str, terms: str) -> "Citizen":
        return cls(
            actor_id=citizen_actor(citizen_id),
            actor_role=Role.CITIZEN.value,
            citizen_id=citizen_id,
            pseudonym=check_pseudonym(pseudonym),
            sealed_email=check_text("sealed_email", sealed_email),
            terms=check_text("terms", terms),
        )

    @event("CitizenSignedUp")
    def __init__(
        self, actor_id: str, actor_role: str, citizen_id: UUID, pseudonym: str, sealed_email: str, terms: str
    ):
        self.pseudonym = pseudonym
        self.sealed_email = sealed_email
        self.terms = terms
        self.confirmed = False

    @property
    def actor_id(self) -> str:
        return citizen_actor(self.id)

    def confirm(self) -> None:
        """The citizen followed the link sent to their address (done once; again: nothing)."""
        if not self.confirmed:
            self._confirm(self.actor_id, Role.CITIZEN.value)

    @event("CitizenConfirmed")
    def _confirm(self, actor_id: str, actor_role: str) -> None:
        self.confirmed = True
