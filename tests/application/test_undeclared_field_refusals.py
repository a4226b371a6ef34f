"""The application's act methods refuse a field their act does not declare, before reading the store."""

import pytest

from domain.errors import InvalidActError
from tests.builders import Scenario


def test_an_act_given_an_undeclared_field_is_refused_and_not_recorded(app) -> None:
    scenario = Scenario(app)
    before = app.recorder.max_notification_id()

    with pytest.raises(InvalidActError) as refused:
        app.add_topic(scenario.convenor, scenario.id, topic="irrigation", colour="red")

    assert refused.value.field == "colour"
    assert app.recorder.max_notification_id() == before


def test_an_act_on_a_part_given_an_undeclared_field_is_refused(app) -> None:
    scenario = Scenario(app)
    meeting_id = scenario.meeting()
    before = app.recorder.max_notification_id()

    with pytest.raises(InvalidActError) as refused:
        app.hold_meeting(
            scenario.facilitator, scenario.id, meeting_id, held_on="2026-03-12", attendance=3, mood=1
        )

    assert refused.value.field == "mood"
    assert app.recorder.max_notification_id() == before
