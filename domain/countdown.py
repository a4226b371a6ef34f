"""The bounds of a live session's countdown."""

from typing import Any

from domain.base import check_count
from domain.errors import InvalidActError

TIMER_SECONDS = 3 * 3600
"""The longest countdown: a half-day workshop."""


def check_seconds(value: Any) -> int:
    seconds = check_count("seconds", value)
    if not 1 <= seconds <= TIMER_SECONDS:
        raise InvalidActError(
            "seconds",
            f"must be between 1 and {TIMER_SECONDS}",
            code="seconds",
            params={"most": TIMER_SECONDS},
        )
    return seconds
