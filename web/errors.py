"""One handler per error family: a page for browsers, ``{"errors": {field: [message]}}`` under /api/.

NotFoundError 404, NotAuthorisedError 403, ConflictError 409, TooLargeError 413, InvalidActError
400 (with its field; a RepeatedActError, a second support, 409 with its field), any other
DomainError 422, schema errors 400, a database
that cannot be reached or written (the store's OperationalError, InterfaceError)
503 with Retry-After. Bad input never makes a 500. The refusals of the domain and of the application are
worded in the reader's language (web/i18n/domain_messages.py), for pages and the API alike.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from eventsourcing.persistence import InterfaceError, OperationalError
from flask import Flask, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from application.errors import ConflictError, NotAuthorisedError, NotFoundError, TooLargeError
from domain.errors import DomainError, InvalidActError, RepeatedActError
from web.i18n import domain_messages
from web.schemas.messages import flatten

GENERAL = "_schema"
"""The key of errors that concern no one field (marshmallow's own convention)."""

TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Please sign in"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Changed at the same moment"),
    413: _l("Too large"),
    422: _l("Refused"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
    503: _l("Temporarily unavailable"),
}

RETRY_AFTER = 30
"""Seconds after which a client may try again when the database is unavailable (503)."""


def wants_json() -> bool:
    """The JSON API; under ``/transparency/``, the JSON of the verifiable log unless a browser asks.

    A browser (that prefers HTML) on a proof page that cannot be shown gets the error page in the
    site's frame; ``curl``, the witnesses and ``.json`` addresses get the JSON errors.
    """
    if request.path.startswith("/api/"):
        return True
    if not request.path.startswith("/transparency/"):
        return False
    prefers = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.endswith(".json") or prefers != "text/html"


def error_response(status: int, errors: dict[str, Any]) -> tuple[Any, int]:
    if wants_json():
        return {"errors": errors}, status
    title = TITLES.get(status, _l("Error"))
    messages = [(None if field == GENERAL else field, msg) for field, msgs in errors.items() for msg in msgs]
    return render_template("error.html", status=status, title=title, messages=messages), status


def general(message: object) -> dict[str, list[str]]:
    return {GENERAL: [str(message)]}


def not_found(error: NotFoundError) -> tuple[Any, int]:
    return error_response(404, general(domain_messages.refusal(error)))


def not_authorised(error: NotAuthorisedError) -> tuple[Any, int]:
    return error_response(403, general(domain_messages.refusal(error)))


def conflict(error: ConflictError) -> tuple[Any, int]:
    return error_response(409, general(domain_messages.refusal(error)))


def too_large(error: TooLargeError) -> tuple[Any, int]:
    """A file over its limit: 413 naming the field, nothing stored."""
    return error_response(413, {error.params.get("field", GENERAL): [domain_messages.refusal(error)]})


def invalid_act(error: InvalidActError) -> tuple[Any, int]:
    if isinstance(error, RepeatedActError):
        return error_response(409, {error.field: [domain_messages.invalid_value(error)]})
    return error_response(400, {error.field: [domain_messages.invalid_value(error)]})


def refused(error: DomainError) -> tuple[Any, int]:
    return error_response(422, general(domain_messages.refusal(error)))


def invalid_schema(error: ValidationError) -> tuple[Any, int]:
    return error_response(400, flatten(error.messages))


def csrf_refused(error: CSRFError) -> tuple[Any, int]:
    message = _l("The form has expired or did not come from this site: reload the page and try again.")
    return error_response(400, {"csrf_token": [str(message)]})


def database_unavailable(error: OperationalError | InterfaceError) -> tuple[Any, int, dict[str, str]]:
    current_app.logger.error("database unavailable: %s", error)
    message = _l("The database cannot be reached at the moment. Please try again in a minute.")
    return (*error_response(503, general(message)), {"Retry-After": str(RETRY_AFTER)})


def http_error(error: HTTPException) -> Response | tuple[Any, int]:
    """The description given to ``abort`` (worded by its caller), else the status's title, not werkzeug's."""
    if error.code is None or error.code < 400:
        return error.get_response()
    given = vars(error).get("description")
    message = TITLES.get(error.code, _l("Error")) if given is None else given
    return error_response(error.code, general(message) if wants_json() else {})


E = TypeVar("E", bound=Exception)


def note(error: Exception, family: str) -> None:
    """Say why the request is refused, for ``/metrics`` (``web.metrics.pages`` counts refused writes)."""
    why = reason(error, family)
    if why is not None:
        g.refusal = why


def noted(handler: Callable[[E], Any], family: str) -> Callable[[E], Any]:
    """``handler``, noting why the request is refused: the error's code, else ``family``."""

    def handle(error: E) -> Any:
        note(error, family)
        return handler(error)

    return handle


def reason(error: Exception, family: str) -> str | None:
    """Why a request was refused: the error's code, else its family (None: no refusal, a redirect)."""
    if isinstance(error, HTTPException):
        if error.code is None or error.code < 400:
            return None
        return HTTP_REASONS.get(error.code, f"http-{error.code}") if family == "http" else family
    return str(getattr(error, "code", None) or family)


HTTP_REASONS = {429: "too-many-requests", 413: "too-large", 405: "method-not-allowed", 404: "not-found"}


def init_app(app: Flask) -> None:
    app.register_error_handler(NotFoundError, noted(not_found, "not-found"))
    app.register_error_handler(NotAuthorisedError, noted(not_authorised, "not-authorised"))
    app.register_error_handler(ConflictError, noted(conflict, "conflict"))
    app.register_error_handler(TooLargeError, noted(too_large, "too-large"))
    app.register_error_handler(InvalidActError, noted(invalid_act, "invalid-value"))
    app.register_error_handler(DomainError, noted(refused, "refused"))
    app.register_error_handler(ValidationError, noted(invalid_schema, "invalid-input"))
    app.register_error_handler(CSRFError, noted(csrf_refused, "csrf"))
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InterfaceError, database_unavailable)
    app.register_error_handler(HTTPException, noted(http_error, "http"))
