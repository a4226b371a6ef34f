"""Payloads at and over the bounds that ``web.schemas.fields`` declares, read from the schemas themselves.

``largest(schema)`` fills every field to its bound: each text with its most characters,
each of them astral (one character, twelve bytes once escaped in JSON: the heaviest a
client can send), each list with its most entries. ``over(schema)`` names every bounded
field with a payload one character, or one entry, over it.
"""

import uuid
from collections.abc import Iterator
from typing import Any

from marshmallow import Schema, fields, validate

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


def largest(schema: Schema) -> dict[str, Any]:
    return {item.data_key or name: value(item) for name, item in schema.fields.items()}


def over(schema: Schema, prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(the field's name as errors give it, a payload whose only fault is that field one over its bound)."""
    base = largest(schema)
    for name, item in schema.fields.items():
        key = item.data_key or name
        length = bound(item)
        if isinstance(item, fields.Nested):
            for field, nested in over(item.schema):
                yield f"{prefix}{key}.{field}", {**base, key: nested}
        if length is None or length.max is None:
            continue
        if isinstance(item, fields.List):
            yield f"{prefix}{key}", {**base, key: [value(item.inner)] * (length.max + 1)}
            if isinstance(item.inner, fields.Nested):
                for field, nested in over(item.inner.schema):
                    yield f"{prefix}{key}[0].{field}", {**base, key: [nested]}
            elif bound(item.inner) is not None:
                yield f"{prefix}{key}[0]", {**base, key: [HEAVY * (bound(item.inner).max + 1)]}
        else:
            yield f"{prefix}{key}", {**base, key: HEAVY * (length.max + 1)}
