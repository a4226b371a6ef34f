"""Without a queue, a process with no client connected passes the log's acts unread (none would receive
them): a client who joins later gets them from the store, and a public page's follower who comes before
the read models reach them is still told of them (``LiveFeed.unheard``, ``PublicNotices.recover``)."""

from typing import Any

import pytest
from flask import Flask

from application.dialogues import DialogueApp
from tests.builders import Scenario
from tests.live.conftest import LiveClient, join, received
from tests.live.test_live_public import (  # noqa: F401 (fixture)
    Visitor,
    broadcast,
    draft_sharing,
    follow,
    notices,
    visitor,
)
from web.live.feed import LiveFeed


def reads_of(dialogues: DialogueApp, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The starts of the log's reads from now on."""
    reads: list[int] = []
    select = dialogues.recorder.select_notifications

    def counted(start: int, *args: Any, **kwargs: Any) -> Any:
        reads.append(start)
        return select(start, *args, **kwargs)

    monkeypatch.setattr(dialogues.recorder, "select_notifications", counted)
    return reads


def test_acts_no_client_would_receive_pass_unread_and_a_later_join_gets_them(
    web_app: Flask,
    dialogues: DialogueApp,
    scenario: Scenario,
    live: LiveClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feed: LiveFeed = web_app.extensions["live_feed"]
    since = feed.pump()
    scenario.contribution()
    scenario.drafted_proposal()
    reads = reads_of(dialogues, monkeypatch)
    assert feed.pump() == dialogues.recorder.max_notification_id()
    assert reads == []  # passed: no one here to send them to
    expected = [
        position
        for position, payload in feed.read(since, None)
        if payload is not None and payload["dialogue_id"] == str(scenario.id)
    ]
    assert len(expected) >= 2
    client = live("stakeholder")
    assert join(client, since=since)["ok"]
    assert [each["position"] for each in received(client)] == expected  # from the store, once, in order
    dialogues.post_contribution("stakeholder", scenario.id, kind="idea", text="les puits baissent")
    feed.pump()  # now someone is here: broadcast as it comes
    assert [each["act"] for each in received(client)] == ["contribution-posted"]


def test_a_public_follower_who_comes_after_acts_passed_unread_is_told_of_them(
    web_app: Flask,
    dialogues: DialogueApp,
    scenario: Scenario,
    visitor: Visitor,  # noqa: F811
) -> None:
    web_app.extensions["projections"].catch_up()
    broadcast(web_app)
    web_app.extensions["projections_follow"] = True  # a runner of its own would keep them: none here
    position = draft_sharing(dialogues, scenario)
    broadcast(web_app)  # no one here: passed unread
    assert web_app.extensions["public_notices"].pending == {}
    page = visitor()
    assert follow(page)["position"] < position  # the read models have not reached it
    web_app.extensions["projections"].catch_up()
    broadcast(web_app)
    (notice,) = notices(page)
    assert position <= notice["position"] <= position + 1  # the act, or the event that indexes it
