"""What a row of the audit trail takes from an act's event: its act, its subject, five facts.

``ACT_EVENTS`` tells, per event class, the act's public name, the kind of
aggregate it concerns and whether the event names its dialogue (a part's
creation). ``Facts`` are read from the decoded event (``facts_of_event``) or,
three times cheaper, from its stored JSON (``facts_of_state``, read by ``orjson``) when the
library would decode it as stored (``as_stored``: a plain mapper, and a state
recorded at its class's version). Times are kept as fixed-width
UTC text (``utc_text``), ids as canonical UUID text (``uuid_text``).
"""

import dataclasses
import re
from datetime import UTC, datetime
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder

from domain.action import Action
from domain.acts import ACT_OF_EVENT
from domain.agreement import Agreement
from domain.base import DialoguePart
from domain.comment import Comment
from domain.contribution import Contribution
from domain.dialogue import Dialogue
from domain.dot_vote import DotVote
from domain.dysfunction import Dysfunction
from domain.instance import Instance
from domain.meeting import Meeting
from domain.proposal import Proposal
from domain.stakeholder import Stakeholder
from projections.decoding import id_text

AGGREGATES: dict[str, type[DialoguePart]] = {
    "dialogue": Dialogue,
    "stakeholder": Stakeholder,
    "instance": Instance,
    "meeting": Meeting,
    "contribution": Contribution,
    "proposal": Proposal,
    "agreement": Agreement,
    "action": Action,
    "dysfunction": Dysfunction,
    "dot_vote": DotVote,
    "comment": Comment,
}
"""The kinds of subject, by public name: what an act concerns."""

EVENT_CLASSES: dict[str, tuple[str, type[DialoguePart.Event]]] = {
    name: (kind, value)
    for kind, aggregate in AGGREGATES.items()
    for name, value in vars(aggregate).items()
    if name in ACT_OF_EVENT and isinstance(value, type) and issubclass(value, DialoguePart.Event)
}
SUBJECT_KIND: dict[str, str] = {name: kind for name, (kind, _) in EVENT_CLASSES.items()}
"""Event class name of every act (the platform's too) -> the kind of aggregate that records it."""


class ActEvent(NamedTuple):
    """What the projection needs to know of one class of event, looked up once per event."""

    act: str
    kind: str
    names_dialogue: bool
    """A part's creation: the event carries its ``dialogue_id``."""


def _act_event(name: str, act: str) -> ActEvent:
    # An act recorded by an aggregate missing from AGGREGATES still gets its rows (the tests
    # require every act to be known here, so that its subject is named and placed).
    kind, event_class = EVENT_CLASSES.get(name, ("unknown", None))
    fields = {f.name for f in dataclasses.fields(event_class)} if event_class else set()
    return ActEvent(act, kind, "dialogue_id" in fields)


ACT_EVENTS: dict[str, ActEvent] = {name: _act_event(name, act) for name, act in ACT_OF_EVENT.items()}
"""Event class name -> its act: those of the catalogue and those the platform records (``PLATFORM_ACTS``)."""


class Facts(NamedTuple):
    """What a row takes from its event."""

    recorded_at: str
    actor_id: str
    actor_role: str
    dialogue_id: str | None
    """Only for a part's creation (``ActEvent.names_dialogue``)."""
    to_stage: str | None
    """Only for ``StageAdvanced``."""


def facts_of_event(event: Any, info: ActEvent) -> Facts:
    return Facts(
        utc_text(event.timestamp),
        str(event.actor_id),
        str(event.actor_role),
        id_text(event.dialogue_id) if info.names_dialogue else None,
        str(event.to_stage) if info.act == "stage-advanced" else None,
    )


def facts_of_state(state: dict[str, Any], info: ActEvent) -> Facts:
    """The same facts from the event's stored JSON (``JSONTranscoder``); KeyError, TypeError or
    ValueError for a state of another shape."""
    timestamp = state["timestamp"]
    if timestamp["_type_"] != "datetime_iso":
        raise ValueError(timestamp["_type_"])
    moment = timestamp["_data_"]
    if len(moment) != len("2026-03-12T18:30:00.000000+00:00") or not moment.endswith("+00:00"):
        moment = utc_text(datetime.fromisoformat(moment))
    dialogue_id = None
    if info.names_dialogue:
        stored = state["dialogue_id"]
        if stored["_type_"] != "uuid_hex":
            raise ValueError(stored["_type_"])
        dialogue_id = uuid_text(stored["_data_"])
    to_stage = str(state["to_stage"]) if info.act == "stage-advanced" else None
    return Facts(moment, str(state["actor_id"]), str(state["actor_role"]), dialogue_id, to_stage)


HEX_ID = re.compile("[0-9a-f]{32}")


KEPT_TEXTS = 50_000
"""Texts of ids remembered by ``uuid_text`` before it starts again (ids repeat: a dialogue's)."""
_texts: dict[str, str] = {}


def uuid_text(value: UUID | str) -> str:
    """The canonical text of an id given as a UUID, its 32 hex digits or any text UUID() takes."""
    global _texts  # one dict, replaced at once: safe between threads
    if type(value) is str:
        found = _texts.get(value)
        if found is not None:
            return found
        if HEX_ID.fullmatch(value):  # as SQLite stores them: the quick way
            if len(_texts) >= KEPT_TEXTS:
                _texts = {}
            found = _texts[value] = f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
            return found
    return str(value if isinstance(value, UUID) else UUID(value))


def as_stored(mapper: Any, event_class: type) -> int | None:
    """The version of this class whose stored JSON ``mapper`` decodes as it stands (a state of another
    version is upcast: ``stored_version``); None if it decodes none so (a cipher, a compressor...)."""
    plain = mapper.cipher is None and mapper.compressor is None and type(mapper.transcoder) is JSONTranscoder
    return int(getattr(event_class, "class_version", 1)) if plain else None


def stored_version(state: dict[str, Any]) -> Any:
    """The class version an event's stored JSON was recorded at (the library's encoder names it from 2)."""
    return state.get("class_version", 1)


def utc_text(moment: datetime) -> str:
    """``2026-03-12T18:30:00.000000+00:00``: fixed width, so that text order is time order."""
    if moment.tzinfo is UTC and moment.microsecond:
        return moment.isoformat()  # the same text, faster: recorded events are in UTC
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
