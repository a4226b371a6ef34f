"""A database that goes away in the middle of a request: a clear 503, and no earlier act lost.

The database fails between the loading of the dialogue and the saving of an
act sent to the API (a hook on ``save``), and is still gone when a workspace
form is sent: PostgreSQL stops letting the application's role in
and kills its connections; SQLite's disk is full (``max_page_count`` at the
database's current size on every connection). The API answers 503 in JSON,
the workspace forms an HTML page, both with ``Retry-After``; once the
database is back, writing works again and every act acknowledged before is
still there, once. A connection killed while the database stays up is only
reconnected: the act is recorded.
"""

import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.application.test_concurrency import in_collective_work
from tests.conftest import POSTGRES_URL, postgres_schema
from tests.reliability.log import tokens_recorded
from tests.web.conftest import csrf_token, make_web_app, sign_in
from tests.web.test_api_v1 import basic
from web import close_app
from web.schemas import fields

API = "/api/v1/dialogues/d/acts/contribution-posted"
FORM = "/workspace/dialogues/d/acts/contribution-posted"
EN = {"Accept-Language": "en"}
LONG = "x" * (fields.LONG - 100)
"""Long enough to need new pages of the database: a write that a full disk refuses (within a long
text's bound, with what precedes it)."""
UNLIMITED = 1_073_741_823
"""SQLite's default ``max_page_count``."""


class Outage:
    """A store whose database can be made to fail and come back."""

    url: str

    def cut(self, app: DialogueApp) -> None:
        raise NotImplementedError

    def restore(self, app: DialogueApp) -> None:
        raise NotImplementedError


class PostgresRefusing(Outage):
    """PostgreSQL under a role of the test's own: NOLOGIN and its connections terminated."""

    def __init__(self, admin: psycopg.Connection[Any], schema_url: str):
        self.admin = admin
        self.role = "r_" + uuid.uuid4().hex[:12]
        schema = schema_url.split("schema=")[1]
        admin.execute(f"CREATE ROLE {self.role} LOGIN")
        admin.execute(f"GRANT ALL ON SCHEMA {schema} TO {self.role}")
        server = urlsplit(POSTGRES_URL)
        self.url = f"postgresql://{self.role}@{server.hostname}:{server.port}{server.path}"
        self.url += f"?schema={schema}&connect_timeout=1"

    def terminate(self) -> None:
        self.admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (self.role,)
        )

    def cut(self, app: DialogueApp) -> None:
        self.admin.execute(f"ALTER ROLE {self.role} NOLOGIN")
        self.terminate()

    def restore(self, app: DialogueApp) -> None:
        self.admin.execute(f"ALTER ROLE {self.role} LOGIN")


class SQLiteDiskFull(Outage):
    """SQLite that may not grow: ``max_page_count`` at its size, on every connection of the pool."""

    def __init__(self, url: str, monkeypatch: pytest.MonkeyPatch):
        self.url = url
        self.monkeypatch = monkeypatch

    @staticmethod
    def limit(app: DialogueApp, pages: int | None) -> None:
        pool = app.recorder.datastore.pool  # type: ignore[attr-defined]
        for connection in pool._pool:  # idle connections: none is in use between load and save
            count = connection._sqlite_conn.execute("PRAGMA page_count").fetchone()[0]
            connection._sqlite_conn.execute(f"PRAGMA max_page_count = {pages or count}")

    def cut(self, app: DialogueApp) -> None:
        self.limit(app, None)
        pool_class = type(app.recorder.datastore.pool)  # type: ignore[attr-defined]
        self.create = create = pool_class._create_connection

        def full(pool: Any) -> Any:
            connection = create(pool)
            connection._sqlite_conn.execute("PRAGMA max_page_count = 1")  # as small as it is
            return connection

        self.monkeypatch.setattr(pool_class, "_create_connection", full)

    def restore(self, app: DialogueApp) -> None:
        self.monkeypatch.setattr(type(app.recorder.datastore.pool), "_create_connection", self.create)  # type: ignore[attr-defined]
        self.limit(app, UNLIMITED)


@pytest.fixture
def postgres_role() -> Iterator[PostgresRefusing]:
    """A schema that a role of this test's own writes in; both dropped afterwards."""
    for schema_url in postgres_schema():
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            role = PostgresRefusing(admin, schema_url)
            yield role
            role.restore(None)  # type: ignore[arg-type]
            role.terminate()
            admin.execute(f"DROP OWNED BY {role.role}")
            admin.execute(f"DROP ROLE {role.role}")


@pytest.fixture(params=["postgres", "sqlite"])
def outage(request: pytest.FixtureRequest, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Outage:
    if request.param == "sqlite":
        return SQLiteDiskFull(sqlite_url, monkeypatch)
    role: PostgresRefusing = request.getfixturevalue("postgres_role")
    return role


def web_app_on(url: str) -> Flask:
    """The web app on ``url``: a dialogue in collective work, a stakeholder s1 with an account."""
    app = make_web_app(url)
    dialogues: DialogueApp = app.extensions["dialogues"]
    in_collective_work(dialogues, "s1")
    return app


@pytest.fixture
def web(outage: Outage) -> Iterator[Flask]:
    app = web_app_on(outage.url)
    yield app
    close_app(app)


def fail_next_save(
    app: DialogueApp, cut: Callable[[DialogueApp], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next ``save`` of ``app`` finds its database gone (the dialogue was loaded already)."""
    save = app.save

    def cut_then_save(*objs: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(app, "save", save)
        cut(app)
        return save(*objs, **kwargs)

    monkeypatch.setattr(app, "save", cut_then_save)


def post(client: FlaskClient, text: str) -> Any:
    return client.post(API, json={"kind": "idea", "text": text}, headers={**basic("s1"), **EN})


def test_a_database_gone_mid_request_answers_503_and_loses_no_earlier_act(
    web: Flask, outage: Outage, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogues: DialogueApp = web.extensions["dialogues"]
    api, browser = web.test_client(), web.test_client()
    assert post(api, "before").status_code == 201
    assert sign_in(browser, "s1").status_code == 303  # type: ignore[attr-defined]
    form = {"kind": "idea", "text": "during form " + LONG, "csrf_token": csrf_token(browser, FORM)}

    fail_next_save(dialogues, outage.cut, monkeypatch)
    by_api = post(api, "during api " + LONG)
    by_form = browser.post(FORM, data=form, headers=EN)  # the database still gone
    outage.restore(dialogues)
    after = post(api, "after")

    assert by_api.status_code == 503 and by_api.headers["Retry-After"] == "30"
    assert by_api.get_json() == {
        "errors": {"_schema": ["The database cannot be reached at the moment. Please try again in a minute."]}
    }
    assert by_form.status_code == 503 and by_form.headers["Retry-After"] == "30"
    assert by_form.mimetype == "text/html" and "Temporarily unavailable" in by_form.get_data(as_text=True)
    assert after.status_code == 201
    recorded = tokens_recorded(dialogues)
    assert recorded["before"] and recorded["after"]
    assert [text for text in recorded if text.startswith("during")] == []


def test_connections_killed_mid_request_are_opened_again_and_the_act_recorded(
    postgres_role: PostgresRefusing, monkeypatch: pytest.MonkeyPatch
) -> None:
    web = web_app_on(postgres_role.url)
    try:
        dialogues: DialogueApp = web.extensions["dialogues"]
        fail_next_save(dialogues, lambda app: postgres_role.terminate(), monkeypatch)
        answer = post(web.test_client(), "killed")
        recorded = tokens_recorded(dialogues)
    finally:
        close_app(web)

    assert answer.status_code == 201
    assert recorded["killed"] == [answer.get_json()["position"]]
