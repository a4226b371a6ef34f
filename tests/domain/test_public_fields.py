"""An event's public fields (``PUBLIC``): fields it records, never personal data."""

import dataclasses

import pytest

from domain.base import DialoguePart
from domain.dialogue import Dialogue
from domain.fields import public, public_fields


def events() -> list[type[DialoguePart.Event]]:
    return [
        value
        for value in vars(Dialogue).values()
        if isinstance(value, type) and issubclass(value, DialoguePart.Event)
    ]


@pytest.mark.parametrize("name", ["actor_id", "account_id", "operator_id", "person_id", "sealed_contact"])
def test_a_field_naming_a_person_or_sealed_cannot_be_declared_public(name: str) -> None:
    with pytest.raises(ValueError, match=f"{name} is personal data"):
        public("body", name)


def test_every_public_field_is_a_field_its_event_records() -> None:
    declaring = [event for event in events() if event.PUBLIC]
    assert Dialogue.DecisionAdopted in declaring
    for event in declaring:
        recorded = {field.name for field in dataclasses.fields(event)}
        assert set(event.PUBLIC) <= recorded, event


def test_an_event_without_a_declaration_shows_nothing(walk) -> None:
    opened = walk.dialogue.collect_events()[0]
    assert type(opened).PUBLIC == ()
    assert public_fields(opened) == {}
