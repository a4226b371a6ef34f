"""Event versions: every event has its ``class_version``, and an old version is read through its upcaster.

The upcaster is shown on an aggregate of this test (``Petition.Signed`` gained ``channel`` in its
version 2), and tried on the product's events: ``ContributionPosted`` and ``LiveSessionOpened``
gained ``anonymous`` (a card of an anonymous live session shows no author), then
``ContributionPosted`` its ``agenda_item`` (version 3).
"""

import json
from typing import Any

from eventsourcing.domain import event
from eventsourcing.persistence import StoredEvent

import domain.account
import domain.action
import domain.agreement
import domain.contribution
import domain.dialogue
import domain.dot_vote
import domain.dysfunction
import domain.instance
import domain.meeting
import domain.proposal
import domain.stakeholder  # noqa: F401  (every aggregate module, for DialoguePart's subclasses)
from application.dialogues import DialogueApp
from domain.base import DialoguePart


def aggregates(cls: type[DialoguePart]) -> list[type[DialoguePart]]:
    return [sub for direct in cls.__subclasses__() for sub in [direct, *aggregates(direct)]]


def test_every_event_has_a_class_version_and_an_upcaster_from_each_earlier_one() -> None:
    events = [
        value
        for aggregate in aggregates(DialoguePart)
        for value in vars(aggregate).values()
        if isinstance(value, type) and issubclass(value, DialoguePart.Event)
    ]
    assert len(events) > 80
    for event_class in events:
        version = event_class.class_version
        assert isinstance(version, int) and version >= 1, event_class
        missing = [
            f"upcast_v{v}_v{v + 1}"
            for v in range(1, version)
            if not hasattr(event_class, f"upcast_v{v}_v{v + 1}")
        ]
        assert not missing, (event_class, missing)


class Petition(DialoguePart):
    """A test aggregate whose ``Signed`` event gained a field."""

    @event("Opened")
    def __init__(self, actor_id: str, actor_role: str, title: str) -> None:
        self.title = title
        self.signatures: list[dict[str, str]] = []

    class Signed(DialoguePart.Event):
        class_version = 2
        name: str
        channel: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 had no ``channel``: every signature then was on paper."""
            state["channel"] = "paper"

        def apply(self, aggregate: Any) -> None:
            aggregate.signatures.append({"name": self.name, "channel": self.channel})


def test_an_event_stored_in_its_version_1_is_read_in_its_version_2(app: DialogueApp) -> None:
    petition = Petition(actor_id="a", actor_role="convenor", title="Save the weir")
    petition.trigger_event(Petition.Signed, actor_id="a", actor_role="convenor", name="Ana", channel="web")
    opened, signed = (app.mapper.to_stored_event(e) for e in petition.collect_events())
    state = json.loads(signed.state)
    assert state.pop("class_version") == 2
    del state["channel"]
    signed_v1 = StoredEvent(
        signed.originator_id, signed.originator_version, signed.topic, json.dumps(state).encode()
    )
    app.recorder.insert_events([opened, signed_v1])

    read = app.repository.get(petition.id)

    assert read.signatures == [{"name": "Ana", "channel": "paper"}]


def test_a_new_event_is_stored_in_its_current_version(app: DialogueApp) -> None:
    petition = Petition(actor_id="a", actor_role="convenor", title="Save the weir")
    petition.trigger_event(Petition.Signed, actor_id="a", actor_role="convenor", name="Ana", channel="web")
    app.recorder.insert_events([app.mapper.to_stored_event(e) for e in petition.collect_events()])

    assert app.repository.get(petition.id).signatures == [{"name": "Ana", "channel": "web"}]


def stored_as_version_1(app: DialogueApp, aggregate: Any, *fields: str, version: int = 1) -> None:
    """Store the aggregate's events, its last one as its ``version`` would have been (without ``fields``)."""
    stored = [app.mapper.to_stored_event(e) for e in aggregate.collect_events()]
    state = json.loads(stored[-1].state)
    assert state.pop("class_version") == version + len(fields)
    if version > 1:
        state["class_version"] = version
    for field in fields:
        del state[field]
    last = stored[-1]
    stored[-1] = StoredEvent(
        last.originator_id, last.originator_version, last.topic, json.dumps(state).encode()
    )
    app.recorder.insert_events(stored)


def test_a_card_and_a_live_session_recorded_before_anonymity_read_as_not_anonymous(app: DialogueApp) -> None:
    from uuid import uuid4

    from domain.base import Actor
    from domain.contribution import Contribution
    from domain.meeting import Meeting
    from domain.roles import Role

    by = Actor("felix", Role.FACILITATOR)
    card = Contribution.post(by, dialogue_id=uuid4(), kind="idea", text="des mares", anonymous=True)
    stored_as_version_1(app, card, "anonymous", "agenda_item")
    meeting = Meeting.schedule(
        by, dialogue_id=uuid4(), instance_id=uuid4(), title="Atelier", starts_at="2026-04-07T18:00",
        place="Die", agenda=["diagnostic"],
    )  # fmt: skip
    meeting.open_live_session(by, anonymous=True)
    stored_as_version_1(app, meeting, "anonymous")

    assert app.repository.get(card.id).anonymous is False
    assert app.repository.get(meeting.id).anonymous is False
    assert app.repository.get(meeting.id).live is True


def test_a_card_recorded_before_agenda_items_belongs_to_none(app: DialogueApp) -> None:
    from uuid import uuid4

    from domain.base import Actor
    from domain.contribution import Contribution
    from domain.roles import Role

    by = Actor("felix", Role.FACILITATOR)
    card = Contribution.post(
        by, dialogue_id=uuid4(), kind="idea", text="des mares", anonymous=True, agenda_item=2
    )
    stored_as_version_1(app, card, "agenda_item", version=2)

    read = app.repository.get(card.id)
    assert read.agenda_item is None and read.anonymous is True
