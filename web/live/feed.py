"""The live feed: follows the log and broadcasts each recorded act to its dialogue's room.

Only persisted facts are broadcast: the feed reads the application's
notification log after the last position it broadcast, and sends every act of a
dialogue to the room of that dialogue, with its position in the log. Acts
recorded by a socket, by an HTTP form, by the API or by another process all
reach the live clients the same way.

Catch-up without gap or duplicate: :meth:`LiveFeed.join` sends a client the acts
of its dialogue after the position it last saw, up to the position the feed has
broadcast, and puts it in the room while holding the feed's lock; every later
act reaches it through the room.

Without a message queue, each server process follows the log itself (the log
is the ordered bus between processes) and emits acts to its own clients only.
With one (``REDIS_URL``), one process at a time, holding the publishing lock
(:mod:`web.live.queue`), reads the log to broadcast (else each process's emit would
reach every client): the process that has just recorded an act, before it
answers, or the one a notice woke first. It publishes each act on the queue, and
every process, the publisher too, delivers it through :meth:`LiveFeed.deliver`,
which advances ``position`` (the last act delivered to this process's rooms) under
the lock. Catch-up then reads the store up to ``position``: the acts after it reach
the room, those before it were sent by catch-up, each exactly once, in order.
"""

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from uuid import UUID

from application.dialogues import DialogueApp
from domain.acts import ACT_OF_EVENT
from domain.citizen import citizen_id_of
from web.i18n.summaries import summaries
from web.live.queue import Lease

BATCH = 500
"""How many notifications one read of the log takes."""

FIELDS: dict[str, tuple[str, ...]] = {
    "contribution-posted": ("kind", "text", "meeting_id", "anonymous"),
    "live-session-opened": ("anonymous",),
    "contribution-clustered": ("cluster",),
    "proposal-drafted": ("instance_id", "topic", "title", "contribution_ids"),
    "proposal-amended": ("rationale",),
    "proposal-objected": ("reason",),
    "objection-resolved": ("resolution",),
    "proposal-withdrawn": ("reason",),
    "meeting-scheduled": ("instance_id", "title", "starts_at", "agenda"),
    "meeting-rescheduled": ("starts_at", "place", "reason"),
    "minutes-drafted": ("text",),
    "agenda-pointer-moved": ("item", "label"),
    "timer-started": ("seconds", "ends_at"),
    "timer-paused": ("remaining",),
    "timer-extended": ("seconds", "ends_at", "remaining"),
    "hand-lowered": ("account",),
    "cluster-named": ("cluster", "name"),
    "consent-round-opened": ("proposal_id", "title", "rule", "members", "endorsers", "objections"),
    "dot-vote-opened": ("meeting_id", "subject", "dots", "item", "item_label", "options", "labels"),
    "dot-placed": ("option",),
    "dot-taken-back": ("option",),
    "dot-vote-closed": ("meeting_id", "results", "voters"),
    "consent-round-closed": ("proposal_id", "outcome", "rule", "members", "endorsements", "objections"),
}
"""The event fields a live board needs, by act; other acts carry their summaries only.

Members of the dialogue read these (the room is theirs); no personal data is among them. An anonymous
contribution (posted in an anonymous live session) comes without its actor: its author is not shown
on any screen, and only the log keeps it, for the audit.
"""

Emit = Callable[[str, dict[str, Any], str], None]
"""``emit(event, payload, to)``: to a room or to one connection."""


def room_of(dialogue_id: UUID | str) -> str:
    return f"dialogue:{dialogue_id}"


def _plain(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class LiveFeed:
    """Reads the log in order and emits ``act`` events; ``position`` is the last one broadcast."""

    def __init__(
        self,
        app: DialogueApp,
        emit: Emit,
        lease: Lease | None = None,
        unheard: Callable[[int], bool] = lambda after: False,
    ):
        """``emit`` reaches this process's clients, or, with a ``lease``, all processes' (the queue).

        Without a lease, ``unheard(after)`` says (under ``lock``) that the acts after ``after`` would reach
        no one in this process (no client connected): they are then neither read nor emitted, only passed
        (:meth:`join` sends a client what it missed from the store)."""
        self.app = app
        self.emit = emit
        self.lease = lease
        self.unheard = unheard
        self.lock = threading.Lock()
        self.delivered = threading.Condition(self.lock)
        """Notified under ``lock`` each time the queue delivers an act (``position`` moves)."""
        self.position = app.recorder.max_notification_id() or 0
        self.publishing = threading.Lock()
        self.cursor: int | None = None
        """With a lease: the position this process is publishing from; None when not publishing."""
        self.published = 0
        """With a lease: the last position this process saved as published."""
        self.behind = False
        """With a lease: the heartbeat saw the log ahead of the position saved as published."""
        self.floors: dict[str, int] = {}
        """With a lease: connections that joined with a ``since`` ahead of ``position``."""
        self._owners: dict[UUID, UUID] = {}

    def pump(self, saved: Sequence[tuple[int, Any]] = ()) -> int:
        """Broadcast every act recorded after the last one broadcast; return ``position``.

        With a lease, only if this process takes the publishing lock (else its
        holder publishes these acts); the acts reach this process's clients when
        the queue delivers them (:meth:`deliver`). ``saved``: (position, event) of
        the events this thread has just saved; when they follow the position
        published so far, they are published as they are, without reading the log.
        """
        if self.lease is None:
            with self.lock:
                self._pump(saved)
                return self.position
        with self.publishing:
            self._publish(self.lease, list(saved))
        return self.position

    def _publish(self, lease: Lease, saved: list[tuple[int, Any]]) -> None:
        """Publish the log after the saved position; again while others wrote during a publication."""
        while True:
            last = saved[-1][0] if saved else self.app.recorder.max_notification_id() or 0
            if last <= max(self.published, self.position) and not self.behind:
                return  # nothing new: no round trip to Redis
            self.behind = False
            taken, published = lease.take()
            if not taken:
                return  # another process publishes: it reads the log again once it releases the lock
            if saved and published is not None and published >= last:  # by a process the write woke
                saved = []
                if lease.finish(None):
                    continue  # others wrote meanwhile, and left their acts to this process
                return
            start = published if published is not None and published <= last else self.position
            cursor, again = self._publish_from(lease, start, _following(start, saved))
            saved = []
            if cursor is None:
                return
            self.published = cursor
            if not again:
                return  # else others wrote while the lock was held, and left their acts to this process

    def _publish_from(
        self, lease: Lease, start: int, mine: list[tuple[int, Any]] | None
    ) -> tuple[int | None, bool]:
        """Holding the lock: emit the acts after ``start`` (``mine``, or read from the log), save the
        position, release; the position published up to (None if the lock was lost during a long
        read), and whether others asked for the lock meanwhile."""
        self.cursor = cursor = start
        renewed = time.monotonic()
        acts = self._acts_after(start, mine)
        again = False
        try:
            for position, payload in acts:
                if time.monotonic() - renewed > lease.ttl_ms / 3000:  # a long read: is the lock still ours?
                    if lease.hold() != 1:
                        return None, False
                    lease.save(cursor)
                    renewed = time.monotonic()
                if payload is not None:
                    self.emit("act", payload, room_of(payload["dialogue_id"]))
                self.cursor = cursor = position
        finally:
            again = lease.finish(cursor if cursor != start else None)
            self.cursor = None
        return cursor, again

    def renew(self) -> bool:
        """With a lease: True when the log is ahead of the position published (a publisher died, or
        Redis failed after a write): the feed has acts to broadcast."""
        if self.lease is None:
            return False
        last = self.app.recorder.max_notification_id() or 0
        saved = self.lease.position()
        self.behind = saved is not None and saved < last
        return self.behind

    def deliver(self, position: int, emit: Callable[[list[str]], None]) -> None:
        """The queue brings the act at ``position``: emit it to this process's room, unless already done.

        ``emit(skip)`` skips the connections that joined with a ``since`` at or after ``position``.
        """
        with self.lock:
            if position <= self.position:
                return
            emit([sid for sid, floor in self.floors.items() if floor >= position])
            self.position = position
            self.delivered.notify_all()
            self.floors = {sid: floor for sid, floor in self.floors.items() if floor > position}

    @staticmethod
    def last_act(saved: Sequence[tuple[int, Any]]) -> int | None:
        """The position of the last act among ``saved`` (position, event); None if none is an act."""
        return max((p for p, event in saved if type(event).__name__ in ACT_OF_EVENT), default=None)

    def settle(self, grace: float, head: int | None = None) -> bool:
        """Before a follower's :meth:`pump`: whether this process has broadcast (with a lease: delivered)
        the log up to ``head`` (read from the store when None). With a lease, the writers of the acts in
        the log publish their own: they have up to ``grace`` seconds to have them delivered (the follower
        publishes those of processes without a live feed, or of a writer that failed)."""
        if head is None:
            head = self.app.recorder.max_notification_id() or 0
        if self.lease is None:
            return head <= self.position
        if head > max(self.published, self.position) and not self.wait_delivered(head, grace):
            return False
        return not self.behind

    def has_broadcast(self, head: int) -> bool:
        """Whether this process has broadcast (with a lease: delivered) the log up to ``head``, waiting
        for nothing: a write's notice then leaves the follower nothing to do."""
        return head <= self.position and not self.behind

    def wait_delivered(self, position: int, timeout: float) -> bool:
        """Wait until the queue has delivered the act at ``position`` here (at most ``timeout``)."""
        with self.delivered:
            return self.delivered.wait_for(lambda: self.position >= position, timeout)

    def stop(self) -> None:
        """This process stops broadcasting: another one can take the lock at once."""
        if self.lease is not None:
            with self.publishing:
                self.lease.release()
                self.cursor = None

    def _pump(self, saved: Sequence[tuple[int, Any]] = ()) -> None:
        """Holding ``lock``: emit the acts after ``position``, ``saved`` as they are when they follow it
        (the writer's own, without reading the log), else read from the log."""
        if saved and saved[-1][0] <= self.position:
            return  # broadcast already, by a writer that read the log past them
        if self.unheard(self.position):
            head = saved[-1][0] if saved else self.app.recorder.max_notification_id() or 0
            self.position = max(self.position, head)
            return
        for position, payload in self._acts_after(self.position, _following(self.position, saved)):
            if payload is not None:
                self.emit("act", payload, room_of(payload["dialogue_id"]))
            self.position = position

    def join(
        self,
        dialogue_id: UUID,
        since: int | None,
        send: Callable[[dict[str, Any]], None],
        enter: Callable[[], None],
        sid: str | None = None,
    ) -> int:
        """Send the dialogue's acts after ``since`` (none when None), then ``enter`` its room.

        The long read happens outside the lock; the acts broadcast meanwhile are
        sent under it, with the room entered before the lock is released: the
        client gets every act after ``since`` exactly once, in order. Returns the
        position up to which the client has everything; every act after it follows.

        With a lease, ``position`` is what the queue has delivered to this process,
        which may trail the log by the publisher's read: the acts recorded
        but not yet broadcast follow through the room; and when ``since`` is ahead
        of ``position`` (the client saw those acts on another process), the room
        skips the connection ``sid`` for the acts up to ``since``.
        """
        seen = since
        if since is not None:
            upto = self.position
            if upto > since:
                self._send(dialogue_id, since, upto, send)
                seen = upto
        with self.lock:
            if self.lease is None:
                self._pump()  # the log may be ahead of this process's broadcasts (another process)
            if seen is not None and self.position > seen:
                self._send(dialogue_id, seen, self.position, send)
            enter()
            if self.lease is not None and since is not None and since > self.position and sid is not None:
                self.floors[sid] = since  # it saw those acts elsewhere: the room skips them for it
                return since
            return self.position

    def _send(self, dialogue_id: UUID, after: int, upto: int, send: Callable[[dict[str, Any]], None]) -> None:
        owner = str(dialogue_id)
        for _position, payload in self.read(after, upto):
            if payload is not None and payload["dialogue_id"] == owner:
                send(payload)

    def _acts_after(
        self, start: int, mine: list[tuple[int, Any]] | None
    ) -> Iterator[tuple[int, dict[str, Any] | None]]:
        """(position, act payload or None) after ``start``: ``mine`` (the events just saved, which follow
        it) as they are, else read from the log."""
        if mine is None:
            return self.read(start, None)
        return ((position, self._act_payload(position, event)) for position, event in mine)

    def read(self, after: int, upto: int | None) -> Iterator[tuple[int, dict[str, Any] | None]]:
        """(position, act payload or None) of each notification after ``after``, up to ``upto``.

        A batch shorter than ``BATCH`` was the end of the log when read (writers commit in the log's
        order): no further read for an empty one; what was recorded since, the next round reads."""
        start = after + 1
        while upto is None or start <= upto:
            batch = self.app.recorder.select_notifications(start, BATCH, stop=upto)
            for notification in batch:
                yield notification.id, self._payload(notification)
            if len(batch) < BATCH:
                return
            start = batch[-1].id + 1

    def _payload(self, notification: Any) -> dict[str, Any] | None:
        return self._act_payload(notification.id, self.app.mapper.to_domain_event(notification))

    def _act_payload(self, position: int, event: Any) -> dict[str, Any] | None:
        """What the room receives of the event at ``position``; None if it is no act (the acts the
        platform records by itself are: their actor role is ``platform``)."""
        name = ACT_OF_EVENT.get(type(event).__name__)
        if name is None:
            return None
        french, english = summaries(event)
        anonymous = getattr(event, "anonymous", False)
        return {
            "position": position,
            "dialogue_id": str(self._owner(event)),
            "act": name,
            "subject_id": str(event.originator_id),
            "actor_id": "" if anonymous else event.actor_id,
            "actor_name": None if anonymous else self._citizen_name(event.actor_id),
            "actor_role": event.actor_role,
            "recorded_at": event.timestamp.isoformat(),
            "summary": {"fr": french, "en": english},
            "fields": {field: _plain(getattr(event, field, None)) for field in FIELDS.get(name, ())},
        }

    def _citizen_name(self, actor_id: str) -> str | None:
        """A citizen's public pseudonym (None for an account, whose name the board knows, or once erased)."""
        if citizen_id_of(actor_id) is None:
            return None
        citizen = self.app.citizen(actor_id)
        return citizen.pseudonym if citizen is not None else None

    def _owner(self, event: Any) -> UUID:
        """The event's dialogue: its ``dialogue_id``, its aggregate's first event's, or itself."""
        owner: UUID | None = getattr(event, "dialogue_id", None) or self._owners.get(event.originator_id)
        if owner is None:
            first = next(iter(self.app.events.get(event.originator_id, lte=1)), None)
            owner = getattr(first, "dialogue_id", None) or event.originator_id
        self._owners[event.originator_id] = owner
        return owner


def _following(start: int, saved: Sequence[tuple[int, Any]]) -> list[tuple[int, Any]] | None:
    """``saved`` (position, event) when its positions follow ``start`` without a gap, else None."""
    if saved and all(position == start + 1 + i for i, (position, _event) in enumerate(saved)):
        return list(saved)
    return None
