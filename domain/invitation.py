"""Invitations: a person invited by e-mail to open an account, optionally with a role in a dialogue.

The invitee's address (and name, when given) is sealed by the application with a key of the
invitation's own (its id is the person's, for erasure); the events hold no personal data in clear.
An invitation is pending until it is accepted, cancelled, or past ``expires_at`` (it may be sent
again, with a new link and a new expiry).
"""

from datetime import UTC, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import DialoguePart, check_choice, check_text
from domain.errors import InvalidActError, RuleError
from domain.roles import GRANTED_ROLES

LANGUAGES = ("fr", "en")
"""The languages a mail can be written in."""

PENDING, ACCEPTED, CANCELLED, EXPIRED = "pending", "accepted", "cancelled", "expired"


def _moment(field: str, value: datetime) -> str:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidActError(field, "must be a date and time with its time zone", code="datetime")
    return value.astimezone(UTC).isoformat()


class Invitation(DialoguePart):
    """``actor_role`` of its events: the inviter's standing (administrator, organiser, convenor),
    or ``invitee`` for the acceptance."""

    @classmethod
    def send(
        cls,
        inviter: str,
        standing: str,
        *,
        invitation_id: UUID,
        sealed_contact: str,
        language: str,
        expires_at: datetime,
        dialogue_id: UUID | None = None,
        role: str | None = None,
    ) -> "Invitation":
        if (dialogue_id is None) != (role is None):
            raise InvalidActError("role", "a role goes with a dialogue", code="role-needs-dialogue")
        return cls(
            id=invitation_id,
            actor_id=inviter,
            actor_role=standing,
            sealed_contact=check_text("sealed_contact", sealed_contact),
            language=check_choice("language", language, LANGUAGES),
            expires_at=_moment("expires_at", expires_at),
            dialogue_id=dialogue_id,
            role=None if role is None else check_choice("role", role, [r.value for r in GRANTED_ROLES]),
        )

    @event("InvitationSent")
    def __init__(
        self,
        id: UUID,  # the invitee's id until they accept (their sealed contact's key)
        actor_id: str,
        actor_role: str,
        sealed_contact: str,
        language: str,
        expires_at: str,
        dialogue_id: UUID | None,
        role: str | None,
    ):
        self.invited_by = actor_id
        self.standing = actor_role
        self.sealed_contact = sealed_contact
        self.language = language
        self.expires_at = expires_at
        self.dialogue_id = dialogue_id
        self.role = role
        self.times_sent = 1
        self.accepted_by: str | None = None
        self.cancelled = False

    def status(self, now: datetime) -> str:
        if self.accepted_by is not None:
            return ACCEPTED
        if self.cancelled:
            return CANCELLED
        return EXPIRED if now >= datetime.fromisoformat(self.expires_at) else PENDING

    def _check_open(self, act: str, now: datetime, *, expired_ok: bool = False) -> None:
        status = self.status(now)
        if status == PENDING or (expired_ok and status == EXPIRED):
            return
        if status == ACCEPTED:
            raise RuleError(f"{act}: the invitation is accepted", code="invitation-accepted")
        if status == CANCELLED:
            raise RuleError(f"{act}: the invitation is cancelled", code="invitation-cancelled")
        raise RuleError(f"{act}: the invitation has expired", code="invitation-expired")

    def resend(self, by: str, standing: str, *, now: datetime, expires_at: datetime) -> None:
        """Sent again (a pending or expired invitation): a new link, a new expiry."""
        self._check_open("invitation-resent", now, expired_ok=True)
        self._resend(by, standing, _moment("expires_at", expires_at))

    @event("InvitationResent")
    def _resend(self, actor_id: str, actor_role: str, expires_at: str) -> None:
        self.expires_at = expires_at
        self.times_sent += 1

    def cancel(self, by: str, standing: str, *, now: datetime) -> None:
        self._check_open("invitation-cancelled", now, expired_ok=True)
        self._cancel(by, standing)

    @event("InvitationCancelled")
    def _cancel(self, actor_id: str, actor_role: str) -> None:
        self.cancelled = True

    def accept(self, login: str, *, now: datetime) -> None:
        """The invitee accepts as the account ``login`` (created with the acceptance)."""
        self._check_open("invitation-accepted", now)
        self._accept(login, "invitee")

    @event("InvitationAccepted")
    def _accept(self, actor_id: str, actor_role: str) -> None:
        self.accepted_by = actor_id
