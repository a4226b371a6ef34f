"""A person's erasure (GDPR): their keys are deleted, so their data can no longer be read anywhere.

A person may be known several times: an account (its address and name), the stakeholders
identified with that account in dialogues (their contact), the invitation that became the
account. A citizen (their address) is erased by their id: they can no longer sign in nor act.
Erasing any of them erases them all: the links between them are public (a
stakeholder's ``account_id``, an invitation's acceptance), so they are followed without
reading any personal data.
"""

from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from application.base import BATCH
from application.citizens import PURPOSE as CITIZEN_LINKS
from application.citizens import CitizenActs
from application.errors import NotFoundError
from domain.account import Account, account_id_for
from domain.invitation import Invitation
from domain.stakeholder import Stakeholder


class ErasureActs(CitizenActs):
    def erase_person(self, person_id: UUID) -> list[UUID]:
        """Delete the keys of the person and of every record linked to them; the ids erased.

        NotFoundError if none was held (already erased?); every event stays as it is.
        """
        login = self._login_of(person_id)
        people = {person_id} if login is None else {person_id, *self._records_of(login)}
        erased = sorted((p for p in people if self.vault.erase(p)), key=str)
        if login is not None:
            self.addresses.forget(login)
            self.links.revoke("reset", login)
        if self._citizen(person_id) is not None:  # their address and pseudonym are free again
            self.citizen_register.forget(person_id)
            self.links.revoke(CITIZEN_LINKS, str(person_id))
        if not erased:
            raise NotFoundError(
                f"no personal data held for person {person_id} (already erased?)",
                code="no-personal-data",
                params={"person": str(person_id)},
            )
        return erased

    def _login_of(self, person_id: UUID) -> str | None:
        """The account a record of a person is linked to, if any."""
        try:
            found: Any = self._get(person_id)
        except AggregateNotFoundError:
            return None
        if isinstance(found, Account):
            return str(found.login)
        if isinstance(found, Stakeholder):
            return found.account_id
        if isinstance(found, Invitation):
            return found.accepted_by
        return None

    def _records_of(self, login: str) -> set[UUID]:
        """The account's id, its stakeholders' and the invitation it accepted."""
        found = {account_id_for(login)}
        topics = [get_topic(Stakeholder.StakeholderIdentified), get_topic(Invitation.InvitationAccepted)]  # type: ignore[attr-defined]
        start = 1
        while batch := self.recorder.select_notifications(start, BATCH, topics=topics):
            for notification in batch:
                event: Any = self.mapper.to_domain_event(notification)
                accepted = isinstance(event, Invitation.InvitationAccepted)  # type: ignore[attr-defined]
                if (event.actor_id if accepted else event.account_id) == login:
                    found.add(UUID(str(event.originator_id)))
            start = batch[-1].id + 1
        return found
