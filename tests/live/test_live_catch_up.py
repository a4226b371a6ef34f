"""Catch-up with real python-socketio clients against a server running in a thread on a free port.

A client that reconnects sends the last position it saw and receives exactly
what it missed, in order, then the live acts: no gap, no duplicate.
"""

import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import socketio
from flask import Flask
from werkzeug.serving import make_server

from application.dialogues import DialogueApp
from tests.builders import MEMBERS, Scenario
from tests.live.conftest import ensure_account
from tests.web.conftest import PASSWORD, make_web_app
from web import close_app
from web.live.namespace import NAMESPACE

TIMEOUT = 15.0


class Listener:
    """A python-socketio client signed in as ``login``, keeping the ``act`` payloads it receives."""

    def __init__(self, base: str, login: str):
        http = requests.Session()
        page = http.get(f"{base}/login", timeout=TIMEOUT).text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token is not None
        form = {"login": login, "password": PASSWORD, "csrf_token": token.group(1)}
        assert (
            http.post(f"{base}/login", data=form, allow_redirects=False, timeout=TIMEOUT).status_code == 303
        )
        self.cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
        http.close()
        self.base = base
        self.acts: list[dict[str, Any]] = []
        self.client = socketio.Client()
        self.client.on("act", self.acts.append, namespace=NAMESPACE)

    def join(self, since: int | None) -> dict[str, Any]:
        self.client.connect(
            self.base, namespaces=[NAMESPACE], headers={"Cookie": self.cookie}, transports=["websocket"]
        )
        ack: dict[str, Any] = self.client.call(
            "join", {"dialogue": "live-dialogue", "since": since}, namespace=NAMESPACE, timeout=TIMEOUT
        )
        assert ack["ok"], ack
        return ack

    def wait_for(self, position: int) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not (self.acts and self.acts[-1]["position"] >= position):
            assert time.monotonic() < deadline, f"position {position} never came"
            time.sleep(0.02)

    def last(self) -> int:
        return self.acts[-1]["position"]

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def server(sqlite_url: str) -> Iterator[tuple[str, Flask]]:
    app = make_web_app(sqlite_url, RUN_LIVE=True)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}", app
    http.shutdown()
    thread.join()
    close_app(app)


@pytest.fixture
def listener(server: tuple[str, Flask]) -> Iterator[Callable[[str], Listener]]:
    made: list[Listener] = []

    def make(login: str) -> Listener:
        ensure_account(server[1].extensions["dialogues"], login)
        made.append(Listener(server[0], login))
        return made[-1]

    yield make
    for one in made:
        one.close()


def post(dialogues: DialogueApp, scenario: Scenario, count: int) -> list[int]:
    return [
        dialogues.post_contribution(MEMBERS[0], scenario.id, kind="idea", text=f"idée {n}").position
        for n in range(count)
    ]


def test_a_client_disconnected_while_100_acts_are_recorded_gets_exactly_those(
    server: tuple[str, Flask], listener: Callable[[str], Listener]
) -> None:
    dialogues: DialogueApp = server[1].extensions["dialogues"]
    scenario = Scenario(dialogues, slug="live-dialogue")
    scenario.meeting()
    first = listener("facilitator")
    ack = first.join(since=0)
    history = [a["position"] for a in dialogues.acts(scenario.id)]
    assert [a["position"] for a in first.acts] == history
    seen = max(first.last(), ack["position"])
    first.close()

    missed = post(dialogues, scenario, 100)

    again = listener("facilitator")
    again.join(since=seen)
    again.wait_for(missed[-1])
    assert [a["position"] for a in again.acts] == missed
    assert [a["fields"]["text"] for a in again.acts] == [f"idée {n}" for n in range(100)]

    live = post(dialogues, scenario, 1)  # then the live acts, through the follower
    again.wait_for(live[0])
    time.sleep(0.5)
    assert [a["position"] for a in again.acts] == [*missed, *live]


def test_catch_up_while_acts_are_being_recorded_has_no_gap_and_no_duplicate(
    server: tuple[str, Flask], listener: Callable[[str], Listener]
) -> None:
    dialogues: DialogueApp = server[1].extensions["dialogues"]
    scenario = Scenario(dialogues, slug="live-dialogue")
    scenario.meeting()
    since = dialogues.recorder.max_notification_id()
    post(dialogues, scenario, 50)
    writer = threading.Thread(target=post, args=(dialogues, scenario, 100))
    client = listener("stakeholder")
    writer.start()
    client.join(since=since)
    writer.join()
    expected = [a["position"] for a in dialogues.acts(scenario.id) if a["position"] > since]
    assert len(expected) == 150
    client.wait_for(expected[-1])
    time.sleep(0.5)
    assert [a["position"] for a in client.acts] == expected
