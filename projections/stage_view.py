"""The stage view of a dialogue (its stage, exit indicators, counts and waivers) from plain state.

Shared by the ``stage`` read model (``projections.stage``), which keeps that
state per dialogue, and the replay (``projections.replay``), which folds it
from the events up to a position: both describe a dialogue the same way. The
indicators themselves are the domain's (``domain.indicators``), so the read
side can never disagree with the rule that gates a stage.
"""

from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from domain.indicators import Parts, exit_indicators
from domain.stages import Stage


def _as_is(row: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(**row)


def describe(
    dialogue_id: str, slug: str, title: str, state: dict[str, Any], parts: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """The stage view of a dialogue, from plain state; shared with the replay so both agree.

    ``parts`` must hold at least the kinds the indicators of the dialogue's stage look at;
    the counts come from the state's tally.
    """
    dialogue = SimpleNamespace(
        stage=Stage(state["stage"]),
        framework=state["framework"] or None,
        design_status=state["design_status"],
        made_public=state["made_public"] or None,
        outcomes=state["outcomes"],
    )

    def objects(
        kind: str, make: Callable[[dict[str, Any]], SimpleNamespace] = _as_is
    ) -> list[SimpleNamespace]:
        """The rows of ``kind`` as objects; a row given several times (the replay's stand-ins for the
        parts counted but not named, one row for a thousand validated proposals) made once."""
        made: dict[int, SimpleNamespace] = {}
        return [made.get(id(p)) or made.setdefault(id(p), make(p)) for p in parts.get(kind, [])]

    instances = objects(
        "instance", lambda i: SimpleNamespace(kind=i["kind"], name=i["title"], members=i["members"])
    )
    proposals = objects(
        "proposal",
        lambda p: SimpleNamespace(status=p["status"], title=p["title"], translation=p["translated"] or None),
    )
    indicators = exit_indicators(
        dialogue,
        Parts(
            instances=instances,
            proposals=proposals,
            agreements=objects("agreement"),
            actions=objects("action"),
        ),
    )
    tally = state["tally"]

    def by_status(kind: str) -> dict[str, int]:
        counted = ((key.partition(":")[2], n) for key, n in tally.items() if key.startswith(f"{kind}:"))
        return dict(sorted(counted))

    meetings = by_status("meeting")
    return {
        "dialogue_id": dialogue_id,
        "slug": slug,
        "title": title,
        "stage": state["stage"],
        "closed": state["closed"],
        "indicators": [i.as_dict(notes=True) for i in indicators],
        "counts": {
            "stakeholders": tally.get("stakeholder", 0),
            "instances": tally.get("instance", 0),
            "meetings": sum(meetings.values()),
            "meetings_held": meetings.get("held", 0),
            "contributions": tally.get("contribution", 0),
            "proposals": by_status("proposal"),
            "decisions": state["decisions"],
            "actions": by_status("action"),
        },
        "waivers": state["waivers"],
    }


def tally(parts: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """The tally of a dialogue's parts (every part of each kind), as the projection keeps it."""
    return dict(Counter(tally_key(kind, part) for kind, rows in parts.items() for part in rows))


def proposal_status(proposal: dict[str, Any]) -> str:
    """Where a proposal stands on its path: drafted -> validated -> translated -> presented -> outcome."""
    if proposal["outcome"]:
        return str(proposal["outcome"])
    if proposal["status"] != "validated":
        return str(proposal["status"])
    if proposal["presented"]:
        return "presented"
    return "translated" if proposal["translated"] else "validated"


def action_status(action: dict[str, Any]) -> str:
    if action["completed"]:
        return "completed"
    if action["operator"] is None:
        return "without_operator"
    return "in_progress" if action["progress"] else "assigned"


def meeting_status(meeting: dict[str, Any]) -> str:
    return "held" if meeting["held"] else "scheduled"


DESIGN_STATUS = {"DesignSubmitted": "submitted", "DesignValidated": "validated", "DesignReturned": "returned"}
"""The design's status after each event of its review (by event class, as handlers are keyed)."""

STATUS = {"meeting": meeting_status, "proposal": proposal_status, "action": action_status}
"""The kinds of part counted by status, and their status."""


def tally_key(kind: str, part: dict[str, Any]) -> str:
    """What a part counts as in its dialogue's tally: its kind, and its status for the kinds counted by it."""
    status = STATUS.get(kind)
    return kind if status is None else f"{kind}:{status(part)}"
