"""Each benchmark of bench/ runs at a tiny size and ends with its JSON line (no figure is checked)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run_all import BENCHES

ROOT = Path(__file__).resolve().parents[2]
TINY = {
    "projections_rebuild": ["--events", "200", "--batch-size", "100"],
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
    "page_latency": ["--acts", "200", "--requests", "2"],
    "time_travel": ["--acts", "300", "--replays", "3"],
    "live_fanout": ["--clients", "3", "--acts", "3"],
}


def test_every_benchmark_has_a_tiny_size() -> None:
    assert set(TINY) == set(BENCHES)


@pytest.mark.parametrize("name", sorted(TINY))
def test_benchmark_prints_its_json_line(name: str) -> None:
    command = [sys.executable, str(ROOT / "bench" / f"{name}.py"), *TINY[name]]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["bench"] == name
    assert isinstance(result[BENCHES[name].ratio], float | int) and result["target"] > 0
