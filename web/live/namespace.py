"""Live sessions in the browser: the Socket.IO namespace ``/live`` (Flask-SocketIO, threading mode).

Only a signed-in account connects (the session cookie of the sign-in page);
the same-origin check of python-engineio refuses other sites' pages. Events:

* ``join`` {dialogue: slug, since?: position, session?: meeting id}, client ->
  server; ack {ok, dialogue_id, position, login, roles, people, now, session?}: ``people``
  names the dialogue's members, ``{login: {name, organisation}}``; ``now`` is the
  server's time (a countdown reads the same on every screen, whatever its clock). The client first
  receives, as ``act`` events, the dialogue's acts after ``since`` (none when it
  is omitted), then every act recorded later, each once, in log order. With
  ``session``, the account takes part in that meeting's open live session (a
  member of the meeting's instance or a facilitator; else 403): it enters the
  session's room, whose presence is its own, and the ack carries the session
  as recorded (``DialogueApp.live_session``: agenda pointer, cluster names,
  open consent round with its tally, minutes draft). A connection takes part
  in one session at most: a ``join`` naming another session, or none, leaves
  the one it was in.
* ``watch`` {dialogue: slug}, client -> server; ack {ok, position}: as
  ``join`` without ``since`` nor presence: a workspace page that fetches
  itself again after each act (``web/static/live-page.js``).
* ``leave`` {}, client -> server; ack {ok, left: meeting id or None}: the
  connection leaves its live session (it stays in the dialogue's room). A
  disconnected client (the page was left) leaves every room. Either way the
  rooms left receive the new ``presence``.
* ``act`` {dialogue: slug, act: public name, fields: {...}, key?}, client -> server;
  ack {ok, id, position, positions}: the act's own position in the log, and those
  of every act recorded with it, as the API answers. Recorded by the same
  application method, with the same schema and authorisation, as the HTTP form
  and the API, within the account's one budget of writes (:mod:`web.limits`);
  broadcast only once recorded, by the live feed (:mod:`web.live.feed`). An act
  sent again with the same ``key`` (after a lost connection) is recorded once;
  the later sendings get the first one's ack (:mod:`web.live.replays`).
* ``act`` {position, dialogue_id, act, subject_id, actor_id, actor_role,
  recorded_at, summary: {fr, en}, fields}, server -> the dialogue's room.
* ``presence`` {dialogue, session?, present: [login...]}, server -> the room of
  the dialogue (or of the session), when someone joins or leaves (across the
  processes with ``REDIS_URL``).
* ``error`` {event, status, errors: {field: [message]}}, server -> the one
  client whose event was refused (status as in HTTP: 400 malformed, 403, 404,
  409, 422, 429 too many events or writes); the ack of the event carries the same.
  A field over its bound (:mod:`web.schemas.fields`) is a 400 naming it; only a
  message over ``MESSAGE_BYTES`` is cut by the transport, which closes its connection.

With ``REDIS_URL`` set, Flask-SocketIO's message queue (channel
``LIVE_CHANNEL``, default ``flask-socketio``) joins the server processes: the
process that records an act publishes it through the queue before it answers
(one at a time, holding a lock in Redis), and presence is kept in Redis (:mod:`web.live.queue`). Without it,
each process follows the log itself and emits acts to its own clients.

The broadcaster also tells the public pages' followers when a public act has
reached the read models (:mod:`web.live.public`, namespace ``/public``).
"""

import logging
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import redis
from flask import Flask, current_app, session
from flask_babel import gettext
from flask_socketio import SocketIO, leave_room

from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from projections.log_signal import LogSignal, on_postgres
from web import limits
from web.api.jsonparse import SocketJSON
from web.auth import sessions
from web.errors import GENERAL
from web.extensions import dialogues, reached
from web.live.broadcasting import follow, heartbeat, publish
from web.live.feed import Emit, LiveFeed, room_of
from web.live.guard import GuardedNamespace, enter, sid, socketio
from web.live.public import PUBLIC_NAMESPACE, PublicNamespace, PublicNotices
from web.live.queue import Lease, LiveManager, LocalPresence, RedisPresence, Wake
from web.live.replays import Replays
from web.schemas import ACT_FORMS
from web.schemas.live import Join, LiveAct, Page

NAMESPACE = "/live"
SESSION_ROOM = "session:"
MESSAGE_BYTES = 1024 * 1024
"""The largest message a client may send; the transport closes the connection of one larger.

Above the largest valid act, every field at its bound (:mod:`web.schemas.fields`; about 0.75 MB
when every character is sent as a JSON escape): a message between the two is read and refused
with an ``error`` event naming the field over its bound."""
TRANSPORT: dict[str, Any] = {
    "async_mode": "threading",
    "max_http_buffer_size": MESSAGE_BYTES,
    "json": SocketJSON,
}
log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """The app's SocketIO and live feed; the feed follows the log in a thread with ``RUN_LIVE``.

    ``RUN_LIVE`` defaults to not TESTING; tests call ``pump()`` on the feed and
    ``flush()`` on the public notices (``app.extensions``), or set it. The thread
    waits on the app's ``log_signal`` (woken by writes, :mod:`projections.log_signal`);
    with Redis, the processes wake each other's through :class:`web.live.queue.Wake`.
    """
    queue = app.config.get("REDIS_URL") or os.environ.get("REDIS_URL") or None
    presence: LocalPresence | RedisPresence
    lease = None
    replays = Replays()
    if queue:
        channel = app.config.get("LIVE_CHANNEL", "flask-socketio")
        manager = LiveManager(queue, channel=channel)
        manager.namespace = NAMESPACE
        server = SocketIO(app, client_manager=manager, **TRANSPORT)
        client = redis.Redis.from_url(queue)
        lease = Lease(client, channel)
        presence = RedisPresence(client, channel)
        replays = Replays(client, channel)
    else:
        server = SocketIO(app, **TRANSPORT)
        presence = LocalPresence()

    def emitter(namespace: str) -> Emit:
        """Emits through the queue (to every process's clients) with one, else to this process's."""
        return lambda event, payload, to: server.emit(
            event, payload, to=to, namespace=namespace, ignore_queue=not queue
        )

    public_notices = PublicNotices(emitter(PUBLIC_NAMESPACE), lambda: reached(app))
    live_emit = emitter(NAMESPACE)

    def broadcast(event: str, payload: dict[str, Any], to: str) -> None:
        live_emit(event, payload, to)
        public_notices.offer(payload)

    def connected(namespace: str) -> bool:
        """Whether a client of this process is connected to ``namespace``."""
        return bool(server.server.manager.rooms.get(namespace, {}).get(None))

    def unheard(after: int) -> bool:
        """No client here to reach (without a queue): the acts after ``after`` pass unread."""
        return not connected(NAMESPACE) and public_notices.pass_unless_followed(
            after, lambda: connected(PUBLIC_NAMESPACE)
        )

    live_feed = LiveFeed(app.extensions["dialogues"], broadcast, lease=lease, unheard=unheard)

    def recover() -> None:
        with live_feed.lock:  # a pass under way has moved the position
            upto = live_feed.position
        public_notices.recover(live_feed.read, upto)

    if queue:
        manager.deliver = live_feed.deliver
    app.extensions["live_feed"] = live_feed
    app.extensions["public_notices"] = public_notices
    server.on_namespace(LiveNamespace(NAMESPACE, presence, replays, queued=bool(queue)))
    server.on_namespace(PublicNamespace(PUBLIC_NAMESPACE, public_notices, recover))
    stop = threading.Event()
    threads: list[threading.Thread] = []
    signal: LogSignal = app.extensions["log_signal"]
    wake = None
    if app.config.get("RUN_LIVE", not app.testing):
        # This process's acts are broadcast by the thread that records them, before its answer goes out.
        app.extensions["dialogues"].recorded.insert(0, lambda: publish(live_feed))
        following = (live_feed, public_notices, signal, stop)
        threads = [threading.Thread(target=follow, args=following, name="live-feed", daemon=True)]
        if queue:  # the processes wake each other (on PostgreSQL, its notices do); presence is renewed
            if not on_postgres(app.extensions["dialogues"].recorder):
                wake = Wake(client, channel, signal.notify)
                app.extensions["dialogues"].recorded.append(wake.written)
            beating = (live_feed, presence, signal, stop)
            threads.append(
                threading.Thread(target=heartbeat, args=beating, name="live-heartbeat", daemon=True)
            )
        for thread in threads:
            thread.start()

    def stop_live() -> None:
        """Stop following the log; with Redis, release the lease and leave the rooms."""
        stop.set()
        signal.notify()
        for thread in threads:
            thread.join()
        try:
            if wake is not None:
                wake.close()
            live_feed.stop()
            if isinstance(presence, RedisPresence):
                presence.close()
                presence.client.close()
        except redis.exceptions.RedisError:
            log.exception("live feed: releasing the lease failed")

    app.extensions["live_stop"] = stop_live


def feed() -> LiveFeed:
    live_feed: LiveFeed = current_app.extensions["live_feed"]
    return live_feed


class LiveNamespace(GuardedNamespace):
    """The handlers of ``/live``: each says who sends the event and who receives what follows."""

    def __init__(
        self,
        namespace: str,
        presence: LocalPresence | RedisPresence,
        replays: Replays,
        queued: bool = False,
    ):
        super().__init__(namespace)
        self.presence = presence
        self.replays = replays
        self.queued = queued
        self.sessions: dict[str, str] = {}
        """The room of the live session each connection takes part in (one at most)."""

    def on_connect(self, auth: Any = None) -> None:
        """The browser of a signed-in account connects; anyone else is refused (connect_error)."""
        if _account() is None:
            raise ConnectionRefusedError(gettext("Sign in first."))
        self.admit()

    def on_disconnect(self, reason: Any = None) -> None:
        """Socket.IO tells of a lost client (the page was left): its rooms receive the new ``presence``."""
        connection = self.forget()
        with self.lock:
            self.sessions.pop(connection, None)
        for room, slug in self.presence.leave(connection):
            self._send_presence(room, slug)

    def on_join(self, data: Any = None) -> dict[str, Any]:
        """A member sends ``join``; it receives the acts it missed, then live ones; its room, ``presence``."""
        return self._signed_in("join", lambda account: self._join(account, data))

    def on_watch(self, data: Any = None) -> dict[str, Any]:
        """A member's workspace page sends ``watch``: it receives the dialogue's acts, without presence."""
        return self._signed_in("watch", lambda account: self._watch(account, data))

    def on_leave(self, data: Any = None) -> dict[str, Any]:
        """A member sends ``leave``: it leaves its live session, whose room receives the new ``presence``."""
        return self._signed_in("leave", lambda account: {"ok": True, "left": self._leave_session()})

    def on_act(self, data: Any = None) -> dict[str, Any]:
        """A member sends ``act``; once recorded, the dialogue's room (sender too) receives ``act``."""
        return self._signed_in("act", lambda account: self._act(account, data))

    def _signed_in(self, event: str, handle: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
        """``handle(account)`` for a signed-in, enabled account; else 401."""

        def handled() -> dict[str, Any]:
            account = _account()
            if account is None:
                return self.refuse(event, 401, {GENERAL: [gettext("Sign in first.")]})
            return handle(account)

        return self.guarded(event, handled)

    def _join(self, account: dict[str, Any], data: Any) -> dict[str, Any]:
        query = Join().load(data if data is not None else {})
        app = dialogues()
        login = account["login"]
        dialogue_id, roles = _member(account, query["dialogue"])
        connection, room = sid(), room_of(dialogue_id)
        server = socketio()

        def send(payload: dict[str, Any]) -> None:
            server.emit("act", payload, to=connection, namespace=NAMESPACE, ignore_queue=True)

        position = feed().join(dialogue_id, query["since"], send, lambda: enter(room), connection)
        self._enter(room, login, query["dialogue"])
        joined = {
            "ok": True,
            "dialogue_id": str(dialogue_id),
            "position": position,
            "roles": list(roles),
            "login": login,
            "people": app.live_people(dialogue_id),
            "now": datetime.now(UTC).isoformat(),
        }
        if query["session"] is None:
            self._leave_session()
            return joined
        session = app.live_session(login, dialogue_id, query["session"])  # read once in the room
        if not session["open"]:
            msg = f"join: no live session of '{session['title']}' is open"
            raise ConflictError(msg, code="session-closed", params={"meeting": session["title"]})
        entered = session_room(session["meeting_id"])
        if self.sessions.get(connection) != entered:
            self._leave_session()
            enter(entered)
            with self.lock:
                self.sessions[connection] = entered
        self._enter(entered, login, query["dialogue"])
        return {**joined, "session": session}

    def _watch(self, account: dict[str, Any], data: Any) -> dict[str, Any]:
        dialogue_id, _roles = _member(account, Page().load(data if data is not None else {})["dialogue"])
        room = room_of(dialogue_id)
        position = feed().join(dialogue_id, None, lambda payload: None, lambda: enter(room))
        return {"ok": True, "position": position}

    def _leave_session(self) -> str | None:
        """The connection leaves its live session, if any: the meeting's id, or None."""
        with self.lock:
            room = self.sessions.pop(sid(), None)
        if room is None:
            return None
        leave_room(room)
        for left, slug in self.presence.leave(sid(), room):
            self._send_presence(left, slug)
        return room.removeprefix(SESSION_ROOM)

    def _act(self, account: dict[str, Any], data: Any) -> dict[str, Any]:
        limits.spend_write(account["login"])  # the account's one budget of writes, as on HTTP (429)
        command = LiveAct().load(data if data is not None else {})
        if command["key"] is None:
            return self._record(account["login"], command)
        return self.replays.once(
            account["login"], command["key"], lambda: self._record(account["login"], command)
        )

    def _record(self, login: str, command: dict[str, Any]) -> dict[str, Any]:
        app = dialogues()
        dialogue_id: UUID = app.dialogue_id(command["dialogue"], fresh=False)  # the act reads it
        form = ACT_FORMS[command["act"]]
        app.check_role(login, dialogue_id, command["act"], recorded_next=True)  # 403 before the fields
        recorded = form.record(app, login, dialogue_id, form.load(command["values"]))
        if not current_app.config.get("RUN_LIVE", not current_app.testing):
            try:
                feed().pump()  # tests without the live threads: broadcast here
            except redis.exceptions.RedisError:  # recorded all the same: the follower broadcasts it later
                log.exception("live feed: Redis failed after an act was recorded")
        return {
            "ok": True,
            "id": str(recorded.id),
            "position": recorded.position,
            "positions": [*recorded.positions],
        }

    def _enter(self, room: str, login: str, slug: str) -> None:
        """The connection is present in ``room``: everyone there receives the new ``presence``."""
        self.presence.enter(room, sid(), login, slug)
        self._send_presence(room, slug)

    def _send_presence(self, room: str, slug: str) -> None:
        present: dict[str, Any] = {"dialogue": slug, "present": self.presence.logins(room)}
        if room.startswith(SESSION_ROOM):
            present["session"] = room.removeprefix(SESSION_ROOM)
        socketio().emit(
            "presence",
            present,
            to=room,
            namespace=NAMESPACE,
            ignore_queue=not self.queued,
        )


def session_room(meeting_id: str) -> str:
    """The room of a meeting's live session: its presence."""
    return f"{SESSION_ROOM}{meeting_id}"


def _member(account: dict[str, Any], slug: str) -> tuple[UUID, list[str]]:
    """The dialogue known by ``slug`` and the account's roles there; 403 without one (unless admin)."""
    app = dialogues()
    dialogue_id = app.dialogue_id(slug)
    roles = app.roles_in(account["login"], dialogue_id)
    if not roles and not account["administrator"]:
        raise NotAuthorisedError(f"{account['login']} holds no role in the dialogue {slug}", code="no-role")
    return dialogue_id, list(roles)


def _account() -> dict[str, Any] | None:
    """The session's enabled account, or None (the socket's copy of the Flask session)."""
    login = session.get("login")
    if login is None or not sessions.is_open(session, current_app):
        return None
    try:
        account: dict[str, Any] = dialogues().account(login)
    except NotFoundError:
        return None
    return None if account["disabled"] else account
