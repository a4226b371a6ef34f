"""Citizens: sign-up with an e-mail address confirmed by a one-time link, a public pseudonym, the
terms of use accepted; a sign-in link sent again to a known address.

Nothing of a sign-up is public but its pseudonym: the address is sealed in the ``Citizen``'s first
event with the citizen's own key (the vault), and, once confirmed, its digest and the pseudonym's
key are kept in a table beside the events (``citizen_register``) so that an address and a pseudonym
each belong to one citizen. A sign-up with an address already confirmed sends a sign-in link to
its citizen instead, with the same answer: the form tells nobody whether an address is known.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from application.addresses import check_email, digest
from application.base import ActRecording
from application.errors import NotFoundError
from application.invitations import Compose, LinkMail
from application.side_tables import SideTable
from domain.citizen import Citizen, check_pseudonym, citizen_actor, citizen_id_of, pseudonym_key
from domain.errors import InvalidActError

CITIZEN_LINK_LIFETIME = timedelta(hours=48)
TERMS_VERSION = "2026-12"
"""The version of the terms of use a sign-up accepts (``web/templates/consultation/terms.html``)."""
PURPOSE = "citizen"


class CitizenRegister:
    """Confirmed citizens' address digests and pseudonym keys, each unique."""

    def __init__(self, datastore: Any):
        self.rows = SideTable(
            datastore,
            "citizen_register",
            "citizen_id TEXT PRIMARY KEY, address TEXT NOT NULL UNIQUE, pseudonym TEXT NOT NULL UNIQUE",
        )

    def by_address(self, email: str) -> str | None:
        row = self.rows.one("SELECT citizen_id FROM {table} WHERE address = {mark}", (digest(email),))
        return None if row is None else str(row["citizen_id"])

    def by_pseudonym(self, pseudonym: str) -> str | None:
        key = pseudonym_key(pseudonym)
        row = self.rows.one("SELECT citizen_id FROM {table} WHERE pseudonym = {mark}", (key,))
        return None if row is None else str(row["citizen_id"])

    def add(self, citizen_id: UUID, email: str, pseudonym: str) -> None:
        self.rows.execute(
            "INSERT INTO {table} (citizen_id, address, pseudonym) VALUES ({mark}, {mark}, {mark})",
            (str(citizen_id), digest(email), pseudonym_key(pseudonym)),
        )

    def forget(self, citizen_id: UUID) -> None:
        self.rows.execute("DELETE FROM {table} WHERE citizen_id = {mark}", (str(citizen_id),))


@dataclass(frozen=True)
class CitizenView:
    """What the web knows of a signed-in citizen."""

    actor_id: str
    pseudonym: str
    confirmed: bool


def _pseudonym_taken() -> InvalidActError:
    return InvalidActError("pseudonym", "is taken by another citizen", code="pseudonym-taken")


class CitizenActs(ActRecording):
    """The ``DialogueApp`` methods of citizens' sign-up, confirmation and sign-in links."""

    _citizen_register: CitizenRegister | None = None

    @property
    def citizen_register(self) -> CitizenRegister:
        if self._citizen_register is None:
            self._citizen_register = CitizenRegister(self.recorder.datastore)  # type: ignore[attr-defined]
        return self._citizen_register

    def sign_up_citizen(
        self, *, email: str, pseudonym: str, accepts_terms: bool, language: str, compose: Compose
    ) -> None:
        """Record a sign-up and mail its confirmation link (a known address: a sign-in link)."""
        address = check_email(email)
        chosen = check_pseudonym(pseudonym)
        if accepts_terms is not True:
            raise InvalidActError("accepts_terms", "the terms of use must be accepted", code="terms")
        known = self.citizen_register.by_address(address)
        if known is not None:
            self._mail_link(UUID(known), address, language, compose)
            return
        if self.citizen_register.by_pseudonym(chosen) is not None:
            raise _pseudonym_taken()
        citizen_id = uuid4()
        sealed = self.vault.seal(citizen_id, {"email": address})
        self.save(
            Citizen.sign_up(citizen_id=citizen_id, pseudonym=chosen, sealed_email=sealed, terms=TERMS_VERSION)
        )
        self._mail_link(citizen_id, address, language, compose)

    def send_citizen_link(self, *, email: str, language: str, compose: Compose) -> None:
        """Mail a sign-in link to the citizen of this address, if there is one (the same answer otherwise)."""
        address = check_email(email)
        known = self.citizen_register.by_address(address)
        if known is not None:
            self._mail_link(UUID(known), address, language, compose)

    def _mail_link(self, citizen_id: UUID, address: str, language: str, compose: Compose) -> None:
        token = self.links.issue(PURPOSE, str(citizen_id), CITIZEN_LINK_LIFETIME.total_seconds())
        expires_at = datetime.now(UTC) + CITIZEN_LINK_LIFETIME
        mail = LinkMail(PURPOSE, address, "", language, token, expires_at)
        self.outbox.put(f"citizen:{citizen_id}:{uuid4().hex}", compose(mail))

    def citizen_link_holds(self, token: Any) -> bool:
        """Whether a citizen's link still works (not used up, not expired)."""
        return self.links.peek(PURPOSE, token) is not None

    def confirm_citizen(self, token: Any) -> CitizenView:
        """Use a citizen's link up: their address is confirmed (the first time); they are signed in."""
        subject = self.links.peek(PURPOSE, token)
        citizen = None if subject is None else self._citizen(UUID(subject))
        if citizen is None:
            raise NotFoundError("this link is used up or expired", code="no-link")
        if not citizen.confirmed:
            opened = self.vault.open(citizen.id, citizen.sealed_email)
            if opened is None:
                raise NotFoundError("this link is used up or expired", code="no-link")
            earlier = self.citizen_register.by_address(opened["email"])
            if earlier is not None:  # two sign-ups with one address: the one confirmed first
                self.links.redeem(PURPOSE, token)
                view = self.citizen(citizen_actor(UUID(earlier)))
                if view is None:
                    raise NotFoundError("this link is used up or expired", code="no-link")
                return view
            if self.citizen_register.by_pseudonym(citizen.pseudonym) is not None:
                raise _pseudonym_taken()
            try:
                self.citizen_register.add(citizen.id, opened["email"], citizen.pseudonym)
            except IntegrityError:
                raise _pseudonym_taken() from None
            citizen.confirm()
            self.save(citizen)
        if self.links.redeem(PURPOSE, token) is None:
            raise NotFoundError("this link is used up or expired", code="no-link")
        return CitizenView(citizen.actor_id, citizen.pseudonym, confirmed=True)

    def enrol_citizen(self, *, pseudonym: str, email: str) -> str:
        """Sign a citizen up with their address taken as confirmed (the demo, the command line);
        the actor id of the citizen of that pseudonym (already there: theirs)."""
        chosen = check_pseudonym(pseudonym)
        known = self.citizen_register.by_pseudonym(chosen)
        if known is not None:
            return citizen_actor(UUID(known))
        address = check_email(email)
        citizen_id = uuid4()
        sealed = self.vault.seal(citizen_id, {"email": address})
        citizen = Citizen.sign_up(
            citizen_id=citizen_id, pseudonym=chosen, sealed_email=sealed, terms=TERMS_VERSION
        )
        self.citizen_register.add(citizen_id, address, chosen)
        citizen.confirm()
        self.save(citizen)
        return citizen.actor_id

    def _citizen(self, citizen_id: UUID) -> Citizen | None:
        try:
            citizen = self._get(citizen_id)
        except AggregateNotFoundError:
            return None
        return citizen if isinstance(citizen, Citizen) else None

    def citizen(self, actor_id: Any) -> CitizenView | None:
        """The citizen whose actor id this is, or None (no such citizen, or erased)."""
        citizen_id = citizen_id_of(actor_id)
        citizen = None if citizen_id is None else self._citizen(citizen_id)
        if citizen is None or not self.vault.held([str(citizen.id)]):
            return None
        return CitizenView(citizen.actor_id, citizen.pseudonym, citizen.confirmed)

    def _citizen_pseudonym(self, account_id: str) -> str | None:
        found = self.citizen(account_id)
        return found.pseudonym if found is not None and found.confirmed else None
