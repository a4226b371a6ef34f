"""The acts the platform records by itself (a public consultation starting and ending at its dates,
``domain.acts.PLATFORM_ACTS``) reach the live board like any other, named, summarised and with the
platform as actor; a citizen's act names its author by pseudonym (the public pages' followers are
told of the platform's acts: tests/live/test_live_public.py)."""

from datetime import timedelta

from flask import Flask

from application.dialogues import DialogueApp
from domain.acts import PLATFORM_ACTS
from tests.application.test_consultation_calendar import DAY, later_consultation, on_day
from tests.builders import Scenario
from tests.live.conftest import LiveClient, join, received
from web.live.feed import LiveFeed


def test_the_platform_acts_reach_the_board_named_with_the_platform_as_actor(
    web_app: Flask, dialogues: DialogueApp, live: LiveClient, scenario: Scenario
) -> None:
    facilitator = live("facilitator")
    join(facilitator)
    on_day(dialogues, DAY)
    later_consultation(scenario, dialogues)
    for day in (2, 9):
        on_day(dialogues, DAY + timedelta(days=day))
        assert dialogues.reach_consultation_dates() == 1
    feed: LiveFeed = web_app.extensions["live_feed"]
    feed.pump()

    shown = {p["act"]: p for p in received(facilitator) if p["act"] in PLATFORM_ACTS}
    assert list(shown) == list(PLATFORM_ACTS)  # started, then ended
    for payload in shown.values():
        assert payload["actor_role"] == "platform" and payload["actor_name"] is None
        assert payload["dialogue_id"] == str(scenario.id)
        assert payload["summary"]["en"] and payload["summary"]["fr"]
    assert shown["consultation-started"]["summary"]["en"].startswith("Public consultation opened")


def test_a_citizens_act_names_its_author_by_pseudonym(
    web_app: Flask, dialogues: DialogueApp, live: LiveClient, scenario: Scenario
) -> None:
    facilitator = live("facilitator")
    join(facilitator)
    scenario.citizen_contribution()  # Paul du Moulin's observation
    web_app.extensions["live_feed"].pump()
    [contributed] = [p for p in received(facilitator) if p["act"] == "citizen-contributed"]
    assert contributed["actor_name"] == "Paul du Moulin"
    assert contributed["actor_id"].startswith("citizen:")
