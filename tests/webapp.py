"""The web app of the tests, shared by the web, live, security and browser conftests.

``make_web_app(url)`` builds it on a store; the fixtures ``web_app`` (on SQLite, CSRF protection
on as in production) and ``dialogues`` (its application) are imported by the conftests that use
them; ``csrf_token`` and ``sign_in`` drive its forms.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.builders import PASSWORD
from web import close_app, create_app

CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
"""A form's CSRF token in a page (the token in its group)."""

TRANSLATIONS = Path(__file__).parents[1] / "web" / "translations"


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """Compile the .po catalogues that are missing or stale, as `make` would."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalogue = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalogue)


def make_web_app(url: str, **config: object) -> Flask:
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "test secret", "TESTING": True, **config})


@pytest.fixture
def web_app(sqlite_url: str) -> Iterator[Flask]:
    """The web app on SQLite, CSRF protection on as in production."""
    app = make_web_app(sqlite_url)
    yield app
    close_app(app)


@pytest.fixture
def dialogues(web_app: Flask) -> DialogueApp:
    app: DialogueApp = web_app.extensions["dialogues"]
    return app


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the client's session, read from a page's form."""
    page = client.get(path).get_data(as_text=True)
    marker = 'name="csrf_token" type="hidden" value="'
    if marker not in page:
        marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def sign_in(client: FlaskClient, login: str, password: str = PASSWORD) -> object:
    return client.post(
        "/login", data={"login": login, "password": password, "csrf_token": csrf_token(client)}
    )


def aggregates_read(app: DialogueApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the aggregates whose events ``app`` reads from its store from now on, as it reads
    them (one aggregate's, or several at once with a side table's row)."""
    read: list[str] = []
    recorder = app.recorder
    select_events, select_after = recorder.select_events, recorder.select_row_and_events_after

    def events(originator_id: Any, **kwargs: Any) -> Any:
        read.append(str(originator_id))
        return select_events(originator_id, **kwargs)

    def after(beside: Any, versions: Any) -> Any:
        read.extend(str(aggregate_id) for aggregate_id, _version in versions)
        return select_after(beside, versions)

    monkeypatch.setattr(recorder, "select_events", events)
    monkeypatch.setattr(recorder, "select_row_and_events_after", after)
    return read
