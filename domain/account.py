"""Accounts of the platform: a login, whether it administers the platform, and whether it is disabled.

The login is the account id that acts carry as their ``actor_id``; the
aggregate's id is derived from it, so a login is unique. Events are public:
a login must be opaque (no name, no e-mail address), and credentials are
never part of an event. The e-mail address and display name are sealed
(``ProfileSet``) with the account's own key, so they can be erased.
"""

import re
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.base import DialoguePart, check_choice, check_text
from domain.errors import InvalidActError, RuleError

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "https://dialogue-territorial.fr/accounts")
LOGIN = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?")

ADMINISTRATOR = "administrator"
"""The ``actor_role`` of every account event: only administrators manage accounts."""

CONSOLE = "console"
"""The ``actor_id`` of what the server's command line does (it creates the first administrator)."""

ORGANISER = "organiser"
"""The platform role that may open dialogues, granted and revoked by an administrator."""
PLATFORM_ROLES = (ORGANISER,)


def account_id_for(login: str) -> UUID:
    """The id of the account known by ``login`` (one account per login)."""
    return uuid5(ACCOUNT_NAMESPACE, login)


def normalise_login(login: object) -> str:
    """A login as typed, as the platform knows it: stripped, in lowercase (non-text: as text)."""
    return str(login).strip().lower()


def check_login(login: object, field: str = "login") -> str:
    """A login in lowercase: letters, digits, dots, hyphens and underscores, at most 64."""
    text = normalise_login(check_text(field, login))
    if not LOGIN.fullmatch(text):
        raise InvalidActError(
            field,
            "use 1 to 64 lowercase letters, digits, dots, hyphens or underscores (no e-mail address)",
            code="login",
        )
    if text == CONSOLE:
        raise InvalidActError(field, f"'{CONSOLE}' is reserved", code="reserved", params={"login": CONSOLE})
    return text


class Account(DialoguePart):
    """A login to the platform; its roles are held in each dialogue, its platform roles here."""

    @staticmethod
    def create_id(login: str) -> UUID:
        return account_id_for(login)

    @classmethod
    def create(
        cls, created_by: str, *, login: str, administrator: bool, standing: str = ADMINISTRATOR
    ) -> "Account":
        """``created_by`` is the administrator's login, or CONSOLE; or the inviter's, whose
        ``standing`` (organiser, convenor) the invitation recorded."""
        if not isinstance(administrator, bool):
            raise InvalidActError("administrator", "must be true or false", code="boolean")
        return cls(
            actor_id=created_by,
            actor_role=standing,
            login=check_login(login),
            administrator=administrator,
        )

    @event("AccountCreated")
    def __init__(self, actor_id: str, actor_role: str, login: str, administrator: bool):
        self.login = login
        self.administrator = administrator
        self.created_by = actor_id
        self.disabled = False
        self.platform_roles: list[str] = []
        self.sealed_profile: str | None = None

    def set_profile(self, by: str, standing: str, sealed_profile: str) -> None:
        """The account's e-mail address and display name, sealed by the application (personal data)."""
        self._set_profile(by, standing, check_text("sealed_profile", sealed_profile))

    @event("ProfileSet")
    def _set_profile(self, actor_id: str, actor_role: str, sealed_profile: str) -> None:
        self.sealed_profile = sealed_profile

    @property
    def active_administrator(self) -> bool:
        return self.administrator and not self.disabled

    @property
    def active_organiser(self) -> bool:
        return ORGANISER in self.platform_roles and not self.disabled

    def grant_platform_role(self, granted_by: str, role: str) -> None:
        """An administrator gives the account a platform role (``organiser``: it may open dialogues)."""
        role = check_choice("role", role, PLATFORM_ROLES)
        if role in self.platform_roles:
            raise RuleError(
                f"platform-role-granted: {self.login} already holds the role {role}",
                code="role-held",
                params={"act": "platform-role-granted", "account": self.login, "role": role},
            )
        self._grant_platform_role(granted_by, ADMINISTRATOR, role)

    @event("PlatformRoleGranted")
    def _grant_platform_role(self, actor_id: str, actor_role: str, role: str) -> None:
        self.platform_roles.append(role)

    def revoke_platform_role(self, revoked_by: str, role: str) -> None:
        """An administrator takes a platform role back; what the account did with it stays."""
        role = check_choice("role", role, PLATFORM_ROLES)
        if role not in self.platform_roles:
            raise InvalidActError(
                "role",
                f"{self.login} does not hold the role {role}",
                code="role-not-held",
                params={"account": self.login, "role": role},
            )
        self._revoke_platform_role(revoked_by, ADMINISTRATOR, role)

    @event("PlatformRoleRevoked")
    def _revoke_platform_role(self, actor_id: str, actor_role: str, role: str) -> None:
        self.platform_roles.remove(role)

    def disable(self, disabled_by: str) -> None:
        """No reason is recorded: the event is public, and a reason would be about a person."""
        if self.disabled:
            raise RuleError(
                f"account-disabled: {self.login} is already disabled",
                code="already-disabled",
                params={"act": "account-disabled", "login": self.login},
            )
        if disabled_by == self.login:
            raise RuleError(
                "account-disabled: an administrator cannot disable their own account",
                code="own-account",
                params={"act": "account-disabled"},
            )

        self._disable(disabled_by, ADMINISTRATOR)

    @event("AccountDisabled")
    def _disable(self, actor_id: str, actor_role: str) -> None:
        self.disabled = True
