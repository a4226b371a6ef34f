"""Marshmallow's nested error messages, flattened to the domain's field names, in plain words.

``{"votes": {"for": [m]}, "outcomes": {0: {"outcome": [m]}}}`` becomes
``{"votes.for": [m], "outcomes[0].outcome": [m]}``: the names InvalidActError uses, kept as keys
(the API's clients rely on them) while each message names its field by its label.

Marshmallow words its messages in English from templates with named values
(``Must be one of: {choices}.``). Those that the schemas of ``web.schemas`` give are
the keys of ``PLAIN``: a message is read back against them and worded again, in the
reader's language, with the field's label and the same values (choices by their labels);
any other is left as it is.
"""

import re
from typing import Any

from flask_babel import gettext

from web.i18n.catalogue import N_
from web.i18n.labels import choice_label, field_label
from web.schemas import fields
from web.schemas.consultation import NOT_A_THEME
from web.schemas.documents import NOT_A_FILE
from web.schemas.questionnaires import NOT_AN_ANSWER

REQUIRED = N_("Fill in “%(field)s”.")
TEXT = N_("“%(field)s” must be a text.")
PLAIN = {
    "Missing data for required field.": REQUIRED,
    "Field may not be null.": REQUIRED,
    "Unknown field.": N_("“%(field)s” is not a field of this act."),
    "Invalid input type.": TEXT,
    "Not a valid string.": TEXT,
    "Not a valid integer.": N_("“%(field)s” must be a whole number, such as 12."),
    "Not a valid boolean.": N_("“%(field)s” must be yes or no."),
    "Not a valid UUID.": N_("“%(field)s”: choose one of those of this dialogue."),
    "Not a valid list.": N_("“%(field)s” must be a list."),
    "Not a valid mapping type.": N_("“%(field)s” is not filled in as expected."),
    "Must be one of: {choices}.": N_("“%(field)s”: choose one of: %(choices)s."),
    "Must be greater than or equal to {min}.": N_("“%(field)s” must be at least %(min)s."),
    "Must be greater than or equal to {min} and less than or equal to {max}.": N_(
        "“%(field)s” must be between %(min)s and %(max)s."
    ),
    fields.CHARACTERS: N_("“%(field)s” holds a character that is not allowed here (%(code)s)."),
    fields.TOO_LONG: N_("“%(field)s”: at most %(max)s characters."),
    fields.TOO_MANY: N_("“%(field)s”: at most %(max)s entries."),
    fields.LENGTH: N_("“%(field)s”: between %(min)s and %(max)s characters."),
    fields.NOT_A_DATE: N_("“%(field)s” is not a valid date: write it as YYYY-MM-DD."),
    fields.NOT_A_DATETIME: N_("“%(field)s” is not a valid date and time: write it as YYYY-MM-DDTHH:MM."),
    NOT_A_FILE: N_("“%(field)s”: send the file as a part of a multipart/form-data body."),
    NOT_AN_ANSWER: N_(
        "“%(field)s”: each answer is an option, a list of options, a number from 1 to 5 or a text."
    ),
    NOT_A_THEME: N_("“%(field)s”: write each theme on a line, followed by its count: “Water savings: 12”."),
}
"""Marshmallow's messages for the fields and validators the schemas use, and those of ``fields``:
each worded again with ``%(field)s``, the field's label."""
WHOLE = N_("What was sent is not in the form this act expects.")
"""Any of them said of the whole body (``_schema``), not of a field."""

VALUE = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    """The messages made from ``template``, each named value a group."""
    pieces = VALUE.split(template)  # text, name, text, name, ..., text
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(pieces)))


PATTERNS = sorted(((_pattern(t), t) for t in PLAIN), key=lambda found: -found[0].groups)
"""Most values first: "... to 1 and less than or equal to 5." is not read as a ``min`` of "1 and less..."."""


def translated(message: str, key: str = "_schema") -> str:
    """Marshmallow's English ``message`` about the field ``key`` in plain words in the reader's
    language, with the field's label and the message's values; any other unchanged."""
    for pattern, template in PATTERNS:
        found = pattern.fullmatch(message)
        if found is None:
            continue
        if key == "_schema":
            return str(gettext(WHOLE))
        values = found.groupdict()
        if "choices" in values:
            values["choices"] = ", ".join(choice_label(c) for c in values["choices"].split(", "))
        return str(gettext(PLAIN[template], field=field_label(key), **values))
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
        key = prefix or "_schema"
        return {key: [translated(m, key) for m in messages]}
    return {prefix or "_schema": [str(messages)]}
