"""Malformed and oversized Socket.IO payloads on /live: the server lives on, other clients stay.

A real server (Werkzeug, threads, WebSocket) with its live feed running. A
stakeholder sends every event of the namespace with payloads of every wrong
shape: each is refused with a 4xx ack (or ignored), never a crash. Then raw
packets that are not Socket.IO at all, and a message over the size limit,
each on a connection of its own (the server may drop that connection). All
the while a facilitator watches the dialogue: it stays connected and still
receives the next act, and the server still answers HTTP.

Then, as a role that may perform it, every live act with each bounded field at
its bound and one over it, a lone surrogate, a NUL and a line break in each of
its texts: no refusal but a 4xx naming the field, and the sender stays connected.
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
from domain.acts import ACTS
from domain.roles import Role
from tests.bounds import hostile
from tests.builders import Scenario
from tests.live.conftest import ensure_account
from tests.live.test_live_catch_up import TIMEOUT, Listener
from tests.live.test_live_two_servers import Server
from tests.reliability.figures import report  # noqa: F401  (a fixture)
from web.live import guard as liveguard
from web.live.flood import TokenBucket
from web.live.namespace import NAMESPACE
from web.schemas import ACT_FORMS
from web.schemas.live import LIVE_ACTS

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
    {"dialogue": "\ud800"},
    {"dialogue": SLUG + "\x00"},
    {"dialogue": SLUG, "act": "contribution-posted", "fields": {"kind": "idea", "text": "\udc00 \x00"}},
    {"dialogue": SLUG, "act": "contribution-posted", "fields": {"kind": "idea", "text": "x" * 900_000}},
    {"dialogue": SLUG, "act": "contribution-posted", "fields": {"\ud800": "x"}},
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
    assert all(ack["errors"] for ack in acks if not ack["ok"])  # each refusal says which field, or _schema
    report("live fuzzing", events=len(acks), refused=sum(not ack["ok"] for ack in acks), statuses=statuses)
    assert all(isinstance(ack, dict) for ack in acks)
    assert all(400 <= status < 500 and status != 429 for status in statuses)


def test_every_live_act_refuses_each_field_over_its_bound_or_with_a_forbidden_character(
    server: Server,
    report: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(liveguard, "TokenBucket", partial(TokenBucket, burst=10_000))
    senders = {login: Listener(server.url, login) for login in ("facilitator", "stakeholder")}
    for sender in senders.values():
        sender.join(None)
    head = server.app.extensions["dialogues"].recorder.max_notification_id()
    failures, sent = [], 0
    try:
        for act in LIVE_ACTS:
            sender = senders["facilitator" if Role.FACILITATOR in ACTS[act].roles else "stakeholder"]
            for field, body in hostile(ACT_FORMS[act].schema()):
                payload = {"dialogue": SLUG, "act": act, "fields": body}
                ack = sender.client.call("act", payload, namespace=NAMESPACE, timeout=TIMEOUT)
                sent += 1
                at_bound = field.startswith("-")
                if (
                    not sender.client.connected
                    or (not ack["ok"] and not 400 <= ack["status"] < 500)
                    or (at_bound and not ack["ok"] and field[1:] in ack["errors"])
                    or (not at_bound and (ack["ok"] or ack["status"] != 400 or field not in ack["errors"]))
                ):
                    failures.append(f"{act} {field}: {str(ack)[:200]}")
    finally:
        for sender in senders.values():
            sender.close()
    report("live hostile fields", events=sent, failures=len(failures))
    assert failures == [], "\n".join(failures[:20])
    assert server.app.extensions["dialogues"].recorder.max_notification_id() >= head
