"""The public dialogues as the home page lists them: each with its next meeting and latest decision."""

from typing import Any

from projections.store import Sql, loads
from projections.transparency_log.queries import dialogues
from projections.transparency_log.rows import DECISIONS, DIALOGUES, PARTS, State


def overview(sql: Sql, now: str) -> list[State]:
    """Every public dialogue in the order they were opened, with ``next_meeting`` (the first meeting
    not held that starts at ``now`` or later, local ISO time like the meetings') and
    ``latest_decision`` (the one adopted last), each None if there is none."""
    listed = dialogues(sql)
    upcoming: dict[str, State] = {}
    for row in sql.all(
        f"SELECT p.part_id, p.dialogue_id, p.state FROM {PARTS} p"  # noqa: S608
        f" JOIN {DIALOGUES} g ON g.dialogue_id = p.dialogue_id WHERE p.kind = 'meeting' AND g.public = 1"
    ):
        meeting = {"id": row["part_id"], **loads(row["state"])}
        if meeting["held_on"] is None and meeting["starts_at"] >= now:
            first = upcoming.get(row["dialogue_id"])
            if first is None or meeting["starts_at"] < first["starts_at"]:
                upcoming[row["dialogue_id"]] = meeting
    latest: dict[str, State] = {}
    for row in sql.all(
        f"SELECT d.dialogue_id, d.state FROM {DECISIONS} d"  # noqa: S608
        f" JOIN {DIALOGUES} g ON g.dialogue_id = d.dialogue_id WHERE g.public = 1 ORDER BY d.created"
    ):
        decision = loads(row["state"])
        last = latest.get(row["dialogue_id"])
        if last is None or decision["adopted_on"] >= last["adopted_on"]:
            latest[row["dialogue_id"]] = decision
    return [
        {
            **dialogue,
            "next_meeting": upcoming.get(dialogue["id"]),
            "latest_decision": _decision(latest.get(dialogue["id"])),
        }
        for dialogue in listed
    ]


def _decision(state: State | None) -> State | None:
    """What the home page shows of a decision: its body, reference, date and outcomes counted."""
    if state is None:
        return None
    outcomes: dict[str, int] = {}
    for outcome in state["outcomes"]:
        outcomes[outcome["outcome"]] = outcomes.get(outcome["outcome"], 0) + 1
    keys: tuple[str, ...] = ("id", "body", "body_name", "deliberation_reference", "adopted_on")
    shown: dict[str, Any] = {key: state[key] for key in keys}
    return {**shown, "outcomes": outcomes}
