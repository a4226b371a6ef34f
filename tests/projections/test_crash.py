"""A projection runner killed in the middle of its catch-up loses nothing and repeats nothing.

``dialogue projections run`` is started as a process of its own on a log of a
few thousand events, with small batches, and killed with SIGKILL (no chance
to clean up) several times while it is catching up; started again, it goes
on to the head. Every projection table must then be exactly what a rebuild
from zero gives: an event missed or applied twice would show.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.workload import record_workload
from projections.catalogue import all_projections
from projections.runner import ProjectionRunner
from tests.projections.dump import projection_tables
from tests.stores import make_app

ROOT = Path(__file__).resolve().parents[2]
EVENTS = 3000
KILLS = 3


class Follower:
    """``dialogue projections run`` in a process of its own."""

    def __init__(self, url: str):
        self.url = url
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-c", "from cli.main import main; main()", "--database-url", self.url]
        self.process = subprocess.Popen(
            [*command, "projections", "run", "--batch-size", "10", "--interval", "0.05"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return self.process

    def stop(self, sig: int) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        _, errors = self.process.communicate(timeout=30)
        assert sig == signal.SIGKILL or not errors, errors.decode()
        return self.process.returncode


@pytest.fixture
def follower(database_url: str) -> Iterator[Follower]:
    follower = Follower(database_url)
    yield follower
    if follower.process is not None and follower.process.poll() is None:
        follower.process.kill()
        follower.process.wait()


def test_a_runner_killed_while_catching_up_resumes_without_missing_or_repeating_an_event(
    database_url: str, follower: Follower
) -> None:
    app = make_app(database_url)
    try:
        assert record_workload(app, EVENTS, dialogues=2, chunk=500) == EVENTS
        runner = ProjectionRunner(app.recorder, app.mapper, all_projections())
        head = runner.head()
        killed_at = [0]

        for kill in range(1, KILLS + 1):
            follower.start()
            target = head * kill // (KILLS + 1)
            deadline = time.monotonic() + 120
            while min(runner.positions().values()) < max(target, killed_at[-1] + 1):
                assert follower.process is not None and follower.process.poll() is None, "the runner stopped"
                assert time.monotonic() < deadline, "the runner makes no progress"
                time.sleep(0.005)
            assert follower.stop(signal.SIGKILL) == -signal.SIGKILL
            positions = runner.positions()
            assert min(positions.values()) > 0 and max(positions.values()) < head, positions
            killed_at.append(min(positions.values()))

        follower.start()
        assert runner.wait_for(head, timeout=120), runner.positions()
        assert follower.stop(signal.SIGTERM) == 0
        assert killed_at == sorted(set(killed_at))  # each run went on from where the last one died
        caught_up = projection_tables(runner)

        fresh = ProjectionRunner(app.recorder, app.mapper, all_projections())
        fresh.rebuild()
        assert projection_tables(fresh) == caught_up
        assert set(fresh.positions().values()) == {head}
    finally:
        app.close()
