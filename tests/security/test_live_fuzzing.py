"""Malformed and oversized Socket.IO payloads on /live: the server lives on, other clients stay.

A real server (Werkzeug, threads, WebSocket) with its live feed running. A
stakeholder sends every event of the namespace with payloads of every wrong
shape: each is refused with a 4xx ack (or ignored), never a crash. Then raw
packets that are not Socket.IO at all, and a message over the size limit,
each on a connection of its own (the server may drop that connection). All
the while a facilitator watches the dialogue: it stays connected and still
receives the next act, and the server still answers HTTP.
"""

import threading
import time
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
import requests
import socketio

from application.dialogues import DialogueApp
from tests.builders import Scenario
from tests.live.conftest import ensure_account
from tests.live.test_live_catch_up import TIMEOUT, Listener
from tests.live.test_live_two_servers import Server
from tests.reliability.figures import report  # noqa: F401  (a fixture)
from web import liveguard
from web.live import NAMESPACE
from web.liveflood import TokenBucket

SLUG = "live-dialogue"
PAYLOADS: list[Any] = [
    None,
    0,
    -1,
    1e308,
    True,
    "",
    "x" * 200_000,
    [],
    [SLUG, 1],
    b"\x00\xff" * 100,
    {},
    {"dialogue": 5},
    {"dialogue": "x" * 10_000},
    {"dialogue": {"$ne": None}},
    {"dialogue": "'; DROP TABLE stored_events; --"},
    {"dialogue": SLUG, "since": "abc"},
    {"dialogue": SLUG, "since": -5},
    {"dialogue": SLUG, "since": 10**40},
    {"dialogue": SLUG, "session": "not-a-uuid"},
    {"dialogue": SLUG, "session": "00000000-0000-0000-0000-000000000000"},
    {"dialogue": SLUG, "act": "no-such-act", "values": {}},
    {"dialogue": SLUG, "act": "contribution-posted", "values": "not an object"},
    {"dialogue": SLUG, "act": "contribution-posted", "values": {"kind": ["x"], "text": {"a": 1}}},
    {"dialogue": SLUG, "act": "contribution-posted", "values": {"kind": "idea", "text": "\x00" * 1000}},
    {"dialogue": SLUG, "act": "decision-adopted", "values": {}},
    {"dialogue": SLUG, "unexpected": [1, 2, 3]},
]
EVENTS = ("join", "watch", "leave", "act")
RAW_PACKETS = [
    '2/live,["join"',  # an event whose JSON is cut short
    "2/live,",
    "2/live,{}",
    '2/live,99999999999999999999999["join",{}]',
    '2/nowhere,["join",{}]',
    '5/live,1-["act",{"_placeholder":true,"num":7}]',  # a binary event whose attachment never comes
    "0/live,{",
    "9",
    "",
    b"\xff\xfe\x00",  # binary, not UTF-8, where no attachment is expected
    '2/live,["join",' + '{"dialogue":' * 5000 + "1" + "}" * 5000 + "]",  # too deep for a recursive parser
]
OVERSIZED = "x" * 2_000_000
"""Over python-engineio's max_http_buffer_size (1 MB)."""


@pytest.fixture
def server(sqlite_url: str) -> Iterator[Server]:
    served = Server(sqlite_url, None, "unused")  # type: ignore[arg-type]  # no Redis: one process
    dialogues = served.app.extensions["dialogues"]
    Scenario(dialogues, slug=SLUG).meeting()
    for login in ("facilitator", "stakeholder"):
        ensure_account(dialogues, login)
    yield served
    served.stop()


def raw_client(cookie: str, base: str) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.connect(base, namespaces=[NAMESPACE], headers={"Cookie": cookie}, transports=["websocket"])
    return client


def test_malformed_and_oversized_payloads_neither_crash_the_server_nor_drop_other_clients(
    server: Server,
    report: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every payload reaches its handler: the flood limit (tested on its own) would refuse most.
    monkeypatch.setattr(liveguard, "TokenBucket", partial(TokenBucket, burst=10_000))
    observer, attacker = Listener(server.url, "facilitator"), Listener(server.url, "stakeholder")
    observer.join(None)
    attacker.join(None)
    head = server.app.extensions["dialogues"].recorder.max_notification_id()
    acks = []
    try:
        for event in EVENTS:
            for payload in PAYLOADS:
                if not attacker.client.connected:
                    attacker = Listener(server.url, "stakeholder")
                    attacker.join(None)
                acks.append(attacker.client.call(event, payload, namespace=NAMESPACE, timeout=TIMEOUT))
        attacker.client.emit("no-such-event", {"x": 1}, namespace=NAMESPACE)
        raws = [raw_client(attacker.cookie, server.url) for _ in [*RAW_PACKETS, OVERSIZED]]
        for raw, packet in zip(raws, [*RAW_PACKETS, OVERSIZED], strict=True):
            raw.eio.send(packet)
        time.sleep(0.5)
        closing = [threading.Thread(target=raw.disconnect) for raw in raws]  # each takes a while
        for thread in closing:
            thread.start()
        for raw, thread in zip(raws, closing, strict=True):
            thread.join()
            raw.eio.ws.shutdown()  # its socket, which a connection the server dropped leaves open

        assert observer.client.connected
        dialogues: DialogueApp = server.app.extensions["dialogues"]
        assert dialogues.recorder.max_notification_id() == head  # the attack recorded nothing
        position = dialogues.post_contribution(
            "stakeholder", dialogues.dialogue_id(SLUG), kind="idea", text="après l'attaque"
        ).position
        observer.wait_for(position)
        assert requests.get(f"{server.url}/login", timeout=TIMEOUT).status_code == 200
    finally:
        observer.close()
        attacker.close()

    statuses = sorted({ack.get("status") for ack in acks if not ack["ok"]})
    report("live fuzzing", events=len(acks), refused=sum(not ack["ok"] for ack in acks), statuses=statuses)
    assert all(isinstance(ack, dict) for ack in acks)
    assert all(400 <= status < 500 and status != 429 for status in statuses)
