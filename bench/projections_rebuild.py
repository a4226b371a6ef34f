"""Benchmark: rebuilding every projection from zero, against the raw speed of reading the log.

    .venv/bin/python bench/projections_rebuild.py [--events 1000000] [--batch-size 50000] [--database-url URL]

Records ``--events`` events of a realistic workload (``bench/workload.py``)
in a fresh store (a temporary SQLite file unless ``--database-url`` names an
empty store, or one that already holds the events: then they are reused),
in a process of its own so that this one's memory is the rebuild's alone.
Then measures, on the same log:

(a) reading and decoding it: ``select_notifications`` in batches and
    ``mapper.to_domain_event`` for each notification, before and again after
    (b), the baseline being the mean of the two times (the machine's pace
    drifts over a minute: caches reclaimed, other work);
(b) ``ProjectionRunner.rebuild()`` of every projection of the catalogue, in
    one pass over the log (each event decoded once, and only if a projection
    handles it), secondary indexes created at its end (included in the time),

both in batches of ``--batch-size`` events, and prints events/s for both,
their ratio (b)/(a) (target: >= 0.5 on SQLite) and the resident memory at
25/50/75/100 % of the rebuild with its peak, to show that it does not grow
with the length of the log. The last line is JSON: {"bench":
"projections_rebuild", "events": N, "events_per_s": X, "ratio": R, "target": 0.5}.
"""

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from application.dialogues import DialogueApp  # noqa: E402
from application.settings import persistence_env  # noqa: E402
from bench.workload import record_workload  # noqa: E402
from projections.catalogue import all_projections  # noqa: E402
from projections.runner import ProjectionRunner  # noqa: E402

TARGET = 0.5
MB = 1024 * 1024


def memory() -> dict[str, int]:
    """Resident set size now and its peak (VmHWM), in bytes."""
    found = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, value, _ = line.split()
                found[name.rstrip(":")] = int(value) * 1024
    return found


def reset_peak_memory() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def generate(url: str, events: int, dialogues: int) -> None:
    app = DialogueApp(persistence_env(url))
    try:
        began = time.perf_counter()
        recorded = record_workload(app, events, dialogues=dialogues, chunk=5000)
        elapsed = time.perf_counter() - began
        print(f"recorded {recorded:,} events of {dialogues} dialogues in {elapsed:.1f} s", flush=True)
    finally:
        app.close()


@contextmanager
def open_runner(url: str, batch_size: int) -> Iterator[ProjectionRunner]:
    """Every projection of the catalogue on ``url``: the runner of a rebuild's worker process,
    which says its peak memory and CPU time at the end."""
    app = DialogueApp(persistence_env(url))
    try:
        yield ProjectionRunner(app.recorder, app.mapper, all_projections(), batch_size=batch_size)
    finally:
        app.close()
        peak, cpu = memory()["VmHWM"] / MB, time.process_time()
        print(f"    a worker process: peak RSS {peak:.0f} MB, {cpu:.1f} s of CPU", flush=True)


def read_and_decode(app: DialogueApp, batch_size: int) -> tuple[int, float]:
    """(events, seconds) to read and decode the whole log; says its CPU time."""
    count, start = 0, 1
    began, cpu = time.perf_counter(), time.process_time()
    while notifications := app.recorder.select_notifications(start, batch_size):
        for notification in notifications:
            app.mapper.to_domain_event(notification)
        count += len(notifications)
        start = notifications[-1].id + 1
    print(f"    read + decode: {time.process_time() - cpu:.1f} s of CPU", flush=True)
    return count, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--dialogues", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=50_000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = DialogueApp(persistence_env(url))
        head = int(app.recorder.max_notification_id() or 0)
        if head == 0:
            child = multiprocessing.get_context("spawn").Process(
                target=generate, args=(url, options.events, options.dialogues)
            )
            child.start()
            child.join()
            if child.exitcode != 0:
                sys.exit(f"recording the workload failed (exit code {child.exitcode})")
        elif head < options.events:
            sys.exit(
                f"{url} already holds {head:,} events, fewer than {options.events:,}: give an empty store"
            )
        else:
            print(f"reusing the {head:,} events of {url}")
        head = int(app.recorder.max_notification_id() or 0)

        # (a) the raw speed of reading and decoding the log (again after (b): see below)
        events, first_read = read_and_decode(app, options.batch_size)
        first_rate = events / first_read
        print(f"(a) read + decode: {events:,} events in {first_read:.1f} s = {first_rate:,.0f} events/s")

        # (b) rebuilding every projection from zero
        opener = partial(open_runner, url, options.batch_size)
        runner = ProjectionRunner(
            app.recorder, app.mapper, all_projections(), batch_size=options.batch_size, opener=opener
        )
        names = ", ".join(runner.projections)
        quarters = [head * q // 4 for q in (1, 2, 3, 4)]
        readings: list[tuple[int, dict[str, int]]] = []

        def progress(position: int, _head: int) -> None:
            while quarters and position >= quarters[0]:
                readings.append((quarters.pop(0), memory()))

        resettable = reset_peak_memory()
        before = memory()
        began, cpu = time.perf_counter(), time.process_time()
        runner.rebuild(progress=progress)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        rate = head / seconds
        print(f"(b) rebuild of {names}: {head:,} events in {seconds:.1f} s = {rate:,.0f} events/s")
        print(f"    this process: {cpu:.1f} s of CPU")
        print(f"    RSS before the rebuild: {before['VmRSS'] / MB:.0f} MB")
        for position, reading in readings:
            share = position / head
            print(f"    RSS at {share:4.0%} ({position:,} events): {reading['VmRSS'] / MB:.0f} MB")
        peak = memory()["VmHWM"]
        scope = "during the rebuild" if resettable else "of the whole process"
        print(f"    peak RSS {scope}: {peak / MB:.0f} MB")

        # (a) once more: the machine's pace drifts (caches reclaimed, other work), and the baseline
        # is the mean of the readings on either side of the rebuild.
        _, second_read = read_and_decode(app, options.batch_size)
        raw = events / ((first_read + second_read) / 2)
        print(f"(a) again: {second_read:.1f} s; baseline, their mean: {raw:,.0f} events/s")
        ratio = rate / raw
        print(f"    ratio (b)/(a) = {ratio:.2f} (target >= {TARGET})")

        app.close()
    print(
        json.dumps(
            {
                "bench": "projections_rebuild",
                "events": head,
                "events_per_s": round(rate),
                "ratio": round(ratio, 3),
                "target": TARGET,
            }
        )
    )


if __name__ == "__main__":
    main()
