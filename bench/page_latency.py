"""Benchmark: latency of a dialogue's pages, against a trivial route of the same app.

    .venv/bin/python bench/page_latency.py [--acts 10000] [--requests 100] [--database-url URL]
        [--writer-rate 5] [--writer-seconds 10]

Records a dialogue of ``--acts`` acts (``bench/workload.py``, one dialogue) in
a fresh store (a temporary SQLite file unless ``--database-url`` names an empty
store), brings the read models up to date, freezes what it loaded in the
garbage collector (as the production worker does: ``deploy/gunicorn.conf.py``),
then requests through Flask's test client (in this process: the application's
cost, without a server's), signed in as a platform administrator, in turn,
``--requests`` times each:

* ``public``: the dialogue's public page, ``/dialogues/<slug>``;
* ``audit``: its audit trail, ``/audit/dialogues/<slug>``;
* ``api_status``: the API's dialogue query, ``/api/v1/dialogues/<slug>``;
* ``api_acts``: the API's first page of its acts, ``/api/v1/dialogues/<slug>/acts``;
* ``healthz``: the trivial route, the baseline.

each first with the page cache (``web.public.pagecache``) as configured, then
with it off (``no-cache``: every page made again from the read models, the cost
of the first reader after each act), then with it off while a writer records
``--writer-rate`` acts a second (``writer``: a process of its own schedules meetings of
the dialogue through the application and brings the read models up to date after
each act, as the runner does in production; this process only reads them, the
baseline measured in the same phase; the phase lasts at least ``--writer-seconds``,
50 acts at the default rate, and says how many acts the writer recorded in it).
It prints p50/p95 of each, the ratio of its p95 to the baseline's (target <= 5),
that ratio with no cache (target <= 10) and with the writer (target <= 5 for the
public page). The last line is JSON:
{"bench": "page_latency", "acts": N, "pages": {...}, "ratio": the worst, "target": 5,
"no_cache_ratio": the worst, "no_cache_target": 10, "writer_ratio": the public page's,
"writer_target": 5, "writer_acts": acts recorded during that phase, "writer_seconds": its
length, "writer_rate": acts a second}.
"""

import argparse
import gc
import json
import multiprocessing
import secrets
import sys
import tempfile
import time
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any
from uuid import UUID

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from application.dialogues import DialogueApp  # noqa: E402
from application.settings import persistence_env  # noqa: E402
from bench.harness import percentile  # noqa: E402
from bench.workload import record_workload  # noqa: E402
from projections.catalogue import all_projections  # noqa: E402
from projections.runner import ProjectionRunner  # noqa: E402
from web import create_app  # noqa: E402
from web.public.pagecache import PageCache  # noqa: E402

TARGET = 5.0
NO_CACHE_TARGET = 10.0
WRITER_TARGET = 5.0
WRITER_SECONDS = 10.0
"""The writer phase lasts at least this long: 50 acts at 5 a second, whatever the pace of the requests."""
KEPT_PACE = 0.9
"""Below this share of the rate asked, the writer did not keep up: said in the output."""
ADMIN = "bench-admin"


def signed_in_client(app: Flask, password: str) -> Any:
    client = app.test_client()
    answer = client.post("/login", data={"login": ADMIN, "password": password})
    if answer.status_code != 303:
        raise RuntimeError(f"signing in answered {answer.status_code}")
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100, help="requests of each page")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument(
        "--writer-rate", type=float, default=5.0, help="acts a second during the writer phase"
    )
    parser.add_argument(
        "--writer-seconds",
        type=float,
        default=WRITER_SECONDS,
        help="the writer phase measures for at least this long (and at least --requests rounds)",
    )
    options = parser.parse_args()
    password = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        app = create_app(
            {
                "DATABASE_URL": options.database_url or f"sqlite:///{folder}/bench.sqlite3",
                "SECRET_KEY": secrets.token_hex(16),
                "SIGNING_KEY_FILE": f"{folder}/signing_key.pem",
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
            }
        )
        dialogues: DialogueApp = app.extensions["dialogues"]
        began = time.perf_counter()
        record_workload(dialogues, options.acts, dialogues=1)
        dialogues.create_administrator(ADMIN, password)
        app.extensions["projections"].catch_up()
        print(
            f"{options.acts:,} acts recorded and projected in {time.perf_counter() - began:.1f} s", flush=True
        )
        [listed] = dialogues.dialogues()
        slug = listed["slug"]
        routes = {
            "public": f"/dialogues/{slug}",
            "audit": f"/audit/dialogues/{slug}",
            "api_status": f"/api/v1/dialogues/{slug}",
            "api_acts": f"/api/v1/dialogues/{slug}/acts",
            "healthz": "/healthz",
        }
        client = signed_in_client(app, password)
        gc.collect()  # as the production worker does once the app is loaded (deploy/gunicorn.conf.py)
        gc.freeze()
        latencies = measure(client, routes, options.requests)
        app.extensions["page_cache"] = PageCache(0)
        uncached = measure(client, routes, options.requests)
        written, phase = with_writer(app, client, routes, options, slug)
        client.__exit__(None, None, None)
    base = percentile(latencies["healthz"] + uncached["healthz"], 0.95)  # the trivial route, in both runs
    busy = percentile(written["healthz"], 0.95)  # the same, while the writer records
    pages: dict[str, Any] = {}
    header = ("p50", "p95", "ratio", "no-cache p95", "ratio", "writer p95", "ratio")
    print(
        f"{'':11}",
        *(f"{cell:>{width}}" for cell, width in zip(header, (11, 11, 7, 13, 7, 13, 7), strict=True)),
    )
    for name, values in latencies.items():
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        cold, hot = percentile(uncached[name], 0.95), percentile(written[name], 0.95)
        pages[name] = {
            "p50_ms": round(p50 * 1000, 2),
            "p95_ms": round(p95 * 1000, 2),
            "ratio": round(p95 / base, 2),
            "no_cache_p95_ms": round(cold * 1000, 2),
            "no_cache_ratio": round(cold / base, 2),
            "writer_p95_ms": round(hot * 1000, 2),
            "writer_ratio": round(hot / busy, 2),
        }
        print(
            f"{name:11} {p50 * 1000:8.2f} ms {p95 * 1000:8.2f} ms {p95 / base:7.2f}"
            f" {cold * 1000:10.2f} ms {cold / base:7.2f} {hot * 1000:10.2f} ms {hot / busy:7.2f}"
        )
    acts, seconds = phase
    rate = acts / seconds if seconds else 0.0
    kept_up = "" if rate >= KEPT_PACE * options.writer_rate else ": NOT KEPT UP"
    print(
        f"the writer recorded {acts} acts in the {seconds:.1f} s of its phase: {rate:.2f} a second"
        f" ({options.writer_rate:g} asked{kept_up})"
    )
    others = [page for name, page in pages.items() if name != "healthz"]
    summary = {
        "bench": "page_latency",
        "acts": options.acts,
        "pages": pages,
        "ratio": max(page["ratio"] for page in others),
        "target": TARGET,
        "no_cache_ratio": max(page["no_cache_ratio"] for page in others),
        "no_cache_target": NO_CACHE_TARGET,
        "writer_ratio": pages["public"]["writer_ratio"],
        "writer_target": WRITER_TARGET,
        "writer_acts": acts,
        "writer_seconds": round(seconds, 2),
        "writer_rate": round(rate, 2),
    }
    print(json.dumps(summary))


def with_writer(
    app: Flask, client: Any, routes: dict[str, str], options: argparse.Namespace, slug: str
) -> tuple[dict[str, list[float]], tuple[int, float]]:
    """``measure`` (for at least ``--writer-seconds``) while a writer process records
    ``--writer-rate`` acts a second and projects them; this process reads the read models as a web
    process does beside the runner (``EXTERNAL_PROJECTIONS``). Also the acts recorded while it
    measured and how long it measured."""
    context = multiprocessing.get_context("spawn")
    stop, started, count = context.Event(), context.Event(), context.Value("i", 0)
    url = str(app.config["DATABASE_URL"])
    writer = context.Process(target=write, args=(url, slug, options.writer_rate, stop, started, count))
    writer.start()
    following = app.extensions["projections_follow"]
    app.extensions["projections_follow"] = True  # the writer's process projects what it records
    try:
        if not started.wait(60):
            raise RuntimeError("the writer did not start within 60 s")
        first, began = count.value, time.monotonic()
        latencies = measure(client, routes, options.requests, options.writer_seconds)
        phase = count.value - first, time.monotonic() - began
    finally:
        app.extensions["projections_follow"] = following
        stop.set()
        writer.join()
    if writer.exitcode != 0:
        raise RuntimeError(f"the writer failed (exit code {writer.exitcode})")
    return latencies, phase


def write(url: str, slug: str, rate: float, stop: Event, started: Event, count: Any) -> None:
    """Until ``stop``: a meeting scheduled by the dialogue's facilitator every 1 / ``rate`` s (each one
    changes what its public page shows), the read models brought up to date after each."""
    app = DialogueApp(persistence_env(url))
    try:
        runner = ProjectionRunner(app.recorder, app.mapper, all_projections())
        runner.catch_up()
        dialogue_id = app.dialogue_id(slug)
        instance = UUID(app.parts(dialogue_id, kinds=["instance"])["instance"][0]["id"])
        began = time.monotonic()
        started.set()
        while not stop.is_set():
            app.schedule_meeting(
                "facilitator",
                dialogue_id,
                instance_id=instance,
                title=f"Point d'étape n° {count.value + 1}",
                starts_at="2099-03-12T18:30",
                place="salle des fêtes",
                agenda=["avancement des actions"],
            )
            runner.catch_up()
            count.value += 1
            stop.wait(max(0.0, began + count.value / rate - time.monotonic()))
    finally:
        app.close()


def measure(
    client: Any, routes: dict[str, str], requests: int, seconds: float = 0.0
) -> dict[str, list[float]]:
    """The latency of ``requests`` requests of each route, in turn, after two rounds to warm up; more
    rounds until ``seconds`` have passed since the first measured."""
    latencies: dict[str, list[float]] = {name: [] for name in routes}
    round_, until = 0, float("inf")
    while round_ < requests + 2 or time.monotonic() < until:
        if round_ == 2:
            until = time.monotonic() + seconds
        round_ += 1
        for name, path in routes.items():
            began = time.perf_counter()
            answer = client.get(path)
            elapsed = time.perf_counter() - began
            if answer.status_code != 200:
                raise RuntimeError(f"GET {path} answered {answer.status_code}")
            if round_ > 2:
                latencies[name].append(elapsed)
    return latencies


if __name__ == "__main__":
    main()
