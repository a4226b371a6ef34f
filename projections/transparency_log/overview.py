"""The public dialogues as the home page lists them, a page at a time: each with its next meeting and
latest decision. A page reads its own dialogues' rows (and counts the others): it costs the same
however many dialogues the platform holds."""

from dataclasses import dataclass
from typing import Any

from projections.store import Sql, loads
from projections.transparency_log.page import Paged
from projections.transparency_log.queries import listed
from projections.transparency_log.rows import DECISIONS, DIALOGUES, PARTS, State

PAGE_SIZE = 20
LISTED = "dialogue_id, slug, title, territory, subject, stage, closed, public, opened_at"


@dataclass(frozen=True)
class Overview(Paged):
    """Page ``number`` of the public dialogues that match the filters, in the order they were opened;
    ``matching``: how many match, ``listed``: how many are public, ``territories``: theirs, sorted."""

    number: int
    items: list[State]
    more: bool
    matching: int
    listed: int
    territories: list[str]
    size: int = PAGE_SIZE

    @property
    def last(self) -> int:
        return max(1, -(-self.matching // self.size))


def overview_page(
    sql: Sql,
    now: str,
    *,
    stage: str | None = None,
    territory: str | None = None,
    number: int = 1,
    size: int | None = None,
) -> Overview:
    """Page ``number`` of the public dialogues of ``stage`` and ``territory`` (None: any), each with
    ``next_meeting`` and ``latest_decision`` (as :func:`overview`)."""
    size = size or PAGE_SIZE
    where, values = "public = 1", []
    for column, value in (("stage", stage), ("territory", territory)):
        if value is not None:
            where += f" AND {column} = ?"
            values.append(value)
    rows = sql.all(
        f"SELECT {LISTED} FROM {DIALOGUES} WHERE {where} ORDER BY created LIMIT ? OFFSET ?",  # noqa: S608
        (*values, size + 1, (number - 1) * size),
    )
    matching = sql.one(f"SELECT COUNT(*) AS n FROM {DIALOGUES} WHERE {where}", values)  # noqa: S608
    territories = sql.all(f"SELECT DISTINCT territory FROM {DIALOGUES} WHERE public = 1")  # noqa: S608
    public = sql.one(f"SELECT COUNT(*) AS n FROM {DIALOGUES} WHERE public = 1")  # noqa: S608
    return Overview(
        number,
        with_meeting_and_decision(sql, now, [listed(row) for row in rows[:size]]),
        len(rows) > size,
        int(matching["n"]) if matching else 0,
        int(public["n"]) if public else 0,
        sorted(row["territory"] for row in territories),
        size,
    )


def overview(sql: Sql, now: str) -> list[State]:
    """Every public dialogue in the order they were opened, with ``next_meeting`` (the first meeting
    not held that starts at ``now`` or later, local ISO time like the meetings') and
    ``latest_decision`` (the one adopted last), each None if there is none."""
    rows = sql.all(f"SELECT {LISTED} FROM {DIALOGUES} WHERE public = 1 ORDER BY created")  # noqa: S608
    return with_meeting_and_decision(sql, now, [listed(row) for row in rows])


def with_meeting_and_decision(sql: Sql, now: str, dialogues: list[State]) -> list[State]:
    """``dialogues`` with their ``next_meeting`` and ``latest_decision``, read for them alone."""
    if not dialogues:
        return []
    ids = [dialogue["id"] for dialogue in dialogues]
    among = f"dialogue_id IN ({', '.join('?' for _ in ids)})"
    upcoming: dict[str, State] = {}
    for row in sql.all(
        f"SELECT part_id, dialogue_id, state FROM {PARTS} WHERE {among} AND kind = 'meeting'",  # noqa: S608
        ids,
    ):
        meeting = {"id": row["part_id"], **loads(row["state"])}
        if meeting["held_on"] is None and meeting["starts_at"] >= now:
            first = upcoming.get(row["dialogue_id"])
            if first is None or meeting["starts_at"] < first["starts_at"]:
                upcoming[row["dialogue_id"]] = meeting
    latest: dict[str, State] = {}
    for row in sql.all(
        f"SELECT dialogue_id, state FROM {DECISIONS} WHERE {among} ORDER BY created",  # noqa: S608
        ids,
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
        for dialogue in dialogues
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
