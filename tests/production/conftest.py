"""The production set-up of docs/deploy.md on loopback, as real OS processes.

``production`` starts, as the deployment guide says: the first administrator
(``dialogue create-admin``), the projection runner (``dialogue projections
run``), then two web processes (gunicorn with ``deploy/gunicorn.conf.py``, each
on a port the system gives it), all on PostgreSQL (a fresh schema) and Redis
(a channel of the test's own), with one SECRET_KEY; the runner alone has the signing key. A
dialogue in collective work (``live-dialogue``) with the accounts
``facilitator`` and ``stakeholder`` is recorded beforehand.

Every wait is bounded; the processes are always stopped (SIGTERM to their
process group, SIGKILL after 10 s), and the log of each is added to the report
of a test that fails.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.builders import Scenario
from tests.conftest import postgres_schema
from tests.live.conftest import ensure_account
from tests.live.test_live_two_servers import channel, listeners, redis_url  # noqa: F401
from tests.stores import make_app
from tests.web.conftest import PASSWORD

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
STARTUP_SECONDS = 30.0
WEB_KEY_FILE = "web-processes-hold-no-key.pem"
"""The web processes' SIGNING_KEY_FILE: they publish the runner's public key, and never read or make this."""
LOGS = pytest.StashKey[list["Process"]]()


class Process:
    """An OS process of the set-up, in a process group of its own, its output in a log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], folder: Path):
        self.name = name
        self.log_path = folder / f"{name}.log"
        with self.log_path.open("wb") as log:
            self.popen = subprocess.Popen(
                command, env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, pattern: str) -> re.Match[str]:
        """The first match of ``pattern`` in the log; fails if the process exits or it takes too long."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while (found := re.search(pattern, self.log())) is None:
            assert self.popen.poll() is None, f"{self.name} exited ({self.popen.returncode}):\n{self.log()}"
            assert time.monotonic() < deadline, f"{self.name}: no {pattern!r} in its log:\n{self.log()}"
            time.sleep(0.05)
        return found

    def pause(self) -> None:
        os.killpg(self.popen.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.killpg(self.popen.pid, signal.SIGCONT)

    def stop(self) -> None:
        """SIGTERM to the group (gunicorn's master and its worker); SIGKILL to what is left after 10 s."""
        with suppress(ProcessLookupError):
            self.resume()
            os.killpg(self.popen.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            self.popen.wait(10)
        with suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(5)


def web_process(name: str, env: dict[str, str], folder: Path) -> Process:
    config = str(ROOT / "deploy" / "gunicorn.conf.py")
    return Process(name, [str(BIN / "gunicorn"), "-c", config, "--bind", "127.0.0.1:0"], env, folder)


def serving(process: Process) -> str:
    """The URL of a web process once its worker answers."""
    url = process.wait_for(r"Listening at: (http://127\.0\.0\.1:\d+)").group(1)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        with suppress(requests.RequestException):
            if requests.get(f"{url}/api/v1/openapi.json", timeout=2).status_code == 200:
                return url
        assert process.popen.poll() is None, f"{process.name} exited:\n{process.log()}"
        assert time.monotonic() < deadline, f"{process.name} does not answer at {url}:\n{process.log()}"
        time.sleep(0.1)


@dataclass
class Production:
    urls: list[str]
    runner: Process
    runner_metrics: str
    """The runner's ``/metrics`` (``METRICS_PORT``)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from postgres_schema()


def environment(database_url: str, queue_url: str, live_channel: str, folder: Path) -> dict[str, str]:
    """The settings of every process, as a sysadmin would put them in the environment."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": queue_url,
        "FLASK_LIVE_CHANNEL": live_channel,
        "SECRET_KEY": "the production test's secret",
        "SIGNING_KEY_FILE": str(folder / "signing_key.pem"),
        "HEAD_EVERY": "1",
        # plain HTTP on the loopback (TLS is nginx's): the session cookie cannot be Secure here
        "FLASK_SESSION_COOKIE_SECURE": "false",
        "PYTHONUNBUFFERED": "1",
        # woken by each write: no follower of the log polls within a test (the acts arrive within a second)
        "LOG_POLL_SECONDS": "60",
    }


def record_scenario(database_url: str) -> None:
    """The dialogue ``live-dialogue`` in collective work, and the accounts of the tests."""
    dialogues = make_app(database_url)
    try:
        Scenario(dialogues, slug="live-dialogue").meeting()
        for login in ("facilitator", "stakeholder"):
            ensure_account(dialogues, login)
    finally:
        dialogues.close()


@pytest.fixture
def production(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    postgres_url: str,
    redis_url: str,  # noqa: F811
    channel: str,  # noqa: F811
) -> Iterator[Production]:
    env = environment(postgres_url, redis_url, channel, tmp_path)
    admin = [str(BIN / "dialogue"), "create-admin", "root", "--password", PASSWORD]
    made = subprocess.run(
        admin, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=STARTUP_SECONDS
    )
    assert made.returncode == 0, f"dialogue create-admin failed:\n{made.stdout}{made.stderr}"
    record_scenario(postgres_url)
    processes: list[Process] = []
    request.node.stash[LOGS] = processes
    try:
        run = [str(BIN / "dialogue"), "projections", "run"]
        metrics_port = free_port()
        processes.append(Process("runner", run, {**env, "METRICS_PORT": str(metrics_port)}, tmp_path))
        processes[0].wait_for("following the log")  # its tables exist: the web processes may start
        web_env = {**env, "SIGNING_KEY_FILE": str(tmp_path / WEB_KEY_FILE)}  # the runner's key only
        for name in ("web-a", "web-b"):  # as deploy/systemd/dialogue-web@.service: a folder each
            (tmp_path / f"metrics-{name}").mkdir()
            metrics = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path / f"metrics-{name}")}
            processes.append(web_process(name, {**web_env, **metrics}, tmp_path))
        urls = [serving(web) for web in processes[1:]]
        yield Production(urls, processes[0], f"http://127.0.0.1:{metrics_port}")
    finally:
        for process in reversed(processes):
            process.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed test's report shows the log of each process of the set-up."""
    report = yield
    if report.failed:
        for process in item.stash.get(LOGS, []):
            report.sections.append((f"log of {process.name}", process.log()))
    return report
