"""Fixtures of the live tests: a web app, a dialogue in collective work, Socket.IO clients signed in.

``live(login)`` is Flask-SocketIO's test client on ``/live``, carrying the
session cookie of a Flask test client signed in as ``login`` (an account made
for it, holding the roles the scenario gave that login); ``live(login, headers)``
connects with those HTTP headers (``Accept-Language``...).
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient

from application.dialogues import DialogueApp
from tests.builders import Scenario, ensure_accounts
from tests.webapp import dialogues, sign_in, web_app
from web.live.namespace import NAMESPACE

LiveClient = Callable[..., SocketIOTestClient]
__all__ = ["LiveClient", "act", "connect", "dialogues", "ensure_account", "join", "received", "web_app"]


@pytest.fixture
def scenario(dialogues: DialogueApp) -> Scenario:
    """A dialogue in collective work, its consultation group and a scheduled meeting."""
    built = Scenario(dialogues, slug="live-dialogue")
    built.meeting()
    return built


def ensure_account(dialogues: DialogueApp, login: str) -> None:
    ensure_accounts(dialogues, login)


def connect(web_app: Flask, login: str, headers: dict[str, str] | None = None) -> SocketIOTestClient:
    """A Socket.IO test client on ``/live`` of ``web_app``, signed in as ``login`` (its account made)."""
    ensure_account(web_app.extensions["dialogues"], login)
    flask_client = web_app.test_client()
    assert sign_in(flask_client, login).status_code == 303  # type: ignore[attr-defined]
    socketio = web_app.extensions["socketio"]
    client: SocketIOTestClient = socketio.test_client(
        web_app, namespace=NAMESPACE, headers=headers, flask_test_client=flask_client
    )
    return client


@pytest.fixture
def live(web_app: Flask, dialogues: DialogueApp) -> Iterator[LiveClient]:
    clients: list[SocketIOTestClient] = []

    def client_of(login: str, headers: dict[str, str] | None = None) -> SocketIOTestClient:
        clients.append(connect(web_app, login, headers))
        return clients[-1]

    yield client_of
    for client in clients:
        if client.is_connected(NAMESPACE):
            client.disconnect(NAMESPACE)


def received(client: SocketIOTestClient, name: str = "act") -> list[Any]:
    """The payloads of the events ``name`` the client received since last asked (others are dropped)."""
    return [event["args"][0] for event in client.get_received(NAMESPACE) if event["name"] == name]


def join(
    client: SocketIOTestClient, since: int | None = None, dialogue: str = "live-dialogue", session: Any = None
) -> Any:
    payload: dict[str, Any] = {"dialogue": dialogue}
    if since is not None:
        payload["since"] = since
    if session is not None:
        payload["session"] = str(session)
    return client.emit("join", payload, namespace=NAMESPACE, callback=True)


def act(client: SocketIOTestClient, name: str, /, dialogue: str = "live-dialogue", **fields: Any) -> Any:
    payload = {"dialogue": dialogue, "act": name, "fields": fields}
    return client.emit("act", payload, namespace=NAMESPACE, callback=True)


@pytest.fixture
def client_of_static(web_app: Flask) -> Callable[[], Any]:
    """An anonymous test client; skips when ``make`` has not vendored the Socket.IO client yet."""
    from pathlib import Path

    vendored = Path(web_app.static_folder or "") / "vendor" / "socket.io.min.js"
    if not vendored.exists():
        pytest.skip(
            "web/static/vendor/socket.io.min.js is missing: run `make web/static/vendor/socket.io.min.js`"
        )
    return web_app.test_client
