"""Field makers shared by the act schemas; ``metadata["widget"]`` tells the form renderer what to draw.

Widgets: text, textarea, date, datetime, select (choices from the OneOf validator),
part / parts (a dialogue's parts of ``metadata["part"]``, or accounts; an ``account`` is typed,
the accounts to pick suggested), lines (one
entry a line), number, checkbox, votes, outcomes, calendar. apispec ignores these
metadata keys.

Every bound is declared here once: the forms draw it (``maxlength``), the API and
``/live`` refuse beyond it naming the field, the OpenAPI document gives it
(``maxLength``, ``maxItems``, ``maximum``: apispec reads marshmallow's validators).
Anything a schema can check (type, length, choice, characters, date format) is
refused by it, with a 400; the domain checks again (see docs/security.md, "Input limits").
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from marshmallow import ValidationError, fields, validate

SHORT = 200
"""Characters of a one-line text: a title, a name, a slug, a place, an entry of a list."""
LONG = 20_000
"""Characters of a long text: a body, minutes, a summary, a justification."""
ITEMS = 200
"""Entries of a list: lines, parts or accounts picked, rows of a table."""
COUNT = 10_000_000
"""The largest count (attendance, participants, votes): more than any territory's population."""

CHARACTERS = "Holds a character that is not allowed here ({code})."
TOO_LONG = "At most {max} characters."
TOO_MANY = "At most {max} entries."
LENGTH = "Between {min} and {max} characters."
NOT_A_DATE = "Not a valid date: write it as YYYY-MM-DD."
NOT_A_DATETIME = "Not a valid date and time: write it as YYYY-MM-DDTHH:MM."
"""Messages worded again by ``web.schemas.messages`` (their plain words are its msgids)."""

REFUSED = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
"""Control characters (Unicode's Cc: NUL included) but tabs and line breaks, lone surrogates
(no UTF-8 store holds one), non-characters."""
ONE_LINE_REFUSED = REFUSED + r"\t\n\r\u2028\u2029"
"""In a one-line text, also tabs and line breaks, U+2028 and U+2029 included (they break a feed's line)."""


class Characters(validate.Validator):
    """Refuses a text holding a character it may not hold, naming the first (``U+0000``)."""

    def __init__(self, *, multiline: bool):
        self.multiline = multiline
        self.refused = re.compile(f"[{REFUSED if multiline else ONE_LINE_REFUSED}]")

    def __call__(self, value: str) -> str:
        found = self.refused.search(value)
        if found is not None:
            raise ValidationError(CHARACTERS.format(code=f"U+{ord(found.group()):04X}"))
        return value


def _string(limit: int, widget: str, *, multiline: bool = False, **options: Any) -> fields.String:
    bounds = [validate.Length(max=limit, error=TOO_LONG), Characters(multiline=multiline)]
    return fields.String(validate=bounds, metadata=_meta(widget), **options)


def _meta(widget: str, **extra: Any) -> dict[str, Any]:
    return {"widget": widget, **extra}


def text(*, required: bool = True) -> fields.String:
    """A one-line text of at most SHORT characters."""
    return _string(SHORT, "text", required=required)


def optional_text() -> fields.String:
    """A text that may be left out (or null): the act's default applies. A written justification
    (a waiver): at most LONG characters, line breaks and tabs kept."""
    return _string(LONG, "text", multiline=True, required=False, allow_none=True)


def bounded_text(limit: int, *, multiline: bool = True, required: bool = True) -> fields.String:
    """A text of at most ``limit`` characters: line breaks and tabs kept unless not ``multiline``."""
    return _string(limit, "textarea" if multiline else "text", multiline=multiline, required=required)


def long_text(*, required: bool = True, **options: Any) -> fields.String:
    """A text of at most LONG characters, line breaks and tabs kept."""
    return _string(LONG, "textarea", multiline=True, required=required, **options)


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Format(validate.Validator):
    """Refuses, with ``message``, a text that ``accepts`` does not."""

    def __init__(self, accepts: Callable[[str], bool], message: str):
        self.accepts = accepts
        self.message = message

    def __call__(self, value: str) -> str:
        if not self.accepts(value):
            raise ValidationError(self.message)
        return value


def _is_date(value: str) -> bool:
    try:
        return bool(ISO_DATE.fullmatch(value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _is_datetime(value: str) -> bool:
    try:
        return len(value) <= 40 and bool(ISO_DATE.match(value)) and bool(dt.datetime.fromisoformat(value))
    except ValueError:
        return False


def date() -> fields.String:
    """An ISO date (YYYY-MM-DD), checked here; the domain checks it again."""
    valid = Format(_is_date, NOT_A_DATE)
    return fields.String(required=True, validate=valid, metadata=_meta("date", format="date"))


def datetime() -> fields.String:
    """An ISO date and time (YYYY-MM-DDTHH:MM, seconds and offset allowed), checked here and in the domain."""
    valid = Format(_is_datetime, NOT_A_DATETIME)
    return fields.String(required=True, validate=valid, metadata=_meta("datetime", format="date-time"))


def choice(values: Sequence[str]) -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(list(values)), metadata=_meta("select"))


def part(kind: str, *, required: bool = True) -> fields.UUID:
    """The id of one of the dialogue's parts of ``kind``."""
    return fields.UUID(required=required, allow_none=not required, metadata=_meta("part", part=kind))


def _list(inner: fields.Field[Any], widget: str, *, required: bool = True, **extra: Any) -> fields.List[Any]:
    bound = validate.Length(max=ITEMS, error=TOO_MANY)
    return fields.List(inner, required=required, validate=bound, metadata=_meta(widget, **extra))


def parts(kind: str, *, required: bool = True) -> fields.List[Any]:
    return _list(fields.UUID(), "parts", required=required, part=kind)


ACCOUNTS = ("account", "role_holder", "operator")
"""The accounts to pick from: those the reader may see (``DialogueApp.accounts_to_pick``: the dialogue's,
every one for an administrator) or any other typed by its exact login, those holding a role in the
dialogue, its operators."""


def account(kind: str, *, required: bool = True) -> fields.String:
    """The id of an account among ``kind`` (one of ACCOUNTS): picked in the forms, any id in the API."""
    item = _string(SHORT, "part", required=required, allow_none=not required)
    item.metadata = {**item.metadata, "part": kind}
    return item


def accounts(kind: str, *, required: bool = True) -> fields.List[Any]:
    return _list(_string(SHORT, "text"), "parts", required=required, part=kind)


def lines(*, required: bool = True) -> fields.List[Any]:
    """One-line texts, one an entry."""
    return _list(text(), "lines", required=required)


def count(*, maximum: int = COUNT, required: bool = True) -> fields.Integer:
    """A whole number from 0 to ``maximum``: 3.5, "3" or true are refused, never rounded."""
    return fields.Integer(
        required=required,
        allow_none=not required,
        strict=True,
        validate=validate.Range(min=0, max=maximum),
        metadata=_meta("number"),
    )


def flag(*, required: bool = True) -> fields.Boolean:
    return fields.Boolean(required=required, metadata=_meta("checkbox"))


def rows(schema: Any, widget: str) -> fields.List[Any]:
    return _list(fields.Nested(schema), widget)
