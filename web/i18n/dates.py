"""Dates and times as people read them: « 19 mai 2026 à 14 h », "19 May 2026, 2 pm".

Template filters ``day`` (a date) and ``moment`` (a date and time). A value is a
``date``/``datetime`` or its ISO text; a time without a zone is the territory's
local time (what a facilitator typed), one with a zone is shown in that local
time. Anything else shows as itself, so a page never fails on a date.
"""

from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask import Flask

from web.i18n.languages import language

TIMEZONE = ZoneInfo("Europe/Paris")
"""The territory's time: French local authorities."""


def _language() -> str:
    return "en" if language().startswith("en") else "fr"


def _parse(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        text = str(value)
        return datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        return None


def day(value: Any) -> str:
    """The date alone, long form: 19 mai 2026 / 19 May 2026."""
    parsed = _parse(value)
    if parsed is None:
        return "" if value is None else str(value)
    if isinstance(parsed, datetime) and parsed.tzinfo is not None:
        parsed = parsed.astimezone(TIMEZONE)
    return _long_date(_date_of(parsed), _language())


@lru_cache(maxsize=4096)
def _long_date(value: date, language: str) -> str:
    """19 mai 2026 / 19 May 2026 (Babel's formatting, about 100 µs, kept: a page shows dozens)."""
    return format_date(value, "d MMMM y", locale=language)


def clock(moment: datetime, language: str) -> str:
    """14 h, 14 h 30 / 2 pm, 2:30 pm."""
    if language == "fr":
        return format_time(moment, "H 'h'" if moment.minute == 0 else "H 'h' mm", locale="fr")
    text = format_time(moment, "h a" if moment.minute == 0 else "h:mm a", locale="en")
    return text.replace("AM", "am").replace("PM", "pm")


def moment(value: Any) -> str:
    """The date and the time: 19 mai 2026 à 14 h / 19 May 2026, 2 pm (a bare date shows as ``day``)."""
    parsed = _parse(value)
    if not isinstance(parsed, datetime):
        return day(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(TIMEZONE)
    language = _language()
    joiner = " à " if language == "fr" else ", "
    return _long_date(parsed.date(), language) + joiner + _clock(parsed.hour, parsed.minute, language)


def _date_of(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


@lru_cache(maxsize=2 * 24 * 60)
def _clock(hour: int, minute: int, language: str) -> str:
    return clock(datetime(2000, 1, 1, hour, minute), language)


def init_app(app: Flask) -> None:
    app.add_template_filter(day, "day")
    app.add_template_filter(moment, "moment")
