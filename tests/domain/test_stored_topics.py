"""Events stored before ``Dialogue`` was split into stage mixins still load, under their old topics.

``data/dialogue_events_before_split.json`` holds the main dialogue's stored events (topic and state,
as the database holds them) and its state after replay, as recorded by the demo at commit a889069,
when every act of ``Dialogue`` was one ``@event`` method of ``domain/dialogue.py``.
"""

import json
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from application.dialogues import DialogueApp
from domain.dialogue import Dialogue

RECORDED = json.loads((Path(__file__).parent / "data" / "dialogue_events_before_split.json").read_text())


def plain(value: Any) -> Any:
    """``value`` as the JSON of the recording holds it (UUIDs and enums as text)."""
    return json.loads(json.dumps(value, default=str))


def test_a_dialogue_stored_under_the_old_topics_replays_to_the_same_state(app: DialogueApp) -> None:
    dialogue_id = UUID(RECORDED["originator_id"])
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=dialogue_id,
                originator_version=event["originator_version"],
                topic=event["topic"],
                state=event["state"].encode(),
            )
            for event in RECORDED["events"]
        ]
    )

    dialogue = app.repository.get(dialogue_id)

    assert isinstance(dialogue, Dialogue)
    assert {name: plain(getattr(dialogue, name)) for name in RECORDED["state"]} == RECORDED["state"]
    assert dialogue.version == len(RECORDED["events"])


def test_new_events_are_stored_under_the_topics_of_the_old_ones(app: DialogueApp) -> None:
    old_topics = {event["topic"] for event in RECORDED["events"]}
    new_topics = {
        f"domain.dialogue:Dialogue.{name}"
        for name, value in vars(Dialogue).items()
        if isinstance(value, type) and issubclass(value, Dialogue.Event)
    }
    assert old_topics <= new_topics
