"""Benchmark: verifying the transparency log, against plain SHA-256 over the same bytes.

    .venv/bin/python bench/verify.py [--events 1000000] [--database-url URL]

Records ``--events`` events of the realistic workload (``bench/workload.py``) in
a fresh store (a temporary SQLite file unless ``--database-url`` is given),
builds the ``merkle_log`` projection (signed heads every ``HEAD_EVERY``, default
100), reads every stored event once and its canonical bytes, then measures in
the same run:

(a) plain SHA-256 of each event's canonical bytes;
(b) ``verify_log.check`` over the same bytes: leaf hashes, comparison with the
    log's leaves, the root of every head, every Ed25519 signature.

The last line is JSON: {"bench": "verify", "events": N, "events_per_s": X,
"ratio": (b)/(a) in events/s, "target": 0.3}.
"""

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from application.dialogues import DialogueApp  # noqa: E402
from application.settings import persistence_env  # noqa: E402
from application.signing import HeadSigner  # noqa: E402
from bench.workload import record_workload  # noqa: E402
from cli.transparency import canonical, notifications  # noqa: E402
from projections import verify_log  # noqa: E402
from projections.merkle_log import MerkleLogProjection, read_heads, read_leaves  # noqa: E402
from projections.runner import ProjectionRunner  # noqa: E402

TARGET = 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--head-every", type=int, default=100)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = DialogueApp(persistence_env(url))
        try:
            if (app.recorder.max_notification_id() or 0) < options.events:
                began = time.perf_counter()
                record_workload(app, options.events)
                print(f"recorded {options.events} events in {time.perf_counter() - began:.1f} s", flush=True)
            signer = HeadSigner(Path(folder) / "signing_key.pem")
            runner = ProjectionRunner(
                app.recorder, app.mapper, [MerkleLogProjection(signer, options.head_every)], batch_size=5000
            )
            began = time.perf_counter()
            runner.catch_up()
            print(f"merkle_log built in {time.perf_counter() - began:.1f} s", flush=True)
            with runner.store.transaction(commit=False) as sql:
                leaves = verify_log.leaves_from(read_leaves(sql))
                heads = verify_log.heads_from(read_heads(sql))
            events = [canonical(n) for n in notifications(app)][: options.events]
        finally:
            app.close()
    count = len(events)
    sha256 = hashlib.sha256
    began = time.perf_counter()
    for _, data in events:
        sha256(data).digest()
    plain = count / (time.perf_counter() - began)
    began = time.perf_counter()
    problems = verify_log.check(
        events, leaves[:count], [h for h in heads if h.tree_size <= count], signer.public_key, complete=True
    )
    verified = count / (time.perf_counter() - began)
    if problems:
        raise SystemExit(f"verification failed: {problems[0]}")
    print(f"plain SHA-256: {plain:,.0f} events/s; verify ({len(heads)} heads): {verified:,.0f} events/s")
    result = {
        "bench": "verify",
        "events": count,
        "events_per_s": round(verified),
        "ratio": round(verified / plain, 3),
        "target": TARGET,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
