"""A web process keeps an idle connection open longer than gunicorn's default (2 s).

A client that closes its idle connections first (a proxy, nginx after 60 s) never
sends a request on one that gunicorn is closing at that moment: such a request
would be reset (it was: clients of bench/write_path.py, idle while the others
signed in). No database server needed: the process runs on a SQLite file.
"""

import http.client
import os
import time
from pathlib import Path

from tests.production.conftest import serving, web_process

IDLE_SECONDS = 3.0
"""Longer than gunicorn's default keep-alive."""


def test_a_connection_idle_for_seconds_still_takes_requests(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dialogue.sqlite3'}",
        "SECRET_KEY": "the keep-alive test's secret",
    }
    process = web_process("web", env, tmp_path)
    try:
        host, port = serving(process).removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        statuses = []
        for pause in (0.0, IDLE_SECONDS):
            time.sleep(pause)
            connection.request("GET", "/healthz")
            answer = connection.getresponse()
            answer.read()
            statuses.append(answer.status)
        connection.close()
        assert statuses == [200, 200]
    finally:
        process.stop()
