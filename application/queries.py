"""Queries: plain data about dialogues, their acts and their stakeholders."""

from collections.abc import Callable, Collection, Iterable, Iterator
from functools import cached_property, partial
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from application.aggregates import KeptAggregates, read_aggregates
from application.base import BATCH, ActRecording
from application.contribution_index import ContributionIndex
from application.reads import summary
from domain.acts import ACT_OF_EVENT
from domain.consultation import CONTRIBUTION_KINDS
from domain.dialogue import dialogue_id_for
from domain.indicators import exit_indicators
from domain.roles import Role
from domain.stages import Stage
from domain.stakeholder import Stakeholder

ERASED = "[erased]"


class Queries(ActRecording):
    @cached_property
    def contribution_index(self) -> ContributionIndex:
        """The contributions of each dialogue, read from the log as it grows."""
        return ContributionIndex(self.recorder, self.mapper)

    @cached_property
    def _people_read(self) -> KeptAggregates:
        """The stakeholders read back by :meth:`_stakeholders`, by id and version (pages name the same
        people at every request); their contacts stay sealed in them, opened by the vault each time."""
        return KeptAggregates()

    def dialogue_id(self, slug: str, *, fresh: bool = True) -> UUID:
        """The id of the dialogue known by ``slug``; NotFoundError if there is none.

        ``fresh=False``: a dialogue once opened stays, so one this process has read is not asked of the
        store again (nor kept for the rest of a block of ``one_read``: the next read asks the store).
        """
        dialogue_id = dialogue_id_for(slug)
        self._dialogue(dialogue_id, fresh=fresh, pin=fresh)
        return dialogue_id

    def dialogues(self) -> list[dict[str, Any]]:
        """Every dialogue (its ``summary``), in the order they were opened."""
        return [summary(dialogue) for dialogue in self._every_dialogue()]

    def dialogue_ids(self) -> list[UUID]:
        """Every dialogue's id, in the order they were opened (from the log's list: no dialogue read)."""
        return self._opened.all()

    def summary(self, dialogue_id: UUID) -> dict[str, Any]:
        """One dialogue's ``summary`` (id, slug, title, stage, closed), that dialogue alone read."""
        return summary(self._dialogue(dialogue_id))

    def title(self, dialogue_id: UUID) -> str:
        """The dialogue's title (no part of it is read)."""
        return self._dialogue(dialogue_id).title

    def status(self, dialogue_id: UUID) -> dict[str, Any]:
        """The current stage and each of its exit indicators, met or not and why."""
        dialogue = self._dialogue(dialogue_id)
        parts = self._parts(dialogue)
        return {
            **summary(dialogue),
            "indicators": [i.as_dict(notes=True) for i in exit_indicators(dialogue, parts)],
            "counts": {
                "stakeholders": len(dialogue.parts["stakeholder"]),
                "instances": len(parts.instances),
                "meetings": len(dialogue.parts["meeting"]),
                "proposals": len(parts.proposals),
                "decisions": len(dialogue.decisions),
                "actions": len(parts.actions),
            },
            "waivers": [dict(t) for t in dialogue.transitions if t["waiver"]],
        }

    def acts(self, dialogue_id: UUID | None = None) -> Iterator[dict[str, Any]]:
        """Every recorded act in log order (the platform's too), optionally of one dialogue only."""
        dialogue_of: dict[UUID, UUID] = {}
        stage_of: dict[UUID, str] = {}
        start = 1
        while batch := self.recorder.select_notifications(start, BATCH):
            start = batch[-1].id + 1
            for notification in batch:
                event: Any = self.mapper.to_domain_event(notification)
                owner = getattr(event, "dialogue_id", None) or dialogue_of.get(event.originator_id)
                owner = owner or event.originator_id
                dialogue_of[event.originator_id] = owner
                stage = stage_of.setdefault(owner, Stage.FRAMING.value)
                act = ACT_OF_EVENT.get(type(event).__name__)
                if act == "stage-advanced":
                    stage_of[owner] = event.to_stage
                if act is None or (dialogue_id is not None and owner != dialogue_id):
                    continue
                yield {
                    "position": notification.id,
                    "recorded_at": event.timestamp.isoformat(),
                    "dialogue_id": str(owner),
                    "act": act,
                    "actor_id": event.actor_id,
                    "actor_role": event.actor_role,
                    "stage": stage,
                    "subject_id": str(event.originator_id),
                }

    def stakeholders(self, dialogue_id: UUID) -> list[dict[str, Any]]:
        """The dialogue's stakeholders; erased people show as erased."""
        dialogue = self._dialogue(dialogue_id)
        found = [
            self._part(dialogue, Stakeholder, stakeholder_id, "stakeholder_id")
            for stakeholder_id in dialogue.parts["stakeholder"]
        ]
        contacts = self.vault.open_many((s.id, s.sealed_contact) for s in found)
        return [self._person(s, contacts[s.id]) for s in found]

    def people(self, person_ids: Iterable[UUID | str]) -> dict[str, dict[str, Any]]:
        """These stakeholders by id, as :meth:`stakeholders` lists them (an id of none is left out);
        read in one statement, their keys in another."""
        found = self._stakeholders(person_ids)
        contacts = self.vault.open_many((s.id, s.sealed_contact) for s in found)
        return {str(s.id): self._person(s, contacts[s.id]) for s in found}

    @staticmethod
    def _person(stakeholder: Stakeholder, contact: dict[str, str] | None) -> dict[str, Any]:
        """What is shown of a stakeholder whose contact the vault opened (None: erased)."""
        return {
            "id": str(stakeholder.id),
            "category": stakeholder.category,
            "organisation": stakeholder.organisation,
            "account_id": stakeholder.account_id,
            "erased": contact is None,
            "name": ERASED if contact is None else contact["name"],
            "email": ERASED if contact is None else contact.get("email", ""),
            "phone": ERASED if contact is None else contact.get("phone", ""),
            "confirmed_on": stakeholder.confirmed_on,
        }

    def _stakeholders(self, person_ids: Iterable[UUID | str]) -> list[Stakeholder]:
        """The stakeholders of these ids (the people's), in one statement; an id of none left out."""
        ids = []
        for person_id in person_ids:
            try:
                ids.append(UUID(str(person_id)))
            except ValueError:
                continue
        found = read_aggregates(self.recorder, self.mapper, ids, self._people_read)
        return [s for s in (found.get(i) for i in dict.fromkeys(ids)) if isinstance(s, Stakeholder)]

    def _stakeholder(self, person_id: UUID | str) -> Stakeholder | None:
        """The stakeholder of this id (the person's), or None."""
        try:
            found = self._get(UUID(str(person_id)))
        except (AggregateNotFoundError, ValueError):
            return None
        return found if isinstance(found, Stakeholder) else None

    def parts(
        self, dialogue_id: UUID, kinds: Collection[str] | None = None
    ) -> dict[str, list[dict[str, str]]]:
        """The dialogue's parts by kind, each ``{"id", "label"}`` (no personal data), to pick from.

        Kinds: the dialogue's indexed parts, plus ``contribution``, ``decision``,
        ``presented`` (the proposals awaiting a decision), ``role_holder`` and
        ``operator`` (the accounts holding a role, the operator role, here).
        ``kinds``: only those (a part is read from the store for its label: a form asks for its own).
        """
        dialogue = self._dialogue(dialogue_id)

        def labelled(ids: Iterable[UUID]) -> list[dict[str, str]]:
            return [{"id": str(i), "label": _label(self.repository.get(i))} for i in ids]

        holders = sorted(a for a, held in dialogue.roles.items() if held)
        kind_of: dict[str, Callable[[], list[dict[str, str]]]] = {
            **{kind: partial(labelled, ids) for kind, ids in dialogue.parts.items()},
            "presented": partial(labelled, dialogue.presented),
            "decision": lambda: [
                {"id": str(d["decision_id"]), "label": f"{d['body_name']} ({d['deliberation_reference']})"}
                for d in dialogue.decisions
            ],
            "contribution": partial(self.contribution_index.of, dialogue_id),
            "consultation": lambda: [
                {"id": c["consultation_id"], "label": f"{c['question']} ({c['opens_on']} - {c['closes_on']})"}
                for c in reversed(dialogue.consultations.values())
            ],
            "moderated_item": lambda: [
                {"id": r["item_id"], "label": f"{r['kind']} {r['item_id'][:8]}"}
                for r in dialogue.moderation.values()
            ],
            "questionnaire": lambda: [
                {"id": q["questionnaire_id"], "label": q["title"]}
                for q in reversed(dialogue.questionnaires.values())
            ],
            "contribution_kind": lambda: [{"id": kind, "label": kind} for kind in CONTRIBUTION_KINDS],
            "role_holder": lambda: [{"id": a, "label": a} for a in holders],
            "operator": lambda: [
                {"id": a, "label": a} for a in holders if Role.OPERATOR in dialogue.roles_of(a)
            ],
        }
        return {kind: listed() for kind, listed in kind_of.items() if kinds is None or kind in kinds}

    def public_names(self, dialogue_id: UUID) -> dict[str, str]:
        """The names a public page may show of the dialogue's stakeholders: ``{person_id: name}``."""
        return self.public_names_of(self._dialogue(dialogue_id).parts["stakeholder"])

    def public_names_of(self, person_ids: Iterable[UUID | str]) -> dict[str, str]:
        """The names a public page may show of these people: ``{person_id: name}``.

        Only people who hold a public office or consented to their name being
        shown, and never an erased person (their key is gone).
        """
        shown = [s for s in self._stakeholders(person_ids) if s.public_office or s.name_consent]
        contacts = self.vault.open_many((s.id, s.sealed_contact) for s in shown)
        opened = ((s.id, contacts[s.id]) for s in shown)
        return {str(person_id): str(contact["name"]) for person_id, contact in opened if contact is not None}


def _label(part: Any) -> str:
    """What a part is called in a list to pick from."""
    for attribute in ("title", "name", "description"):
        value = getattr(part, attribute, None)
        if isinstance(value, str):
            return value
    return f"{getattr(part, 'organisation', '')} ({getattr(part, 'category', '')})"
