"""Accounts: created and disabled by platform administrators, authenticated by password.

The account is an aggregate (its events are public); its password hash is kept
in the credentials table beside the events. A login is the account id that
acts carry as their ``actor_id``. Its e-mail address and display name are personal
data: sealed in its ``ProfileSet`` event with the account's own key (the vault), and
the address's digest kept to find the account again (``application.addresses``).
"""

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from application.addresses import check_email
from application.aggregate_cache import private, read_beside
from application.base import ActRecording
from application.credentials import check_password, hash_password
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from application.reads import summary
from application.recorded import Recorded
from domain.account import ADMINISTRATOR, CONSOLE, Account, account_id_for, normalise_login
from domain.acts import ACTS, FROM_THE_ITEM
from domain.base import check_text
from domain.errors import InvalidActError

NAME_LENGTH = 200
"""Characters of a display name."""


class AccountActs(ActRecording):
    # --- acts ---------------------------------------------------------------

    def create_account(
        self,
        admin_id: str,
        *,
        login: str,
        password: str,
        administrator: bool = False,
        email: str = "",
        display_name: str = "",
    ) -> Recorded:
        """An administrator creates an account with its first password, and its address and name if given."""
        profile = self._profile(email, display_name) if email or display_name else None
        if profile is not None:
            self._check_address_free(profile["email"], login)
        [recorded] = self.create_accounts(
            admin_id, logins=[login], password=password, administrator=administrator
        )
        if profile is not None:
            self.set_profile(admin_id, login, email=email, display_name=display_name)
        return recorded

    def set_profile(self, admin_id: str, login: str, *, email: str, display_name: str = "") -> Recorded:
        """An administrator records an account's e-mail address and display name (sealed)."""
        profile = self._profile(email, display_name)
        self._check_address_free(profile["email"], login)
        recorded = self._change_account(
            admin_id,
            login,
            lambda account, by: account.set_profile(by, ADMINISTRATOR, self.vault.seal(account.id, profile)),
        )
        self.addresses.set(normalise_login(login), profile["email"])
        return recorded

    def create_accounts(
        self, admin_id: str, *, logins: Iterable[str], password: str, administrator: bool = False
    ) -> list[Recorded]:
        """An administrator creates several accounts sharing a first password (hashed once).

        Every login is checked before any is recorded; each account is then recorded on its own.
        """
        self._administrator(admin_id)
        return self._open_accounts(admin_id, list(logins), password, administrator)

    def create_administrator(self, login: str, password: str) -> Recorded:
        """The server's console creates a platform administrator (the first one, or a rescue)."""
        [recorded] = self._open_accounts(CONSOLE, [login], password, administrator=True)
        return recorded

    def disable_account(self, admin_id: str, login: str) -> Recorded:
        """An administrator disables an account: it can no longer sign in; its acts stay."""
        return self._change_account(admin_id, login, lambda account, by: account.disable(by))

    def grant_platform_role(self, admin_id: str, login: str, role: str) -> Recorded:
        """An administrator gives an account a platform role (``organiser``: it may open dialogues)."""
        return self._change_account(
            admin_id, login, lambda account, by: account.grant_platform_role(by, role)
        )

    def revoke_platform_role(self, admin_id: str, login: str, role: str) -> Recorded:
        """An administrator takes a platform role back; the dialogues it opened stay as they are."""
        return self._change_account(
            admin_id, login, lambda account, by: account.revoke_platform_role(by, role)
        )

    def change_password(self, login: str, *, current_password: str, new_password: str) -> None:
        """The account's holder changes their password (nothing is recorded in the events)."""
        account_id = self.authenticate(login, current_password)
        if account_id is None:
            raise InvalidActError("current_password", "is not the account's password", code="wrong-password")

        self.credentials.replace(account_id, hash_password(check_password(new_password, "new_password")))

    # --- queries ------------------------------------------------------------

    def authenticate(self, login: str, password: str) -> str | None:
        """The account id of an enabled account whose password this is, else None."""
        if not isinstance(login, str) or not isinstance(password, str):
            return None
        try:
            account: Account | None = self._account(normalise_login(login))
        except NotFoundError:
            account = None
        if account is not None and account.disabled:
            account = None
        known = None if account is None else account.login
        return known if self.credentials.verify(known, password) else None

    def profile(self, login: str) -> dict[str, Any]:
        """The account's ``email`` and ``display_name`` ("" if none), ``erased`` once its key is gone."""
        account = self._account(login)
        if account.sealed_profile is None:
            return {"email": "", "display_name": "", "erased": False}
        opened = self.vault.open(account.id, account.sealed_profile)
        if opened is None:
            return {"email": "", "display_name": "", "erased": True}
        return {"email": opened["email"], "display_name": opened.get("name", ""), "erased": False}

    def account(self, login: str) -> dict[str, Any]:
        """The account as plain data; NotFoundError if there is none."""
        return self._plain(self._account(login))

    def signed_in(self, session_id: Any, login: str, max_age: float) -> tuple[bool, dict[str, Any] | None]:
        """Whether the sign-in session is open (:meth:`SignInSessions.is_open`), and the account as
        :meth:`account` gives it (None if there is none): every request asks both, here in one read
        (SQLite: one transaction, not two)."""
        if not isinstance(session_id, str) or not isinstance(login, str):
            return False, None
        known = normalise_login(login)
        row, [account] = read_beside(
            self.events, [(self._accounts, account_id_for(known))], self.sessions.query(session_id, login)
        )
        opened = self.sessions.opened(row, max_age)
        if not isinstance(account, Account):
            return opened, None
        self._accounts.keep(account)
        return opened, self._plain(account)

    @staticmethod
    def _plain(account: Account) -> dict[str, Any]:
        return {
            "login": account.login,
            "administrator": account.administrator,
            "organiser": account.active_organiser,
            "disabled": account.disabled,
            "created_by": account.created_by,
            "created_at": account.created_on.isoformat(),
        }

    def accounts(self) -> list[dict[str, Any]]:
        """Every account, in the order they were created."""
        topic = get_topic(Account.AccountCreated)  # type: ignore[attr-defined]
        logins = [self.mapper.to_domain_event(n).login for n in self.logged(topic)]  # type: ignore[attr-defined]
        return [{**self.account(login), **self.profile(login)} for login in logins]

    def roles_held(self, account_id: str) -> list[tuple[UUID, list[str]]]:
        """The dialogues where the account holds roles, with those roles, from the log's list of the
        dialogues (``application.opened_dialogues``): no dialogue read."""
        return self._opened.held_by(account_id)

    def dialogues_of(self, account_id: str) -> list[dict[str, Any]]:
        """The dialogues where the account holds roles, with those roles (only those dialogues read)."""
        found = []
        for dialogue_id, _roles in self.roles_held(account_id):
            dialogue = self._dialogue(dialogue_id)
            roles = dialogue.roles_of(account_id)
            if roles:  # not revoked since the list was read
                found.append({**summary(dialogue), "roles": [role.value for role in roles]})
        return found

    def visible_to(self, account_id: str | None, dialogue_id: UUID) -> bool:
        """Whether the dialogue shows to the account (None: anonymous); NotFoundError if there is none.

        Once its approach is made public, to everyone; before, to the accounts holding a role in it
        and to the platform administrators (docs/security.md, "Who sees what").
        """
        if self._dialogue(dialogue_id, fresh=False).made_public is not None:
            return True  # for good: no act takes it back, so the copy this process keeps says enough
        dialogue = self._dialogue(dialogue_id)
        if dialogue.made_public is not None:
            return True
        return account_id is not None and (
            bool(dialogue.roles_of(account_id)) or self._is_administrator(account_id)
        )

    def dialogues_listed_for(self, account: dict[str, Any]) -> list[tuple[UUID, list[str]]]:
        """The dialogues that show to ``account`` (as :meth:`account` gave it: a request reads it once)
        (``visible_to``), in the order they were opened, each with its roles in it (as ``dialogues_of``):
        from the log's list of the dialogues (``application.opened_dialogues``), no dialogue read."""
        administrator = account["administrator"] and not account["disabled"]
        return self._opened.listed_for(account["login"], administrator=administrator)

    def check_visible(self, account_id: str | None, dialogue_id: UUID) -> None:
        """NotFoundError, as for no dialogue at all, unless it shows to the account (``visible_to``)."""
        if not self.visible_to(account_id, dialogue_id):
            raise NotFoundError(f"no dialogue {dialogue_id}", code="no-dialogue")

    def check_member(self, account_id: str, dialogue_id: UUID) -> None:
        """NotAuthorisedError unless the account holds a role in the dialogue or administers the platform.

        What a member reads (its acts, its workspace page, its live board); NotFoundError
        when the dialogue does not show to the account at all.
        """
        self.check_visible(account_id, dialogue_id)
        if not self._dialogue(dialogue_id).roles_of(account_id) and not self._is_administrator(account_id):
            raise NotAuthorisedError(f"{account_id} holds no role in this dialogue", code="no-role")

    def accounts_to_pick(self, account_id: str, dialogue_id: UUID) -> list[str]:
        """The enabled accounts the account may pick in the dialogue's forms, by login.

        A platform administrator: every account. Anyone else: those holding a role in the
        dialogue (a convenor gives a role to another account by typing its exact login).
        """
        if self._is_administrator(account_id):
            return [a["login"] for a in self.accounts() if not a["disabled"]]
        holders = [login for login, roles in self._dialogue(dialogue_id).roles.items() if roles]
        return [login for login in holders if self._enabled(login)]

    def _enabled(self, login: str) -> bool:
        try:
            return not self._account(login).disabled
        except NotFoundError:
            return False

    def roles_in(self, account_id: str, dialogue_id: UUID) -> list[str]:
        """The roles the account holds in the dialogue (none: an empty list)."""
        return [role.value for role in self._dialogue(dialogue_id).roles_of(account_id)]

    def check_role(
        self, account_id: str, dialogue_id: UUID, act: str, *, recorded_next: bool = False
    ) -> None:
        """NotAuthorisedError unless the account may perform the act in the dialogue in one of its roles.

        The role check of the act itself, done before reading what was sent:
        whoever may not perform the act learns nothing from its validation.
        ``recorded_next``: the caller records the act next, which authorises it again on the store's
        dialogue if that changed; decided first on the dialogue as this process last read it, without
        asking the store, and a refusal decided again on the store's dialogue.
        """
        if recorded_next:
            try:
                self._authorise(self._dialogue(dialogue_id, fresh=False, pin=False), account_id, act)
                return
            except (NotAuthorisedError, NotFoundError):
                pass
        self._authorise(self._dialogue(dialogue_id), account_id, act)

    def acts_available(self, account_id: str, dialogue_id: UUID) -> list[dict[str, Any]]:
        """The acts the account may perform now in the dialogue, each with the roles it may act in.

        Decided as the acts themselves are: the catalogue's stages and roles,
        the account's roles in the dialogue, administrators granting roles.
        """
        dialogue = self._dialogue(dialogue_id)
        if dialogue.closed:
            return []
        available = []
        for spec in ACTS.values():
            if (
                spec.name == "dialogue-opened"
                or spec.name in FROM_THE_ITEM
                or dialogue.stage not in spec.stages
            ):
                continue
            if spec.name == "questionnaire-answered" and not any(  # nothing to answer: not offered
                q["state"] == "open" and q["audience"] != "citizens" for q in dialogue.questionnaires.values()
            ):
                continue
            roles = self._acting_roles(dialogue, account_id, spec)
            if roles:
                available.append({"act": spec.name, "roles": [role.value for role in roles]})
        return available

    # --- helpers -----------------------------------------------------------

    def _change_account(self, admin_id: str, login: str, change: Callable[[Account, str], None]) -> Recorded:
        """An administrator's act on an account: ``change(account, admin's login)``, then saved."""
        admin = self._administrator(admin_id)
        account = private(self._account(login))
        change(account, admin.login)
        try:
            recordings = self.save(account)
        except IntegrityError:
            msg = f"{account.login} changed at the same moment"
            raise ConflictError(msg, code="account-changed", params={"login": account.login}) from None
        self._accounts.keep(account)
        return Recorded.of(account.id, type(recordings[-1].domain_event).__name__, recordings)

    @staticmethod
    def _profile(email: str, display_name: str) -> dict[str, str]:
        """What an account's sealed profile holds: its address, its name when given."""
        name = check_text("display_name", display_name, required=False)
        if len(name) > NAME_LENGTH:
            raise InvalidActError(
                "display_name",
                f"must have at most {NAME_LENGTH} characters",
                code="too-long",
                params={"count": NAME_LENGTH},
            )
        return {"email": check_email(email), **({"name": name} if name else {})}

    def _check_address_free(self, email: str, login: str) -> None:
        """ConflictError if another account has this address (an address finds one account)."""
        holder = self.addresses.account_of(email)
        if holder is not None and holder != normalise_login(login):
            raise ConflictError("another account has this e-mail address", code="email-taken")

    def _administrator(self, login: str) -> Account:
        """The enabled platform administrator ``login``, or NotAuthorisedError."""
        try:
            account = self._account(login)
        except NotFoundError:
            account = None
        if account is None or not account.active_administrator:
            msg = f"only a platform administrator may do this, not {login}"
            raise NotAuthorisedError(msg, code="administrators-only")
        return account

    def _open_accounts(
        self, created_by: str, logins: list[str], password: str, administrator: bool
    ) -> list[Recorded]:
        """Create each account: its hash first (inert without the account), then its event."""
        password_hash = hash_password(password)
        accounts = [Account.create(created_by, login=login, administrator=administrator) for login in logins]
        return [self._open_account(account, password_hash) for account in accounts]

    def _open_account(self, account: Account, password_hash: str, *others: Any) -> Recorded:
        """Save the account (with ``others``, atomically) once its hash is stored."""
        taken = ConflictError(
            f"account-created: the login {account.login} is taken",
            code="login-taken",
            params={"login": account.login},
        )
        try:
            self.credentials.add(account.login, password_hash)
        except IntegrityError:
            if self._exists(account.id):
                raise taken from None
            # A hash left by a creation that stopped before its event: replace it.
            self.credentials.replace(account.login, password_hash)
        try:
            recordings = self.save(account, *others)
        except IntegrityError:
            self.credentials.remove(account.login, password_hash)
            raise taken from None
        return Recorded.of(account.id, "AccountCreated", recordings)

    def _exists(self, aggregate_id: UUID) -> bool:
        return bool(self.recorder.select_events(aggregate_id, limit=1))
