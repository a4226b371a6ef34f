"""Invitations by e-mail and password resets: a one-time link in a mail put in the outbox.

An organiser or administrator invites anyone; a dialogue's convenor invites into their dialogue,
with a role there. The mail's wording is the caller's (``compose``: the web's templates, in the
recipient's language); the application records the act, issues the link, and queues the mail,
never waiting for it to be sent.
"""

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from application.accounts import AccountActs
from application.addresses import check_email
from application.credentials import check_password, hash_password
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from domain.account import ADMINISTRATOR, ORGANISER, Account, check_login
from domain.errors import DomainError
from domain.invitation import PENDING, Invitation
from domain.roles import Role

INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=2)
ERASED = "[erased]"


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class LinkMail:
    """What a mail carrying a one-time link says: ``kind`` is ``invitation`` or ``reset``."""

    kind: str
    to: str
    name: str
    language: str
    token: str
    expires_at: datetime
    dialogue: str | None = None
    role: str | None = None


Compose = Callable[[LinkMail], EmailMessage]


class InvitationActs(AccountActs):
    # --- invitations --------------------------------------------------------

    def invite_person(
        self,
        inviter: str,
        *,
        email: str,
        compose: Compose,
        name: str = "",
        language: str = "fr",
        dialogue_id: UUID | None = None,
        role: str | None = None,
    ) -> UUID:
        """Invite a person by e-mail (into a dialogue with a role, optionally); the invitation's id."""
        standing = self._standing(inviter, dialogue_id)
        contact = self._profile(email, name)
        self._check_address_free(contact["email"], "")
        invitation_id = uuid4()
        invitation = Invitation.send(
            inviter,
            standing,
            invitation_id=invitation_id,
            sealed_contact=self.vault.seal(invitation_id, contact),
            language=language,
            expires_at=now() + INVITATION_LIFETIME,
            dialogue_id=dialogue_id,
            role=role,
        )
        self.save(invitation)
        self._mail_invitation(invitation, contact, compose)
        return invitation_id

    def resend_invitation(self, by: str, invitation_id: UUID, compose: Compose) -> None:
        """Send a pending or expired invitation again: a new link, valid seven days; the old one dies."""
        invitation = self._invitation(invitation_id)
        standing = self._standing(by, invitation.dialogue_id)
        invitation.resend(by, standing, now=now(), expires_at=now() + INVITATION_LIFETIME)
        contact = self._contact(invitation)
        self.save(invitation)
        self._mail_invitation(invitation, contact, compose)

    def cancel_invitation(self, by: str, invitation_id: UUID) -> None:
        invitation = self._invitation(invitation_id)
        invitation.cancel(by, self._standing(by, invitation.dialogue_id), now=now())
        self.save(invitation)
        self.links.revoke("invitation", str(invitation_id))

    def invitation_ids(self, viewer: str) -> list[UUID]:
        """The ids of the invitations the viewer manages (all for organisers and administrators), newest
        first, from the log's invitations sent: no invitation read, no address opened."""
        everything = self._may_invite_anyone(viewer)
        granting: dict[UUID, bool] = {}
        found: list[UUID] = []
        for notification in self.logged(get_topic(Invitation.InvitationSent)):  # type: ignore[attr-defined]
            if not everything:
                sent: Any = self.mapper.to_domain_event(notification)  # an ``InvitationSent``
                if not self._may_manage(viewer, sent.actor_id, sent.dialogue_id, granting):
                    continue
            found.append(UUID(str(notification.originator_id)))
        return found[::-1]

    def invitations_page(self, viewer: str, number: int, size: int) -> tuple[list[dict[str, Any]], bool]:
        """Page ``number`` (from 1), ``size`` a page, of the invitations the viewer manages, newest first
        (as ``invitations``), and whether more follow: only the page's invitations are read."""
        ids = self.invitation_ids(viewer)
        return self.invitations(viewer, ids[(number - 1) * size : number * size]), len(ids) > number * size

    def invitations(self, viewer: str, invitation_ids: Sequence[UUID]) -> list[dict[str, Any]]:
        """These invitations (a page of ``invitation_ids``), in this order, each as the viewer sees it in
        the list; one the viewer does not manage, or of no invitation, is left out."""
        everything = self._may_invite_anyone(viewer)
        granting: dict[UUID, bool] = {}
        found = []
        for invitation_id in invitation_ids:
            try:
                invitation = self._invitation(invitation_id)
            except NotFoundError:
                continue
            if not everything and not self._may_manage(
                viewer, invitation.invited_by, invitation.dialogue_id, granting
            ):
                continue
            contact = self.vault.open(invitation.id, invitation.sealed_contact)
            dialogue = None if invitation.dialogue_id is None else self._dialogue(invitation.dialogue_id)
            found.append(
                {
                    "id": str(invitation.id),
                    "email": ERASED if contact is None else contact["email"],
                    "name": ERASED if contact is None else contact.get("name", ""),
                    "status": invitation.status(now()),
                    "dialogue": None if dialogue is None else dialogue.slug,
                    "dialogue_title": None if dialogue is None else dialogue.title,
                    "role": invitation.role,
                    "invited_by": invitation.invited_by,
                    "expires_at": invitation.expires_at,
                    "times_sent": invitation.times_sent,
                    "accepted_by": invitation.accepted_by,
                }
            )
        return found

    def invitation_of_link(self, token: Any) -> dict[str, Any]:
        """The pending invitation a link opens (address, name, dialogue, role); NotFoundError otherwise."""
        invitation = self._invitation_of(token)
        contact = self._contact(invitation)
        dialogue = None if invitation.dialogue_id is None else self._dialogue(invitation.dialogue_id)
        return {
            "email": contact["email"],
            "name": contact.get("name", ""),
            "dialogue_title": None if dialogue is None else dialogue.title,
            "role": invitation.role,
        }

    def accept_invitation(self, token: Any, *, login: str, password: str, display_name: str = "") -> str:
        """The invitee opens their account: login, password, name; the role of the invitation is granted.

        Everything is checked before the link is used up, so a refused choice can be corrected.
        """
        invitation = self._invitation_of(token)
        contact = self._contact(invitation)
        login = check_login(login)
        password_hash = hash_password(check_password(password))
        profile = self._profile(contact["email"], display_name or contact.get("name", ""))
        self._check_address_free(profile["email"], login)
        account = Account.create(
            invitation.invited_by, login=login, administrator=False, standing=invitation.standing
        )
        account.set_profile(login, "invitee", self.vault.seal(account.id, profile))
        invitation.accept(login, now=now())
        if self._exists(account.id):
            raise ConflictError(f"the login {login} is taken", code="login-taken", params={"login": login})
        if self.links.redeem("invitation", token) is None:
            raise NotFoundError("this link is used up or expired", code="no-link")
        self._open_account(account, password_hash, invitation)
        self.addresses.set(login, profile["email"])
        if invitation.dialogue_id is not None and invitation.role is not None:
            # The inviter may no longer grant it, or it is held: the account stays, without it.
            with suppress(NotAuthorisedError, DomainError):
                self.grant_role(  # type: ignore[attr-defined]
                    invitation.invited_by, invitation.dialogue_id, grantee_id=login, role=invitation.role
                )
        return login

    # --- password reset -----------------------------------------------------

    def request_password_reset(self, email: Any, *, language: str, compose: Compose) -> None:
        """Mail a reset link to the enabled account of this address, if any: the same answer either way."""
        address = check_email(email)
        login = self.addresses.account_of(address)
        if login is None or not self._enabled(login):
            return
        profile = self.profile(login)
        token = self.links.issue("reset", login, RESET_LIFETIME.total_seconds())
        expires_at = now() + RESET_LIFETIME
        mail = LinkMail("reset", profile["email"], profile["display_name"], language, token, expires_at)
        self.outbox.put(f"reset:{login}:{uuid4().hex}", compose(mail))

    def reset_password(self, token: Any, new_password: str) -> str:
        """Choose a new password with a reset link (used up); every session of the account ends."""
        password_hash = hash_password(check_password(new_password, "new_password"))
        login = self.links.peek("reset", token)
        if login is None or not self._enabled(login) or self.links.redeem("reset", token) is None:
            raise NotFoundError("this link is used up or expired", code="no-link")
        self.credentials.replace(login, password_hash)
        self.links.revoke("reset", login)
        self.sessions.end_all(login)
        return login

    def reset_link_holds(self, token: Any) -> bool:
        return self.links.peek("reset", token) is not None

    # --- helpers -----------------------------------------------------------

    def _standing(self, by: str, dialogue_id: UUID | None) -> str:
        """In which standing ``by`` invites: convenor of the dialogue, administrator or organiser."""
        if dialogue_id is not None:
            self.check_role(by, dialogue_id, "role-granted")
            return Role.CONVENOR.value
        if self._may_invite_anyone(by):
            return ADMINISTRATOR if self._is_administrator(by) else ORGANISER
        raise NotAuthorisedError(f"only an organiser may invite, not {by}", code="organisers-only")

    def _may_invite_anyone(self, login: str) -> bool:
        try:
            account = self._account(login)
        except NotFoundError:
            return False
        return account.active_administrator or account.active_organiser

    def _may_manage(
        self, login: str, invited_by: str, dialogue_id: UUID | None, granting: dict[UUID, bool]
    ) -> bool:
        """Whether ``login`` manages an invitation sent by ``invited_by`` into ``dialogue_id``: theirs, or
        one into a dialogue where they grant roles (``granting``: the answer per dialogue, kept)."""
        if invited_by == login:
            return True
        if dialogue_id is None:
            return False
        if dialogue_id not in granting:
            try:
                self.check_role(login, dialogue_id, "role-granted")
                granting[dialogue_id] = True
            except (NotAuthorisedError, NotFoundError):
                granting[dialogue_id] = False
        return granting[dialogue_id]

    def _invitation(self, invitation_id: Any) -> Invitation:
        try:
            found = self._get(UUID(str(invitation_id)))
        except (AggregateNotFoundError, ValueError):
            found = None
        if not isinstance(found, Invitation):
            raise NotFoundError(f"no invitation {invitation_id}", code="no-invitation")
        return found

    def _invitation_of(self, token: Any) -> Invitation:
        invitation_id = self.links.peek("invitation", token)
        invitation = None if invitation_id is None else self._invitation(invitation_id)
        if invitation is None or invitation.status(now()) != PENDING:
            raise NotFoundError("this link is used up or expired", code="no-link")
        return invitation

    def _contact(self, invitation: Invitation) -> dict[str, str]:
        contact = self.vault.open(invitation.id, invitation.sealed_contact)
        if contact is None:
            raise NotFoundError("the invited person was erased", code="no-invitation")
        return contact

    def _mail_invitation(self, invitation: Invitation, contact: dict[str, str], compose: Compose) -> None:
        token = self.links.issue("invitation", str(invitation.id), INVITATION_LIFETIME.total_seconds())
        dialogue = None if invitation.dialogue_id is None else self._dialogue(invitation.dialogue_id)
        mail = LinkMail(
            "invitation",
            contact["email"],
            contact.get("name", ""),
            invitation.language,
            token,
            datetime.fromisoformat(invitation.expires_at),
            None if dialogue is None else dialogue.title,
            invitation.role,
        )
        self.outbox.put(f"invitation:{invitation.id}:{invitation.times_sent}", compose(mail))
