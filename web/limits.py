"""Rate and size limits: failed sign-ins, writes per account (Flask-Limiter), request bodies.

Counted in Redis when ``REDIS_URL`` is set (shared by every server process),
else, or while Redis fails, in the process's memory. Settings, in the app's config (``FLASK_<NAME>``
in the environment), in the notation of the ``limits`` library:

* ``LOGIN_RATE_LIMIT``: failed sign-ins (the sign-in form, or a wrong HTTP
  Basic password on the API), counted per client address and per login tried.
  Once either is reached, every attempt waits, even with the right password.
* ``WRITE_RATE_LIMIT``: writes of one account (the API's acts, the workspace's forms).
* ``MAX_CONTENT_LENGTH``: the largest request body, in bytes (Flask's own setting).

A refusal is a 429 with ``Retry-After``, or a 413, worded in the reader's
language: a page, or ``{"errors": {"_schema": [message]}}`` under /api/.
"""

import math
import os
import time
from typing import Any

from flask import Flask, current_app, g
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import RateLimiter
from werkzeug.exceptions import RequestEntityTooLarge, TooManyRequests

from domain.account import normalise_login
from web import dialogues
from web.errors import error_response, general

DEFAULTS: dict[str, Any] = {
    "LOGIN_RATE_LIMIT": "10 per minute; 50 per hour",
    "WRITE_RATE_LIMIT": "300 per minute; 5000 per hour",
    "MAX_CONTENT_LENGTH": 1024 * 1024,
}
"""Far above what a person, the demo or the test suite does; tests of the limits lower them."""
REDIS_SECONDS = 1.0
"""How long a count waits for Redis before it is counted in memory instead."""

limiter = Limiter(key_func=get_remote_address, in_memory_fallback_enabled=True)

writes = limiter.limit(
    lambda: str(current_app.config["WRITE_RATE_LIMIT"]),
    key_func=lambda: f"account:{g.account['login']}",
    methods=["POST", "PUT", "PATCH", "DELETE"],
    scope="writes",
)
"""Decorates a view that writes, inside ``login_required``: the signed-in account's writes are counted."""


def authenticate(login: str, password: str) -> str | None:
    """The application's ``authenticate``, after too many failures from here or for this login a 429.

    Only failures are counted; a refused attempt does not even check the password. While the
    counters' store (Redis) fails, they are counted in this process's memory, as Flask-Limiter
    does for the writes: signing in goes on, still limited.
    """
    try:
        return _authenticate(limiter.limiter, login, password)
    except limiter.storage.base_exceptions as error:
        current_app.logger.warning("rate limit storage unreachable (%r): sign-ins counted in memory", error)
        return _authenticate(_in_memory(), login, password)


def _in_memory() -> RateLimiter:
    """This app's counters of failed sign-ins in memory (the configured strategy)."""
    extensions = current_app.extensions
    if "sign_in_counters_in_memory" not in extensions:  # made once: a storage starts a timer thread
        extensions["sign_in_counters_in_memory"] = type(limiter.limiter)(MemoryStorage())
    counters: RateLimiter = extensions["sign_in_counters_in_memory"]
    return counters


def _authenticate(strategy: RateLimiter, login: str, password: str) -> str | None:
    keys = [("address", get_remote_address()), ("login", normalise_login(login))]
    items = parse_many(current_app.config["LOGIN_RATE_LIMIT"])
    for item in items:
        for key in keys:
            if not strategy.test(item, "sign-in", *key):
                reset = strategy.get_window_stats(item, "sign-in", *key).reset_time
                raise TooManyRequests(retry_after=max(1, math.ceil(reset - time.time())))
    account_id = dialogues().authenticate(login, password)
    if account_id is None:
        for item in items:
            for key in keys:
                strategy.hit(item, "sign-in", *key)
    return account_id


def too_many_requests(error: TooManyRequests) -> tuple[Any, int, dict[str, str]]:
    """429, saying when to try again (a write limit of Flask-Limiter, or :func:`authenticate`)."""
    seconds = error.retry_after if isinstance(error.retry_after, int) else None
    if seconds is None:
        current = limiter.current_limit
        seconds = max(1, math.ceil(current.reset_at - time.time())) if current else 60
    message = _("Too many attempts in a short time: try again in %(seconds)s seconds.", seconds=seconds)
    response, status = error_response(429, general(message))
    return response, status, {"Retry-After": str(seconds)}


def too_large(error: RequestEntityTooLarge) -> tuple[Any, int]:
    kib = int(current_app.config["MAX_CONTENT_LENGTH"]) // 1024
    message = _("What was sent is larger than the %(kib)s KiB the server accepts.", kib=kib)
    return error_response(413, general(message))


def init_app(app: Flask) -> None:
    """Count in Redis with ``REDIS_URL``, else in memory; word the refusals."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    redis_url = app.config.get("REDIS_URL") or os.environ.get("REDIS_URL")
    storage_uri = str(app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://"))
    if storage_uri.startswith("redis"):  # a Redis that hangs fails in a second: counted in memory
        timeouts = {"socket_connect_timeout": REDIS_SECONDS, "socket_timeout": REDIS_SECONDS}
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", timeouts)
    limiter.init_app(app)
    app.register_error_handler(TooManyRequests, too_many_requests)
    app.register_error_handler(RequestEntityTooLarge, too_large)
