"""Marshmallow's nested error messages, flattened to the domain's field names, in the reader's language.

``{"votes": {"for": [m]}, "outcomes": {0: {"outcome": [m]}}}`` becomes
``{"votes.for": [m], "outcomes[0].outcome": [m]}``: the names InvalidActError uses.

Marshmallow words its messages in English from templates with named values
(``Length must be between {min} and {max}.``). Those that the schemas of
``web.schemas`` give are the msgids of ``TEMPLATES``: a message is read back
against them and translated with the same values; any other is left as it is.
"""

import re
from typing import Any

from flask_babel import gettext

from web.i18n.catalogue import N_
from web.schemas import fields
from web.schemas.documents import NOT_A_FILE

TEMPLATES = [
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Unknown field."),
    N_("Invalid input type."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid boolean."),
    N_("Not a valid UUID."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Must be one of: {choices}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    fields.CHARACTERS,
    fields.TOO_LONG,
    fields.TOO_MANY,
    fields.NOT_A_DATE,
    fields.NOT_A_DATETIME,
    NOT_A_FILE,
]
"""Marshmallow's messages for the fields and validators the schemas use, and those of ``fields``."""

VALUE = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    """The messages made from ``template``, each named value a group."""
    pieces = VALUE.split(template)  # text, name, text, name, ..., text
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(pieces)))


PATTERNS = sorted(((_pattern(t), t) for t in TEMPLATES), key=lambda found: -found[0].groups)
"""Most values first: "... to 1 and less than or equal to 5." is not read as a ``min`` of "1 and less..."."""


def translated(message: str) -> str:
    """Marshmallow's English ``message`` in the reader's language, with its values; any other unchanged."""
    for pattern, template in PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            return str(gettext(template)).format(**found.groupdict())
    return message


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            flat.update(flatten(value, name))
        return flat
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": [translated(m) for m in messages]}
    return {prefix or "_schema": [str(messages)]}
