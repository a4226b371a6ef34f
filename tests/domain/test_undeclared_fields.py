"""An act's method takes the fields its declaration names (``**fields: Unpack[...]``), and no other:
Python does not check that at runtime, ``domain.fields.refuse_undeclared`` does."""

from uuid import uuid4

import pytest

from domain.errors import InvalidActError
from domain.fields import declaration
from domain.meeting import Meeting
from tests.domain.conftest import CONVENOR, FACILITATOR


def test_an_undeclared_field_is_refused_naming_it(walk) -> None:
    before = len(walk.dialogue.pending_events)

    with pytest.raises(InvalidActError) as refused:
        walk.dialogue.record_concern(CONVENOR, concern="dry wells", raised_by="farmers", colour="red")

    assert (refused.value.field, refused.value.code) == ("colour", "undeclared-field")
    assert len(walk.dialogue.pending_events) == before


def test_an_act_on_a_part_refuses_an_undeclared_field_too(walk) -> None:
    walk.define_framework()
    meeting = Meeting.schedule(
        FACILITATOR,
        dialogue_id=walk.dialogue.id,
        instance_id=uuid4(),
        title="Launch",
        starts_at="2026-03-12T18:30",
        place="Town hall",
        agenda=["welcome"],
    )

    with pytest.raises(InvalidActError) as refused:
        meeting.hold(FACILITATOR, held_on="2026-03-12", attendance=12, excused=1, mood="good")

    assert refused.value.field == "mood"
    assert meeting.held_on is None


def test_every_act_on_a_part_takes_its_declaration() -> None:
    assert declaration(Meeting.hold) is Meeting.HoldFields
