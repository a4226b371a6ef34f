"""A person's erasure (GDPR): their keys are deleted, so their data can no longer be read anywhere.

A person may be known several times: an account (its address and name), the stakeholders
identified with that account in dialogues (their contact), the invitation that became the
account. A citizen (their address) is erased by their id: they can no longer sign in nor act,
and the texts they wrote, each sealed under its item's own key (their contributions, comments and
the texts of their answers to questionnaires), are shredded with them.
Erasing any of them erases them all: the links between them are public (a
stakeholder's ``account_id``, an invitation's acceptance), so they are followed without
reading any personal data.

Every erasure is written first in the register beside the key-encryption key
(``application/erasure_register.py``), then done, then recorded as a ``person-erased`` act
(``domain/erasure.py``). At start, the erasures of the register the database does not hold (a
backup restored) are done again and recorded (``reapply_erasures``), and the keys of the
register's shreddings a restored backup still holds are deleted again.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from application.accounts import AccountActs
from application.base import BATCH
from application.citizens import PURPOSE as CITIZEN_LINKS
from application.citizens import CitizenActs
from application.erasure_register import RegisteredErasure, RegisteredShredding, erasure_register
from application.erasure_requests import ErasureRequests
from application.errors import NotFoundError
from application.recorded import Recorded
from domain.account import CONSOLE, Account, account_id_for
from domain.citizen import citizen_actor
from domain.comment import Comment
from domain.dialogue import Dialogue
from domain.erasure import REGISTER, Erasure, ErasureFields, check_erasure
from domain.invitation import Invitation
from domain.stakeholder import Stakeholder

log = logging.getLogger(__name__)

OWN_KEYS: dict[str, Callable[[Any], list[UUID]]] = {
    get_topic(Comment.CommentPosted): lambda event: [event.originator_id],
    get_topic(Dialogue.CitizenContributed): lambda event: [event.contribution_id],
    get_topic(Dialogue.ItemReported): lambda event: [event.report_id] if event.sealed_note else [],
}
"""Topic of an event a citizen's act records -> the keys of the texts it seals, under their own keys."""


class ErasureActs(CitizenActs, AccountActs):
    requests: ErasureRequests
    """Who asked to be erased (``DialogueApp`` opens it)."""

    def erase_person(self, person_id: UUID, *, by: str = CONSOLE, reason: str = "request") -> list[UUID]:
        """Delete the keys of the person and of every record linked to them; the ids erased.

        ``by`` is the administrator's login (or the console); ``reason`` a ground of ``GROUNDS``.
        NotFoundError if none was held (already erased?); every event stays as it is.
        """
        if by != CONSOLE:
            self._administrator(by)
        login = self._login_of(person_id)
        people = {person_id} if login is None else {person_id, *self._records_of(login)}
        held = sorted(self.vault.held(str(p) for p in people))
        if not held:
            raise NotFoundError(
                f"no personal data held for person {person_id} (already erased?)",
                code="no-personal-data",
                params={"person": str(person_id)},
            )
        fields = check_erasure(
            person_id=person_id, erased=held, erased_on=datetime.now(UTC).date().isoformat(), reason=reason
        )
        entry = RegisteredErasure(str(uuid.uuid4()), by=by, **fields)
        register = erasure_register(self.env.get("KEY_ENCRYPTION_KEY_FILE"))
        if register is not None:
            register.add(entry)  # first: a crash from here on is finished at the next start
        self.vault.forget(self._texts_of_citizen(person_id))  # before the rotations of the erasures below
        erased = sorted((p for p in people if self.vault.erase(p)), key=str)
        self._forget_person(person_id, login)
        self._record_erasure(entry, by, "administrator" if by != CONSOLE else CONSOLE)
        return erased

    def _forget_person(self, person_id: UUID, login: str | None) -> None:
        """What the side tables hold of an erased person: an account's address, links and request;
        a citizen's address and pseudonym (free again), links and sessions (signed out everywhere)."""
        if login is not None:
            self.addresses.forget(login)
            self.links.revoke("reset", login)
            self.requests.remove(login)
        if self._citizen(person_id) is not None:
            self.citizen_register.forget(person_id)
            self.consultation_followers.forget(citizen_actor(person_id))  # type: ignore[attr-defined]
            self.links.revoke(CITIZEN_LINKS, str(person_id))
        self.sessions.end_all(citizen_actor(person_id))

    def request_erasure(self, login: str) -> bool:
        """The account's holder asks to be erased; False if they asked already (still pending)."""
        account = self._account(login)
        return self.requests.add(str(account.login))

    def erasure_requests(self, admin_id: str) -> list[dict[str, str]]:
        """The pending requests, oldest first: for administrators only."""
        self._administrator(admin_id)
        return self.requests.pending()

    def decline_erasure(self, admin_id: str, login: str) -> None:
        """An administrator turns a request down (the GDPR's exceptions); it leaves the list."""
        self._administrator(admin_id)
        self.requests.remove(login)

    def erasure_preview(self, admin_id: str, login: str) -> dict[str, Any]:
        """What erasing the account ``login`` deletes, read before: its profile and each record of
        the person (stakeholders in dialogues, the invitation accepted), with what stays."""
        self._administrator(admin_id)
        account = self._account(login)
        records: list[dict[str, Any]] = []
        for record_id in sorted(self._records_of(str(account.login)), key=str):
            if record_id == account.id:
                continue
            found: Any = self._get(record_id)
            if isinstance(found, Stakeholder):
                records.append(self._stakeholder_record(found))
            else:
                records.append(
                    {
                        "kind": "invitation",
                        "id": str(record_id),
                        "held": bool(self.vault.held([str(record_id)])),
                    }
                )
        return {
            "login": str(account.login),
            "person_id": str(account.id),
            "profile": self.profile(str(account.login)),
            "records": records,
        }

    def stakeholder_erasure_preview(self, admin_id: str, stakeholder_id: UUID) -> dict[str, Any]:
        """What erasing a stakeholder identified without an account deletes: their record alone.
        One linked to an account is erased with the account (``login`` says which)."""
        self._administrator(admin_id)
        found = self._held_stakeholder(stakeholder_id)
        if found is None:
            raise NotFoundError(f"no stakeholder {stakeholder_id}", code="no-stakeholder")
        return {
            "login": found.account_id,
            "person_id": str(found.id),
            "profile": None,
            "records": [self._stakeholder_record(found)],
        }

    def stakeholders_without_account(self, admin_id: str, dialogue_id: UUID) -> list[dict[str, Any]]:
        """The dialogue's stakeholders that no account holds, as the erasure preview shows them."""
        self._administrator(admin_id)
        dialogue = self._dialogue(dialogue_id)
        found = (self._held_stakeholder(one) for one in dialogue.parts["stakeholder"])
        return [self._stakeholder_record(one) for one in found if one is not None and not one.account_id]

    def _held_stakeholder(self, stakeholder_id: UUID) -> Stakeholder | None:
        try:
            found = self._get(stakeholder_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Stakeholder) else None

    def _stakeholder_record(self, found: Stakeholder) -> dict[str, Any]:
        opened = None if found.sealed_contact is None else self.vault.open(found.id, found.sealed_contact)
        dialogue = self._dialogue(found.dialogue_id)
        return {
            "kind": "stakeholder",
            "id": str(found.id),
            "dialogue": dialogue.title,
            "slug": dialogue.slug,
            "organisation": found.organisation,
            "category": found.category,
            "name": (opened or {}).get("name", ""),
            "held": opened is not None,
        }

    def reapply_erasures(self) -> list[str]:
        """Every erasure of the register that the database does not hold (a restored backup) done
        again and recorded, the keys of its shreddings still held deleted; then the keys left
        rewrapped when their KEK is still kept. The ids of the erasures re-applied."""
        register = erasure_register(self.env.get("KEY_ENCRYPTION_KEY_FILE"))
        if register is None:
            return []
        done: list[str] = []
        shredded = 0
        for entry in register.entries():
            if isinstance(entry, RegisteredShredding):
                shredded += self.vault.forget(UUID(key) for key in entry.keys)
                continue
            try:
                self._get(UUID(entry.erasure_id))
                continue
            except AggregateNotFoundError:
                pass
            person = UUID(entry.person_id)
            self.vault.forget([person, *(UUID(one) for one in entry.erased), *self._texts_of_citizen(person)])
            self._forget_person(person, self._login_of(person))
            self._record_erasure(entry, entry.by, REGISTER)
            done.append(entry.erasure_id)
        outcome = self.vault.rewrap_restored(forgot=bool(done) or shredded > 0)
        if done or shredded:
            log.warning(
                "erasure register: %d erasure(s) and the keys of shreddings (%d) re-applied to this database",
                len(done),
                shredded,
            )
        if outcome == "lost":
            log.warning(
                "the persons' keys are under a key-encryption key destroyed since (a backup restored "
                "after its retention): their personal data cannot be read (docs/security.md)"
            )
        elif outcome == "unknown":
            log.error(
                "KEY_ENCRYPTION_KEY_FILE holds neither the key-encryption key of this database's keys "
                "nor one it replaced: is it the right file? Personal data cannot be read until it is"
            )
        return done

    def erasures(self) -> list[dict[str, Any]]:
        """The erasure register as the database holds it: each act's id, person, date, ground, actor."""
        topics = [get_topic(Erasure.PersonErased)]  # type: ignore[attr-defined]
        found: list[dict[str, Any]] = []
        start = 1
        while batch := self.recorder.select_notifications(start, BATCH, topics=topics):
            for notification in batch:
                event: Any = self.mapper.to_domain_event(notification)
                found.append(
                    {
                        "id": str(event.originator_id),
                        "position": notification.id,
                        "person_id": event.person_id,
                        "erased": list(event.erased),
                        "erased_on": event.erased_on,
                        "reason": event.reason,
                        "actor_id": event.actor_id,
                        "actor_role": event.actor_role,
                    }
                )
            start = batch[-1].id + 1
        return found

    def _record_erasure(self, entry: RegisteredErasure, by: str, standing: str) -> Recorded | None:
        fields: ErasureFields = {
            "person_id": entry.person_id,
            "erased": entry.erased,
            "erased_on": entry.erased_on,
            "reason": entry.reason,
        }
        erasure = Erasure.record(UUID(entry.erasure_id), by, standing, fields)
        try:
            recordings = self.save(erasure)
        except IntegrityError:
            return None  # another process starting at the same moment recorded it
        return Recorded.of(erasure.id, "PersonErased", recordings)

    def _texts_of_citizen(self, person_id: UUID) -> list[UUID]:
        """The keys of the texts the citizen ``person_id`` wrote (none for anyone else): their
        contributions', comments' (every version) and reports' notes, and their answers' texts,
        found by their respondent's token for each questionnaire (the log never names them)."""
        actor = citizen_actor(person_id)
        if self._citizen(person_id) is None:
            return []
        answered = get_topic(Dialogue.QuestionnaireAnswered)
        found: list[UUID] = []
        start = 1
        while batch := self.recorder.select_notifications(start, BATCH, topics=[*OWN_KEYS, answered]):
            for notification in batch:
                event: Any = self.mapper.to_domain_event(notification)
                if notification.topic != answered:
                    if event.actor_id == actor:
                        found.extend(OWN_KEYS[notification.topic](event))
                elif event.actor_id == self.respondent_token(event.questionnaire_id, actor):  # type: ignore[attr-defined]
                    found.extend(UUID(sealed["text_id"]) for sealed in event.sealed_texts.values())
            start = batch[-1].id + 1
        return found

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
