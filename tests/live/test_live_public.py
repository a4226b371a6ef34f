"""The public pages' live channel ``/public``: anyone follows a public dialogue and is told, by
position only, of each act the transparency log shows, once the read models hold it."""

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient

from application.dialogues import DialogueApp
from tests.application.test_consultation_calendar import DAY, later_consultation, on_day
from tests.builders import Scenario
from tests.live.conftest import LiveClient, act, join, received
from web.live.feed import LiveFeed
from web.live.public import PUBLIC_NAMESPACE, PublicNotices

Visitor = Callable[[], SocketIOTestClient]


@pytest.fixture
def visitor(web_app: Flask) -> Iterator[Visitor]:
    """An anonymous Socket.IO client on ``/public`` (no sign-in)."""
    clients: list[SocketIOTestClient] = []

    def connect() -> SocketIOTestClient:
        socketio = web_app.extensions["socketio"]
        clients.append(socketio.test_client(web_app, namespace=PUBLIC_NAMESPACE))
        return clients[-1]

    yield connect
    for client in clients:
        if client.is_connected(PUBLIC_NAMESPACE):
            client.disconnect(PUBLIC_NAMESPACE)


def follow(client: SocketIOTestClient, dialogue: object = "live-dialogue") -> dict:
    ack: dict = client.emit("follow", {"dialogue": dialogue}, namespace=PUBLIC_NAMESPACE, callback=True)
    return ack


def notices(client: SocketIOTestClient, name: str = "changed") -> list[dict]:
    return [e["args"][0] for e in client.get_received(PUBLIC_NAMESPACE) if e["name"] == name]


def broadcast(web_app: Flask) -> None:
    """What the live feed's thread does at each tick: broadcast the log, then the public notices."""
    feed: LiveFeed = web_app.extensions["live_feed"]
    feed.pump()
    public: PublicNotices = web_app.extensions["public_notices"]
    public.flush()


def test_an_anonymous_visitor_is_told_the_position_of_a_new_decision_and_nothing_else(
    web_app: Flask, dialogues: DialogueApp, visitor: Visitor
) -> None:
    scenario = Scenario(dialogues, slug="public-dialogue")
    scenario.presented()
    page = visitor()
    ack = follow(page, "public-dialogue")
    assert ack["ok"] and ack["position"] == dialogues.recorder.max_notification_id()
    scenario.decided()
    broadcast(web_app)
    assert notices(page) == [{"position": dialogues.recorder.max_notification_id()}]


def draft_sharing(dialogues: DialogueApp, scenario: Scenario) -> int:
    """A proposal drafted in the consultation group ("Partage en étiage"): its position in the log."""
    return dialogues.draft_proposal(
        "stakeholder",
        scenario.id,
        instance_id=scenario.consultation_group(),
        topic="prélèvements",
        title="Partage en étiage",
        text="réduire les prélèvements",
    ).position


def test_notices_wait_for_the_read_models_so_that_a_fetch_shows_the_act(
    web_app: Flask, dialogues: DialogueApp, scenario: Scenario, visitor: Visitor
) -> None:
    page = visitor()
    follow(page)
    web_app.extensions["projections_follow"] = True  # a runner of its own would keep them: none here
    position = draft_sharing(dialogues, scenario)
    broadcast(web_app)
    assert notices(page) == []  # the page fetched now would not show it yet
    assert "Partage en étiage" not in web_app.test_client().get("/dialogues/live-dialogue").get_data(
        as_text=True
    )
    web_app.extensions["projections"].catch_up()
    broadcast(web_app)
    (notice,) = notices(page)
    assert position <= notice["position"] <= position + 1  # the act, or the event that indexes it
    html = web_app.test_client().get("/dialogues/live-dialogue").get_data(as_text=True)
    shown = dialogues.recorder.max_notification_id()
    assert "Partage en étiage" in html and f'data-position="{shown}"' in html


def test_acts_the_public_pages_leave_out_send_nothing(
    web_app: Flask, scenario: Scenario, live: LiveClient, visitor: Visitor
) -> None:
    meeting = str(scenario.meeting())
    contribution = str(scenario.contribution())
    broadcast(web_app)  # what was recorded before the page was open
    page = visitor()
    follow(page)
    facilitator = live("facilitator")
    join(facilitator)
    for name, fields in [
        ("live-session-opened", {"meeting_id": meeting}),
        ("agenda-pointer-moved", {"meeting_id": meeting, "item": 0}),
        ("contribution-clustered", {"contribution_id": contribution, "cluster": "eau"}),
        ("minutes-drafted", {"meeting_id": meeting, "text": "Brouillon"}),
    ]:
        assert act(facilitator, name, **fields)["ok"]
    broadcast(web_app)
    assert len(received(facilitator)) == 4 and notices(page) == []


def test_a_visitor_follows_one_dialogue_and_hears_only_of_it(
    web_app: Flask, dialogues: DialogueApp, scenario: Scenario, visitor: Visitor
) -> None:
    other = Scenario(dialogues, slug="other-dialogue")
    broadcast(web_app)
    page = visitor()
    follow(page, "other-dialogue")
    follow(page)  # the page now shows live-dialogue: other-dialogue's acts no longer concern it
    other.stakeholders()
    broadcast(web_app)
    assert notices(page) == []
    scenario.drafted_proposal()
    broadcast(web_app)
    assert len(notices(page)) == 1


def test_a_malformed_or_unknown_follow_gets_an_error_naming_the_problem(
    visitor: Visitor, scenario: Scenario
) -> None:
    page = visitor()
    missing = follow(page, "no-such-dialogue")
    assert missing["status"] == 404 and missing["errors"]["_schema"] == ["Ce dialogue n'existe pas."]
    malformed = page.emit("follow", {"dialogue": 12}, namespace=PUBLIC_NAMESPACE, callback=True)
    assert malformed["status"] == 400 and "dialogue" in malformed["errors"]
    assert [e["status"] for e in notices(page, "error")] == [404, 400]


def test_a_visitor_that_floods_is_slowed_down(visitor: Visitor, scenario: Scenario) -> None:
    page = visitor()
    statuses = [follow(page).get("status", 200) for _ in range(30)]
    assert statuses[:20] == [200] * 20 and 429 in statuses[20:]


def test_the_followers_of_a_public_page_are_told_of_a_platform_act(
    web_app: Flask, dialogues: DialogueApp, scenario: Scenario, visitor: Visitor
) -> None:
    on_day(dialogues, DAY)
    later_consultation(scenario, dialogues)
    page = visitor()
    follow(page)
    broadcast(web_app)
    notices(page)
    on_day(dialogues, DAY + timedelta(days=2))
    assert dialogues.reach_consultation_dates() == 1
    broadcast(web_app)
    assert notices(page) == [{"position": dialogues.recorder.max_notification_id()}]
