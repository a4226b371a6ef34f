"""Benchmark: replaying a dialogue as of random past positions, against the public page's read of it.

    .venv/bin/python bench/time_travel.py [--acts 100000] [--replays 50] [--database-url URL]

Records a dialogue of ``--acts`` acts (``bench/workload.py``, one dialogue) in
a fresh store (a temporary SQLite file unless ``--database-url`` names an
empty store), then, in this process:

* ``runner``: the projection runner brings the read models up to the head and
  its snapshot writer takes the replay snapshots and indexes the contributions
  (``projections.snapshot_writer``), as the runner process does while the log
  grows: not an auditor's wait;
* ``replay``: ``--replays`` replays at random positions, as ``dialogue replay
  --as-of`` and the audit replay page make them (snapshots, index of
  contributions; the first page of each list, what an auditor sees first),
  by an application opened afresh: the first call included;
* ``public``: the baseline, the public page's read of the dialogue's current
  state from the read models (``dialogue_page`` and the ``stage`` view, as
  ``web.public.pages`` reads them, without the rendering). Measured in turn
  with the replays, as many times;
* ``from_zero``: a few replays at random positions that trust no derived table.

It prints p50/p95 of each, the ratio of the replays' p95 to the baseline's
(target <= 10) and the slowest replay (target <= 1 s); the same in CPU time
(informational: on a shared machine a wall-clock figure is mostly the wait for a core). The last line is JSON:
{"bench": "time_travel", "acts": N, "p50_ms": .., "p95_ms": .., "baseline_p95_ms": ..,
"ratio": R, "target": 10, "max_ms": .., "max_target_ms": 1000, ...}.
"""

import argparse
import gc
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
from projections.stage import StageProjection  # noqa: E402
from projections.store import ProjectionStore  # noqa: E402
from projections.transparency_log.page import dialogue_page  # noqa: E402

TARGET = 10.0
MAX_MS = 1000.0
"""No replay, the first included, over this."""
FROM_ZERO = 5
"""Replays from zero: each reads the whole dialogue up to its position."""


def timed(call: Callable[[], Any], cpu: list[float] | None = None) -> float:
    """The call's seconds; its CPU seconds appended to ``cpu`` (what a shared machine moves least)."""
    began, began_cpu = time.perf_counter(), time.process_time()
    call()
    if cpu is not None:
        cpu.append(time.process_time() - began_cpu)
    return time.perf_counter() - began


def line(name: str, values: list[float]) -> str:
    p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
    return f"{name:10} p50 {p50 * 1000:9.1f} ms  p95 {p95 * 1000:9.1f} ms  ({len(values)} runs)"


def prepared(url: str, acts: int) -> float:
    """Record the workload and run the runner (read models, snapshots, index); the runner's seconds."""
    app = DialogueApp(persistence_env(url))
    began = time.perf_counter()
    record_workload(app, acts, dialogues=1)
    print(f"{acts:,} acts recorded in {time.perf_counter() - began:.1f} s", flush=True)
    began = time.perf_counter()
    ProjectionRunner(app.recorder, app.mapper, all_projections()).catch_up()
    projected = time.perf_counter() - began
    SnapshotWriter(app.recorder, app.mapper, also=app.contribution_index.catch_up).keep_up()
    written = time.perf_counter() - began - projected
    print(f"runner     read models {projected:.1f} s, snapshots and index {written:.1f} s", flush=True)
    app.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=100_000)
    parser.add_argument("--replays", type=int, default=50, help="replays at random positions")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    rng = random.Random(options.seed)  # noqa: S311 (positions to sample, not a secret)
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
        written = prepared(url, options.acts)
        app = DialogueApp(persistence_env(url))  # an auditor's process: nothing read yet
        store = ProjectionStore(app.recorder.datastore)
        head = int(app.recorder.max_notification_id())
        with store.transaction(commit=False) as sql:
            [row] = sql.all("SELECT dialogue_id FROM stage_dialogues")
        dialogue_id = UUID(row["dialogue_id"])
        gc.collect()  # as the production worker does once the app is loaded (deploy/gunicorn.conf.py)
        gc.freeze()

        def replay_at(position: int, **derived: Any) -> Callable[[], Any]:
            return lambda: replay(app.recorder, app.mapper, dialogue_id, position, pages={}, **derived)

        def public_read() -> None:
            with store.transaction(commit=False) as sql:
                dialogue_page(sql, dialogue_id, {})
                StageProjection.view(sql, str(dialogue_id))

        replays, public, replays_cpu, public_cpu = [], [], [], []
        for _ in range(options.replays):
            position = rng.randint(1, head)
            replays.append(timed(replay_at(position, contributions=app.contribution_index), replays_cpu))
            public.append(timed(public_read, public_cpu))
        from_zero = [timed(replay_at(rng.randint(1, head), spacing=None)) for _ in range(FROM_ZERO)]
        app.close()
    for name, values in (("replay", replays), ("public", public), ("from_zero", from_zero)):
        print(line(name, values))
    cpu_p95, cpu_baseline = percentile(replays_cpu, 0.95), percentile(public_cpu, 0.95)
    print(line("replay cpu", replays_cpu))
    print(line("public cpu", public_cpu))
    p95, baseline, slowest = percentile(replays, 0.95), percentile(public, 0.95), max(replays)
    print(f"first replay {replays[0] * 1000:.1f} ms, slowest {slowest * 1000:.1f} ms", end="")
    print(f" (target <= {MAX_MS:g} ms)")
    print(f"replay p95 / public read p95: {p95 / baseline:.2f} (target <= {TARGET:g})")
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
                "max_ms": round(slowest * 1000, 1),
                "max_target_ms": MAX_MS,
                "first_ms": round(replays[0] * 1000, 1),
                "cpu_p95_ms": round(cpu_p95 * 1000, 1),
                "cpu_max_ms": round(max(replays_cpu) * 1000, 1),
                "baseline_cpu_p95_ms": round(cpu_baseline * 1000, 1),
                "cpu_ratio": round(cpu_p95 / cpu_baseline, 2),
                "runner_snapshots_s": round(written, 1),
                "from_zero_p50_ms": round(percentile(from_zero, 0.5) * 1000, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
