"""What a dialogue's page says first: what became of the proposals, the decision in one sentence,
the next meeting, the actions and those overdue.

Everything is read from counts the read model keeps (``proposal_statuses``,
``action_statuses``, ``open_actions``) and from the first page of each list:
never from every part of the dialogue.
"""

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from web.i18n.dates import TIMEZONE
from web.i18n.public_labels import FATES

OUTCOMES = ("adopted", "adopted_with_changes", "deferred", "rejected")
FATE_ORDER = (*OUTCOMES, "pending", "withdrawn")
ICONS = {
    "adopted": "✓",
    "adopted_with_changes": "✎",
    "deferred": "↷",
    "rejected": "✗",
    "pending": "…",
    "withdrawn": "↩",
    "overdue": "⚠",
    "completed": "✓",
}
"""The icon beside each outcome's word (the colour is never the only sign)."""


def icon(name: str) -> str:
    """The icon of an outcome or of an action's state (a template filter)."""
    return ICONS.get(name, "")


def today() -> date:
    """The territory's date."""
    return datetime.now(TIMEZONE).date()


def fate(status: str) -> str:
    """What became of a proposal of this status: an outcome, withdrawn, or pending."""
    return status if status in FATES else "pending"


def fates(statuses: dict[str, int]) -> dict[str, int]:
    """The dialogue's proposals counted by fate, in the order of ``FATE_ORDER`` (every fate, even at 0)."""
    counted = dict.fromkeys(FATE_ORDER, 0)
    for status, count in statuses.items():
        counted[fate(status)] += count
    return counted


def outcome_counts(decision: dict[str, Any]) -> dict[str, int]:
    """A decision's outcomes counted, in the order of ``OUTCOMES``, those that occur only."""
    counted = {outcome: 0 for outcome in OUTCOMES}
    for outcome in decision["outcomes"]:
        counted[outcome["outcome"]] = counted.get(outcome["outcome"], 0) + 1
    return {outcome: count for outcome, count in counted.items() if count}


def decided(decision: dict[str, Any]) -> str:
    """The decision in one plain sentence: "Of the 11 proposals presented, 8 were adopted (2 with
    changes), 2 deferred and 1 rejected." """
    counts = outcome_counts(decision)
    adopted = counts.get("adopted", 0) + counts.get("adopted_with_changes", 0)
    parts = [ngettext("%(num)s was adopted", "%(num)s were adopted", adopted)]
    if counts.get("adopted_with_changes"):
        parts[0] += " " + _("(%(num)s with changes)", num=counts["adopted_with_changes"])
    if counts.get("deferred"):
        parts.append(ngettext("%(num)s deferred", "%(num)s deferred", counts["deferred"]))
    if counts.get("rejected"):
        parts.append(ngettext("%(num)s rejected", "%(num)s rejected", counts["rejected"]))
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " " + _("and") + " " + parts[-1]
    total = len(decision["outcomes"])
    opening = ngettext("Of the one proposal presented,", "Of the %(num)s proposals presented,", total)
    return f"{opening} {listed}."


def next_meeting(view: dict[str, Any], on: date) -> dict[str, Any] | None:
    """The next meeting from ``on``: the earliest scheduled and not held among the latest scheduled,
    else the date announced when the dialogue was last continued; None if none is known."""
    coming = sorted(
        (m for m in view["upcoming"] if not m["held_on"] and str(m["starts_at"])[:10] >= on.isoformat()),
        key=lambda m: str(m["starts_at"]),
    )
    if coming:
        first: dict[str, Any] = coming[0]
        return first
    announced = [c["next_meeting_on"] for c in view["follow_up"] if c.get("next_meeting_on")]
    latest = max(announced, default=None)
    return {"announced_on": latest} if latest and latest >= on.isoformat() else None


def overdue(action: dict[str, Any], on: date) -> bool:
    """Whether an action is not completed past its due date."""
    return not action.get("completed") and str(action["due_on"]) < on.isoformat()


def actions_progress(view: dict[str, Any], on: date) -> dict[str, Any]:
    """The actions counted: all, completed, under way, and the overdue ones (those listed)."""
    statuses = view["action_statuses"]
    late = [a for a in view["open_actions"] if overdue(a, on)]
    total = sum(statuses.values())
    return {
        "total": total,
        "completed": statuses.get("completed", 0),
        "open": statuses.get("open", 0),
        "overdue": sorted(late, key=lambda a: str(a["due_on"])),
    }
