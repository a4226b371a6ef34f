"""Fan-out of live acts: from an act's save to its receipt by each of N clients of one live session.

Two servers of the same kind, one after the other, each a process of its own
served as ``make run`` serves the product (Flask-SocketIO, threading mode,
Werkzeug with simple-websocket):

* recorded: ``python -m web.serve`` on a fresh SQLite store holding a dialogue
  in collective work whose meeting has a live session open. N python-socketio
  clients (``--clients``, default 200) join that session; one more client, a
  member of the consultation group, records ``contribution-posted`` acts over
  the socket at a steady pace. Each act is recorded by the application, then
  broadcast by the live feed from the log, with its position. The delay runs
  from the act's ``recorded_at`` (the event's timestamp, taken just before the
  save: the write is counted) to its arrival at a client.
* baseline: a bare Flask-SocketIO app (this file, ``--bare-server``) whose
  handler emits the same payload, of the same size, to the room of the N
  clients, with the instant of the emit as its ``recorded_at``; nothing is
  recorded.

p50 and p99 are over every (act, client) arrival, after a few warm-up acts.
Last line: ``{"bench": "live_fanout", "clients": N, "p50_ms", "p99_ms",
"baseline_p99_ms", "ratio_p99", "target": 1.5}``; the target is ratio_p99 <= 1.5.
"""

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import ROOT, free_port, percentile, wait_until_answering

NAMESPACE = "/live"
SLUG = "fanout"
LOGIN = "stakeholder"
PASSWORD = secrets.token_urlsafe(16)
WARM_UP = 5
PACE_SECONDS = 0.25
"""Between two acts: under the flood limit of one connection (web/live/flood.py), and time for the fan-out."""
TARGET = 1.5


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


def fan_out(
    base: str, clients: int, acts: int, cookie: str, join: dict[str, Any], fire: Callable[[Any, int], int]
) -> tuple[list[float], dict[str, Any]]:
    """Connect the receivers, ``fire(trigger, index)`` each act at a steady pace.

    Returns every arrival's delay (ms), and the last payload received.
    """
    receivers = [Receiver() for _ in range(clients)]
    trigger = Receiver()
    try:
        for receiver in receivers:
            receiver.connect(base, cookie, join)
        trigger.connect(base, cookie, join)
        positions = []
        for index in range(acts + WARM_UP):
            positions.append(fire(trigger.client, index))
            time.sleep(PACE_SECONDS)
        deadline = time.monotonic() + 30
        while any(len(r.arrived) < len(positions) for r in receivers) and time.monotonic() < deadline:
            time.sleep(0.05)
        measured = positions[WARM_UP:]
        missing = sum(p not in r.arrived for r in receivers for p in measured)
        assert missing == 0, f"{missing} arrivals missing"
        delays = [(r.arrived[p] - r.sent[p]) * 1000 for r in receivers for p in measured]
        return delays, receivers[0].last
    finally:  # at once: each disconnect waits up to 3 s for the server's closing frame
        with ThreadPoolExecutor(max_workers=64) as pool:
            list(pool.map(lambda receiver: receiver.client.disconnect(), [*receivers, trigger]))


def recorded(clients: int, acts: int, folder: str) -> tuple[list[float], dict[str, Any]]:
    """The delays of recorded acts, and the payload of one (the baseline's template)."""
    database_url = f"sqlite:///{folder}/fanout.sqlite3"
    meeting = make_store(database_url)
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": uuid.uuid4().hex,
        "FLASK_SESSION_COOKIE_SECURE": "false",
    }

    def fire(trigger: socketio.Client, index: int) -> int:
        fields = {"kind": "idea", "text": f"Idée n° {index:04d} : des haies le long des cours d'eau"}
        fields["meeting_id"] = meeting
        act = {"dialogue": SLUG, "act": "contribution-posted", "fields": fields}
        ack = trigger.call("act", act, namespace=NAMESPACE, timeout=60)
        assert ack["ok"], ack
        position: int = ack["position"]  # the act's own
        return position

    with server([sys.executable, "-m", "web.serve"], env) as base:
        return fan_out(base, clients, acts, sign_in(base), {"dialogue": SLUG, "session": meeting}, fire)


def bare_app() -> Any:
    """The baseline server: joins the room on ``join``, emits ``fire``'s payload to it, stamped now."""
    from flask import Flask
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    server = SocketIO(app, async_mode="threading")
    app.add_url_rule("/healthz", "healthz", lambda: "ok")

    @server.on("join", namespace=NAMESPACE)
    def join(data: Any) -> dict[str, Any]:
        join_room("room")
        return {"ok": True}

    @server.on("fire", namespace=NAMESPACE)
    def fire(payload: dict[str, Any]) -> dict[str, Any]:
        stamped = {**payload, "recorded_at": datetime.now(UTC).isoformat()}
        server.emit("act", stamped, to="room", namespace=NAMESPACE)
        return {"ok": True, "position": payload["position"]}

    return app, server


def baseline(clients: int, acts: int, template: dict[str, Any]) -> list[float]:
    def fire(trigger: socketio.Client, index: int) -> int:
        ack = trigger.call("fire", {**template, "position": index + 1}, namespace=NAMESPACE, timeout=60)
        position: int = ack["position"]
        return position

    with server([sys.executable, __file__, "--bare-server"], {}) as base:
        return fan_out(base, clients, acts, "", {}, fire)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--acts", type=int, default=60, help="measured acts per server (after the warm-up)")
    parser.add_argument("--bare-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.bare_server:
        app, bare = bare_app()
        bare.run(app, host="127.0.0.1", port=arguments.port, allow_unsafe_werkzeug=True)
        return
    with tempfile.TemporaryDirectory() as folder:
        delays, template = recorded(arguments.clients, arguments.acts, folder)
    bare = baseline(arguments.clients, arguments.acts, template)
    p50, p99, base99 = percentile(delays, 0.5), percentile(delays, 0.99), percentile(bare, 0.99)
    print(
        f"recorded: p50 {p50:.1f} ms, p99 {p99:.1f} ms; bare broadcast: p50 {percentile(bare, 0.5):.1f} ms,"
        f" p99 {base99:.1f} ms ({len(delays)} arrivals each)"
    )
    result = {
        "bench": "live_fanout",
        "clients": arguments.clients,
        "p50_ms": round(p50, 1),
        "p99_ms": round(p99, 1),
        "baseline_p99_ms": round(base99, 1),
        "ratio_p99": round(p99 / base99, 2),
        "target": TARGET,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
