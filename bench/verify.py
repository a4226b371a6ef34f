"""Benchmark: verifying the verifiable log (RFC 9162), against plain SHA-256 over the same bytes.

    .venv/bin/python bench/verify.py [--events 1000000] [--database-url URL --signing-key PEM]

Records ``--events`` events of the realistic workload (``bench/workload.py``) in
a fresh store (a temporary SQLite file unless ``--database-url`` is given:
then only the events missing, with its heads' ``--signing-key``),
builds the ``merkle_log`` projection (a signed head every ``--head-every``
leaves and at each decision), reads the log and every stored event as
``dialogue verify`` does (``cli.verifiable_log``), then measures in the same run,
in turns, best of ``--repeat``:

(a) plain SHA-256 of what each event's leaf hashes (0x00 and its canonical bytes);
(b) ``verify_log.check_store`` over the same bytes in memory: leaf hashes
    compared with the log's leaves, the root of every head, every Ed25519
    signature (shared with a worker process started meanwhile, as
    ``dialogue verify`` does with two cores or more: ``head_signatures``);
(c) the same in a single process, printed for comparison;

and the whole of ``dialogue verify`` (reading the store included), printed.
The last line is JSON: {"bench": "verify", "events": N, "events_per_s": X,
"ratio": (b)/(a) in events/s, "target": 0.3}.
"""

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from application.dialogues import DialogueApp  # noqa: E402
from application.settings import persistence_env  # noqa: E402
from application.signing import HeadSigner  # noqa: E402
from bench.workload import record_workload  # noqa: E402
from cli.verifiable_log import log_leaves, stored_events, verify_database  # noqa: E402
from projections import head_signatures, verify_log  # noqa: E402
from projections.merkle_log import MerkleLogProjection, read_heads  # noqa: E402
from projections.runner import ProjectionRunner  # noqa: E402

TARGET = 0.3


def best_times(repeat: int, *runs: Callable[[], object]) -> list[float]:
    """The shortest time of each of ``runs``, taken in turns (so that they share the machine's moods)."""
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for index, run in enumerate(runs):
            began = time.perf_counter()
            run()
            best[index] = min(best[index], time.perf_counter() - began)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--signing-key", type=Path, default=None)
    parser.add_argument("--head-every", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = DialogueApp(persistence_env(url))
        try:
            if (app.recorder.max_notification_id() or 0) < options.events:
                began = time.perf_counter()
                record_workload(app, options.events)
                print(f"recorded {options.events} events in {time.perf_counter() - began:.1f} s", flush=True)
            signer = HeadSigner(options.signing_key or Path(folder) / "signing_key.pem")
            runner = ProjectionRunner(
                app.recorder, app.mapper, [MerkleLogProjection(signer, options.head_every)], batch_size=5000
            )
            began = time.perf_counter()
            runner.catch_up()
            print(f"merkle_log built in {time.perf_counter() - began:.1f} s", flush=True)
            began = time.perf_counter()
            log = log_leaves(runner)
            del log.positions[options.events :], log.hashes[options.events :]
            with runner.store.transaction(commit=False) as sql:
                heads = verify_log.heads_from(read_heads(sql))
            heads = [head for head in heads if head.tree_size <= len(log.positions)]
            batches = list(stored_events(app, runner, log.positions[-1]))
            print(f"log and events read in {time.perf_counter() - began:.1f} s", flush=True)
            began = time.perf_counter()
            if verify_database(app, runner, signer.public_key):
                raise SystemExit("dialogue verify failed")
            end_to_end = runner.head() / (time.perf_counter() - began)
        finally:
            app.close()
    count = len(log.positions)
    sha256 = hashlib.sha256

    def plain() -> None:
        for _, events in batches:
            for event in events:
                sha256(event).digest()

    def verify() -> None:
        problems = verify_log.check_store(lambda: iter(batches), log, heads, signer.public_key)
        if problems:
            raise SystemExit(f"verification failed: {problems[0]}")

    def single() -> None:
        head_signatures.WORKER_MIN, worker_min = len(heads) + 1, head_signatures.WORKER_MIN
        try:
            verify()
        finally:
            head_signatures.WORKER_MIN = worker_min

    plain_rate, verify_rate, single_rate = (
        count / t for t in best_times(options.repeat, plain, verify, single)
    )
    print(
        f"plain SHA-256: {plain_rate:,.0f} events/s;"
        f" verify ({len(heads)} heads): {verify_rate:,.0f} events/s;"
        f" in one process: {single_rate:,.0f} events/s (ratio {single_rate / plain_rate:.3f});"
        f" dialogue verify with reading: {end_to_end:,.0f} events/s"
    )
    result = {
        "bench": "verify",
        "events": count,
        "events_per_s": round(verify_rate),
        "ratio": round(verify_rate / plain_rate, 3),
        "target": TARGET,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
