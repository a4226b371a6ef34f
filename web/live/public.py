"""Live updates of the public pages: the Socket.IO namespace ``/public``, open to anyone.

* ``follow`` {dialogue: slug}, client -> server; ack {ok, position}: the
  position the read models have reached. The connection follows that public
  dialogue (one at a time; 404 for a dialogue the public pages do not show).
* ``changed`` {position}, server -> a dialogue's followers: an act that the
  transparency log shows was recorded at ``position`` and every read model has
  reached it, so the page fetched now shows it. Nothing else of the act (no
  name, actor or field), and nothing for the acts the public pages leave out.
* ``error`` {event, status, errors}, to the sender of a refused ``follow``
  (400 malformed, 404, 429 too many events).

The notices come from the live feed's broadcaster (:mod:`web.live.feed`):
every act it broadcasts is offered to :class:`PublicNotices`, which sends
one ``changed`` per dialogue once the read models have caught up. A client
whose ack's position is ahead of its page's missed a change: it fetches again.
"""

import threading
from collections.abc import Callable, Iterable
from typing import Any

from flask_socketio import leave_room

from application.errors import NotFoundError
from domain.acts import ACT_OF_EVENT
from projections.transparency_log import TransparencyLogProjection as Log
from web.extensions import read
from web.live.feed import Emit
from web.live.guard import GuardedNamespace, enter, sid
from web.public.pages import listed
from web.schemas.live import Page

PUBLIC_NAMESPACE = "/public"

PUBLIC_ACTS = frozenset(ACT_OF_EVENT[name] for name in Log.handlers if name in ACT_OF_EVENT)
"""The acts the transparency log shows (its events that are acts, the platform's among them)."""


def public_room(dialogue_id: str) -> str:
    return f"public:{dialogue_id}"


class PublicNotices:
    """The public acts broadcast but not yet announced: announced once the read models reach them."""

    def __init__(self, emit: Emit, reached: Callable[[], int]):
        """``reached()``: the position every read model has reached."""
        self.emit = emit
        self.reached = reached
        self.lock = threading.Lock()
        self.pending: dict[str, int] = {}  # dialogue id -> position of its last public act
        self.passed: int | None = None
        """The position after which the live feed passed acts unread, no one following here."""

    def offer(self, payload: dict[str, Any]) -> None:
        """An act just broadcast; kept if the public may see it."""
        if payload["act"] in PUBLIC_ACTS:
            with self.lock:
                self.pending[payload["dialogue_id"]] = payload["position"]

    def pass_unless_followed(self, after: int, followed: Callable[[], bool]) -> bool:
        """Whether the acts after ``after`` may pass without being offered: none ``followed()`` here; if
        so, :meth:`recover` offers them once someone follows."""
        with self.lock:
            if followed():
                return False
            if self.passed is None:
                self.passed = after
            return True

    def recover(
        self, read: Callable[[int, int], Iterable[tuple[int, dict[str, Any] | None]]], upto: int
    ) -> None:
        """A follower came after acts passed unread: those the read models have not reached yet, up to
        ``upto`` (the live feed's position), are offered (``read(after, upto)``: their payloads)."""
        with self.lock:
            after, self.passed = self.passed, None
        if after is not None and upto > after:
            for _position, payload in read(max(after, self.reached()), upto):
                if payload is not None:
                    self.offer(payload)

    def flush(self) -> None:
        """Send ``changed`` to the followers of each dialogue whose last public act the read models hold."""
        with self.lock:
            if not self.pending:
                return
        reached = self.reached()
        with self.lock:
            ready = {d: p for d, p in self.pending.items() if p <= reached}
            for dialogue_id in ready:
                del self.pending[dialogue_id]
        for dialogue_id, position in ready.items():
            self.emit("changed", {"position": position}, public_room(dialogue_id))


class PublicNamespace(GuardedNamespace):
    """The handlers of ``/public``: anyone connects and follows a public dialogue."""

    def __init__(self, namespace: str, notices: PublicNotices, recover: Callable[[], None] = lambda: None):
        """``recover()``: the live feed's acts passed unread offered to ``notices`` (a follower came)."""
        super().__init__(namespace)
        self.notices = notices
        self.recover = recover
        self.following: dict[str, str] = {}  # sid -> the public room it is in

    def on_connect(self, auth: Any = None) -> None:
        self.admit()

    def on_disconnect(self, reason: Any = None) -> None:
        sid = self.forget()
        with self.lock:
            self.following.pop(sid, None)

    def on_follow(self, data: Any = None) -> dict[str, Any]:
        """A visitor's page sends ``follow``; it receives ``changed`` for that dialogue from then on."""
        return self.guarded("follow", lambda: self._follow(data))

    def _follow(self, data: Any) -> dict[str, Any]:
        slug = Page().load(data if data is not None else {})["dialogue"]
        with read() as sql:
            dialogue = listed(sql, slug)
        if dialogue is None:
            raise NotFoundError(f"no public dialogue {slug}", code="no-dialogue")
        room = public_room(dialogue["id"])
        with self.lock:
            previous = self.following.get(sid())
            self.following[sid()] = room
        if previous is not None and previous != room:
            leave_room(previous)
        enter(room)
        self.recover()
        return {"ok": True, "position": self.notices.reached()}  # read after joining: no change is lost
