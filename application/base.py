"""How every act is recorded: load, authorise, call the domain, save; retry what commutes."""

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from threading import local
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, InternalError, ProgrammingError, Recording

from application.addresses import Addresses
from application.aggregate_cache import ACCOUNTS, PARTS, AggregateCache, private
from application.blobs import BlobStore
from application.credentials import Credentials
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from application.guarded_recorder import DialogueChangedError, guards
from application.key_encryption import key_encryption_keys
from application.links import OneTimeLinks
from application.mail.outbox import Outbox
from application.opened_dialogues import OpenedDialogues
from application.reads import DialogueReads, PartT
from application.recorded import Recorded, replay
from application.sessions import SignInSessions
from application.settings import document_max_bytes, persistence_env
from application.vault import PersonalDataVault
from domain.account import Account, account_id_for, normalise_login
from domain.acts import ACTS, ActSpec
from domain.base import Actor, check_text
from domain.dialogue import Dialogue
from domain.errors import InvalidActError
from domain.fields import refuse_undeclared
from domain.indicators import Parts
from domain.instance import Instance
from domain.roles import Role

STARTUP_ATTEMPTS = 5
"""How often start-up is tried while another process creates the same tables."""

BATCH = 500
"""How many notifications a scan of the log reads at a time."""

MAX_ATTEMPTS = 20
"""How often an act that commutes is retried after a concurrent write."""

ADMINISTRATOR_ACTS = frozenset({"role-granted", "role-revoked"})
"""What a platform administrator may do in any dialogue, recorded as its convenor."""

PARTICIPANT_ROLES = frozenset({Role.FACILITATOR, Role.EXPERT})
"""Who takes part in the work of every instance (meetings, live sessions, proposals, agreements) besides
its members: facilitators, and experts bringing their analyses (what each may do: the catalogue)."""


class ActRecording(DialogueReads):
    """The machinery shared by every act method; the personal data vault, credentials, sessions,
    accounts' addresses, one-time links and the mail outbox.

    An act method taking its declaration (``**fields: Unpack[...]``) refuses an undeclared field
    before it reads the store (``domain.fields.refuse_undeclared``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        refuse_undeclared(cls)

    def __init__(self, env: dict[str, str] | None = None):
        self.recorded: list[Callable[[], None]] = []
        """Called after each save (the followers of the log wake up: ``projections.log_signal``)."""
        for attempt in range(1, STARTUP_ATTEMPTS + 1):
            try:
                super().__init__({**persistence_env(), **(env or {})})
                keks = key_encryption_keys(
                    self.env.get("KEY_ENCRYPTION_KEY_FILE"), self.env.get("KEY_ENCRYPTION_KEY_RETENTION_DAYS")
                )
                self.vault = PersonalDataVault(self.recorder.datastore, keks)  # type: ignore[attr-defined]
                self.credentials = Credentials(self.recorder.datastore)  # type: ignore[attr-defined]
                self.sessions = SignInSessions(self.recorder.datastore)  # type: ignore[attr-defined]
                self.addresses = Addresses(self.recorder.datastore)  # type: ignore[attr-defined]
                self.links = OneTimeLinks(self.recorder.datastore)  # type: ignore[attr-defined]
                self.outbox = Outbox(self.recorder.datastore)  # type: ignore[attr-defined]
                self.blobs = BlobStore(self.recorder.datastore, document_max_bytes())  # type: ignore[attr-defined]
                self._dialogues = AggregateCache(self.events, self._get, replay)
                self._accounts = AggregateCache(self.events, self._get, replay, ACCOUNTS)
                self._kept_parts = AggregateCache(self.events, self._get, replay, PARTS)
                self._opened = OpenedDialogues(self.recorder, self.mapper)
                self._reads = local()
                return
            except (IntegrityError, InternalError, ProgrammingError):
                # PostgreSQL: another process creating the same tables at this moment.
                if attempt == STARTUP_ATTEMPTS:
                    raise
                time.sleep(0.2 * attempt)

    def logged(self, *topics: str) -> Iterator[Any]:
        """The stored notifications of these topics, in log order, read ``BATCH`` at a time."""
        start = 1
        while batch := self.recorder.select_notifications(start, BATCH, topics=list(topics)):
            yield from batch
            start = batch[-1].id + 1

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        self._reads.saved = [(r.notification.id, r.domain_event) for r in recordings]
        for callback in self.recorded:
            callback()

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's ``save``, without its runtime ``Protocol`` checks of each aggregate saved
        (``isinstance`` against a ``Protocol``: about 0.1 ms an aggregate, Python 3.11)."""
        if not all(isinstance(obj, Aggregate) for obj in objs):
            return super().save(*objs, **kwargs)
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            processing_event.events.extend(obj.collect_events())
            processing_event.aggregates[obj.id] = obj
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # the library's deprecated hook
        return recordings

    def last_saved(self) -> list[tuple[int, Any]]:
        """(position, event) of each event of the current thread's last save, in log order."""
        saved: list[tuple[int, Any]] = getattr(self._reads, "saved", [])
        return saved

    def _account(self, login: str) -> Account:
        """The account known by ``login`` as the store holds it, shared by the threads: not to be
        changed (``private``); NotFoundError if there is none."""
        try:
            account = self._accounts.get(account_id_for(normalise_login(login)))
        except AggregateNotFoundError:
            raise NotFoundError(f"no account {login}", code="no-account", params={"login": login}) from None
        if not isinstance(account, Account):
            raise NotFoundError(f"no account {login}", code="no-account", params={"login": login})
        return account

    def _known_account(self, field: str, login: object) -> str:
        """The login of the account named ``login`` (as typed: any case), else refused naming ``field``."""
        known = normalise_login(check_text(field, login))
        try:
            return self._account(known).login
        except NotFoundError:
            raise InvalidActError(
                field, f"no account {known}", code="unknown-account", params={"login": known}
            ) from None

    def _citizen_pseudonym(self, account_id: str) -> str | None:  # a confirmed one's: application.citizens
        return None

    def _is_administrator(self, login: str) -> bool:
        """True for an enabled platform administrator."""
        try:
            return self._account(login).active_administrator
        except NotFoundError:
            return False

    def _takes_part(self, dialogue: Dialogue, account_id: str, instance: Instance) -> bool:
        """Whether the account sits on the instance or holds a PARTICIPANT_ROLES role in the dialogue:
        the one rule for taking part in an instance's work (docs/security.md)."""
        return account_id in instance.member_accounts or bool(
            set(dialogue.roles_of(account_id)) & PARTICIPANT_ROLES
        )

    def _check_takes_part(self, dialogue: Dialogue, account_id: str, instance: Instance, act: str) -> None:
        """NotAuthorisedError unless the account takes part in the instance's work (``_takes_part``)."""
        if not self._takes_part(dialogue, account_id, instance):
            msg = f"{act}: {account_id} is not a member of '{instance.name}' nor a facilitator or expert here"
            raise NotAuthorisedError(
                msg, code="not-in-instance", params={"act": act, "instance": instance.name}
            )

    def _taking_part(self, dialogue: Dialogue, by: Actor, instance_id: UUID, act: str) -> Instance:
        """The instance, if the actor takes part in its work (``_check_takes_part``)."""
        instance = self._part(dialogue, Instance, instance_id, "instance_id")
        self._check_takes_part(dialogue, by.account_id, instance, act)
        return instance

    def _parts(self, dialogue: Dialogue) -> Parts:
        """The parts that exit indicators look at."""

        def load(kind: str) -> list[Any]:
            return [self._get(part_id) for part_id in dialogue.parts[kind]]

        return Parts(
            instances=load("instance"),
            proposals=load("proposal"),
            agreements=load("agreement"),
            actions=load("action"),
        )

    # --- recording --------------------------------------------------------

    def _acting_roles(self, dialogue: Dialogue, account_id: str, spec: ActSpec) -> list[Role]:
        """The roles in which the account may perform the act in this dialogue, first the one used (the
        one place that decides; for ADMINISTRATOR_ACTS a platform administrator acts as convenor)."""
        if Role.CITIZEN in spec.roles and dialogue.made_public and self._citizen_pseudonym(account_id):
            return [Role.CITIZEN]
        held = dialogue.roles_of(account_id)
        roles = [role for role in Role if role in held and role in spec.roles]
        if not roles and spec.name in ADMINISTRATOR_ACTS and self._is_administrator(account_id):
            roles = [Role.CONVENOR]
        return roles

    def _authorise(self, dialogue: Dialogue, account_id: str, act: str) -> Actor:
        """The role in which the account performs the act, or NotAuthorisedError."""
        spec = ACTS[act]
        roles = self._acting_roles(dialogue, account_id, spec)
        if roles:
            return Actor(account_id, roles[0])
        held = dialogue.roles_of(account_id)
        if not held and dialogue.made_public is None and not self._is_administrator(account_id):
            # A dialogue not yet public does not show to those outside it: as if there were none.
            raise NotFoundError(f"no dialogue {dialogue.id}", code="no-dialogue")
        allowed = [role.value for role in Role if role in spec.roles]
        holds = ", ".join(held) or "no role"
        msg = f"{act}: account {account_id} holds {holds} in this dialogue; needs {', '.join(allowed)}"
        raise NotAuthorisedError(msg, code="act-not-allowed", params={"act": act, "allowed": allowed})

    def _record_act(
        self,
        act: str,
        account_id: str,
        dialogue_id: UUID,
        change: Callable[[Dialogue, Actor], Sequence[Aggregate]],
        *,
        changes_dialogue: bool = False,
        part_id: UUID | None = None,
    ) -> Recorded:
        """Load the dialogue, authorise, let ``change`` call the domain, save atomically.

        ``change`` returns the changed aggregates, the one the act concerns first; it gets a private
        copy of the dialogue to change if ``changes_dialogue``, else the shared one, not to be changed.
        A concurrent write is retried when the act commutes, otherwise it is a conflict. A database
        that fails (the library's OperationalError...) is no conflict: that error goes up (web: 503).

        With a guarded recorder (``application.guarded_recorder``: the application's, on both
        stores) an act that leaves the dialogue as it is starts from the dialogue as this process
        last read it, without asking the store, and is saved only if
        the dialogue is still at that version; otherwise, or if it is refused, it is tried again on
        the dialogue read from the store. Either way an act is decided on the dialogue as it stands.
        An act on a part (``part_id``) reads the dialogue and the part together (``_dialogue_with``).
        """
        guarded = guards(self.recorder) and not changes_dialogue
        fresh = not guarded or part_id is not None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if part_id is None:
                shared = self._dialogue(dialogue_id, fresh=fresh)
            else:
                shared = self._dialogue_with(dialogue_id, part_id)
            try:
                actor = self._authorise(shared, account_id, act)
                shared.check_accepts(act, actor)
                dialogue = private(shared) if changes_dialogue else shared
                changed = change(dialogue, actor)
            except Exception:
                if fresh:
                    raise
                fresh = True  # refused on what this process read last: decide on the store's dialogue
                continue
            if shared.pending_events:
                self._dialogues.drop(dialogue_id)
                self._unpin(dialogue_id)
                raise AssertionError(f"{act} changed the shared dialogue: record it with changes_dialogue")
            try:
                guard = {"unchanged": (dialogue_id, shared.version)} if guarded else {}
                recordings = self.save(*changed, **guard)
            except DialogueChangedError as error:
                self._unpin(dialogue_id)
                fresh = True
                if attempt < MAX_ATTEMPTS:
                    continue
                msg = f"{act}: someone changed this at the same moment; reload and try again"
                raise ConflictError(msg, code="changed-meanwhile", params={"act": act}) from error
            except IntegrityError as error:  # a version taken meanwhile
                self._unpin(dialogue_id)
                if ACTS[act].commutes and attempt < MAX_ATTEMPTS:
                    continue
                msg = f"{act}: someone changed this at the same moment; reload and try again"
                raise ConflictError(msg, code="changed-meanwhile", params={"act": act}) from error
            if changes_dialogue:
                self._share(dialogue)
            if part_id is not None:
                self._kept_parts.keep(changed[0])
            return Recorded.of(changed[0].id, ACTS[act].event_name, recordings)
        raise AssertionError("unreachable")  # pragma: no cover

    def _on_dialogue(
        self, act: str, account_id: str, dialogue_id: UUID, change: Callable[[Dialogue, Actor], None]
    ) -> Recorded:
        """Record an act on the dialogue itself."""

        def on_dialogue(dialogue: Dialogue, actor: Actor) -> list[Aggregate]:
            change(dialogue, actor)
            return [dialogue]

        return self._record_act(act, account_id, dialogue_id, on_dialogue, changes_dialogue=True)

    def _create_part(
        self,
        act: str,
        account_id: str,
        dialogue_id: UUID,
        kind: str | None,
        create: Callable[[Dialogue, Actor], Aggregate],
    ) -> Recorded:
        """Record an act that creates a part; index it in the dialogue unless ``kind`` is None."""

        def created(dialogue: Dialogue, actor: Actor) -> list[Aggregate]:
            part = create(dialogue, actor)
            if kind is None:
                return [part]
            dialogue.attach(actor, kind=kind, part_id=part.id)
            return [part, dialogue]

        return self._record_act(act, account_id, dialogue_id, created, changes_dialogue=kind is not None)

    def _on_part(
        self,
        act: str,
        account_id: str,
        dialogue_id: UUID,
        cls: type[PartT],
        part_id: UUID,
        field: str,
        change: Callable[[PartT, Actor, Dialogue], None],
    ) -> Recorded:
        """Record an act on one part of the dialogue."""

        def on_part(dialogue: Dialogue, actor: Actor) -> list[Aggregate]:
            part = self._part(dialogue, cls, part_id, field, kept=True)
            change(part, actor, dialogue)
            return [part]

        read_with = part_id if isinstance(part_id, UUID) else None
        return self._record_act(act, account_id, dialogue_id, on_part, part_id=read_with)

    def _part_act(
        self,
        act: str,
        account_id: str,
        dialogue_id: UUID,
        cls: type[PartT],
        part_id: UUID,
        method: Callable[..., None],
        fields: Mapping[str, object],
    ) -> Recorded:
        """Record an act that ``method`` of the part (``part_id``, named ``<kind>_id``) does with the
        act's ``fields``, as its declaration names them."""
        field = f"{cls.__name__.lower()}_id"
        return self._on_part(
            act, account_id, dialogue_id, cls, part_id, field, lambda part, by, d: method(part, by, **fields)
        )
