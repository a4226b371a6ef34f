"""Accounts of the platform: a login, whether it administers the platform, and whether it is disabled.

The login is the account id that acts carry as their ``actor_id``; the
aggregate's id is derived from it, so a login is unique. Events are public:
a login must be opaque (no name, no e-mail address), and credentials are
never part of an event.
"""

import re
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.base import DialoguePart, check_text
from domain.errors import InvalidActError, RuleError

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "https://dialogue-territorial.fr/accounts")
LOGIN = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?")

ADMINISTRATOR = "administrator"
"""The ``actor_role`` of every account event: only administrators manage accounts."""

CONSOLE = "console"
"""The ``actor_id`` of what the server's command line does (it creates the first administrator)."""


def account_id_for(login: str) -> UUID:
    """The id of the account known by ``login`` (one account per login)."""
    return uuid5(ACCOUNT_NAMESPACE, login)


def check_login(login: object) -> str:
    """A login in lowercase: letters, digits, dots, hyphens and underscores, at most 64."""
    text = check_text("login", login).lower()
    if not LOGIN.fullmatch(text):
        raise InvalidActError(
            "login",
            "use 1 to 64 lowercase letters, digits, dots, hyphens or underscores (no e-mail address)",
            code="login",
        )
    if text == CONSOLE:
        raise InvalidActError("login", f"'{CONSOLE}' is reserved", code="reserved", params={"login": CONSOLE})
    return text


class Account(DialoguePart):
    """A login to the platform; its roles are held in each dialogue, not here."""

    @staticmethod
    def create_id(login: str) -> UUID:  # type: ignore[override]
        return account_id_for(login)

    @classmethod
    def create(cls, created_by: str, *, login: str, administrator: bool) -> "Account":
        """``created_by`` is the administrator's login, or CONSOLE."""
        if not isinstance(administrator, bool):
            raise InvalidActError("administrator", "must be true or false", code="boolean")
        return cls(
            actor_id=created_by,
            actor_role=ADMINISTRATOR,
            login=check_login(login),
            administrator=administrator,
        )

    @event("AccountCreated")
    def __init__(self, actor_id: str, actor_role: str, login: str, administrator: bool):
        self.login = login
        self.administrator = administrator
        self.created_by = actor_id
        self.disabled = False

    @property
    def active_administrator(self) -> bool:
        return self.administrator and not self.disabled

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
