"""The workspace's act forms, drawn from the act schemas: what to show, and reading what was typed.

Each schema field becomes a :class:`Control` by its ``metadata["widget"]``.
Typed values stay in the request's form data and are shown again as typed;
errors are flat (``votes.for``, ``outcomes[0].outcome``) as the API gives them.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from marshmallow import Schema, fields, validate
from werkzeug.datastructures import MultiDict

from domain.errors import InvalidActError
from web.i18n.fieldlabels import CHOICES, FIELDS
from web.i18n.labels import ROLES
from web.schemas.fields import ACCOUNTS, ITEMS

TYPED_ACCOUNT = "account"
"""The kind of account picked among those the reader may see, or typed by its exact login."""

CALENDAR_ROWS = 3
"""Empty milestone rows offered beyond those typed."""


@dataclass
class Control:
    name: str
    label: str
    widget: str
    required: bool
    choices: list[tuple[str, str]] = field(default_factory=list)
    subfields: list["Control"] = field(default_factory=list)
    rows: int = 0
    maxlength: int | None = None
    """The field's most characters (its schema's Length), drawn as the input's ``maxlength``."""
    nested_errors: list[tuple[str, str]] = field(default_factory=list)
    """Errors of a composite control and of its cells: (key, message)."""


def _label(name: str) -> str:
    return str(FIELDS.get(name, name.replace("_", " ")))


def _choice_label(value: str) -> str:
    return str(CHOICES.get(value) or ROLES.get(value) or value)


def _widget(item: fields.Field[Any]) -> str:
    return str(item.metadata.get("widget", "text"))


Parts = dict[str, list[dict[str, str]]]


def controls(
    schema: Schema, parts: Parts, form: MultiDict[str, str], errors: dict[str, list[str]] | None = None
) -> list[Control]:
    """The controls of an act's form; ``parts`` are the dialogue's parts to pick from."""
    found = []
    for name, item in schema.fields.items():
        control = Control(name, _label(name), _widget(item), item.required)
        if control.widget in ("text", "textarea"):
            control.maxlength = next((v.max for v in item.validators if isinstance(v, validate.Length)), None)
        one_of = next((v for v in item.validators if isinstance(v, validate.OneOf)), None)
        if one_of is not None:
            control.choices = [(str(c), _choice_label(str(c))) for c in one_of.choices]
        if item.metadata.get("part") == TYPED_ACCOUNT:
            control.widget = "account"  # typed, the accounts the reader may see suggested
        if "part" in item.metadata:
            control.choices = [(p["id"], p["label"]) for p in parts.get(item.metadata["part"], [])]
            offered = {key for key, _label in control.choices}
            control.choices += [(v, v) for v in form.getlist(name) if v and v not in offered]  # kept as typed
        nested = getattr(getattr(item, "inner", item), "schema", None)
        if isinstance(nested, Schema):
            control.subfields = controls(nested, parts, form)
        if control.widget == "outcomes":
            control.choices = [(p["id"], p["label"]) for p in parts.get("presented", [])]
            control.rows = len(control.choices)
        if control.widget == "calendar":
            control.rows = len(_indices(form, name)) + CALENDAR_ROWS
        control.nested_errors = [
            (key, message)
            for key, messages in (errors or {}).items()
            if key == name or key.startswith((f"{name}[", f"{name}."))
            for message in messages
        ]
        found.append(control)
    return found


def part_kinds(schema: Schema) -> set[str]:
    """The kinds of parts an act's form offers to pick from (see ``controls``)."""
    kinds = set()
    for item in schema.fields.values():
        if "part" in item.metadata:
            kinds.add(str(item.metadata["part"]))
        if _widget(item) == "outcomes":
            kinds.add("presented")
        nested = getattr(getattr(item, "inner", item), "schema", None)
        if isinstance(nested, Schema):
            kinds |= part_kinds(nested)
    return kinds


def accounts_to_pick(logins: list[str]) -> list[dict[str, str]]:
    """The ``account`` choices (``DialogueApp.accounts_to_pick``), by login (the account's id)."""
    return [{"id": login, "label": login} for login in logins]


def check_accounts(schema: Schema, data: dict[str, Any], parts: Parts) -> None:
    """Refuse, naming the field, an account of the dialogue that the form did not offer.

    An ``account`` may also be typed, by its exact login: the application refuses one that does not exist.
    """
    for name, item in schema.fields.items():
        kind = item.metadata.get("part")
        if kind not in ACCOUNTS or kind == TYPED_ACCOUNT or data.get(name) is None:
            continue
        offered = {p["id"] for p in parts.get(kind, [])}
        for value in data[name] if isinstance(data[name], list) else [data[name]]:
            if value not in offered:
                raise InvalidActError(
                    name, _("“%(account)s” is not one of the accounts offered here", account=value)
                )


def _indices(form: MultiDict[str, str], name: str) -> list[int]:
    """The row numbers typed in the form (``calendar-3-label``: 3), of at most six digits."""
    pattern = re.compile(rf"{re.escape(name)}-(\d{{1,6}})-")
    return sorted({int(m.group(1)) for key in form for m in [pattern.match(key)] if m})


def _rows(form: MultiDict[str, str], name: str, nested: Schema) -> list[dict[str, str]]:
    """The rows typed, trailing empty rows left out (positions match the error keys)."""
    count = min(max(_indices(form, name), default=-1) + 1, ITEMS + 1)  # one too many: the schema says so
    rows = [{sub: form.get(f"{name}-{i}-{sub}", "").strip() for sub in nested.fields} for i in range(count)]
    while rows and not any(rows[-1].values()):
        rows.pop()
    return rows


def _number(typed: str) -> int | str:
    """A whole number typed in digits, as a number; anything else as typed, for the schema to refuse."""
    typed = typed.strip()
    return int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 12 else typed


def read(schema: Schema, form: MultiDict[str, str]) -> dict[str, Any]:
    """What was typed, shaped as the schema loads it (optional fields left empty are left out)."""
    data: dict[str, Any] = {}
    for name, item in schema.fields.items():
        widget = _widget(item)
        value: Any
        if widget == "lines":
            value = [line.strip() for line in form.get(name, "").splitlines() if line.strip()]
        elif widget == "parts":
            value = [v for v in form.getlist(name) if v]
        elif widget == "checkbox":
            value = name in form
        elif widget == "votes":
            value = {sub: _number(form.get(f"{name}.{sub}", "")) for sub in ("for", "against", "abstentions")}
        elif widget == "number":
            value = _number(form.get(name, ""))
        elif widget in ("outcomes", "calendar"):
            value = _rows(form, name, item.inner.schema)  # type: ignore[attr-defined]
        else:
            value = form.get(name, "").strip()
        if item.required or value not in ("", [], None):
            data[name] = value
    return data
