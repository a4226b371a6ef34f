"""Each request's id, and the JSON lines the production's processes log.

The id is nginx's (``X-Request-Id``: its ``$request_id``, deploy/nginx.conf) when it is a plain
token, else one made here; the answer sends it back in ``X-Request-Id``, and every line logged
while the request is served carries it (``JsonLines``), gunicorn's access line too (``JsonLogger``,
deploy/gunicorn.conf.py): nginx's, gunicorn's and the application's lines of one request are found
by it. With ``LOG_JSON`` the application's own log is written as JSON lines; an access line names
the path without its query (a sign-in link's token stays out of the logs).
"""

import json
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any, TextIO, cast

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler, wsgi_errors_stream
from gunicorn.glogging import Logger  # type: ignore[import-untyped]

HEADER = "X-Request-Id"
TOKEN = re.compile(r"[A-Za-z0-9._-]{1,64}")
"""An id taken as given (nginx's are 32 hexadecimal digits); anything else is replaced."""


def init_app(app: Flask) -> None:
    """Give each request its id (first of the app's ``before_request`` functions: a refusal made by a
    later one still carries it) and, with ``LOG_JSON``, write the app's log as JSON lines."""

    @app.before_request
    def take_id() -> None:
        given = request.headers.get(HEADER, "")
        g.request_id = given if TOKEN.fullmatch(given) else uuid.uuid4().hex

    @app.after_request
    def send_id(response: Response) -> Response:
        if "request_id" in g:
            response.headers[HEADER] = g.request_id
        return response

    logger = app.logger  # the process's logger of the app's name: one app a process in production
    if app.config.get("LOG_JSON") and not any(isinstance(h.formatter, JsonLines) for h in logger.handlers):
        logger.removeHandler(default_handler)
        handler = logging.StreamHandler(cast(TextIO, wsgi_errors_stream))
        handler.setFormatter(JsonLines())
        logger.addHandler(handler)


class JsonLines(logging.Formatter):
    """A record as one JSON object: time (UTC), level, logger, message, the request's id (the
    record's ``request_id``, else that of the request being served), the record's ``fields`` and its
    exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is None and has_request_context():
            request_id = g.get("request_id")
        if request_id is not None:
            line["request_id"] = request_id
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class JsonLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger writing JSON lines (``logger_class``): its own messages, and an access line
    per request with the request's id."""

    def _set_handler(self, log: logging.Logger, output: Any, fmt: Any, stream: Any = None) -> None:
        super()._set_handler(log, output, JsonLines(), stream)

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        sent = (value for name, value in resp.headers if name.lower() == "x-request-id")
        request_id = next(sent, None) or environ.get("HTTP_X_REQUEST_ID")  # the app's answer's, else nginx's
        fields = {
            "remote": environ.get("REMOTE_ADDR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": resp.status_code,
            "bytes": resp.sent,
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
        }
        self.access_log.info("request", extra={"request_id": request_id, "fields": fields})
