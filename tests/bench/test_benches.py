"""Each benchmark of bench/ runs at a tiny size and ends with its JSON line (no figure is checked)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import redis

from bench.run_all import BENCHES
from tests.conftest import POSTGRES_URL
from tests.live.test_live_two_servers import REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
TINY = {
    "projections_rebuild": ["--events", "200", "--batch-size", "100"],
    "notify": ["--participants", "20", "--repeat", "1"],
    "verify": ["--events", "200", "--repeat", "1"],
    "write_path": [
        "--acts",
        "8",
        "--repeat",
        "1",
        "--stores",
        "sqlite",
        "--clients",
        "2",
        "--http-acts",
        "8",
    ],
    "page_latency": ["--acts", "200", "--requests", "2", "--writer-seconds", "1"],
    "time_travel": ["--acts", "300", "--replays", "3"],
    "live_fanout": ["--clients", "3", "--acts", "3"],
    "live_latency": ["--clients", "2", "--acts", "3"],
    "live_board": ["--members", "2", "--cards", "3", "--acts", "3"],
    "platform_scale": ["--dialogues", "2", "--events", "400", "--requests", "2", "--stores", "sqlite"],
}
NEEDS_SERVICES = {"live_fanout", "live_latency"}


def services() -> dict[str, str]:
    """The tests' PostgreSQL and Redis as the benchmarks take them; skipped when not running (not in CI)."""
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except (psycopg.OperationalError, redis.exceptions.ConnectionError) as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL or Redis not reachable ({error}); start them to run this test")
    return {"BENCH_POSTGRES_URL": POSTGRES_URL, "BENCH_REDIS_URL": REDIS_URL}


def test_every_benchmark_has_a_tiny_size() -> None:
    assert set(TINY) == set(BENCHES)


@pytest.mark.parametrize("name", sorted(TINY))
def test_benchmark_prints_its_json_line(name: str) -> None:
    command = [sys.executable, str(ROOT / "bench" / f"{name}.py"), *TINY[name]]
    env = {**os.environ, **(services() if name in NEEDS_SERVICES else {})}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["bench"] == name
    assert isinstance(result[BENCHES[name].ratio], float | int) and result["target"] > 0


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_platform_scale_measures_every_page_and_the_rebuild(store: str) -> None:
    arguments = [*TINY["platform_scale"]]
    arguments[arguments.index("--stores") + 1] = store
    command = [sys.executable, str(ROOT / "bench" / "platform_scale.py"), *arguments]
    env = {**os.environ, **(services() if store == "postgres" else {})}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert (result["dialogues"], result["events"]) == (2, 400)
    [measured] = result["stores"].values()
    assert list(result["stores"]) == [store]
    rebuild = measured["rebuild"]
    assert rebuild["events_per_s"] > 0 and rebuild["read_events_per_s"] > 0
    assert 0 < rebuild["ratio"] == result["ratio"]
    assert measured["recorded_s"] > 0 and measured["size_mb"] > 0
    assert set(measured["pages"]) == {"home", "dialogue", "search", "api_list", "healthz"}
    for page in measured["pages"].values():
        assert 0 < page["p50_ms"] <= page["p95_ms"] and page["no_cache_p95_ms"] > 0
    worst = max(page["ratio"] for name, page in measured["pages"].items() if name != "healthz")
    assert result["page_ratio"] == worst >= 1 / 2
    assert (result["target"], result["page_target"]) == (0.5, 5)
