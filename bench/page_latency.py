"""Benchmark: latency of a dialogue's pages, against a trivial route of the same app.

    .venv/bin/python bench/page_latency.py [--acts 10000] [--requests 100] [--database-url URL]

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
of the first reader after each act). It prints p50/p95 of each, the ratio of its
p95 to the baseline's (target <= 5) and that ratio with no cache (target <= 10).
The last line is JSON: {"bench": "page_latency", "acts": N, "pages": {...},
"ratio": the worst, "target": 5, "no_cache_ratio": the worst, "no_cache_target": 10}.
"""

import argparse
import gc
import json
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from application.dialogues import DialogueApp  # noqa: E402
from bench.harness import percentile  # noqa: E402
from bench.workload import record_workload  # noqa: E402
from web import create_app  # noqa: E402
from web.public.pagecache import PageCache  # noqa: E402

TARGET = 5.0
NO_CACHE_TARGET = 10.0
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
        client.__exit__(None, None, None)
    base = percentile(latencies["healthz"] + uncached["healthz"], 0.95)  # the trivial route, in both runs
    pages: dict[str, Any] = {}
    print(f"{'':11} {'p50':>11} {'p95':>11} {'ratio':>7} {'no-cache p95':>13} {'ratio':>7}")
    for name, values in latencies.items():
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        cold = percentile(uncached[name], 0.95)
        pages[name] = {
            "p50_ms": round(p50 * 1000, 2),
            "p95_ms": round(p95 * 1000, 2),
            "ratio": round(p95 / base, 2),
            "no_cache_p95_ms": round(cold * 1000, 2),
            "no_cache_ratio": round(cold / base, 2),
        }
        print(
            f"{name:11} {p50 * 1000:8.2f} ms {p95 * 1000:8.2f} ms {p95 / base:7.2f}"
            f" {cold * 1000:10.2f} ms {cold / base:7.2f}"
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
    }
    print(json.dumps(summary))


def measure(client: Any, routes: dict[str, str], requests: int) -> dict[str, list[float]]:
    """The latency of ``requests`` requests of each route, in turn, after two rounds to warm up."""
    latencies: dict[str, list[float]] = {name: [] for name in routes}
    for round_ in range(requests + 2):
        for name, path in routes.items():
            began = time.perf_counter()
            answer = client.get(path)
            elapsed = time.perf_counter() - began
            if answer.status_code != 200:
                raise RuntimeError(f"GET {path} answered {answer.status_code}")
            if round_ >= 2:
                latencies[name].append(elapsed)
    return latencies


if __name__ == "__main__":
    main()
