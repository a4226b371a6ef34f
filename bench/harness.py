"""What the benchmarks share: fresh stores, percentiles, a web server process."""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
Started = tuple[subprocess.Popen[bytes], str]
"""A web process started, and its base URL."""
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
"""The PostgreSQL database in which each run makes (and drops) schemas of its own."""


@contextmanager
def fresh_store(kind: str, folder: str) -> Iterator[str]:
    """The DATABASE_URL of an empty store: a new SQLite file in ``folder``, or a new PostgreSQL schema."""
    name = f"bench_{uuid.uuid4().hex[:12]}"
    if kind == "sqlite":
        yield f"sqlite:///{folder}/{name}.sqlite3"
        return
    with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3) as connection:
        connection.execute(f"CREATE SCHEMA {name}")
        try:
            yield f"{POSTGRES_URL}?schema={name}"
        finally:
            connection.execute(f"DROP SCHEMA {name} CASCADE")


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0..1) percentile of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(url: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """The production web process (deploy/gunicorn.conf.py) on ``url``'s store; yields its base URL."""
    with started([(url, env, None)]) as processes:
        yield answering(processes)[0]


@contextmanager
def started(specs: Sequence[tuple[str, dict[str, str] | None, str | None]]) -> Iterator[list[Started]]:
    """Web processes started at once, served as in production (gunicorn with ``deploy/gunicorn.conf.py``),
    each ``(database url, env, app)`` (``app``: a WSGI application other than the product's, as gunicorn
    names one); yields them without waiting (:func:`answering` waits); stops them at the end."""
    processes: list[Started] = []
    try:
        for url, env, app in specs:
            port = free_port()
            settings = {
                **os.environ,
                "DATABASE_URL": url,
                "SECRET_KEY": uuid.uuid4().hex,
                "FLASK_SESSION_COOKIE_SECURE": "false",
                **(env or {}),
            }
            command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
            command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]
            command += ["--log-level", "warning"]
            command += [app] if app else []
            process = subprocess.Popen(command, cwd=ROOT, env=settings)  # noqa: S603 (our own command line)
            processes.append((process, f"http://127.0.0.1:{port}"))
        yield processes
    finally:
        for process, _base in processes:
            process.terminate()
        for process, _base in processes:
            process.wait(timeout=30)


def answering(processes: Sequence[Started]) -> list[str]:
    """Once every one of ``processes`` answers, their base URLs."""
    for process, base in processes:
        wait_until_answering(process, base, "gunicorn")
    return [base for _process, base in processes]


def wait_until_answering(process: subprocess.Popen[bytes], base: str, name: str) -> None:
    """Return once ``base``/healthz answers; RuntimeError if ``process`` exits or 30 s pass."""
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode}")
        try:
            if requests.get(f"{base}/healthz", timeout=1).ok:
                return
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or too busy starting
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer within 30 s")
