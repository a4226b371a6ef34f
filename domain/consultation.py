"""Public consultations: what a citizen may contribute, and the limits of what they write.

A consultation of a dialogue is open between its dates (``opens_on`` to ``closes_on``, both
included), decided when it is read or acted on, unless a facilitator closed it early.
"""

from datetime import date
from typing import Any

from domain.base import check_choice, check_text
from domain.errors import InvalidActError

CONTRIBUTION_KINDS = ("observation", "idea", "question")
"""What a citizen may contribute to a consultation."""

TEXT_MAX = 2000
"""Characters of a citizen's contribution."""

THEMES_MAX = 20
"""Themes a synthesis may count."""
THEME_MAX = 500
"""Characters of a theme's name (the web's forms take 200)."""


def check_kinds(value: Any) -> list[str]:
    """The kinds of contribution a consultation accepts: at least one, each once, in the catalogue's order."""
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise InvalidActError("kinds", "must be a list of kinds", code="texts")
    chosen = {check_choice("kinds", kind, CONTRIBUTION_KINDS) for kind in value}
    if not chosen:
        raise InvalidActError("kinds", "needs at least one entry", code="at-least-one")
    return [kind for kind in CONTRIBUTION_KINDS if kind in chosen]


def check_length(field: str, value: Any, most: int, *, required: bool = True) -> str:
    """A stripped text of at most ``most`` characters."""
    text = check_text(field, value, required=required)
    if len(text) > most:
        raise InvalidActError(
            field, f"must be at most {most} characters", code="too-long", params={"count": most}
        )
    return text


def check_contribution_text(value: Any) -> str:
    return check_length("text", value, TEXT_MAX)


def check_themes(value: Any) -> list[dict[str, Any]]:
    """The synthesis's main themes: each a ``theme`` (text) and a ``count`` (contributions on it)."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidActError("themes", "must be a list of themes", code="texts")
    if not value or len(value) > THEMES_MAX:
        raise InvalidActError(
            "themes", f"give 1 to {THEMES_MAX} themes", code="themes-count", params={"count": THEMES_MAX}
        )
    themes = []
    for entry in value:
        if not isinstance(entry, dict):
            raise InvalidActError("themes", "each theme is a text and a count", code="texts")
        count = entry.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidActError("themes", "must be a whole number >= 0", code="count")
        themes.append({"theme": check_length("themes", entry.get("theme"), THEME_MAX), "count": count})
    return themes


def is_open(consultation: dict[str, Any], today: date) -> bool:
    """Whether citizens may contribute on ``today``."""
    if consultation["closed_on"] is not None:
        return False
    opens_on: str = consultation["opens_on"]
    closes_on: str = consultation["closes_on"]
    return opens_on <= today.isoformat() <= closes_on


def has_ended(consultation: dict[str, Any], today: date) -> bool:
    """Closed early, or past its last day."""
    return consultation["closed_on"] is not None or today.isoformat() > consultation["closes_on"]
