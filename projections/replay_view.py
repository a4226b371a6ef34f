"""A replayed dialogue described in plain data: the stage view (``describe``, as the ``stage``
read model gives it), its instances and members, proposals and their status, decisions and actions,
from the dialogue aggregate the replay (``projections.replay``) folded and an entry per part.

A part's entry (``entry``) is what the view shows of that part alone, in plain JSON data: a
snapshot of the replay keeps the entries of every part (``projections.replay_snapshots``), so that
a replay from it makes again only those of the parts its events since touched. What depends on the
dialogue too (a proposal's status once presented or decided) is joined here, from the dialogue.
"""

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.action import Action
from domain.agreement import Agreement
from domain.dialogue import Dialogue
from domain.instance import Instance
from domain.meeting import Meeting
from domain.proposal import Proposal
from domain.stakeholder import Stakeholder
from projections.stage_view import action_status, describe, proposal_status, tally

Entry = dict[str, Any]
Entries = dict[str, Entry]
"""Parts' entries by the part's id in 32 hex digits."""
Shown = dict[str, list[tuple[str, Entry]]]
"""Parts' entries (and ids in hex) by kind, in the dialogue's order."""


def _stakeholder(s: Stakeholder) -> Entry:
    return {"category": s.category, "organisation": s.organisation}


def _instance(i: Instance) -> Entry:
    return {
        "id": str(i.id),
        "kind": i.kind,
        "name": i.name,
        "functioning_rule": i.functioning_rule,
        "members": dict(i.members),
    }


def _proposal(p: Proposal) -> Entry:
    return {
        "id": str(p.id),
        "title": p.title,
        "topic": p.topic,
        "instance_id": str(p.instance_id),
        "endorsements": len(p.endorsers),
        "objections": len(p.objections),
        "amendments": p.amendments,
        "status": p.status,
        "translated": p.translation is not None,
    }


def _action(a: Action) -> Entry:
    return {
        "id": str(a.id),
        "title": a.title,
        "proposal_id": str(a.proposal_id),
        "due_on": a.due_on,
        "operator": a.operator,
        "organisation": a.organisation,
        "progress": a.progress,
        "completed": a.completed,
    }


SHOWN: dict[str, tuple[type[Any], Any]] = {
    "stakeholder": (Stakeholder, _stakeholder),
    "instance": (Instance, _instance),
    "meeting": (Meeting, lambda m: {"held": m.held_on is not None}),
    "proposal": (Proposal, _proposal),
    "agreement": (Agreement, lambda a: {"validated": a.validated}),
    "action": (Action, _action),
}
"""The kinds of part the view shows: the class of their aggregate, and their entry."""


def entry(kind: str, part: Aggregate | None) -> Entry | None:
    """What the view shows of ``part``, indexed under ``kind``; None if it is not one of that kind."""
    cls, make = SHOWN[kind]
    return make(part) if isinstance(part, cls) else None


def shown_parts(dialogue: Dialogue) -> list[UUID]:
    """The ids of the parts the dialogue indexes under a kind the view shows."""
    return [part_id for kind in SHOWN for part_id in dialogue.parts.get(kind, ())]


def entries_of(dialogue: Dialogue, parts: dict[UUID, Aggregate], kept: Entries) -> Shown:
    """Every shown part's entry, by kind in the dialogue's order: made from its aggregate in ``parts``,
    else the one ``kept`` (by the part's id in 32 hex digits)."""
    folded = {part_id.hex: part for part_id, part in parts.items()}
    shown: Shown = {}
    for kind in SHOWN:
        found = shown[kind] = []
        for part_id in dialogue.parts.get(kind, ()):
            key = part_id.hex
            part = folded.get(key)
            made = kept.get(key) if part is None else entry(kind, part)
            if made is not None:
                found.append((key, made))
    return shown


class DialogueAt:
    """The replayed dialogue and its parts' entries (``entries_of``), described in plain data."""

    def __init__(self, dialogue: Dialogue, shown: Shown, contributions: int):
        self.dialogue = dialogue
        self.shown = shown
        self.contributions = contributions

    def of_kind(self, kind: str) -> list[Entry]:
        return [made for _, made in self.shown[kind]]

    def describe(self) -> dict[str, Any]:
        dialogue = self.dialogue
        instances = self.of_kind("instance")
        proposals = self.of_kind("proposal")
        actions = self.of_kind("action")
        presented = {str(proposal_id) for proposal_id in dialogue.presented}
        state: dict[str, Any] = {
            "stage": dialogue.stage.value,
            "closed": dialogue.closed,
            "framework": dialogue.framework is not None,
            "design_status": dialogue.design_status,
            "made_public": dialogue.made_public is not None,
            "outcomes": dict(dialogue.outcomes),
            "decisions": len(dialogue.decisions),
            "waivers": [t for t in dialogue.transitions if t["waiver"]],
        }
        rows: dict[str, list[dict[str, Any]]] = {
            "stakeholder": [{} for _ in self.shown["stakeholder"]],
            "instance": [
                {"kind": i["kind"], "title": i["name"], "members": len(i["members"])} for i in instances
            ],
            "meeting": [{"held": m["held"]} for m in self.of_kind("meeting")],
            "proposal": [self.proposal_row(p, p["id"] in presented) for p in proposals],
            "agreement": [{"validated": a["validated"]} for a in self.of_kind("agreement")],
            "action": [self.action_row(a) for a in actions],
        }
        counted = {"contribution": self.contributions} if self.contributions else {}
        state["tally"] = tally(rows) | counted  # as if a row per contribution, without making them
        view = describe(str(dialogue.id), dialogue.slug, dialogue.title, state, rows)
        known = {UUID(key): made for key, made in self.shown["stakeholder"]}
        return {
            **view,
            "transitions": [dict(t) for t in dialogue.transitions],
            "instances": [
                {
                    "id": i["id"],
                    "kind": i["kind"],
                    "name": i["name"],
                    "functioning_rule": i["functioning_rule"],
                    "members": [
                        self.member(UUID(stakeholder_id), account_id, known)
                        for stakeholder_id, account_id in i["members"].items()
                    ],
                }
                for i in instances
            ],
            "proposals": [
                {
                    "id": p["id"],
                    "title": p["title"],
                    "topic": p["topic"],
                    "instance_id": p["instance_id"],
                    "status": proposal_status(row),
                    "endorsements": p["endorsements"],
                    "objections": p["objections"],
                    "amendments": p["amendments"],
                }
                for p, row in zip(proposals, rows["proposal"], strict=True)
            ],
            "decisions": [
                {
                    "decision_id": str(d["decision_id"]),
                    "body": d["body"],
                    "body_name": d["body_name"],
                    "deliberation_reference": d["deliberation_reference"],
                    "adopted_on": d["adopted_on"],
                    "votes": dict(d["votes"]),
                    "outcomes": [{**o, "proposal_id": str(o["proposal_id"])} for o in d["outcomes"]],
                    "communicated": [dict(c) for c in d["communicated"]],
                }
                for d in dialogue.decisions
            ],
            "actions": [
                {
                    "id": a["id"],
                    "title": a["title"],
                    "proposal_id": a["proposal_id"],
                    "due_on": a["due_on"],
                    "operator": a["operator"],
                    "organisation": a["organisation"],
                    "progress": a["progress"],
                    "status": action_status(self.action_row(a)),
                }
                for a in actions
            ],
        }

    def proposal_row(self, proposal: Entry, presented: bool) -> dict[str, Any]:
        return {
            "title": proposal["title"],
            "status": proposal["status"],
            "translated": proposal["translated"],
            "presented": presented,
            "outcome": self.dialogue.outcomes.get(proposal["id"]),  # ``outcome_of``, by the id's text
        }

    @staticmethod
    def action_row(action: Entry) -> dict[str, Any]:
        return {
            "title": action["title"],
            "operator": action["operator"],
            "progress": action["progress"],
            "completed": action["completed"],
        }

    @staticmethod
    def member(stakeholder_id: UUID, account_id: str | None, known: dict[UUID, Entry]) -> dict[str, Any]:
        stakeholder = known.get(stakeholder_id)
        return {
            "stakeholder_id": str(stakeholder_id),
            "account_id": account_id,
            "category": None if stakeholder is None else stakeholder["category"],
            "organisation": None if stakeholder is None else stakeholder["organisation"],
        }
