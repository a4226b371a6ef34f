"""The provenance of a decision: from the contributions to the proposals it ruled on, and on to the actions.

Read from the event store with their positions (``projections.replay.EventReader``):
the dialogue's own events, then those of the proposals the decision ruled on,
of the contributions they were drafted from and of the actions created from
them. Plain data, every act with its position, time, actor and role; the
audit trail's one-line summaries are joined on the position.
"""

from typing import Any
from uuid import UUID

from application.errors import NotFoundError
from domain.acts import ACT_OF_EVENT
from domain.dialogue import Dialogue
from projections.replay import EventReader, fold
from web.i18n.summaries import summarise

DIALOGUE_ACTS = {"results-presented", "decision-adopted", "decision-communicated"}
"""Acts of the dialogue itself that belong to a proposal's chain (those that name it)."""


def act_name(event: Any) -> str | None:
    """The public name of the act ``event`` records, the platform's too (None: not an act)."""
    return ACT_OF_EVENT.get(type(event).__name__)


def act(position: int, event: Any) -> dict[str, Any]:
    """One act as the pages show it."""
    return {
        "position": position,
        "recorded_at": event.timestamp.isoformat(),
        "act": ACT_OF_EVENT[type(event).__name__],
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
    }


def names_proposal(event: Any, proposal_id: UUID, decision_id: UUID) -> bool:
    """A dialogue act in the chain of ``proposal_id`` under this decision."""
    name = act_name(event)
    if name == "results-presented":
        return proposal_id in event.proposal_ids
    return name in DIALOGUE_ACTS and event.decision_id == decision_id


def provenance(recorder: Any, mapper: Any, dialogue_id: UUID, decision_id: UUID) -> dict[str, Any]:
    """The chain of acts behind one decision; NotFoundError if the dialogue has no such decision."""
    reader = EventReader(recorder, mapper)
    head = reader.head()
    own = reader.events([dialogue_id], head)
    dialogue = fold(own).get(dialogue_id)
    decision = dialogue.decision(decision_id) if isinstance(dialogue, Dialogue) else None
    if decision is None:
        raise NotFoundError(f"no decision {decision_id} in this dialogue", code="no-decision")
    assert isinstance(dialogue, Dialogue)
    proposal_ids = [outcome["proposal_id"] for outcome in decision["outcomes"]]
    part_events = reader.events([*proposal_ids, *dialogue.parts["action"]], head)
    parts: dict[UUID, Any] = fold(part_events)
    contribution_ids = [c for p in proposal_ids for c in getattr(parts.get(p), "contribution_ids", [])]
    contribution_events = reader.events(contribution_ids, head)
    contributions: dict[UUID, Any] = fold(contribution_events)
    decided = next(act(p, e) for p, e in own if getattr(e, "decision_id", None) == decision_id)

    def acts_of(subject_id: UUID, events: list[tuple[int, Any]] = part_events) -> list[dict[str, Any]]:
        return [act(p, e) for p, e in events if e.originator_id == subject_id and act_name(e)]

    chain = []
    for outcome in decision["outcomes"]:
        proposal_id = outcome["proposal_id"]
        proposal = parts.get(proposal_id)
        dialogue_acts = [act(p, e) for p, e in own if names_proposal(e, proposal_id, decision_id)]
        chain.append(
            {
                "id": str(proposal_id),
                "title": getattr(proposal, "title", None),
                "outcome": outcome["outcome"],
                "justification": outcome["justification"],
                "contributions": [
                    {
                        "id": str(c),
                        "kind": contributions[c].kind,
                        "text": contributions[c].text,
                        "author_id": contributions[c].author_id,
                        "acts": acts_of(c, contribution_events),
                    }
                    for c in getattr(proposal, "contribution_ids", [])
                    if c in contributions
                ],
                "acts": sorted(acts_of(proposal_id) + dialogue_acts, key=lambda a: a["position"]),
                "actions": [
                    {
                        "id": str(action.id),
                        "title": action.title,
                        "operator": action.operator,
                        "organisation": action.organisation,
                        "progress": action.progress,
                        "completed": action.completed,
                        "acts": acts_of(action.id),
                    }
                    for action in (parts[a] for a in dialogue.parts["action"] if a in parts)
                    if getattr(action, "proposal_id", None) == proposal_id
                ],
            }
        )
    return {
        "decision_id": str(decision_id),
        "body_name": decision["body_name"],
        "deliberation_reference": decision["deliberation_reference"],
        "adopted_on": decision["adopted_on"],
        "votes": dict(decision["votes"]),
        "decided": decided,
        "proposals": chain,
    }


def summaries(recorder: Any, mapper: Any, positions: list[int], language: str) -> dict[int, str]:
    """The one-line summary of each act, by position, in ``language`` (fr or en)."""
    events = EventReader(recorder, mapper).at(positions)
    return {position: summarise(event, language) for position, event in events.items()}


def positions(chain: dict[str, Any]) -> list[int]:
    """Every position the chain refers to."""
    found = [chain["decided"]["position"]]
    for proposal in chain["proposals"]:
        found += [a["position"] for c in proposal["contributions"] for a in c["acts"]]
        found += [a["position"] for a in proposal["acts"]]
        found += [a["position"] for action in proposal["actions"] for a in action["acts"]]
    return sorted(set(found))
