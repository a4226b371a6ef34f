"""A replayed dialogue described in plain data: the stage view (``describe``, as the ``stage``
read model gives it), its instances and members, and its proposals, decisions and actions, the
whole lists or a page of each (newest first, as the public page shows them, with their totals),
from the dialogue aggregate the replay (``projections.replay``) folded and an entry per part.

A part's entry (``entry``) is what the view shows of that part alone, in plain JSON data: a
snapshot of the replay keeps them as JSON text, a line per part in the dialogue's order
(``projections.replay_snapshots``), with the tally of the parts by status; a replay from it makes
again only the entries of the parts its events since touched, decodes the lines of the page it
shows, and corrects the tally by the parts that changed (``retally``). What depends on the
dialogue too (a proposal's status once presented or decided) is joined here, from the dialogue.
"""

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.action import Action
from domain.agreement import Agreement
from domain.dialogue import Dialogue
from domain.indicators import STAGE_PARTS
from domain.instance import Instance
from domain.meeting import Meeting
from domain.proposal import Proposal
from domain.stakeholder import Stakeholder
from projections.replay_lines import Lines
from projections.stage_view import action_status, describe, proposal_status, tally_key

Entry = dict[str, Any]
PAGE_SIZE = 10
PAGED = {"proposals": "proposal", "decisions": "decision", "actions": "action"}
"""The lists shown a page at a time, by name (``?proposals=2``), and the kind they list."""
Facts = dict[str, dict[str, Any]]
"""What the exit indicators take of the parts of a kind (``facts``): ``count``, how many they count,
and ``named``, the titles (by id, in no order) of those they name."""


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


def kind_of(part: Aggregate) -> str | None:
    """The kind under which the view shows ``part``, None if it shows none of its class."""
    return next((kind for kind, (cls, _) in SHOWN.items() if isinstance(part, cls)), None)


def entries_of(parts: Iterable[Aggregate]) -> list[tuple[str, Entry]]:
    """The kind and entry of each of ``parts`` the view shows."""
    found = ((kind_of(part), part) for part in parts)
    return [(kind, made) for kind, part in found if kind and (made := entry(kind, part)) is not None]


@dataclass(frozen=True)
class Standing:
    """What a proposal's status takes from its dialogue: whether it was presented, its outcome."""

    presented: frozenset[str]
    outcomes: dict[str, str]

    @classmethod
    def of(cls, dialogue: Dialogue) -> "Standing":
        return cls(frozenset(str(proposal_id) for proposal_id in dialogue.presented), dict(dialogue.outcomes))

    def moved(self, other: "Standing") -> set[str]:
        """The proposals (ids as text) whose standing differs in ``other``."""
        return set(self.presented ^ other.presented) | {
            key for key, _ in self.outcomes.items() ^ other.outcomes.items()
        }


def row(kind: str, made: Entry, standing: Standing) -> dict[str, Any]:
    """What the stage view's indicators and tally look at of a part, from its entry."""
    if kind == "instance":
        return {"kind": made["kind"], "title": made["name"], "members": len(made["members"])}
    if kind == "proposal":
        return {
            "title": made["title"],
            "status": made["status"],
            "translated": made["translated"],
            "presented": made["id"] in standing.presented,
            "outcome": standing.outcomes.get(made["id"]),  # ``outcome_of``, by the id's text
        }
    if kind == "action":
        return {key: made[key] for key in ("title", "operator", "progress", "completed")}
    if kind in ("meeting", "agreement"):
        return {key: value for key, value in made.items() if key in ("held", "validated")}
    return {}


def retally(
    tally: Mapping[str, int],
    before: Iterable[tuple[str, Entry]],
    standing: Standing | None,
    after: Iterable[tuple[str, Entry]],
    now: Standing,
) -> dict[str, int]:
    """``tally`` (that of a snapshot, whose dialogue stood at ``standing``) without the parts' entries
    ``before`` and with those ``after`` (by kind), the dialogue now at ``now``."""
    counted = Counter(tally)
    if standing is not None:
        counted.subtract(tally_key(kind, row(kind, made, standing)) for kind, made in before)
    counted.update(tally_key(kind, row(kind, made, now)) for kind, made in after)
    return {key: n for key, n in counted.items() if n}


FACTS: dict[str, tuple[Any, Any]] = {
    "proposal": (lambda e: e["status"] == "validated", lambda e: not e["translated"]),
    "agreement": (lambda e: e["validated"], lambda e: False),
    "action": (lambda e: True, lambda e: e["operator"] is None),
}
"""Of the kinds whose parts the exit indicators look at past the framing (``domain.indicators``), which
parts they count (the validated proposals and agreements, every action) and which of those they name
(a validated proposal not translated, an action without operator): a snapshot keeps these facts."""


def refact(facts: Facts, before: Iterable[tuple[str, Entry]], after: Iterable[tuple[str, Entry]]) -> Facts:
    """``facts`` (a snapshot's) without the parts' entries ``before`` and with those ``after``."""
    found: Facts = {}
    for kind in FACTS:
        kept = facts.get(kind, {})
        found[kind] = {"count": kept.get("count", 0), "named": dict(kept.get("named", {}))}
    for sign, entries in ((-1, before), (1, after)):
        for kind, made in entries:
            counts, names = FACTS.get(kind, (None, None))
            if counts is None or not counts(made):
                continue
            found[kind]["count"] += sign
            if names(made) and sign < 0:
                del found[kind]["named"][made["id"]]
            elif names(made):
                found[kind]["named"][made["id"]] = made["title"]
    return found


STAND_IN: dict[str, Any] = {
    "proposal": lambda title: {"status": "validated", "title": title or "", "translated": title is None},
    "agreement": lambda title: {"validated": True},
    "action": lambda title: {"title": title or "", "operator": None if title is not None else ""},
}
"""The row the exit indicators look at of a part of ``FACTS`` that they count: named by its title, or not."""


class DialogueAt:
    """The replayed dialogue described in plain data: the entries of the parts folded (``parts``) made
    from them, the others' decoded from the snapshot's lines (``kept``), the tally and facts given."""

    def __init__(
        self,
        dialogue: Dialogue,
        parts: Mapping[UUID, Aggregate],
        kept: Lines,
        tally: Mapping[str, int],
        facts: Facts,
        contributions: int,
    ):
        self.dialogue = dialogue
        self.parts = parts
        self.kept = kept
        self.tally = tally
        self.facts = facts
        self.contributions = contributions

    def entry_at(self, kind: str, index: int) -> Entry | None:
        """The entry of the part the dialogue indexes ``index``-th under ``kind``."""
        part = self.parts.get(self.dialogue.parts[kind][index])
        if part is not None:
            return entry(kind, part)
        line = self.kept.line(kind, index)
        return None if line is None else json.loads(line)

    def entries(self, kind: str) -> list[Entry | None]:
        """The entries of ``kind`` in the dialogue's order (None: no entry)."""
        ids = self.dialogue.parts.get(kind, [])
        lines = self.kept.lines(kind)[: len(ids)]
        cls = SHOWN[kind][0]
        folded = {part_id.int: part for part_id, part in self.parts.items() if isinstance(part, cls)}
        numbers = map(attrgetter("int"), ids) if folded else ()  # an int hashes in C, a UUID in Python
        made = {
            index: entry(kind, folded[number]) for index, number in enumerate(numbers) if number in folded
        }
        chosen = [index for index in range(len(lines)) if index not in made]
        made.update(zip(chosen, json.loads(f"[{','.join(lines[index] for index in chosen)}]"), strict=True))
        return [made.get(index) for index in range(len(ids))]

    def shown(self, kind: str) -> list[Entry]:
        return [made for made in self.entries(kind) if made is not None]

    def indicated(self, kind: str, standing: Standing) -> list[dict[str, Any]]:
        """What the exit indicators look at of the parts of ``kind``: each one's row, or for the kinds of
        ``FACTS`` a row per part counted, those named first in the dialogue's order (the others are
        not named: their order does not show)."""
        if kind not in FACTS:
            return [row(kind, made, standing) for made in self.shown(kind)]
        facts = self.facts[kind]
        named = facts["named"]
        if len(named) > 1:
            order = {part_id.int: index for index, part_id in enumerate(self.dialogue.parts.get(kind, []))}
            named = {text: named[text] for text in sorted(named, key=lambda text: order[UUID(text).int])}
        stand_in = STAND_IN[kind]
        return [*map(stand_in, named.values()), *[stand_in(None)] * (facts["count"] - len(named))]

    def page(self, kind: str, number: int, size: int) -> list[Entry]:
        """Page ``number`` of the entries of ``kind``, newest first."""
        stop = len(self.dialogue.parts.get(kind, [])) - (number - 1) * size
        found = (self.entry_at(kind, index) for index in range(stop - 1, max(0, stop - size) - 1, -1))
        return [made for made in found if made is not None]

    def describe(self, pages: Mapping[str, int] | None = None, size: int = PAGE_SIZE) -> dict[str, Any]:
        """The view, with the whole lists (``pages`` None) or page ``pages[name]`` (1 by default) of
        each list of ``PAGED``, and ``pages``: each list's page number, size and total."""
        dialogue = self.dialogue
        standing = Standing.of(dialogue)
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
        counted = {"contribution": self.contributions} if self.contributions else {}
        state["tally"] = dict(self.tally) | counted
        looked = [name.removesuffix("s") for name in STAGE_PARTS.get(dialogue.stage, ())]
        rows = {kind: self.indicated(kind, standing) for kind in looked}
        view = describe(str(dialogue.id), dialogue.slug, dialogue.title, state, rows)
        decisions = list(dialogue.decisions)
        if pages is None:
            proposals, actions = self.shown("proposal"), self.shown("action")
            listed = {}
        else:
            number = {name: pages.get(name, 1) for name in PAGED}
            proposals = self.page("proposal", number["proposals"], size)
            actions = self.page("action", number["actions"], size)
            stop = len(decisions) - (number["decisions"] - 1) * size
            decisions = decisions[max(0, stop - size) : max(0, stop)][::-1]
            totals = {name: len(dialogue.parts.get(kind, [])) for name, kind in PAGED.items()}
            totals["decisions"] = len(dialogue.decisions)
            listed = {"pages": {n: {"number": number[n], "size": size, "total": totals[n]} for n in PAGED}}
        return {
            **view,
            "transitions": [dict(t) for t in dialogue.transitions],
            "instances": self.instances(),
            "proposals": [
                {
                    "id": p["id"],
                    "title": p["title"],
                    "topic": p["topic"],
                    "instance_id": p["instance_id"],
                    "status": proposal_status(row("proposal", p, standing)),
                    "endorsements": p["endorsements"],
                    "objections": p["objections"],
                    "amendments": p["amendments"],
                }
                for p in proposals
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
                for d in decisions
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
                    "status": action_status(row("action", a, standing)),
                }
                for a in actions
            ],
            **listed,
        }

    def instances(self) -> list[dict[str, Any]]:
        """The instances and their members (the whole list: a dialogue has a few)."""
        instances = self.shown("instance")
        known: dict[UUID, Entry | None] = {}
        if any(i["members"] for i in instances):
            known = dict(
                zip(self.dialogue.parts.get("stakeholder", []), self.entries("stakeholder"), strict=True)
            )
        return [
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
        ]

    @staticmethod
    def member(
        stakeholder_id: UUID, account_id: str | None, known: Mapping[UUID, Entry | None]
    ) -> dict[str, Any]:
        stakeholder = known.get(stakeholder_id)
        return {
            "stakeholder_id": str(stakeholder_id),
            "account_id": account_id,
            "category": None if stakeholder is None else stakeholder["category"],
            "organisation": None if stakeholder is None else stakeholder["organisation"],
        }
