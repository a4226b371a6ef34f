"""The notifier: derives notifications from the events, exactly once per event and recipient.

Like the projection runner it reads the log in batches from a tracked position. For a batch it
first derives the notices (:mod:`application.notifier.kinds`) and composes the mails to send
now, then, in one transaction, holds its position, records the notifications, puts the mails
in the outbox and moves its position: a notifier killed mid-batch leaves nothing of it behind
and does it again on restart; a second notifier at once waits, then finds the batch done.

Once a day (``daily``) it notifies the actions overdue and sends each account's digest.
The mails are the caller's (``compose``: the web's templates, in the recipient's language).
"""

import datetime
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic, resolve_topic

import domain.action  # the aggregates whose events DERIVE names, so that TOPICS finds their classes
import domain.comment
import domain.dialogue
import domain.dysfunction
import domain.meeting
import domain.proposal
from application.errors import NotFoundError
from application.notifier.kinds import DERIVE, Derive, overdue
from application.notifier.store import DEFAULT_MODE, Notice, NotificationStore
from application.recorded import replay
from domain.base import DialoguePart
from domain.citizen import ACTOR_PREFIX, citizen_id_of

LOG = "notifier"
DAILY = "notifier-daily"
"""Tracking rows: the last event notified, the last day (ordinal) of the daily pass."""
PENDING = "notice:"
"""The outbox keys of the notifications' mails: ``notice:<event>:<account>``."""
DIGEST_HOUR = 7
"""UTC hour from which the daily pass runs."""
DATES_EVERY = 60.0
"""Seconds between two passes over the consultations' dates (at most; a new day passes at once)."""
ACTION_CREATED = get_topic(domain.action.Action.ActionCreated)

log = logging.getLogger(__name__)


def _events(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _events(sub)


NOTIFYING = [event for event in _events(DialoguePart.Event) if event.__name__ in DERIVE]
TOPICS = sorted({f"{event.__module__}:{event.__qualname__}" for event in NOTIFYING})
"""The topics of the events that notify someone (``kinds.DERIVE``), under every class that records them
(written as ``get_topic`` writes them: an aggregate's event class and the one its metaclass derives
from it share their topic, and ``get_topic`` refuses to register the second)."""


@dataclass(frozen=True)
class Mail:
    """A mail for one account: one notification, or its digest (``kind == "digest"``)."""

    kind: str
    account_id: str
    to: str
    name: str
    language: str
    notifications: list[Notice] = field(default_factory=list)


Compose = Callable[[Mail], EmailMessage]


class Signal(Protocol):
    """What wakes the notifier on each write (``projections.log_signal.LogSignal``)."""

    @property
    def count(self) -> int: ...

    def wait(self, seen: int, timeout: float | None = None) -> int: ...


class Cache:
    """The aggregates a batch reads, each loaded once; dialogues through the application's cache of
    them (``application.aggregate_cache``), which only reads the events after the version it keeps:
    a dialogue of 1,000 participants is not replayed from its first event at each batch."""

    def __init__(self, app: Any):
        self.app = app
        self.loaded: dict[UUID, Any] = {}

    def get(self, aggregate_id: UUID) -> Any:
        if aggregate_id not in self.loaded:
            self.loaded[aggregate_id] = self.app.repository.get(aggregate_id, projector_func=replay)
        return self.loaded[aggregate_id]

    def dialogue(self, dialogue_id: UUID) -> Any:
        if dialogue_id not in self.loaded:
            self.loaded[dialogue_id] = self.app._dialogue(dialogue_id)  # read-only: never changed here
        return self.loaded[dialogue_id]

    def followers(self, consultation_id: str) -> list[str]:
        return list(self.app.consultation_followers.of(consultation_id))


class Notifier:
    def __init__(self, app: Any, compose: Compose, *, batch_size: int = 500):
        """``app``: the ``DialogueApp`` whose log is read and whose outbox is written."""
        self.app = app
        self.compose = compose
        self.batch_size = batch_size
        self.store = NotificationStore(app.recorder.datastore)
        self._names: dict[str, str] = {}
        self._dates_day: datetime.date | None = None
        self._dates_at = 0.0

    def run_batch(self) -> int:
        """Notify the next batch of events; how many positions of the log were passed (0: up to date).

        Only the events that notify someone are read (the store filters them by topic, up to the head
        of the log when the batch began): the others, most of a log, cost nothing here."""
        start = self.store.position(LOG) + 1
        head = int(self.app.recorder.max_notification_id() or 0)
        if head < start:
            return 0
        batch = self.app.recorder.select_notifications(start, self.batch_size, stop=head, topics=TOPICS)
        end = batch[-1].id if len(batch) == self.batch_size else head
        parts = Cache(self.app)
        derived = [
            (str(n.id), notice)
            for n in batch
            if (derive := DERIVE.get(self._name(n.topic)))
            for notice in self._derived(derive, n, parts)
        ]
        self._record(LOG, start - 1, end, derived)
        return end - start + 1

    def _derived(self, derive: Derive, notification: Any, parts: Cache) -> list[Notice]:
        """The event's notices; none, and an error logged, when its fields or the parts it names do
        not hold what its kind needs: one such event does not stop the notifications of the others
        (an unreachable database still stops the batch, to be run again)."""
        try:
            return derive(self.app.mapper.to_domain_event(notification), parts)
        except (ValueError, LookupError, AttributeError, TypeError, AggregateNotFoundError, NotFoundError):
            log.exception("the event at position %s notifies no one: it cannot be read", notification.id)
            return []

    def catch_up(self) -> None:
        while self.run_batch():
            pass

    def daily(self, today: datetime.date) -> None:
        """Once for ``today``: notify the actions overdue, then mail each account its digest."""
        done = self.store.position(DAILY)
        if done >= today.toordinal():
            return
        parts = Cache(self.app)
        found = (overdue(action_id, parts, today.isoformat()) for action_id in self._actions())
        self._record(DAILY, done, done, [item for items in found for item in items])
        waiting = self.store.awaiting_digest()
        mails = [
            (
                f"digest:{account}:{today.isoformat()}",
                self._composed(Mail("digest", account, *recipient, notices)),
            )
            for account, rows in waiting.items()
            if (recipient := self._recipient(account)) is not None and (notices := [n for _, n in rows])
        ]
        with self.store.rows.transaction(commit=True) as cursor:
            if self.store.lock(cursor, DAILY) != done:
                return  # another notifier did today's pass
            for key, message in mails:
                self.app.outbox.put_within(cursor, key, message)
            self.store.digested(cursor, [row_id for rows in waiting.values() for row_id, _ in rows])
            self.store.move(cursor, DAILY, today.toordinal())

    def _actions(self) -> Iterator[UUID]:
        """Every action of the follow-ups, in the order they were created: the log's ``ActionCreated``,
        not a dialogue read (a dialogue is read only for an action overdue)."""
        return (UUID(str(notification.originator_id)) for notification in self.app.logged(ACTION_CREATED))

    def follow(self, stop: threading.Event, signal: Signal) -> None:
        """Notify until ``stop`` is set, woken by ``signal`` on each write; the daily pass when due;
        the public consultations' starts and ends at their dates (``dates``), at the signal's polls too."""
        while not stop.is_set():
            seen = signal.count
            try:
                self.dates()
                if self.run_batch():
                    continue
                now = datetime.datetime.now(datetime.UTC)
                if now.hour >= DIGEST_HOUR:
                    self.daily(now.date())
            except Exception:  # the database gone for a moment: try again at the next wake
                log.exception("the notifier could not run")
            signal.wait(seen)

    def dates(self) -> int:
        """Record the consultations' starts and ends due by the consultation day (each exactly once,
        whichever process gets there first), when the day changed or ``DATES_EVERY`` seconds
        passed since the last pass; how many were recorded."""
        day, now = self.app.consultation_day(), time.monotonic()
        if day == self._dates_day and now - self._dates_at < DATES_EVERY:
            return 0
        self._dates_day, self._dates_at = day, now
        return int(self.app.reach_consultation_dates())

    # --- recording ---------------------------------------------------------------

    def _record(self, name: str, expected: int, position: int, derived: list[tuple[str, Notice]]) -> None:
        """In one transaction: the notifications, their mails to send now (pending: the sender
        composes them), the new position. The position held first, nothing of a batch is ever
        recorded twice; a batch that fails leaves nothing behind."""
        modes = self.store.modes_of_kinds({n.kind for _, n in derived}) if derived else {}
        with self.store.rows.transaction(commit=True) as cursor:
            if self.store.lock(cursor, name) != expected:
                return  # another notifier did this batch meanwhile
            chosen = [(key, n, modes.get((n.account_id, n.kind), DEFAULT_MODE)) for key, n in derived]
            self.store.add(cursor, [(key, n, mode == "digest") for key, n, mode in chosen])
            keys = [f"{PENDING}{key}:{n.account_id}" for key, n, mode in chosen if mode == "immediately"]
            self.app.outbox.put_pending_within(cursor, keys)
            self.store.move(cursor, name, position)

    def pending(self, outbox_key: str) -> EmailMessage | None:
        """The mail of a pending outbox key, composed now; None if there is nobody to send it to
        any more (no address, the person erased, the kind turned off meanwhile)."""
        event_key, account_id = outbox_key.removeprefix(PENDING).rsplit(":", 1)
        prefix = f":{ACTOR_PREFIX.rstrip(':')}"
        if event_key.endswith(prefix):  # a citizen's actor id holds a colon (no login does)
            event_key, account_id = event_key.removesuffix(prefix), f"{ACTOR_PREFIX}{account_id}"
        notice = self.store.notice(event_key, account_id)
        recipient = self._recipient(account_id)
        if notice is None or recipient is None or self.store.mode(account_id, notice.kind) == "never":
            return None
        return self.compose(Mail(notice.kind, account_id, *recipient, [notice]))

    def _recipient(self, account_id: str) -> tuple[str, str, str] | None:
        """The account's address, name and language, or None without an address."""
        if citizen_id_of(account_id) is not None:  # a citizen following a consultation: their sealed address
            found = self.app.citizen_recipient(account_id)
            return None if found is None else (*found, self.store.language(account_id))
        try:
            profile = self.app.profile(account_id)
        except NotFoundError:
            return None
        if not profile["email"]:
            return None
        return profile["email"], profile["display_name"], self.store.language(account_id)

    def _composed(self, mail: Mail) -> bytes:
        return self.compose(mail).as_bytes(policy=SMTP)

    def _name(self, topic: str) -> str:
        if topic not in self._names:
            self._names[topic] = resolve_topic(topic).__name__
        return self._names[topic]
