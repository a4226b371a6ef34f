"""``dialogue notify run|status``: the notifier as its own process, killed (SIGKILL) and restarted."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.mail.sender import Sender
from application.mail.transport import SmtpTransport
from application.notifier.notifier import LOG, Notifier
from application.notifier.store import NotificationStore
from cli.main import main
from domain.roles import Role
from tests.builders import ACCOUNTS, ADMIN, MEMBERS, Scenario
from tests.smtp import SmtpServer
from tests.stores import make_app
from web.notifications.mails import composer

ROOT = Path(__file__).resolve().parents[2]
GROUP = sorted(f"{a}@example.org" for a in (ACCOUNTS[Role.STAKEHOLDER], *MEMBERS))


@pytest.fixture
def head(database_url: str) -> int:
    """A dialogue with two meetings of its consultation group scheduled; the head of the log."""
    app = make_app(database_url)
    scenario = Scenario(app)
    for login in (*ACCOUNTS.values(), *MEMBERS):
        app.set_profile(ADMIN, login, email=f"{login}@example.org")
    scenario.second_meeting()
    last = int(app.recorder.max_notification_id() or 0)
    app.close()
    return last


def start(database_url: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from cli.main import main; main()", "--database-url", database_url]
    return subprocess.Popen(
        [*command, "notify", "run", "--batch-size", "3"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "LOG_POLL_SECONDS": "0.05", "SECRET_KEY": "s"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def position(database_url: str) -> int:
    app = make_app(database_url)
    try:
        return NotificationStore(app.recorder.datastore).position(LOG)
    finally:
        app.close()


def wait_for(database_url: str, reached: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while position(database_url) < reached:
        assert time.monotonic() < deadline, f"the notifier did not reach {reached}"
        time.sleep(0.02)


@pytest.fixture
def notifiers() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_killed_and_restarted_it_convenes_each_member_once(
    database_url: str, head: int, smtp_server: SmtpServer, notifiers: list[subprocess.Popen[str]]
) -> None:
    notifiers.append(start(database_url))
    wait_for(database_url, 1)
    notifiers[0].send_signal(signal.SIGKILL)  # wherever it is: mid-batch or between two
    notifiers[0].wait(timeout=30)
    notifiers.append(start(database_url))
    assert notifiers[1].stdout is not None
    assert notifiers[1].stdout.readline().startswith("notifying from position")  # its handlers set
    wait_for(database_url, head)
    notifiers[1].send_signal(signal.SIGTERM)
    output, _ = notifiers[1].communicate(timeout=30)
    assert notifiers[1].returncode == 0, output
    assert output.strip().splitlines()[-1] == f"stopped at position {head}"

    app = make_app(database_url)
    try:
        pending = Notifier(app, composer("http://localhost", "s")).pending
        Sender(app.outbox, SmtpTransport(smtp_server.url), pending).send_due(now=1e10)
    finally:
        app.close()
    received = smtp_server.inbox.messages
    for title in ("Atelier diagnostic", "Atelier propositions"):
        assert sorted(str(m["To"]) for m in received if title in str(m["Subject"])) == GROUP


def test_status_shows_the_position_the_lag_and_the_mails_waiting(database_url: str, head: int) -> None:
    result = CliRunner().invoke(main, ["--database-url", database_url, "notify", "status"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"notifier at 0, head {head}, lag {head}; 0 mails waiting"
