"""Rate and size limits: failed sign-ins, writes per account, request bodies.

Counted by the ``limits`` library's fixed-window strategy on its storage: in Redis
when ``REDIS_URL`` is set (shared by every server process; ``RATELIMIT_STORAGE_URI`` and
``RATELIMIT_STORAGE_OPTIONS`` say otherwise), else, or while Redis fails, in the process's memory.
Only the calls below count, where a write or a sign-in is made: no hook runs on every request.
Settings, in the app's config (``FLASK_<NAME>`` in the environment), in the notation of the
``limits`` library:

* ``LOGIN_RATE_LIMIT``: failed sign-ins (the sign-in form, or a wrong HTTP
  Basic password on the API), counted per client address and per login tried.
  Once either is reached, every attempt waits, even with the right password.
* ``WRITE_RATE_LIMIT``: writes of one account, one budget for every way of recording an act
  (the API, the workspace's forms, the account pages, the ``act`` events of ``/live``); each
  attempt counts, refused or not (:func:`spend_write`).
* ``COSIGNATURE_RATE_LIMIT``: cosignatures posted by witnesses, per client address.
* ``BUNDLE_RATE_LIMIT``: downloads of a dialogue's bundle (``/dialogues/<slug>/bundle.zip``),
  per client address.
* ``RESET_RATE_LIMIT``: requests of a password reset link, counted per client address and per
  address asked (known or not: the answer is the same).
* ``CITIZEN_SIGN_UP_RATE_LIMIT``: citizens' sign-ups and sign-in links, counted per client address
  and per e-mail address given (known or not).
* ``CITIZEN_WRITE_RATE_LIMIT``: citizens' contributions and supports, counted per citizen and per
  client address.
* ``REPORT_RATE_LIMIT``: reports of items to the moderation, counted per reporter (account or
  citizen) and per client address.
* ``MAX_CONTENT_LENGTH``: the largest request body, in bytes (Flask's own setting).

A refusal is a 429 with ``Retry-After``, or a 413, worded in the reader's
language: a page, or ``{"errors": {"_schema": [message]}}`` under /api/ (on
``/live``, an ``error`` event: :mod:`web.live.guard`).
"""

import functools
import hashlib
import math
import os
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import Flask, current_app, g, request
from flask_babel import gettext as _
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter, RateLimiter
from werkzeug.exceptions import RequestEntityTooLarge, TooManyRequests

from domain.account import normalise_login
from web.errors import error_response, general, note
from web.extensions import dialogues

DEFAULTS: dict[str, Any] = {
    "LOGIN_RATE_LIMIT": "10 per minute; 50 per hour",
    "WRITE_RATE_LIMIT": "300 per minute; 5000 per hour",
    "RESET_RATE_LIMIT": "5 per hour; 20 per day",
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "COSIGNATURE_RATE_LIMIT": "30 per minute; 500 per hour",
    "BUNDLE_RATE_LIMIT": "10 per minute; 100 per hour",
    "CITIZEN_SIGN_UP_RATE_LIMIT": "5 per hour; 20 per day",
    "CITIZEN_WRITE_RATE_LIMIT": "10 per minute; 200 per day",
    "REPORT_RATE_LIMIT": "5 per minute; 50 per day",
}
"""Far above what a person, the demo or the test suite does; tests of the limits lower them."""
REDIS_SECONDS = 1.0
"""How long a count waits for Redis before it is counted in memory instead."""

T = TypeVar("T")
View = TypeVar("View", bound=Callable[..., Any])
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class MemoryCounters(MemoryStorage):
    """``limits``' memory storage, its expired counts dropped as counts are made, at most once a second:
    the library's starts a thread 10 ms after a count to drop them, one every few writes under load."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped = time.monotonic()

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 (the library's private hook, run by each count)
        if time.monotonic() - self.dropped >= 1:
            self.dropped = time.monotonic()
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


def get_remote_address() -> str:
    """The client's address (behind ``TRUSTED_PROXIES``, the one they name)."""
    return request.remote_addr or "127.0.0.1"


def spend_write(login: str) -> None:
    """Count one write of the account; over ``WRITE_RATE_LIMIT``, TooManyRequests (nothing is recorded).

    Every path that records an act calls it before reading the act: :func:`writes` for the views,
    the ``act`` handler of ``/live``.
    """
    _counted(lambda strategy: _spend_write(strategy, login), "writes")


def spend_per_address(what: str, setting: str) -> None:
    """Count one request of ``what`` from the client's address; over ``setting``, TooManyRequests."""
    _counted(lambda strategy: _spend(strategy, setting, what, "address", get_remote_address()), what)


def _spend_write(strategy: RateLimiter, login: str) -> None:
    _spend(strategy, "WRITE_RATE_LIMIT", "writes", "account", login)


@functools.lru_cache(maxsize=64)
def _items(setting: str) -> tuple[RateLimitItem, ...]:
    """The limits of a setting, parsed once per text (16 µs a time, at every write)."""
    return tuple(parse_many(setting))


def _spend(strategy: RateLimiter, setting: str, *key: str) -> None:
    for item in _items(current_app.config[setting]):
        if not strategy.hit(item, *key):
            _refuse(strategy, item, *key)


def spend_reset(email: str) -> None:
    """Count one request of a reset link from this client for this address; over
    ``RESET_RATE_LIMIT``, TooManyRequests (no mail is sent)."""
    _counted(lambda strategy: _spend_reset(strategy, email), "password resets")


def _spend_reset(strategy: RateLimiter, email: str) -> None:
    asked = hashlib.sha256(email.lower().encode()).hexdigest()
    for key in [("address", get_remote_address()), ("email", asked)]:
        _spend(strategy, "RESET_RATE_LIMIT", "reset", *key)


def spend_citizen_sign_up(email: str) -> None:
    """Count one sign-up (or sign-in link) from this client for this address; over
    ``CITIZEN_SIGN_UP_RATE_LIMIT``, TooManyRequests (no mail is sent)."""
    asked = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    keys = [("address", get_remote_address()), ("email", asked)]
    _counted(
        lambda strategy: _spend_each(strategy, "CITIZEN_SIGN_UP_RATE_LIMIT", "citizen-sign-up", keys),
        "sign-ups",
    )


def spend_citizen_write(actor_id: str) -> None:
    """Count one contribution or support of this citizen from this client; over
    ``CITIZEN_WRITE_RATE_LIMIT``, TooManyRequests (nothing is recorded)."""
    keys = [("citizen", actor_id), ("address", get_remote_address())]
    _counted(
        lambda strategy: _spend_each(strategy, "CITIZEN_WRITE_RATE_LIMIT", "citizen-writes", keys), "writes"
    )


def spend_report(reporter: str) -> None:
    """Count one report of this person from this client; over ``REPORT_RATE_LIMIT``,
    TooManyRequests (nothing is recorded)."""
    keys = [("reporter", reporter), ("address", get_remote_address())]
    _counted(lambda strategy: _spend_each(strategy, "REPORT_RATE_LIMIT", "reports", keys), "reports")


def _spend_each(strategy: RateLimiter, setting: str, what: str, keys: list[tuple[str, str]]) -> None:
    for key in keys:
        _spend(strategy, setting, what, *key)


def writes(view: View) -> View:
    """Decorates a view that writes, inside ``login_required``: each write the signed-in account sends
    (POST, PUT, PATCH, DELETE) is counted (:func:`spend_write`)."""

    @wraps(view)
    def counted(*args: Any, **kwargs: Any) -> Any:
        if request.method in WRITES:
            spend_write(g.account["login"])
        return view(*args, **kwargs)

    return counted  # type: ignore[return-value]


def authenticate(login: str, password: str) -> str | None:
    """The application's ``authenticate``, after too many failures from here or for this login a 429.

    Only failures are counted; a refused attempt does not even check the password.
    """
    return _counted(lambda strategy: _authenticate(strategy, login, password), "sign-ins")


def _counted(count: Callable[[RateLimiter], T], what: str) -> T:
    """``count(strategy)`` on the counters' store; while it (Redis) fails, on this process's memory:
    signing in and writing go on, still limited."""
    counters: RateLimiter = current_app.extensions["rate_counters"]
    try:
        return count(counters)
    except counters.storage.base_exceptions as error:
        current_app.logger.warning("rate limit storage unreachable (%r): %s counted in memory", error, what)
        return count(_in_memory())


def _in_memory() -> RateLimiter:
    """This app's counters in memory (the configured strategy), while Redis fails."""
    extensions = current_app.extensions
    if "rate_counters_in_memory" not in extensions:
        extensions["rate_counters_in_memory"] = FixedWindowRateLimiter(MemoryCounters())
    counters: RateLimiter = extensions["rate_counters_in_memory"]
    return counters


def _refuse(strategy: RateLimiter, item: RateLimitItem, *key: str) -> NoReturn:
    """429, saying in how many seconds the window of ``item`` for ``key`` lets the next one through."""
    reset = strategy.get_window_stats(item, *key).reset_time
    raise TooManyRequests(retry_after=max(1, math.ceil(reset - time.time())))


def _authenticate(strategy: RateLimiter, login: str, password: str) -> str | None:
    keys = [("address", get_remote_address()), ("login", normalise_login(login))]
    items = _items(current_app.config["LOGIN_RATE_LIMIT"])
    for item in items:
        for key in keys:
            if not strategy.test(item, "sign-in", *key):
                _refuse(strategy, item, "sign-in", *key)
    account_id = dialogues().authenticate(login, password)
    if account_id is None:
        for item in items:
            for key in keys:
                strategy.hit(item, "sign-in", *key)
    return account_id


def retry_after(error: TooManyRequests) -> int:
    """The seconds to wait that :func:`spend_write` or :func:`authenticate` gave."""
    return error.retry_after if isinstance(error.retry_after, int) else 60


def too_many(error: TooManyRequests) -> str:
    """The refusal, in the reader's language (pages, the API, ``/live``)."""
    return str(
        _("Too many attempts in a short time: try again in %(seconds)s seconds.", seconds=retry_after(error))
    )


def too_many_requests(error: TooManyRequests) -> tuple[Any, int, dict[str, str]]:
    """429, saying when to try again."""
    note(error, "too-many-requests")
    response, status = error_response(429, general(too_many(error)))
    return response, status, {"Retry-After": str(retry_after(error))}


def too_large(error: RequestEntityTooLarge) -> tuple[Any, int]:
    note(error, "too-large")
    kib = int(request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]) // 1024
    message = _("What was sent is larger than the %(kib)s KiB the server accepts.", kib=kib)
    return error_response(413, general(message))


def init_app(app: Flask) -> None:
    """Count in Redis with ``REDIS_URL``, else in memory; word the refusals."""
    for name, value in DEFAULTS.items():
        if app.config.get(name) is None:  # Flask's own MAX_CONTENT_LENGTH is there already, as None
            app.config[name] = value
    redis_url = app.config.get("REDIS_URL") or os.environ.get("REDIS_URL")
    storage_uri = str(app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://"))
    if storage_uri.startswith("redis"):  # a Redis that hangs fails in a second: counted in memory
        timeouts = {"socket_connect_timeout": REDIS_SECONDS, "socket_timeout": REDIS_SECONDS}
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", timeouts)
    options = app.config.get("RATELIMIT_STORAGE_OPTIONS", {})
    storage = MemoryCounters() if storage_uri == "memory://" else storage_from_string(storage_uri, **options)
    app.extensions["rate_counters"] = FixedWindowRateLimiter(storage)
    app.register_error_handler(TooManyRequests, too_many_requests)
    app.register_error_handler(RequestEntityTooLarge, too_large)
