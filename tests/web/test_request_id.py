"""Each request's id: nginx's taken, else made; sent back; carried by the app's JSON log lines."""

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from flask import Flask, current_app

from tests.webapp import make_web_app
from web import close_app


@pytest.fixture
def json_app(sqlite_url: str) -> Iterator[Flask]:
    """An app with ``LOG_JSON``; the process's logger of its name given back its handlers after."""
    handlers = logging.getLogger("web").handlers[:]
    app = make_web_app(sqlite_url, LOG_JSON=True)

    @app.get("/probe")
    def probe() -> str:
        current_app.logger.warning("probe %s", "reached")
        return "ok"

    yield app
    close_app(app)
    logging.getLogger("web").handlers[:] = handlers


def test_the_proxy_s_id_is_sent_back(web_app: Flask) -> None:
    answer = web_app.test_client().get("/healthz", headers={"X-Request-Id": "9f86d081884c7d65"})
    assert answer.headers["X-Request-Id"] == "9f86d081884c7d65"


@pytest.mark.parametrize("given", [None, "", "two words", "x" * 65, "é"])
def test_an_id_missing_or_not_a_plain_token_is_replaced_by_a_new_one(
    web_app: Flask, given: str | None
) -> None:
    client = web_app.test_client()
    headers = {} if given is None else {"X-Request-Id": given}
    ids = {client.get("/healthz", headers=headers).headers["X-Request-Id"] for _ in range(2)}
    assert len(ids) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", each) for each in ids)


def test_a_refusal_carries_the_id_too(web_app: Flask) -> None:
    answer = web_app.test_client().get("/api/v1/me", headers={"X-Request-Id": "refused-1"})
    assert answer.status_code == 401 and answer.headers["X-Request-Id"] == "refused-1"


def test_the_app_s_log_lines_are_json_with_the_request_s_id(json_app: Flask) -> None:
    errors = io.StringIO()
    json_app.test_client().get(
        "/probe", headers={"X-Request-Id": "abc-123"}, environ_overrides={"wsgi.errors": errors}
    )
    line = json.loads(errors.getvalue())
    assert (line["message"], line["level"], line["request_id"]) == ("probe reached", "WARNING", "abc-123")
