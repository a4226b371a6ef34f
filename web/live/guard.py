"""What the Socket.IO namespaces share: a token bucket per connection, and refusals as ``error`` events.

A refused event gets an ``error`` {event, status, errors: {field: [message]}}
to its sender only, with the same in its ack; status as in HTTP (400
malformed or nested too deeply to be read, 403, 404, 409, 422, 429 too many events,
or too many writes of the account: :mod:`web.limits`).
"""

import contextlib
import math
import threading
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_babel import format_decimal, gettext
from flask_socketio import Namespace, SocketIO, join_room
from marshmallow import ValidationError
from werkzeug.exceptions import TooManyRequests

from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from domain.errors import DomainError, InvalidActError
from web.api.jsonparse import TOO_DEEP, UNREADABLE
from web.errors import GENERAL
from web.i18n.domain_messages import invalid_value, refusal
from web.limits import too_many
from web.live.flood import TokenBucket
from web.schemas.messages import flatten


def sid() -> str:
    """The Socket.IO connection of the event being handled (Flask-SocketIO sets it on the request)."""
    connection: str = request.sid  # type: ignore[attr-defined]
    return connection


def event_arguments() -> list[Any]:
    """The arguments of the event being handled, as Flask-SocketIO recorded them on the request."""
    arguments: list[Any] = request.event["args"]  # type: ignore[attr-defined]
    return arguments


def enter(room: str) -> None:
    """The client enters ``room``; nothing when it disconnected while its event was being handled
    (python-socketio has forgotten it then, and there is no one left to deliver to: a KeyError, or
    a ValueError when no client at all is left in the namespace)."""
    with contextlib.suppress(KeyError, ValueError):
        join_room(room)


Refusal = tuple[type[Exception], int, Callable[[Any], dict[str, list[str]]]]

REFUSALS: list[Refusal] = [
    (ValidationError, 400, lambda e: flatten(e.messages)),
    (InvalidActError, 422, lambda e: {e.field: [invalid_value(e)]}),
    (NotAuthorisedError, 403, lambda e: {GENERAL: [refusal(e)]}),
    (NotFoundError, 404, lambda e: {GENERAL: [refusal(e)]}),
    (ConflictError, 409, lambda e: {GENERAL: [refusal(e)]}),
    (DomainError, 422, lambda e: {GENERAL: [refusal(e)]}),
    (TooManyRequests, 429, lambda e: {GENERAL: [too_many(e)]}),
]


def flooded(wait: float) -> str:
    """A flood refused, saying how long to wait: seconds rounded up to a tenth, in the reader's notation."""
    seconds = format_decimal(math.ceil(wait * 10) / 10, format="0.0")
    return str(
        gettext("Too many events in a short time: wait %(seconds)s s before the next.", seconds=seconds)
    )


def socketio() -> SocketIO:
    server: SocketIO = current_app.extensions["socketio"]
    return server


class GuardedNamespace(Namespace):
    """A namespace whose events go through :meth:`guarded`: flood limit, then the handler's refusals."""

    def __init__(self, namespace: str):
        super().__init__(namespace)
        self.lock = threading.Lock()
        self.buckets: dict[str, TokenBucket] = {}

    def admit(self) -> None:
        """The connection ``sid()`` gets its bucket (from ``on_connect``)."""
        with self.lock:
            self.buckets[sid()] = TokenBucket()

    def forget(self) -> str:
        """The connection is gone (from ``on_disconnect``): its bucket too; returns its sid."""
        connection = sid()
        with self.lock:
            self.buckets.pop(connection, None)
        return connection

    def guarded(self, event: str, handle: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """``handle()``'s ack, or a refusal: a flood (429), or an error that ``REFUSALS`` lists."""
        with self.lock:
            bucket = self.buckets.get(sid())
        wait = bucket.take() if bucket is not None else 0.0
        if wait:
            return self.refuse(event, 429, {GENERAL: [flooded(wait)]})
        if UNREADABLE in event_arguments():  # Flask-SocketIO's record of the event's arguments
            return self.refuse(event, 400, {GENERAL: [str(TOO_DEEP)]})
        try:
            return handle()
        except Exception as error:
            for family, status, errors in REFUSALS:
                if isinstance(error, family):
                    return self.refuse(event, status, errors(error))
            raise

    def refuse(self, event: str, status: int, errors: dict[str, list[str]]) -> dict[str, Any]:
        refused = {"event": event, "status": status, "errors": errors}
        socketio().emit("error", refused, to=sid(), namespace=self.namespace, ignore_queue=True)
        return {"ok": False, **refused}
