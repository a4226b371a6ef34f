"""Payloads at and over the bounds that ``web.schemas.fields`` declares, read from the schemas themselves.

``largest(schema)`` fills every field to its bound: each text with its most characters,
each of them astral (one character, twelve bytes once escaped in JSON: the heaviest a
client can send), each list with its most entries. ``bounded(schema)`` gives, for every
bounded field, a payload with that field alone at its bound and one with it just over;
``hostile(schema)`` adds the characters no field takes; ``uploads(limit)`` gives the bodies of a
document at and over its bounds (size, name, type, title).
"""

import uuid
from collections.abc import Iterator
from typing import Any

from marshmallow import Schema, fields, validate

from application.demo.files import pdf, png
from domain.documents import NAME_LENGTH
from web.schemas.fields import Characters

HEAVY = "\U0001f30a"
"""🌊: one character, "\\ud83c\\udf0a" in JSON."""
ID = str(uuid.UUID(int=1))


def bound(item: fields.Field, kind: type[validate.Validator] = validate.Length) -> Any:
    """The field's validator of ``kind``, if any."""
    return next((v for v in item.validators if isinstance(v, kind)), None)


def value(item: fields.Field) -> Any:
    """The largest value the field accepts."""
    if isinstance(item, fields.List):
        length = bound(item)
        return [value(item.inner)] * (length.max if length else 1)
    if isinstance(item, fields.Nested):
        return largest(item.schema)
    if isinstance(item, fields.UUID):
        return ID
    if isinstance(item, fields.Boolean):
        return False
    if isinstance(item, fields.Integer):
        return bound(item, validate.Range).max
    choice = bound(item, validate.OneOf)
    if choice is not None:
        return max(choice.choices, key=len)
    if item.metadata.get("format") == "date":
        return "2026-03-12"
    if item.metadata.get("format") == "date-time":
        return "2026-03-12T18:30"
    return HEAVY * bound(item).max


def minimal(schema: Schema) -> dict[str, Any]:
    """A small valid payload: its required fields only, each with a short value."""
    return {
        item.data_key or name: (
            minimal(item.schema)
            if isinstance(item, fields.Nested)
            else []
            if isinstance(item, fields.List)
            else value(item)
            if not isinstance(item, fields.String) or bound(item) is None
            else "x"
        )
        for name, item in schema.fields.items()
        if item.required
    }


def largest(schema: Schema) -> dict[str, Any]:
    return {item.data_key or name: value(item) for name, item in schema.fields.items()}


def at(item: fields.Field) -> Any:
    """The field's largest value, a list's entries kept small (a list of rows at its bound,
    every row at its own, would be over the body's limit)."""
    if isinstance(item, fields.List):
        return [_entry(item)] * bound(item).max
    return value(item)


def _entry(item: fields.List) -> Any:
    """A small valid entry of the list: a row's required fields, or the largest id or text."""
    return minimal(item.inner.schema) if isinstance(item.inner, fields.Nested) else value(item.inner)


def bounded(schema: Schema) -> Iterator[tuple[str, fields.Field, Any, Any]]:
    """(the field's name as errors give it, the field, a payload with it at its bound, one with it
    one character or one entry over), for every bounded field, nested rows' included."""
    for name, item in schema.fields.items():
        key = item.data_key or name
        length = bound(item)
        nested = getattr(getattr(item, "inner", item), "schema", None)
        if isinstance(nested, Schema):
            in_rows = isinstance(item, fields.List)
            for field, inner, at_bound, beyond in bounded(nested):
                if in_rows:
                    yield f"{key}[0].{field}", inner, {key: [at_bound]}, {key: [beyond]}
                else:
                    yield f"{key}.{field}", inner, {key: at_bound}, {key: beyond}
        if length is None or length.max is None:
            continue
        if isinstance(item, fields.List):
            yield f"{key}", item, {key: at(item)}, {key: [_entry(item)] * (length.max + 1)}
            if bound(item.inner) is not None:
                entry = HEAVY * (bound(item.inner).max + 1)
                yield f"{key}[0]", item.inner, {key: [value(item.inner)]}, {key: [entry]}
        else:
            yield f"{key}", item, {key: value(item)}, {key: HEAVY * (length.max + 1)}


def hostile(schema: Schema) -> Iterator[tuple[str, dict[str, Any]]]:
    """("-field", a body with the field at its bound: the answer must not name it), then (field, a
    body with it over its bound, or holding a lone surrogate, a NUL, a line break in a one-line
    text, an escape in a long one: the answer must name it), for every bounded field."""
    for field, item, at_bound, beyond in bounded(schema):
        yield f"-{field}", at_bound
        yield field, beyond
        if isinstance(item, fields.String) and "[" not in field and "." not in field:
            one_line = not bound(item, Characters).multiline
            for text in ("lone \ud800", "NUL \x00", "two\r\nlines" if one_line else "\x1b"):
                yield field, {field: text}


def sized_pdf(size: int) -> bytes:
    """A PDF of exactly ``size`` bytes (a comment after its end fills it up)."""
    base = pdf("Bound", ["At its bound."])
    return base + b"%" + b"x" * (size - len(base) - 1)


def uploads(limit: int) -> Iterator[tuple[str, dict[str, Any], int, str | None]]:
    """(what, the fields of a ``document-attached`` multipart body, the status it must get, the field
    the refusal must name) at and over the bounds of a document: the file's size (``limit`` bytes),
    its name, its type read from its content, the title. A file is ``(bytes, name)``."""
    at_limit = sized_pdf(limit)
    plain = {"item_kind": "dialogue", "title": "Pièce"}
    yield "a file at its bound", {**plain, "file": (at_limit, "bound.pdf")}, 201, None
    yield "a file one byte over", {**plain, "file": (at_limit + b"x", "over.pdf")}, 413, "file"
    yield "a name at its bound", {**plain, "file": (at_limit, "n" * (NAME_LENGTH - 4) + ".pdf")}, 201, None
    yield "a name one over", {**plain, "file": (at_limit, "n" * (NAME_LENGTH - 3) + ".pdf")}, 422, "file"
    yield "a name with a control", {**plain, "file": (at_limit, "a\x01b.pdf")}, 422, "file"
    yield "a name without a type", {**plain, "file": (at_limit, "deliberation")}, 422, "file"
    yield "an empty file", {**plain, "file": (b"", "empty.pdf")}, 422, "file"
    yield "a PNG named .pdf", {**plain, "file": (png(2, 2, (0, 0, 0)), "a.pdf")}, 422, "file"
    yield "HTML named .pdf", {**plain, "file": (b"<html><script>x()</script></html>", "a.pdf")}, 422, "file"
    yield "HTML named .csv", {**plain, "file": (b"  <svg onload=x()>", "a.csv")}, 422, "file"
    yield "a PDF named .png", {**plain, "file": (at_limit, "a.png")}, 422, "file"
    yield "a zip named .docx", {**plain, "file": (b"PK\x03\x04" + b"\0" * 40, "a.docx")}, 422, "file"
    yield "no file", plain, 400, "file"
    yield "a title at its bound", {**plain, "title": HEAVY * 200, "file": (at_limit, "t.pdf")}, 201, None
    yield "a title one over", {**plain, "title": HEAVY * 201, "file": (at_limit, "t.pdf")}, 400, "title"
    yield "an unknown item", {**plain, "item_kind": "nowhere", "file": (at_limit, "t.pdf")}, 400, "item_kind"
