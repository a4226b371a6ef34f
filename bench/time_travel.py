"""Benchmark: replaying a dialogue as of random past positions, against reading its current state.

    .venv/bin/python bench/time_travel.py [--acts 100000] [--replays 50] [--database-url URL]

Records a dialogue of ``--acts`` acts (``bench/workload.py``, one dialogue) in
a fresh store (a temporary SQLite file unless ``--database-url`` names an
empty store), then, in this process:

* ``runner``: the projection runner brings the read models up to the head and
  its snapshot writer takes the replay snapshots (``projections.snapshot_writer``),
  as the runner process does while the log grows: not an auditor's wait;
* ``cold``: the first replay, at the head: it finds the runner's snapshots and
  indexes the contributions (once per store);
* ``replay``: ``--replays`` replays at random positions, as ``dialogue replay
  --as-of`` and the audit replay page make them (snapshots, index of
  contributions);
* ``status``: the baseline, reading the current state through the
  application: ``DialogueApp.status``, the dialogue and every part it indexes
  loaded from their events, as the stage page and the API's dialogue query do.
  Measured in turn with the replays, as many times;
* ``from_zero``: a few replays at random positions that trust no derived table.

It prints p50/p95 of each and the ratio of the replays' p95 to the
baseline's (target <= 3). The last line is JSON: {"bench": "time_travel",
"acts": N, "p50_ms": .., "p95_ms": .., "baseline_p95_ms": .., "ratio": R,
"target": 3, ...}.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from application.dialogues import DialogueApp  # noqa: E402
from application.settings import persistence_env  # noqa: E402
from bench.harness import percentile  # noqa: E402
from bench.workload import record_workload  # noqa: E402
from projections.catalogue import all_projections  # noqa: E402
from projections.replay import replay  # noqa: E402
from projections.runner import ProjectionRunner  # noqa: E402
from projections.snapshot_writer import SnapshotWriter  # noqa: E402

TARGET = 3.0
FROM_ZERO = 5
"""Replays from zero: each reads the whole dialogue up to its position."""


def timed(call: Callable[[], Any]) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


def line(name: str, values: list[float]) -> str:
    p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
    return f"{name:10} p50 {p50 * 1000:9.1f} ms  p95 {p95 * 1000:9.1f} ms  ({len(values)} runs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=100_000)
    parser.add_argument("--replays", type=int, default=50, help="replays at random positions")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    rng = random.Random(options.seed)  # noqa: S311 (positions to sample, not a secret)
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        app = DialogueApp(persistence_env(options.database_url or f"sqlite:///{folder}/bench.sqlite3"))
        began = time.perf_counter()
        record_workload(app, options.acts, dialogues=1)
        print(f"{options.acts:,} acts recorded in {time.perf_counter() - began:.1f} s", flush=True)
        began = time.perf_counter()
        ProjectionRunner(app.recorder, app.mapper, all_projections()).catch_up()
        projected = time.perf_counter() - began
        SnapshotWriter(app.recorder, app.mapper).keep_up()
        written = time.perf_counter() - began - projected
        print(f"runner     read models {projected:.1f} s, replay snapshots {written:.1f} s", flush=True)
        [listed] = app.dialogues()
        dialogue_id, head = UUID(listed["id"]), int(app.recorder.max_notification_id())

        def replay_at(position: int, **derived: Any) -> Callable[[], Any]:
            return lambda: replay(app.recorder, app.mapper, dialogue_id, position, **derived)

        cold = timed(replay_at(head, contributions=app.contribution_index))
        print(f"cold       {cold * 1000:9.1f} ms  (first replay, at the head: index filled)")
        replays, status = [], []
        for _ in range(options.replays):
            position = rng.randint(1, head)
            replays.append(timed(replay_at(position, contributions=app.contribution_index)))
            status.append(timed(lambda: app.status(dialogue_id)))
        from_zero = [timed(replay_at(rng.randint(1, head), spacing=None)) for _ in range(FROM_ZERO)]
        app.close()
    for name, values in (("replay", replays), ("status", status), ("from_zero", from_zero)):
        print(line(name, values))
    p95, baseline = percentile(replays, 0.95), percentile(status, 0.95)
    print(f"replay p95 / status p95: {p95 / baseline:.2f} (target <= {TARGET:g})")
    print(
        json.dumps(
            {
                "bench": "time_travel",
                "acts": options.acts,
                "p50_ms": round(percentile(replays, 0.5) * 1000, 1),
                "p95_ms": round(p95 * 1000, 1),
                "baseline_p95_ms": round(baseline * 1000, 1),
                "ratio": round(p95 / baseline, 2),
                "target": TARGET,
                "cold_ms": round(cold * 1000, 1),
                "runner_snapshots_s": round(written, 1),
                "from_zero_p50_ms": round(percentile(from_zero, 0.5) * 1000, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
