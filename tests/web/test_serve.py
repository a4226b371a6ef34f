"""``python -m web.serve`` (``make run``) on a fresh folder, as an OS process answering real requests."""

import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The server's URL and its working folder, with no setting but the port (all defaults)."""
    folder = tmp_path_factory.mktemp("serve")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "SECRET_KEY", "SIGNING_KEY_FILE", "REDIS_URL")
        and not name.startswith("FLASK_")
    }
    log = folder / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "web.serve", "--port", str(port)],
            cwd=folder,
            env={**env, "PYTHONPATH": str(ROOT)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"the server does not answer:\n{log.read_text()}"
            try:
                requests.get(f"{url}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url, folder
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize("path", ["/", "/healthz", "/transparency/key", "/no-such-page"])
def test_no_answer_names_the_server_software(served: tuple[str, Path], path: str) -> None:
    url, _ = served
    answer = requests.get(f"{url}{path}", timeout=10)
    assert "Server" not in answer.headers, answer.headers["Server"]


def test_var_and_its_files_are_readable_by_their_owner_only(served: tuple[str, Path]) -> None:
    """The database, the session key and the signing key the server made: 0600 in a 0700 var/."""
    _, folder = served
    var = folder / "var"
    found = {str(p.relative_to(folder)): oct(stat.S_IMODE(p.stat().st_mode)) for p in [var, *var.rglob("*")]}
    assert {"var/dialogue.sqlite3", "var/secret_key", "var/signing_key.pem"} <= set(found)
    assert found == {name: "0o700" if (folder / name).is_dir() else "0o600" for name in found}
