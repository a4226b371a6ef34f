"""What the live benchmarks share: the dialogue with a live session, signing in, a ``web.serve``
process, and a python-socketio client that notes when each act arrives."""

import os
import re
import secrets
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import requests
import socketio

from bench.harness import ROOT, free_port, wait_until_answering

NAMESPACE = "/live"
SLUG = "fanout"
LOGIN = "stakeholder"
PASSWORD = secrets.token_urlsafe(16)
WARM_UP = 5
"""Acts fired before those measured."""


def make_store(database_url: str) -> str:
    """A dialogue in collective work with a live session open (as the tests build it); the meeting's id."""
    from application.dialogues import DialogueApp
    from application.settings import persistence_env
    from tests.builders import Scenario

    app = DialogueApp(persistence_env(database_url))
    try:
        app.create_administrator("root", PASSWORD)
        app.create_account("root", login=LOGIN, password=PASSWORD)
        return str(Scenario(app, slug=SLUG).live_session())
    finally:
        app.close()


@contextmanager
def server(command: list[str], env: dict[str, str]) -> Iterator[str]:
    """A server process answering on ``/healthz`` (or ``/``); yields its base URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        [*command, "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(process, base, str(command))
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def sign_in(base: str) -> str:
    """The session cookie of ``LOGIN``, through the sign-in form."""
    with requests.Session() as http:
        page = http.get(f"{base}/login", timeout=10).text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token is not None, "no CSRF token on the sign-in page"
        form = {"login": LOGIN, "password": PASSWORD, "csrf_token": token.group(1)}
        assert http.post(f"{base}/login", data=form, allow_redirects=False, timeout=10).status_code == 303
        return "; ".join(f"{name}={value}" for name, value in http.cookies.items())


class Receiver:
    """One client: when each act (by position) arrived, by the clock of this machine."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}
        self.sent: dict[int, float] = {}
        self.last: dict[str, Any] = {}
        self.client = socketio.Client(reconnection=False)
        self.client.on("act", self.receive, namespace=NAMESPACE)

    def receive(self, payload: dict[str, Any]) -> None:
        self.arrived[payload["position"]] = time.time()
        self.sent[payload["position"]] = datetime.fromisoformat(payload["recorded_at"]).timestamp()
        self.last = payload

    def connect(self, base: str, cookie: str, join: dict[str, Any]) -> None:
        headers = {"Cookie": cookie} if cookie else {}
        self.client.connect(base, namespaces=[NAMESPACE], headers=headers, transports=["websocket"])
        ack = self.client.call("join", join, namespace=NAMESPACE, timeout=60)
        assert ack["ok"], ack


def disconnect(receivers: Iterable[Receiver]) -> None:
    """Disconnect every one of ``receivers`` at once: each waits up to 3 s for the server's closing
    frame (websocket-client's default), which one after the other made a minute of 20 clients."""
    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(lambda receiver: receiver.client.disconnect(), receivers))


def pacer(step: float) -> Callable[[], None]:
    """A function that sleeps until the next of instants ``step`` s apart (the first ``step`` s after
    the pacer is made): acts fired between its calls start one every ``step`` s, each act's own time
    included, as a bench's pace says (a sleep of ``step`` after each act adds the act's time to it)."""
    began, slots = time.monotonic(), 0

    def wait() -> None:
        nonlocal slots
        slots += 1
        time.sleep(max(0.0, began + slots * step - time.monotonic()))

    return wait
