"""Live sessions in the browser: the Socket.IO namespace ``/live`` (Flask-SocketIO, threading mode).

Only a signed-in account connects (the session cookie of the sign-in page);
the same-origin check of python-engineio refuses other sites' pages. Events:

* ``join`` {dialogue: slug, since?: position, session?: meeting id}, client ->
  server; ack {ok, dialogue_id, position, roles, session?}. The client first
  receives, as ``act`` events, the dialogue's acts after ``since`` (none when it
  is omitted), then every act recorded later, each once, in log order. With
  ``session``, the account takes part in that meeting's open live session (a
  member of the meeting's instance or a facilitator; else 403): it enters the
  session's room, whose presence is its own, and the ack carries the session
  as recorded (``DialogueApp.live_session``: agenda pointer, cluster names,
  open consent round with its tally, minutes draft).
* ``act`` {dialogue: slug, act: public name, fields: {...}}, client -> server;
  ack {ok, id, position}. Recorded by the same application method, with the
  same schema and authorisation, as the HTTP form and the API; broadcast only
  once recorded, by the live feed (:mod:`web.livefeed`).
* ``act`` {position, dialogue_id, act, subject_id, actor_id, actor_role,
  recorded_at, summary: {fr, en}, fields}, server -> the dialogue's room.
* ``presence`` {dialogue, session?, present: [login...]}, server -> the room of
  the dialogue (or of the session), when someone joins or leaves (across the
  processes with ``REDIS_URL``).
* ``error`` {event, status, errors: {field: [message]}}, server -> the one
  client whose event was refused (status as in HTTP: 400 malformed, 403, 404,
  409, 422, 429 too many events); the ack of the event carries the same.

With ``REDIS_URL`` set, Flask-SocketIO's message queue (channel
``LIVE_CHANNEL``, default ``flask-socketio``) joins the server processes: one
of them at a time, holding a lease in Redis, broadcasts the log's acts through
the queue, and presence is kept in Redis (:mod:`web.livequeue`). Without it,
each process follows the log itself and emits acts to its own clients.
"""

import logging
import os
import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID

import redis
from flask import Flask, current_app, request, session
from flask_socketio import Namespace, SocketIO, join_room
from marshmallow import ValidationError

from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from domain.errors import DomainError, InvalidActError
from web import dialogues, sessions
from web.domain_messages import invalid_value, refusal
from web.errors import GENERAL
from web.livefeed import LiveFeed, room_of
from web.liveflood import TokenBucket
from web.livequeue import Lease, LiveManager, LocalPresence, RedisPresence
from web.schemas import ACT_FORMS
from web.schemas.live import Join, LiveAct
from web.schemas.messages import flatten

NAMESPACE = "/live"
SESSION_ROOM = "session:"
POLL_SECONDS = 0.2
"""How often the live feed looks for acts recorded elsewhere (HTTP, another process)."""

log = logging.getLogger(__name__)

REFUSALS: list[tuple[type[Exception], int, Callable[[Any], dict[str, list[str]]]]] = [
    (ValidationError, 400, lambda e: flatten(e.messages)),
    (InvalidActError, 422, lambda e: {e.field: [invalid_value(e)]}),
    (NotAuthorisedError, 403, lambda e: {GENERAL: [str(e)]}),
    (NotFoundError, 404, lambda e: {GENERAL: [str(e)]}),
    (ConflictError, 409, lambda e: {GENERAL: [str(e)]}),
    (DomainError, 422, lambda e: {GENERAL: [refusal(e)]}),
]


def init_app(app: Flask) -> None:
    """The app's SocketIO and live feed; the feed follows the log in a thread with ``RUN_LIVE``.

    ``RUN_LIVE`` defaults to not TESTING; tests call ``feed().pump()`` or set it.
    """
    queue = app.config.get("REDIS_URL") or os.environ.get("REDIS_URL") or None
    presence: LocalPresence | RedisPresence
    if queue:
        channel = app.config.get("LIVE_CHANNEL", "flask-socketio")
        manager = LiveManager(queue, channel=channel)
        manager.namespace = NAMESPACE
        socketio = SocketIO(app, async_mode="threading", client_manager=manager)
        client = redis.Redis.from_url(queue)
        live_feed = LiveFeed(
            app.extensions["dialogues"],
            lambda event, payload, to: socketio.emit(event, payload, to=to, namespace=NAMESPACE),
            lease=Lease(client, channel),
        )
        manager.deliver = live_feed.deliver
        presence = RedisPresence(client, channel)
    else:
        socketio = SocketIO(app, async_mode="threading")
        live_feed = LiveFeed(
            app.extensions["dialogues"],
            lambda event, payload, to: socketio.emit(
                event, payload, to=to, namespace=NAMESPACE, ignore_queue=True
            ),
        )
        presence = LocalPresence()
    app.extensions["live_feed"] = live_feed
    socketio.on_namespace(LiveNamespace(NAMESPACE, presence, queued=bool(queue)))
    stop = threading.Event()
    thread: threading.Thread | None = None
    if app.config.get("RUN_LIVE", not app.testing):
        thread = threading.Thread(
            target=follow, args=(live_feed, presence, stop), name="live-feed", daemon=True
        )
        thread.start()

    def stop_live() -> None:
        """Stop following the log; with Redis, release the lease and leave the rooms."""
        stop.set()
        if thread is not None:
            thread.join()
        try:
            live_feed.stop()
            if isinstance(presence, RedisPresence):
                presence.close()
                presence.client.close()
        except redis.exceptions.RedisError:
            log.exception("live feed: releasing the lease failed")

    app.extensions["live_stop"] = stop_live


def follow(live_feed: LiveFeed, presence: LocalPresence | RedisPresence, stop: threading.Event) -> None:
    while not stop.wait(POLL_SECONDS):
        try:
            presence.beat()
            live_feed.pump()
        except Exception:  # a store or Redis hiccup: log it and try again at the next tick
            log.exception("live feed: reading the log failed")


def feed() -> LiveFeed:
    live_feed: LiveFeed = current_app.extensions["live_feed"]
    return live_feed


def socketio() -> SocketIO:
    server: SocketIO = current_app.extensions["socketio"]
    return server


class LiveNamespace(Namespace):
    """The handlers of ``/live``: each says who sends the event and who receives what follows."""

    def __init__(self, namespace: str, presence: LocalPresence | RedisPresence, queued: bool = False):
        super().__init__(namespace)
        self.lock = threading.Lock()
        self.buckets: dict[str, TokenBucket] = {}
        self.presence = presence
        self.queued = queued

    def on_connect(self, auth: Any = None) -> None:
        """The browser of a signed-in account connects; anyone else is refused (connect_error)."""
        if _account() is None:
            raise ConnectionRefusedError("sign in first")
        with self.lock:
            self.buckets[request.sid] = TokenBucket()

    def on_disconnect(self, reason: Any = None) -> None:
        """Socket.IO tells of a lost client: the others in its rooms receive the new ``presence``."""
        sid = request.sid
        with self.lock:
            self.buckets.pop(sid, None)
        for room, slug in self.presence.leave(sid):
            self._send_presence(room, slug)

    def on_join(self, data: Any = None) -> dict[str, Any]:
        """A member sends ``join``; it receives the acts it missed, then live ones; its room, ``presence``."""
        return self._guarded("join", lambda account: self._join(account, data))

    def on_act(self, data: Any = None) -> dict[str, Any]:
        """A member sends ``act``; once recorded, the dialogue's room (sender too) receives ``act``."""
        return self._guarded("act", lambda account: self._act(account, data))

    def _join(self, account: dict[str, Any], data: Any) -> dict[str, Any]:
        query = Join().load(data if data is not None else {})
        app = dialogues()
        dialogue_id = app.dialogue_id(query["dialogue"])
        login = account["login"]
        roles = app.roles_in(login, dialogue_id)
        if not roles and not account["administrator"]:
            raise NotAuthorisedError(f"{login} holds no role in the dialogue {query['dialogue']}")
        sid, room = request.sid, room_of(dialogue_id)
        server = socketio()

        def send(payload: dict[str, Any]) -> None:
            server.emit("act", payload, to=sid, namespace=NAMESPACE, ignore_queue=True)

        position = feed().join(dialogue_id, query["since"], send, lambda: join_room(room), sid)
        self._enter(room, login, query["dialogue"])
        session = None
        if query["session"] is not None:  # read once in the room: no act after it is missed
            session = app.live_session(login, dialogue_id, query["session"])
            if not session["open"]:
                raise ConflictError(f"join: no live session of '{session['title']}' is open")
            join_room(session_room(session["meeting_id"]))
            self._enter(session_room(session["meeting_id"]), login, query["dialogue"])
        joined = {"ok": True, "dialogue_id": str(dialogue_id), "position": position, "roles": list(roles)}
        return joined if session is None else {**joined, "session": session}

    def _act(self, account: dict[str, Any], data: Any) -> dict[str, Any]:
        command = LiveAct().load(data if data is not None else {})
        app = dialogues()
        dialogue_id: UUID = app.dialogue_id(command["dialogue"])
        form = ACT_FORMS[command["act"]]
        app.check_role(account["login"], dialogue_id, command["act"])  # 403 before the fields are read
        recorded = form.record(app, account["login"], dialogue_id, form.schema().load(command["values"]))
        try:
            feed().pump()  # broadcast at once rather than at the next tick of the follower
        except redis.exceptions.RedisError:  # recorded all the same: the follower broadcasts it later
            log.exception("live feed: Redis failed after an act was recorded")
        return {"ok": True, "id": str(recorded.id), "position": recorded.position}

    def _guarded(self, event: str, handle: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
        """Refuse, with an ``error`` to the sender only, a flood, a signed-out session or a refused act."""
        with self.lock:
            bucket = self.buckets.get(request.sid)
        wait = bucket.take() if bucket is not None else 0.0
        if wait:
            return self._refuse(event, 429, {GENERAL: [f"too many events: wait {wait:.1f} s"]})
        account = _account()
        if account is None:
            return self._refuse(event, 401, {GENERAL: ["sign in first"]})
        try:
            return handle(account)
        except Exception as error:
            for family, status, errors in REFUSALS:
                if isinstance(error, family):
                    return self._refuse(event, status, errors(error))
            raise

    def _refuse(self, event: str, status: int, errors: dict[str, list[str]]) -> dict[str, Any]:
        refusal = {"event": event, "status": status, "errors": errors}
        socketio().emit("error", refusal, to=request.sid, namespace=NAMESPACE, ignore_queue=True)
        return {"ok": False, **refusal}

    def _enter(self, room: str, login: str, slug: str) -> None:
        """The connection is present in ``room``: everyone there receives the new ``presence``."""
        self.presence.enter(room, request.sid, login, slug)
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
