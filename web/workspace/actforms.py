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
from web.i18n.labels import choice_label, field_label
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
    """Errors of a composite control and of its cells: (where, message), ``where`` the row's label or ""."""


def _widget(item: fields.Field[Any]) -> str:
    return str(item.metadata.get("widget", "text"))


Parts = dict[str, list[dict[str, str]]]


def controls(
    schema: Schema, parts: Parts, form: MultiDict[str, str], errors: dict[str, list[str]] | None = None
) -> list[Control]:
    """The controls of an act's form; ``parts`` are the dialogue's parts to pick from."""
    found = []
    for name, item in schema.fields.items():
        control = Control(name, field_label(name), _widget(item), item.required)
        if control.widget in ("text", "textarea"):
            control.maxlength = next((v.max for v in item.validators if isinstance(v, validate.Length)), None)
        one_of = next((v for v in item.validators if isinstance(v, validate.OneOf)), None)
        if one_of is not None:
            control.choices = [(str(c), choice_label(str(c))) for c in one_of.choices]
        if item.metadata.get("part") == TYPED_ACCOUNT:
            control.widget = "account"  # typed, the accounts the reader may see suggested
        if "part" in item.metadata:
            word = choice_label if item.metadata["part"] == "contribution_kind" else str  # a domain's choice
            control.choices = [(p["id"], word(p["label"])) for p in parts.get(item.metadata["part"], [])]
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
        found.append(control)
    for control in found:
        control.nested_errors = [
            (_row(control, key), message)
            for key, messages in (errors or {}).items()
            if _control_of([control], key)
            for message in messages
        ]
    return found


ROW = re.compile(r"\[(\d+)\](?:\.(\w+))?")


def _row(control: Control, key: str) -> str:
    """The row an error is about, as the form shows it (a proposal's title, "Milestone 2"), or ""."""
    found = ROW.match(key, len(control.name))
    if found is None or control.widget not in ("outcomes", "calendar"):
        return ""
    index = int(found.group(1))
    if control.widget == "outcomes":
        return control.choices[index][1] if index < len(control.choices) else ""
    return f"{_('Milestone')} {index + 1}"


def _control_of(controls: list[Control], key: str) -> Control | None:
    """The control an error of ``key`` is about (``votes.for``: ``votes``)."""
    return next((c for c in controls if key == c.name or key.startswith((f"{c.name}[", f"{c.name}."))), None)


def anchor(controls: list[Control], key: str) -> str | None:
    """The id of the input an error of ``key`` is about (``votes.for``: ``f-votes-for``), None if none."""
    control = _control_of(controls, key)
    if control is None:
        return None
    rest = key[len(control.name) :]
    if control.widget == "votes":
        return f"f-{control.name}-{rest.lstrip('.') or 'for'}"
    if control.widget in ("outcomes", "calendar"):
        found = ROW.match(rest)
        first = "outcome" if control.widget == "outcomes" else "label"
        index, sub = (int(found.group(1)), found.group(2)) if found else (0, None)
        sub = sub if sub in ("justification", "date") else first
        return f"f-{control.name}-{index}-{sub}" if control.widget == "calendar" or control.choices else None
    if control.widget == "parts":
        return f"f-{control.name}-0" if control.choices else None
    return f"f-{control.name}"


def summary(controls: list[Control], errors: dict[str, list[str]]) -> list[tuple[str | None, str]]:
    """The errors at the top of a refused form: (the input's id to link to, or None; the message,
    naming its field and row)."""
    items: list[tuple[str | None, str]] = []
    for key, messages in errors.items():
        control = _control_of(controls, key)
        where = _row(control, key) if control else ""
        label = field_label(key)
        for message in messages:
            if key == "_schema" or label in message:
                text = message
            else:
                text = _("%(field)s: %(message)s", field=label, message=message)
            items.append((anchor(controls, key), f"{where} — {text}" if where else text))
    return items


def blocked(controls: list[Control]) -> list[str]:
    """Why the act cannot be recorded now: a required choice with nothing to choose from."""
    reasons = []
    for control in controls:
        if control.widget == "outcomes" and not control.choices:
            reasons.append(_("No proposal is awaiting a decision: the results must first be presented."))
        elif control.widget == "part" and control.required and not control.choices:
            reasons.append(
                _("There is nothing to choose as “%(field)s” in this dialogue yet.", field=control.label)
            )
    return reasons


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
    """What was typed, shaped as the schema loads it (fields left empty are left out)."""
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
        if value not in ("", [], None) or form.get(name, "") != "":
            data[name] = value  # left empty: missing ("Fill in ..."); blanks typed: the domain says why
    return data
