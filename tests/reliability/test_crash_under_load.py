"""The server and the projection runner killed (SIGKILL) under a load of writes lose no acknowledged act.

The server (``python -m web.serve``) and the runner (``dialogue projections run``)
are OS processes of their own. Stakeholders post contributions and draft
proposals over HTTP (/api/v1) from threads, each act with a token of its own;
both processes are killed in the middle, with requests in flight, and
started again while the load goes on. Then: every act answered 201 is in the
log exactly once, at the position the answer gave, and the read models that
the runner kept across its deaths equal a rebuild from zero.
"""

import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from cli.store import projection_runner
from projections.runner import ProjectionRunner
from tests.application.test_concurrency import draft, in_collective_work
from tests.projections.dump import projection_tables
from tests.projections.test_crash import Follower
from tests.reliability.log import tokens_recorded
from tests.stores import make_app
from tests.web.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
WRITERS = ("s1", "s2", "s3")
LOAD_SECONDS = 3.0
"""How long the load runs before the kill, and again after the restart."""


class Server:
    """``python -m web.serve`` on a free port, its read models kept by an external runner."""

    def __init__(self, url: str, log: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": url,
            "SECRET_KEY": "crash test secret",
            "FLASK_EXTERNAL_PROJECTIONS": "true",
            "FLASK_SESSION_COOKIE_SECURE": "false",
            "FLASK_WRITE_RATE_LIMIT": "100000 per minute",
        }
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "web.serve", "--port", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            assert time.monotonic() < deadline, "the server does not answer"
            try:
                requests.get(f"{self.base}/api/v1/openapi.json", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def signed_in(server: Server, login: str) -> requests.Session:
    """A session signed in through the sign-in form (its cookie outlives a restart of the server)."""
    session = requests.Session()
    page = session.get(f"{server.base}/login", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token is not None
    form = {"login": login, "password": PASSWORD, "csrf_token": token.group(1)}
    assert session.post(f"{server.base}/login", data=form, allow_redirects=False, timeout=10).is_redirect
    return session


class Load:
    """Writers posting acts until stopped: what each got back, by token."""

    def __init__(self, server: Server, instance_id: str):
        self.server = server
        self.instance_id = instance_id
        self.acknowledged: dict[str, tuple[str, int]] = {}
        """Token -> act and position answered."""
        self.unanswered: list[str] = []
        self.refused: Counter[int] = Counter()
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self.write, args=(login, signed_in(server, login))) for login in WRITERS
        ]

    def write(self, login: str, session: requests.Session) -> None:
        api = f"{self.server.base}/api/v1/dialogues/d/acts"
        for n in itertools.count():
            if self.stop.is_set():
                return
            token = f"{login}-{n}"
            if n % 5 == 4:
                act = "proposal-drafted"
                body = {"instance_id": self.instance_id, "topic": "eau", "title": token, "text": "t"}
            else:
                act, body = "contribution-posted", {"kind": "idea", "text": token}
            try:
                answer = session.post(f"{api}/{act}", json=body, timeout=30)
            except requests.RequestException:  # the server is down, or died with the request in flight
                self.unanswered.append(token)
                time.sleep(0.05)
                continue
            if answer.status_code == 201:
                self.acknowledged[token] = (act, answer.json()["position"])
            else:
                self.refused[answer.status_code] += 1

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


@pytest.fixture
def services(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Server, Follower]]:
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "signing_key"))
    server, follower = Server(database_url, tmp_path / "server.log"), Follower(database_url)
    yield server, follower
    server.kill()
    if follower.process is not None and follower.process.poll() is None:
        follower.stop(signal.SIGKILL)


def test_server_and_runner_killed_under_load_lose_no_acknowledged_act(
    database_url: str, services: tuple[Server, Follower], report: Any
) -> None:
    server, follower = services
    app = make_app(database_url)
    try:
        dialogue_id = in_collective_work(app, *WRITERS)
        instance_id = str(app.repository.get(draft(app, dialogue_id, *WRITERS[1:])).instance_id)
        server.start()
        follower.start()

        with Load(server, instance_id) as load:
            time.sleep(LOAD_SECONDS)
            before_kill = len(load.acknowledged)
            server.kill()
            assert follower.stop(signal.SIGKILL) == -signal.SIGKILL
            time.sleep(0.5)
            server.start()
            follower.start()
            time.sleep(LOAD_SECONDS)
        assert before_kill and len(load.acknowledged) > before_kill  # writes before and after the kill

        runner: ProjectionRunner = projection_runner(app)
        head = runner.head()
        assert runner.wait_for(head, timeout=120), runner.positions()
        assert follower.stop(signal.SIGTERM) == 0
        kept = projection_tables(runner)
        fresh = projection_runner(app)
        fresh.rebuild()
        rebuilt = projection_tables(fresh)

        recorded = tokens_recorded(app)
    finally:
        app.close()
    lost = [token for token in load.acknowledged if token not in recorded]
    twice = [token for token, positions in recorded.items() if len(positions) > 1]
    # Each act at the position answered (a proposal's PartAttached, saved after it, is not).
    misplaced = [
        token for token, (_act, position) in load.acknowledged.items() if recorded.get(token) != [position]
    ]
    in_flight_recorded = [token for token in load.unanswered if token in recorded]
    report(
        f"crash {database_url.split(':')[0]}",
        attempted=len(load.acknowledged) + len(load.unanswered) + sum(load.refused.values()),
        acknowledged=len(load.acknowledged),
        unanswered=len(load.unanswered),
        unanswered_but_recorded=len(in_flight_recorded),
        refused=dict(load.refused),
        recorded=sum(len(positions) for token, positions in recorded.items() if "-" in token),
        lost=len(lost),
        head=head,
    )
    assert lost == [] and twice == [] and misplaced == []
    assert not load.refused  # the server answers 201, or not at all while it is down
    assert kept == rebuilt
