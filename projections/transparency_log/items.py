"""One item of a dialogue's public view, for its own page: a proposal, an agreement, a meeting, an action,
a decision.

Each reads its own row and the latest items of its lists (:func:`page.latest_items`)
through the tables' keys: an item's page costs the same however long the dialogue.
"""

from typing import Any
from uuid import UUID

from projections.store import Sql, loads
from projections.transparency_log.page import decision_state, latest_items
from projections.transparency_log.queries import part_lists, part_view
from projections.transparency_log.rows import DECISIONS, PARTS, State

KINDS = ("proposal", "agreement", "meeting", "action")


def part(sql: Sql, dialogue_id: UUID | str, kind: str, part_id: str) -> State | None:
    """The part ``part_id`` of kind ``kind`` of the dialogue, with ``position`` (the act that created
    it) and ``earlier`` (its lists cut short); None if the dialogue has no such part."""
    row = sql.one(
        f"SELECT part_id, created, state FROM {PARTS} WHERE part_id = ? AND dialogue_id = ? AND kind = ?",  # noqa: S608
        (part_id, str(dialogue_id), kind),
    )
    if row is None:
        return None
    state = loads(row["state"])
    earlier = latest_items(sql, {row["part_id"]: part_lists(kind, state)})
    return {**part_view(row["part_id"], state), "position": row["created"], "earlier": earlier}


def decision(sql: Sql, dialogue_id: UUID | str, decision_id: str) -> State | None:
    """The decision ``decision_id`` of the dialogue, with ``position``; None if it has no such decision."""
    row = sql.one(
        f"SELECT created, state FROM {DECISIONS} WHERE decision_id = ? AND dialogue_id = ?",  # noqa: S608
        (decision_id, str(dialogue_id)),
    )
    return None if row is None else decision_state(row)


def item(sql: Sql, dialogue_id: UUID | str, kind: str, item_id: str) -> Any:
    """The item of kind ``kind`` (one of ``KINDS`` or ``decision``), or None."""
    if kind == "decision":
        return decision(sql, dialogue_id, item_id)
    return part(sql, dialogue_id, kind, item_id) if kind in KINDS else None
