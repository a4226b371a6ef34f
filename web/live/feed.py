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
With one (``REDIS_URL``), only the process holding the lease (:mod:`web.live.queue`)
reads the log to broadcast (else each process's emit would reach every client); it
publishes each act on the queue, and every process, the leader too, delivers it
through :meth:`LiveFeed.deliver`, which advances ``position`` (the last act
delivered to this process's rooms) under the lock. Catch-up then reads the store
up to ``position``: the acts after it reach the room, those before it were sent
by catch-up, each exactly once, in order.
"""

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

from application.dialogues import DialogueApp
from domain.acts import ACTS_BY_EVENT
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
    "minutes-drafted": ("text",),
    "agenda-pointer-moved": ("item", "label"),
    "timer-started": ("seconds", "ends_at"),
    "timer-paused": ("remaining",),
    "timer-extended": ("seconds", "ends_at", "remaining"),
    "hand-lowered": ("account",),
    "cluster-named": ("cluster", "name"),
    "consent-round-opened": ("proposal_id", "title", "rule", "members", "endorsers", "objections"),
    "dot-vote-opened": ("meeting_id", "subject", "dots", "item_label", "options", "labels"),
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

    def __init__(self, app: DialogueApp, emit: Emit, lease: Lease | None = None):
        """``emit`` reaches this process's clients, or, with a ``lease``, all processes' (the queue)."""
        self.app = app
        self.emit = emit
        self.lease = lease
        self.lock = threading.Lock()
        self.position = app.recorder.max_notification_id() or 0
        self.publishing = threading.Lock()
        self.cursor: int | None = None
        self.floors: dict[str, int] = {}
        """With a lease: connections that joined with a ``since`` ahead of ``position``."""
        """With a lease: the position the leader has broadcast up to; None when not leader."""
        self._owners: dict[UUID, UUID] = {}

    def pump(self) -> int:
        """Broadcast every act recorded after the last one broadcast; return ``position``.

        With a lease, only while holding it (renewed here); the acts reach this
        process's clients when the queue delivers them (:meth:`deliver`).
        """
        if self.lease is None:
            with self.lock:
                self._pump()
                return self.position
        with self.publishing:
            self._publish(self.lease)
        return self.position

    def _publish(self, lease: Lease) -> None:
        held = lease.hold()
        if not held:
            self.cursor = None
            return
        cursor = self.cursor
        if held == 2 or cursor is None:  # taken over: continue where the last leader stopped
            saved = lease.position()
            usable = saved is not None and saved <= (self.app.recorder.max_notification_id() or 0)
            cursor = (
                saved if usable and saved is not None else self.position
            )  # none saved, or another store's
        self.cursor = start = cursor
        renewed = time.monotonic()
        for position, payload in self._read(start, None):
            if time.monotonic() - renewed > lease.ttl_ms / 3000:  # a long read: is the lease still ours?
                if lease.hold() != 1:
                    self.cursor = None
                    return
                renewed = time.monotonic()
            if payload is not None:
                self.emit("act", payload, room_of(payload["dialogue_id"]))
                lease.save(position)
            self.cursor = cursor = position
        if cursor != start:
            lease.save(cursor)

    def renew(self) -> bool:
        """With a lease, renew or take it: True when just taken (the feed has acts to broadcast)."""
        if self.lease is None:
            return False
        with self.publishing:
            held = self.lease.hold()
            if held != 1:
                self.cursor = None  # lost, or taken: continue from the saved position
            return held == 2

    def deliver(self, position: int, emit: Callable[[list[str]], None]) -> None:
        """The queue brings the act at ``position``: emit it to this process's room, unless already done.

        ``emit(skip)`` skips the connections that joined with a ``since`` at or after ``position``.
        """
        with self.lock:
            if position <= self.position:
                return
            emit([sid for sid, floor in self.floors.items() if floor >= position])
            self.position = position
            self.floors = {sid: floor for sid, floor in self.floors.items() if floor > position}

    def stop(self) -> None:
        """This process stops broadcasting: another one can take the lease at once."""
        if self.lease is not None:
            with self.publishing:
                self.lease.release()
                self.cursor = None

    def _pump(self) -> None:
        for position, payload in self._read(self.position, None):
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
        which may trail the log by the leader's read (woken by each write): the acts recorded
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
        for _position, payload in self._read(after, upto):
            if payload is not None and payload["dialogue_id"] == owner:
                send(payload)

    def _read(self, after: int, upto: int | None) -> Iterator[tuple[int, dict[str, Any] | None]]:
        """(position, act payload or None) of each notification after ``after``, up to ``upto``."""
        start = after + 1
        while upto is None or start <= upto:
            batch = self.app.recorder.select_notifications(start, BATCH, stop=upto)
            if not batch:
                return
            for notification in batch:
                yield notification.id, self._payload(notification)
            start = batch[-1].id + 1

    def _payload(self, notification: Any) -> dict[str, Any] | None:
        event: Any = self.app.mapper.to_domain_event(notification)
        spec = ACTS_BY_EVENT.get(type(event).__name__)
        if spec is None:
            return None
        french, english = summaries(event)
        return {
            "position": notification.id,
            "dialogue_id": str(self._owner(event)),
            "act": spec.name,
            "subject_id": str(event.originator_id),
            "actor_id": "" if getattr(event, "anonymous", False) else event.actor_id,
            "actor_role": event.actor_role,
            "recorded_at": event.timestamp.isoformat(),
            "summary": {"fr": french, "en": english},
            "fields": {name: _plain(getattr(event, name, None)) for name in FIELDS.get(spec.name, ())},
        }

    def _owner(self, event: Any) -> UUID:
        """The event's dialogue: its ``dialogue_id``, its aggregate's first event's, or itself."""
        owner: UUID | None = getattr(event, "dialogue_id", None) or self._owners.get(event.originator_id)
        if owner is None:
            first = next(iter(self.app.events.get(event.originator_id, lte=1)), None)
            owner = getattr(first, "dialogue_id", None) or event.originator_id
        self._owners[event.originator_id] = owner
        return owner
