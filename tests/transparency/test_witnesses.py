"""Witnesses: two ``dialogue witness`` processes cosign the demo's heads; a forked history is caught.

The platform is the real web app served over HTTP; each witness is a process of
its own with its own key, as another organisation would run it. A second
platform with the same key and origin but another history stands for a log
operator showing a fork to one witness (a split view). On both stores.
"""

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from application.demo import record_demo
from application.signing import HeadSigner
from projections import merkle_note
from tests.builders import Scenario
from tests.conftest import postgres_schema
from tests.stores import make_app
from tests.transparency import c2sp_reference as ref
from web import close_app, create_app

DIALOGUE = shutil.which("dialogue", path=str(Path(sys.executable).parent)) or "dialogue"
ORIGIN = "dialogue.test/log"


@pytest.fixture
def fork_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second store, on the same kind of database."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/fork.sqlite3"
    else:
        yield from postgres_schema()


@contextmanager
def platform(database_url: str, key_file: Path, witnesses: list[str]) -> Iterator[str]:
    """The web app on ``database_url``, served on a free port: its address."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "witness tests",
            "TESTING": True,
            "SIGNING_KEY_FILE": str(key_file),
            "HEAD_EVERY": 5,
            "LOG_ORIGIN": ORIGIN,
            "WITNESS_KEYS": " ".join(witnesses),
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        close_app(app)


def witness_key(folder: Path, name: str) -> tuple[Path, str]:
    """A witness's private key file and its verifier key."""
    path = folder / f"{name.replace('/', '_')}.pem"
    public = HeadSigner(path).public_key_raw
    return path, str(merkle_note.verifier_key(name, public, merkle_note.COSIGNATURE))


def run_witness(log: str, state: Path, key: Path, name: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("LOG_ORIGIN", "WITNESS_KEYS")}
    return subprocess.run(  # the product's own command
        [DIALOGUE, "witness", "--log", log, "--state", str(state), "--key", str(key), "--name", name],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )


def fetch(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=20) as answer:  # the test's own server
        return str(answer.read().decode())


def recorded(url: str) -> None:
    app = make_app(url)
    try:
        record_demo(app)
    finally:
        app.close()


def test_two_witnesses_cosign_the_heads_and_a_fork_is_reported(
    database_url: str, fork_url: str, tmp_path: Path
) -> None:
    recorded(database_url)
    log_key = tmp_path / "log.pem"
    names = ["prefecture.example/witness", "association.example/witness"]
    keys = [witness_key(tmp_path, name) for name in names]
    with platform(database_url, log_key, [vkey for _, vkey in keys]) as log:
        for (key, _), name in zip(keys, names, strict=True):
            done = run_witness(log, tmp_path / name.split(".")[0], key, name)
            assert done.returncode == 0, done.stderr
        note = fetch(f"{log}/transparency/checkpoint")
        for _, vkey in keys:
            assert ref.note_verifies(note, ref.read_vkey(vkey))  # cosigned, and served with the checkpoint
        assert ref.note_verifies(note, ref.read_vkey(fetch(f"{log}/transparency/checkpoint/key").strip()))
        page = fetch(f"{log}/transparency")
        assert all(name in page for name in names)
        first_size = ref.read_checkpoint(ref.open_note(note)[0])[1]

        app = make_app(database_url)  # the log grows: the witnesses check it extends what they saw
        try:
            Scenario(app, slug="plus-tard").framework_defined()
        finally:
            app.close()
        for (key, _), name in zip(keys, names, strict=True):
            done = run_witness(log, tmp_path / name.split(".")[0], key, name)
            assert done.returncode == 0, done.stderr
        note = fetch(f"{log}/transparency/checkpoint")
        assert ref.read_checkpoint(ref.open_note(note)[0])[1] > first_size
        assert all(ref.note_verifies(note, ref.read_vkey(vkey)) for _, vkey in keys)

    recorded(fork_url)  # another history, signed with the same key under the same origin
    key, vkey = keys[0]
    state = tmp_path / names[0].split(".")[0]
    seen = (state / "checkpoint").read_text()
    with platform(fork_url, log_key, [vkey]) as forked:
        done = run_witness(forked, state, key, names[0])
        assert done.returncode == 3, done.stdout + done.stderr
        assert "SPLIT VIEW" in done.stderr
        (evidence,) = state.glob("split-view-*.txt")
        assert seen in evidence.read_text()
        assert fetch(f"{forked}/transparency/checkpoint") in evidence.read_text()
        assert names[0] not in fetch(f"{forked}/transparency/checkpoint")  # nothing cosigned
    assert (state / "checkpoint").read_text() == seen  # it keeps the history it trusts
