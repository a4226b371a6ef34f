"""Field makers shared by the act schemas; ``metadata["widget"]`` tells the form renderer what to draw.

Widgets: text, textarea, date, datetime, select (choices from the OneOf validator),
part / parts (a dialogue's parts of ``metadata["part"]``, or accounts; an ``account`` is typed,
the accounts to pick suggested), lines (one
entry a line), number, checkbox, votes, outcomes, calendar. apispec ignores these
metadata keys.
"""

from collections.abc import Sequence
from typing import Any

from marshmallow import fields, validate


def _meta(widget: str, **extra: Any) -> dict[str, Any]:
    return {"widget": widget, **extra}


def text(*, required: bool = True) -> fields.String:
    return fields.String(required=required, metadata=_meta("text"))


def optional_text() -> fields.String:
    """A text that may be left out (or null): the act's default applies."""
    return fields.String(required=False, allow_none=True, metadata=_meta("text"))


def long_text(*, required: bool = True) -> fields.String:
    return fields.String(required=required, metadata=_meta("textarea"))


def date() -> fields.String:
    """An ISO date (YYYY-MM-DD); the domain checks it and names the field when it is not one."""
    return fields.String(required=True, metadata=_meta("date", format="date"))


def datetime() -> fields.String:
    return fields.String(required=True, metadata=_meta("datetime", format="date-time"))


def choice(values: Sequence[str]) -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(list(values)), metadata=_meta("select"))


def part(kind: str, *, required: bool = True) -> fields.UUID:
    """The id of one of the dialogue's parts of ``kind``."""
    return fields.UUID(required=required, allow_none=not required, metadata=_meta("part", part=kind))


def parts(kind: str, *, required: bool = True) -> fields.List:
    return fields.List(fields.UUID(), required=required, metadata=_meta("parts", part=kind))


ACCOUNTS = ("account", "role_holder", "operator")
"""The accounts to pick from: those the reader may see (``DialogueApp.accounts_to_pick``: the dialogue's,
every one for an administrator) or any other typed by its exact login, those holding a role in the
dialogue, its operators."""


def account(kind: str, *, required: bool = True) -> fields.String:
    """The id of an account among ``kind`` (one of ACCOUNTS): picked in the forms, any id in the API."""
    return fields.String(required=required, allow_none=not required, metadata=_meta("part", part=kind))


def accounts(kind: str, *, required: bool = True) -> fields.List:
    return fields.List(fields.String(), required=required, metadata=_meta("parts", part=kind))


def lines(*, required: bool = True) -> fields.List:

    return fields.List(fields.String(), required=required, metadata=_meta("lines"))


def count() -> fields.Integer:
    return fields.Integer(required=True, strict=False, metadata=_meta("number"))


def flag(*, required: bool = True) -> fields.Boolean:
    return fields.Boolean(required=required, metadata=_meta("checkbox"))


def rows(schema: Any, widget: str) -> fields.List:
    return fields.List(fields.Nested(schema), required=True, metadata=_meta(widget))
