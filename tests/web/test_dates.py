"""Dates as people read them, in French and English, from what the pages hold."""

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask_babel import force_locale

from web.i18n.dates import day, moment


@pytest.fixture
def app() -> Flask:
    from flask_babel import Babel

    app = Flask(__name__)
    Babel(app)
    return app


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", "2026-05-19T14:00:00", "19 mai 2026 à 14 h"),
        ("fr", "2026-05-19T09:30", "19 mai 2026 à 9 h 30"),
        ("en", "2026-05-19T14:00:00", "19 May 2026, 2 pm"),
        ("en", "2026-05-19T09:05:00", "19 May 2026, 9:05 am"),
        ("fr", datetime(2026, 10, 13, 12, 0, tzinfo=UTC), "13 octobre 2026 à 14 h"),  # shown in Paris time
        ("fr", "2026-05-19", "19 mai 2026"),
    ],
)
def test_moment(app: Flask, language: str, value: object, expected: str) -> None:
    with app.test_request_context(), force_locale(language):
        assert moment(value) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", "2026-03-01", "1 mars 2026"),
        ("en", date(2026, 3, 1), "1 March 2026"),
        ("fr", "2026-12-31T23:30:00+00:00", "1 janvier 2027"),
        ("en", "not a date", "not a date"),
        ("en", None, ""),
    ],
)
def test_day(app: Flask, language: str, value: object, expected: str) -> None:
    with app.test_request_context(), force_locale(language):
        assert day(value) == expected
