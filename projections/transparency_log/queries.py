"""Reading the transparency log: every dialogue, the whole public view of one, the feeds; and how a
dialogue's view is put together from its rows (shared with its pages, ``page``)."""

from collections import Counter
from typing import Any

from projections.store import Sql, loads
from projections.transparency_log.rows import (
    DECISIONS,
    DIALOGUE_LISTS,
    DIALOGUES,
    ITEMS,
    NOTES,
    PART_KINDS,
    PART_LISTS,
    PARTS,
    State,
    public,
)


def dialogues(sql: Sql) -> list[State]:
    """Every dialogue whose approach is public, in the order they were opened."""
    rows = sql.all(
        "SELECT dialogue_id, slug, title, territory, subject, stage, closed, public, opened_at"  # noqa: S608
        f" FROM {DIALOGUES} WHERE public = 1 ORDER BY created"
    )
    return [listed(row) for row in rows]


def dialogue(sql: Sql, dialogue_id: Any) -> State | None:
    """All the public may see of one dialogue, or None if there is no such dialogue."""
    row = sql.one(f"SELECT * FROM {DIALOGUES} WHERE dialogue_id = ?", (str(dialogue_id),))  # noqa: S608
    if row is None:
        return None
    state = loads(row["state"])
    owners = {row["dialogue_id"]: dialogue_lists(state)}
    found = sql.all(
        f"SELECT part_id, kind, state FROM {PARTS} WHERE dialogue_id = ? ORDER BY created",  # noqa: S608
        (row["dialogue_id"],),
    )
    part_states = []
    for part in found:
        part_state = loads(part["state"])
        owners[part["part_id"]] = part_lists(part["kind"], part_state)
        part_states.append(part_state)
    # Items appended after a row was written (older rows may hold the first ones themselves).
    for item in sql.all(
        f"SELECT owner_id, list, item FROM {ITEMS} WHERE dialogue_id = ? ORDER BY position, seq",  # noqa: S608
        (row["dialogue_id"],),
    ):
        owner = owners.get(item["owner_id"])
        if owner is not None and item["list"] in owner:
            owner[item["list"]].append(loads(item["item"]))
    parts: dict[str, list[State]] = {kind: [] for kind in PART_KINDS}
    for part, part_state in zip(found, part_states, strict=True):
        parts[part["kind"]].append(part_view(part["part_id"], part_state))
    decisions = sql.all(
        f"SELECT state FROM {DECISIONS} WHERE dialogue_id = ? ORDER BY created",  # noqa: S608
        (row["dialogue_id"],),
    )
    return dialogue_view(row, state, parts, [loads(d["state"]) for d in decisions])


def decisions_feed(sql: Sql, limit: int = 50) -> list[State]:
    """The latest decisions of every public dialogue, newest first (for an Atom feed)."""
    rows = sql.all(
        "SELECT d.state, d.updated_at, g.dialogue_id, g.slug, g.title"  # noqa: S608
        f" FROM {DECISIONS} d JOIN {DIALOGUES} g ON g.dialogue_id = d.dialogue_id"
        f" WHERE g.public = 1 ORDER BY d.created DESC LIMIT ?",
        (limit,),
    )
    return [
        {
            **loads(row["state"]),
            "updated_at": row["updated_at"],
            "dialogue": {"id": row["dialogue_id"], "slug": row["slug"], "title": row["title"]},
        }
        for row in rows
    ]


def meetings_feed(sql: Sql) -> list[State]:
    """Every scheduled meeting of every public dialogue, by start time (for an iCalendar feed)."""
    rows = sql.all(
        "SELECT p.part_id, p.state, p.updated_at, g.dialogue_id, g.slug, g.title"  # noqa: S608
        f" FROM {PARTS} p JOIN {DIALOGUES} g ON g.dialogue_id = p.dialogue_id"
        f" WHERE p.kind = 'meeting' AND g.public = 1 ORDER BY p.created"
    )
    meetings = [
        {
            "id": row["part_id"],
            **loads(row["state"]),
            "updated_at": row["updated_at"],
            "dialogue": {"id": row["dialogue_id"], "slug": row["slug"], "title": row["title"]},
        }
        for row in rows
    ]
    return sorted(meetings, key=lambda meeting: meeting["starts_at"])


def dialogue_lists(state: State) -> dict[str, list[Any]]:
    """The lists of a dialogue's state that grow with the log, by their name in ``transparency_items``."""
    notes = state.setdefault("notes", {})
    lists = {name: state.setdefault(name, []) for name in DIALOGUE_LISTS}
    lists.update({f"notes.{section}": notes.setdefault(section, []) for section in NOTES.values()})
    return lists


def part_lists(kind: str, state: State) -> dict[str, list[Any]]:
    """The lists of a part's state that grow with the log, by their name in ``transparency_items``."""
    return {name: state.setdefault(name, []) for name in PART_LISTS.get(kind, ())}


def part_view(part_id: str, state: State) -> State:
    """What the public sees of one part: its id and its public state."""
    return {"id": part_id, **public(state)}


def listed(row: State) -> State:
    return {
        "id": row["dialogue_id"],
        "slug": row["slug"],
        "title": row["title"],
        "territory": row["territory"],
        "subject": row["subject"],
        "stage": row["stage"],
        "closed": bool(row["closed"]),
        "public": bool(row["public"]),
        "opened_at": row["opened_at"],
    }


def _counts(members: list[State], key: str) -> dict[str, int]:
    return dict(sorted(Counter(str(member[key]) for member in members).items()))


def _instance_view(instance: State) -> State:
    members = instance["members"]
    composition = {
        "members": len(members),
        "by_category": _counts(members, "category"),
        "by_organisation": _counts(members, "organisation"),
    }
    return {**instance, "composition": composition}


def _stakeholders_view(people: list[State]) -> State:
    return {
        "count": len(people),
        "confirmed": sum(1 for person in people if person["confirmed_on"]),
        "by_category": _counts(people, "category"),
        "by_organisation": _counts(people, "organisation"),
        "people": people,
    }


def stage_began(transition: State) -> str:
    """When the dialogue entered a stage, as the public reads it: the day the stage's first dated act
    took effect (a meeting held, a decision adopted...), unless the stage was recorded as entered
    earlier (acts recorded long after they took effect, as when a dialogue's past is entered at once);
    the recording time of the transition when no act of the stage says when it took effect."""
    entered = str(transition["recorded_at"])
    began = transition.get("began_on")
    return min(began, entered[:10]) if began else entered


def _citizen_counts(consultations: list[State]) -> State:
    """The contributions of the public to the dialogue's consultations: their total and by kind."""
    by_kind: dict[str, int] = {}
    for consultation in consultations:
        for kind, count in consultation["contributions"].items():
            by_kind[kind] = by_kind.get(kind, 0) + count
    return {"total": sum(by_kind.values()), "by_kind": {k: n for k, n in sorted(by_kind.items()) if n}}


def dialogue_view(row: State, state: State, parts: dict[str, list[State]], decisions: list[State]) -> State:
    """The public view of one dialogue, from its row, its parts (by kind) and its decisions."""
    notes = state["notes"]
    timeline = state["timeline"]
    contributions = state["contributions"]
    return {
        **listed(row),
        "updated_at": row["updated_at"],
        "framework": state["framework"],
        "topics": state["topics"],
        "organisation": state["organisation"],
        "diagnosis": {"concerns": state["concerns"], "feasibility": state["feasibility"]},
        "design": state["design"],
        "timeline": [{**transition, "on": stage_began(transition)} for transition in timeline],
        "waivers": [transition for transition in timeline if transition["waiver"]],
        "closing": next((t for t in timeline if t["to"] == "closed"), None),
        "stakeholders": _stakeholders_view(parts["stakeholder"]),
        "instances": [_instance_view(instance) for instance in parts["instance"]],
        "meetings": parts["meeting"],
        "contributions": {
            "total": sum(contributions.values()),
            "by_kind": dict(sorted(contributions.items())),
        },
        "consultations": state.get("consultations", []),
        "citizen_contributions": _citizen_counts(state.get("consultations", [])),
        "proposals": parts["proposal"],
        "agreements": parts["agreement"],
        "presentations": state["presentations"],
        "decisions": decisions,
        "actions": parts["action"],
        "regulation": {"dysfunctions": parts["dysfunction"], "steering_reviews": notes["steering_reviews"]},
        "evaluation": {"evaluations": notes["evaluations"], "process_reviews": notes["process_reviews"]},
        "links": {
            "modalities": state["link_modalities"],
            "programmes": notes["programmes"],
            "population_informed": notes["population_informed"],
            "population_consulted": notes["population_consulted"],
            "decision_makers_informed": notes["decision_makers_informed"],
            "expertise": notes["expertise"],
            "launch_meeting": state["launch_meeting"],
            "made_public": state["made_public"],
        },
        "follow_up": notes["continuations"],
        "proposal_statuses": state.get("proposal_statuses", {}),
        "action_statuses": state.get("action_statuses", {}),
        "open_actions": state.get("open_actions", []),
    }
