"""What awaits an account in a dialogue, from its roles and the dialogue's state; its acts by stage."""

from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

from application.accounts import AccountActs
from domain.acts import ACTS, ALL_STAGES
from domain.dialogue import Dialogue
from domain.stages import Stage

Item = dict[str, Any]


class ToDo(AccountActs):
    def to_do(self, account_id: str, dialogue_id: UUID) -> list[Item]:
        """What the account has to do now in the dialogue: each item the acts that do it (those open
        to its roles at this stage), the part they are about (``kind``, ``part_id``, its ``label``)
        and ``count`` (for a decision: the proposals awaiting it). Done, an item is no longer listed."""
        dialogue = self._dialogue(dialogue_id)
        open_acts = {a["act"] for a in self.acts_available(account_id, dialogue_id)}
        found = []
        for item in self._awaiting(dialogue, account_id):
            acts = [act for act in item["acts"] if act in open_acts]
            if acts:
                found.append({**item, "acts": acts})
        return found

    def acts_by_stage(self, account_id: str, dialogue_id: UUID) -> list[Item]:
        """The acts open to the account now, grouped by the stage of the fiche they belong to
        (the first of their stages), those of every stage last (``stage`` None)."""
        groups: dict[Stage | None, list[str]] = {stage: [] for stage in [*Stage, None]}
        for available in self.acts_available(account_id, dialogue_id):
            spec = ACTS[available["act"]]
            home = None if spec.stages == ALL_STAGES else next(s for s in Stage if s in spec.stages)
            groups[home].append(spec.name)
        return [
            {"stage": stage.value if stage else None, "acts": acts} for stage, acts in groups.items() if acts
        ]

    def _awaiting(self, dialogue: Dialogue, account_id: str) -> Iterator[Item]:
        """Every item the dialogue's state calls for, whoever's roles; ``to_do`` keeps the account's."""

        def each(kind: str, wanted: Callable[[Any], bool], *acts: str) -> Iterator[Item]:
            for part_id in dialogue.parts[kind]:
                part: Any = self._get(part_id)
                if wanted(part):
                    yield {"acts": list(acts), "kind": kind, "part_id": str(part_id), "label": part.title}

        yield from each(
            "proposal",
            lambda p: p.status == "drafted" and account_id not in [*p.authors, *p.endorsers, *p.objections],
            "proposal-endorsed",
            "proposal-objected",
        )
        yield from each(
            "agreement",
            lambda a: not a.validated and account_id not in a.approvals,
            "agreement-approved",
        )
        yield from self._adjustments(dialogue)
        yield from each("meeting", lambda m: m.held_on is None, "meeting-held")
        yield from each("meeting", lambda m: m.held_on is not None and m.minutes is None, "minutes-recorded")
        yield from each(
            "action",
            lambda a: getattr(a, "operator", None) == account_id and not a.completed,
            "progress-reported",
            "action-completed",
        )
        if dialogue.presented:
            yield {
                "acts": ["decision-adopted"],
                "kind": None,
                "part_id": None,
                "count": len(dialogue.presented),
            }

    def _adjustments(self, dialogue: Dialogue) -> Iterator[Item]:
        """The adjustments proposed for a dysfunction, awaiting the steering committee."""
        for part_id in dialogue.parts["dysfunction"]:
            dysfunction: Any = self._get(part_id)
            if dysfunction.status == "proposed":
                yield {
                    "acts": ["adjustment-adopted", "adjustment-rejected"],
                    "kind": "dysfunction",
                    "part_id": str(part_id),
                    "label": dysfunction.adjustment,
                }
