"""The schemas' bounds on ``/live``, through a real server and client (Werkzeug, WebSocket, python-socketio).

The transport takes any message up to ``web.live.MESSAGE_BYTES``, above the largest valid act;
the schemas refuse what is over a field's bound with an ``error`` event naming the field,
as they refuse a lone surrogate, a NUL or a line break in a title, and too deep a nesting.
Messages are in French, the language of a client that asks for none.
"""

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import socketio

from application.dialogues import DialogueApp
from tests.bounds import HEAVY, largest
from tests.builders import Scenario
from tests.live.conftest import ensure_account
from tests.live.test_live_catch_up import TIMEOUT, Listener
from tests.live.test_live_two_servers import Server
from web.live.namespace import MESSAGE_BYTES, NAMESPACE
from web.schemas import ACT_FORMS
from web.schemas.fields import LONG, SHORT
from web.schemas.live import LIVE_ACTS

SLUG = "live-dialogue"


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:
    served = Server(database_url, None, "unused")  # type: ignore[arg-type]  # no Redis: one process
    dialogues = served.app.extensions["dialogues"]
    Scenario(dialogues, slug=SLUG).meeting()
    ensure_account(dialogues, "stakeholder")
    yield served
    served.stop()


class Sender(Listener):
    """A stakeholder's connection, keeping the ``error`` events it receives."""

    def __init__(self, base: str):
        super().__init__(base, "stakeholder")
        self.errors: list[dict[str, Any]] = []
        self.client.on("error", self.errors.append, namespace=NAMESPACE)

    def act(self, name: str, values: Any, dialogue: Any = SLUG) -> Any:
        payload = {"dialogue": dialogue, "act": name, "fields": values}
        return self.client.call("act", payload, namespace=NAMESPACE, timeout=TIMEOUT)


@pytest.fixture
def sender(server: Server) -> Iterator[Sender]:
    made = Sender(server.url)
    made.join(None)
    yield made
    made.close()


def recorded(server: Server) -> int:
    dialogues: DialogueApp = server.app.extensions["dialogues"]
    return int(dialogues.recorder.max_notification_id() or 0)


def test_the_largest_valid_live_act_passes_the_transport(server: Server, sender: Sender) -> None:
    """Every live act with every field at its bound, every character a JSON escape, is read by the
    schema (what the domain then says of it does not matter here): the transport took it."""
    sizes = {}
    for name in LIVE_ACTS:
        values = largest(ACT_FORMS[name].schema())
        sizes[name] = len(json.dumps({"dialogue": SLUG, "act": name, "fields": values}))
        ack = sender.act(name, values)
        assert ack["ok"] or ack["status"] != 400, (name, ack)
        assert sender.client.connected

    assert MESSAGE_BYTES / 2 < max(sizes.values()) < MESSAGE_BYTES


REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    ("contribution-posted", {"kind": "idea", "text": "x" * (LONG + 1)}, "text", "20000 caractères au plus."),
    ("contribution-posted", {"kind": "idea", "text": HEAVY * (MESSAGE_BYTES // 13)}, "text", "20000 caract"),
    ("contribution-posted", {"kind": "idea", "text": "lone \ud800 surrogate"}, "text", "(U+D800)"),
    ("contribution-posted", {"kind": "idea", "text": "a NUL \x00"}, "text", "(U+0000)"),
    ("contribution-posted", {"kind": "idea", "text": "x", "meeting_id": "\ud800"}, "meeting_id", "Réunion"),
    ("proposal-drafted", {"title": "one\r\ntwo", "topic": "x"}, "title", "(U+000D)"),
    ("proposal-drafted", {"title": "x" * (SHORT + 1), "topic": "x"}, "title", "200 caractères au plus."),
]
"""(act, fields, the field named, what its message says): over a bound (one character, or
almost the transport's limit), a lone surrogate, a NUL, a line break in a one-line text."""


def test_a_field_over_its_bound_or_with_a_forbidden_character_is_an_error_naming_it(
    server: Server, sender: Sender
) -> None:
    before = recorded(server)

    for name, values, field, message in REFUSED:
        ack = sender.act(name, values)

        assert ack["status"] == 400 and message in ack["errors"][field][0], (name, field, ack)
        assert sender.errors[-1] == {key: ack[key] for key in ("event", "status", "errors")}
    surrogate = sender.act("contribution-posted", {"kind": "idea", "text": "x"}, dialogue="\udfff")

    assert surrogate["status"] == 400 and "(U+DFFF)" in surrogate["errors"]["dialogue"][0]
    assert sender.client.connected and recorded(server) == before


def test_an_event_nested_too_deeply_is_an_error_naming_the_body(server: Server, sender: Sender) -> None:
    before = recorded(server)
    raw = socketio.Client(reconnection=False)
    errors: list[dict[str, Any]] = []
    received = threading.Event()
    raw.on("error", lambda e: (errors.append(e), received.set()), namespace=NAMESPACE)
    raw.connect(
        server.url, namespaces=[NAMESPACE], headers={"Cookie": sender.cookie}, transports=["websocket"]
    )
    try:
        raw.eio.send('2/live,["act",' + "[" * 50_000 + "]" * 50_000 + "]")
        assert received.wait(TIMEOUT)
    finally:
        raw.disconnect()

    assert errors == [
        {
            "event": "act",
            "status": 400,
            "errors": {"_schema": ["Les données sont imbriquées trop profondément pour être lues."]},
        }
    ]
    assert recorded(server) == before
