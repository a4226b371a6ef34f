"""A replayed dialogue described in plain data: the stage view (``describe``, as the ``stage``
read model gives it), its instances and members, proposals and their status, decisions and actions,
from the domain aggregates the replay (``projections.replay``) folded."""

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


class DialogueAt:
    """The replayed dialogue and its parts, described in plain data."""

    def __init__(self, dialogue: Dialogue, parts: dict[UUID, Aggregate], contributions: int):
        self.dialogue = dialogue
        self.parts = parts
        self.contributions = contributions

    def of_kind(self, kind: str, cls: type[Any]) -> list[Any]:
        found = (self.parts.get(part_id) for part_id in self.dialogue.parts[kind])
        return [part for part in found if isinstance(part, cls)]

    def describe(self) -> dict[str, Any]:
        dialogue = self.dialogue
        instances = self.of_kind("instance", Instance)
        proposals = self.of_kind("proposal", Proposal)
        actions = self.of_kind("action", Action)
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
            "stakeholder": [{} for _ in self.of_kind("stakeholder", Stakeholder)],
            "instance": [{"kind": i.kind, "title": i.name, "members": len(i.members)} for i in instances],
            "meeting": [{"held": m.held_on is not None} for m in self.of_kind("meeting", Meeting)],
            "proposal": [self.proposal_row(p) for p in proposals],
            "agreement": [{"validated": a.validated} for a in self.of_kind("agreement", Agreement)],
            "action": [self.action_row(a) for a in actions],
        }
        counted = {"contribution": self.contributions} if self.contributions else {}
        state["tally"] = tally(rows) | counted  # as if a row per contribution, without making them
        view = describe(str(dialogue.id), dialogue.slug, dialogue.title, state, rows)
        stakeholders = {s.id: s for s in self.of_kind("stakeholder", Stakeholder)}
        return {
            **view,
            "transitions": [dict(t) for t in dialogue.transitions],
            "instances": [
                {
                    "id": str(i.id),
                    "kind": i.kind,
                    "name": i.name,
                    "functioning_rule": i.functioning_rule,
                    "members": [
                        self.member(UUID(stakeholder_id), account_id, stakeholders)
                        for stakeholder_id, account_id in i.members.items()
                    ],
                }
                for i in instances
            ],
            "proposals": [
                {
                    "id": str(p.id),
                    "title": p.title,
                    "topic": p.topic,
                    "instance_id": str(p.instance_id),
                    "status": proposal_status(row),
                    "endorsements": len(p.endorsers),
                    "objections": len(p.objections),
                    "amendments": p.amendments,
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
                    "id": str(a.id),
                    "title": a.title,
                    "proposal_id": str(a.proposal_id),
                    "due_on": a.due_on,
                    "operator": a.operator,
                    "organisation": a.organisation,
                    "progress": a.progress,
                    "status": action_status(self.action_row(a)),
                }
                for a in actions
            ],
        }

    def proposal_row(self, proposal: Proposal) -> dict[str, Any]:
        return {
            "title": proposal.title,
            "status": proposal.status,
            "translated": proposal.translation is not None,
            "presented": proposal.id in self.dialogue.presented,
            "outcome": self.dialogue.outcome_of(proposal.id),
        }

    @staticmethod
    def action_row(action: Action) -> dict[str, Any]:
        return {
            "title": action.title,
            "operator": action.operator,
            "progress": action.progress,
            "completed": action.completed,
        }

    @staticmethod
    def member(stakeholder_id: UUID, account_id: str | None, known: dict[UUID, Any]) -> dict[str, Any]:
        stakeholder = known.get(stakeholder_id)
        return {
            "stakeholder_id": str(stakeholder_id),
            "account_id": account_id,
            "category": None if stakeholder is None else stakeholder.category,
            "organisation": None if stakeholder is None else stakeholder.organisation,
        }
