"""Sessions that signing out ends: Flask's signed cookie, checked against the sign-in sessions table.

A signed cookie alone stays valid as long as the key: a copy taken before
signing out would still be signed in. Here the cookie of a signed-in account
also carries a session id, and a cookie whose id is not open in
:class:`application.sessions.SignInSessions` (signed out, older than
``PERMANENT_SESSION_LIFETIME``, or from before this scheme) opens as an empty
session, over HTTP and at a Socket.IO connection alike. A citizen of the public consultation
(``CITIZEN``) is signed in the same way, with a session id of their own (``CITIZEN_SESSION_ID``) in
the same table under their actor id: a cookie whose citizen session is not open loses the citizen
(an account signed in beside stays). When the table cannot
be read (the database is gone), the session opens empty and the request then
fails with that error, which web/errors.py answers with a 503.

The cookie's signature is checked once per cookie text and process (``VERIFIED`` kept, forgotten
when the keys change); its age is checked again at every request, as Flask does, and the sign-in
session's row is read at every request: a session ended by any process is refused at once. The row
and the signed-in account are read together (:func:`signed_in`; ``load_account`` takes the account
from there): one read of the store, not two, per request.
"""

import time
from collections.abc import Mapping
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError
from flask import Flask, Request, current_app, g, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

from web.extensions import dialogues

SESSION_ID = "session_id"
CITIZEN = "citizen"
"""The signed-in citizen's actor id (``citizen:<id>``), with their session id under ``CITIZEN_SESSION_ID``."""
CITIZEN_SESSION_ID = "citizen_session_id"
VERIFIED = 4096
"""Cookie texts whose signature is kept checked (:meth:`CheckedSessionInterface.signed`) before they
are all dropped."""
PLAIN = (str, int, float, bool, type(None))
"""A session whose values are all of these is kept as checked (a copy of it opens each time)."""


class CheckedSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self.signing: tuple[Any, URLSafeTimedSerializer | None] = (None, None)
        self.verified: dict[str, tuple[int, dict[str, Any]]] = {}
        """Cookie text -> when it was signed (seconds) and its data, its signature found good."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, made again only when the keys change (Flask makes one per request)."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made_for, serializer = self.signing
        if made_for != keys:
            serializer = super().get_signing_serializer(app)
            self.signing = (keys, serializer)
            self.verified = {}
        return serializer

    def signed(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Flask's ``open_session``: the cookie's data if its signature is good and it was signed less
        than ``PERMANENT_SESSION_LIFETIME`` ago, else an empty session. The signature of a cookie text
        is checked once (the same text, the same key: the same answer); its age at every request."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        text = request.cookies.get(self.get_cookie_name(app))
        if not text:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        known = self.verified.get(text)
        if known is None:
            try:
                data, signed_at = serializer.loads(text, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            known = (int(signed_at.timestamp()), data)
            if isinstance(data, dict) and all(isinstance(value, PLAIN) for value in data.values()):
                if len(self.verified) >= VERIFIED:
                    self.verified.clear()
                self.verified[text] = known
            return self.session_class(data)
        age = int(time.time()) - known[0]  # as itsdangerous's TimestampSigner
        if age > max_age or age < 0:
            return self.session_class()
        return self.session_class(known[1])  # a dict of its own: the kept data stays as signed

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        opened = self.signed(app, request)
        try:
            if opened is None or "login" not in opened or signed_in(opened, app):
                if opened is not None and CITIZEN in opened and not citizen_is_open(opened, app):
                    opened.pop(CITIZEN, None)
                    opened.pop(CITIZEN_SESSION_ID, None)  # and the browser's cookie is rewritten
                return opened
        except (OperationalError, InterfaceError) as error:  # raised again once error handlers apply
            g.session_error = error
            return self.session_class()
        ended = self.session_class()
        ended.modified = True  # the browser's stale cookie is deleted
        return ended


def _max_age(app: Flask) -> float:
    return app.permanent_session_lifetime.total_seconds()


def is_open(data: Mapping[str, Any], app: Flask) -> bool:
    """True if the session ``data`` of a signed-in account is still open (a live socket asks each event)."""
    sessions = app.extensions["dialogues"].sessions
    return bool(sessions.is_open(data.get(SESSION_ID), data.get("login"), _max_age(app)))


def signed_in(data: Mapping[str, Any], app: Flask) -> bool:
    """:func:`is_open`, the account read in the same query and kept for ``load_account``
    (:func:`signed_in_account`): a request reads both at once."""
    login = data.get("login")
    is_open, account = app.extensions["dialogues"].signed_in(data.get(SESSION_ID), login, _max_age(app))
    g.signed_in = (login, account)
    return bool(is_open)


def signed_in_account(login: str) -> tuple[bool, dict[str, Any] | None]:
    """(True, the account or None) if :func:`signed_in` read the account ``login`` for this request,
    else (False, None)."""
    read = g.pop("signed_in", None)
    if read is None or read[0] != login:
        return False, None
    return True, read[1]


def citizen_is_open(data: Mapping[str, Any], app: Flask) -> bool:
    """True if the session ``data`` of a signed-in citizen is still open."""
    sessions = app.extensions["dialogues"].sessions
    return bool(sessions.is_open(data.get(CITIZEN_SESSION_ID), data.get(CITIZEN), _max_age(app)))


def start_citizen(actor_id: str) -> None:
    """Sign a citizen in (their link used): a new citizen session, the one before on this browser ended."""
    sessions = dialogues().sessions
    sessions.end(session.get(CITIZEN_SESSION_ID))
    session[CITIZEN] = actor_id
    session[CITIZEN_SESSION_ID] = sessions.start(actor_id, _max_age(current_app))


def end_citizen() -> None:
    """Sign the citizen out: their session is closed, the cookie keeps nothing of them."""
    dialogues().sessions.end(session.get(CITIZEN_SESSION_ID))
    session.pop(CITIZEN, None)
    session.pop(CITIZEN_SESSION_ID, None)


def start(account_id: str) -> None:
    """Sign in: a new session (new id, new cookie), keeping only the chosen language."""
    language = session.get("language")
    dialogues().sessions.end(session.get(CITIZEN_SESSION_ID))  # the cookie is cleared: no orphan row
    session.clear()
    session["login"] = account_id
    session[SESSION_ID] = dialogues().sessions.start(account_id, _max_age(current_app))
    if language:
        session["language"] = language


def end() -> None:
    """Sign out: the session's id is closed, the cookie emptied but for the chosen language."""
    dialogues().sessions.end(session.get(SESSION_ID))
    dialogues().sessions.end(session.get(CITIZEN_SESSION_ID))
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


def end_others(account_id: str) -> None:
    """End the account's other sessions (its password changed)."""
    dialogues().sessions.end_others(account_id, session.get(SESSION_ID))


def raise_session_error() -> None:
    """The database error met while opening the session, raised where the error handlers answer it."""
    error = g.pop("session_error", None)
    if error is not None:
        raise error


def init_app(app: Flask) -> None:
    app.session_interface = CheckedSessionInterface()
    app.before_request_funcs.setdefault(None, []).insert(0, raise_session_error)  # before the CSRF check
