"""A web app with the demo recorded, shared by the tests of the public pages, feeds and open data."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from flask import Flask
from flask.testing import FlaskClient

from application import credentials
from application.demo import EARLIER_SLUG, MAIN_SLUG, PEOPLE, record_demo
from tests.web.conftest import make_web_app
from web import close_app

MAIN = f"/dialogues/{MAIN_SLUG}"
EARLIER = f"/dialogues/{EARLIER_SLUG}"
PRIVATE_NAMES = [p.name for p in PEOPLE if not (p.public_office or p.name_consent)]
PUBLIC_NAMES = [p.name for p in PEOPLE if p.public_office]


def demo_site(folder: Path) -> Iterator[Flask]:
    """The web app on a new SQLite store with the demo recorded (cheap password hashing)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(credentials, "HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))
        app = make_web_app(f"sqlite:///{folder}/demo.sqlite3")
        record_demo(app.extensions["dialogues"])
    yield app
    close_app(app)


def page(client: FlaskClient, path: str) -> str:
    """The page at ``path``, which must answer 200."""
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def public_urls(slug: str = MAIN_SLUG) -> list[str]:
    """Every public page and download of one dialogue, and the site-wide ones."""
    from web.public.opendata import SECTIONS

    base = f"/dialogues/{slug}"
    return [
        "/",
        base,
        f"{base}/meetings.ics",
        f"{base}/open-data.json",
        *(f"{base}/open-data/{section}.csv" for section in SECTIONS),
        "/feeds/decisions.atom",
        "/feeds/meetings.ics",
    ]
