"""Benchmark: a platform of many dialogues, rebuilt and read, on SQLite and PostgreSQL.

    .venv/bin/python bench/platform_scale.py [--dialogues 1000] [--events 2000000] [--requests 30]
        [--stores sqlite,postgres] [--query irrigation] [--rebuild-only]

For each store (SQLite: a temporary file; PostgreSQL: a schema of its own at
``BENCH_POSTGRES_URL``), records ``--events`` events of ``--dialogues``
dialogues taking turns (``bench/workload.py``, in a process of its own), then
(besides the store's size on disk, events and read models):

(a) the rebuild: every read model rebuilt from zero (``ProjectionRunner.rebuild``,
    as ``bench/projections_rebuild.py``), against reading and decoding the same
    log, read before and after it (their mean); target: ratio >= 0.5 on both stores;
(b) the pages, through Flask's test client signed in as a platform administrator
    (as ``bench/page_latency.py``), ``--requests`` of each in turn: the home page
    (``/``, the first page of 20 public dialogues), a dialogue's page (``/dialogues/<slug>``, the
    middle one), the search (``/search?q=``) and the API's list of dialogues
    (``/api/v1/dialogues``), against ``/healthz`` served the same way; first with
    the page cache as configured, then with it off (``no-cache``), and the
    public pages as an anonymous visitor (``visitor``: no account, no menu).
    Target: p95 ratio <= 5 for every page signed in, with the cache (the others:
    informational). Before them, PostgreSQL's statistics of the new read models are
    taken (``ANALYZE``, as its autovacuum does after a bulk load) and what the set-up
    loaded is frozen in the garbage collector (as the production worker does).

The last line is JSON: {"bench": "platform_scale", "dialogues": D, "events": N,
"stores": {"sqlite": {...}, "postgres": {...}}, "ratio": the worse rebuild ratio,
"target": 0.5, "page_ratio": the worst page ratio, "page_target": 5}. ``--rebuild-only``: (a) alone,
no page measured (no page figures in the JSON).
"""

import argparse
import gc
import json
import multiprocessing
import os
import secrets
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

from application.dialogues import DialogueApp  # noqa: E402
from application.settings import persistence_env  # noqa: E402
from bench.harness import fresh_store, percentile  # noqa: E402
from bench.page_latency import ADMIN, measure, signed_in_client  # noqa: E402
from bench.projections_rebuild import generate, open_runner, read_and_decode  # noqa: E402
from projections.catalogue import all_projections  # noqa: E402
from projections.runner import ProjectionRunner  # noqa: E402
from web import create_app  # noqa: E402
from web.public.pagecache import PageCache  # noqa: E402

TARGET = 0.5
PAGE_TARGET = 5.0
STORES = ("sqlite", "postgres")


def record(url: str, events: int, dialogues: int) -> float:
    """Record the workload in a process of its own (this one's memory stays the rebuild's); seconds."""
    began = time.perf_counter()
    child = multiprocessing.get_context("spawn").Process(target=generate, args=(url, events, dialogues))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"recording the workload failed (exit code {child.exitcode})")
    return time.perf_counter() - began


def rebuild(url: str, batch_size: int) -> dict[str, Any]:
    """(a): the rebuild's events/s and its ratio to reading and decoding the log."""
    app = DialogueApp(persistence_env(url))
    try:
        events, first = read_and_decode(app, batch_size)
        opener = partial(open_runner, url, batch_size)
        runner = ProjectionRunner(
            app.recorder, app.mapper, all_projections(), batch_size=batch_size, opener=opener
        )
        began, cpu = time.perf_counter(), time.process_time()
        runner.rebuild()
        seconds = time.perf_counter() - began
        print(f"    the rebuild's own process: {time.process_time() - cpu:.1f} s of CPU", flush=True)
        _, second = read_and_decode(app, batch_size)
    finally:
        app.close()
    raw = events / ((first + second) / 2)
    rate = events / seconds
    print(
        f"(a) rebuild: {events:,} events in {seconds:.1f} s = {rate:,.0f} events/s;"
        f" read + decode {first:.1f} s and {second:.1f} s = {raw:,.0f} events/s; ratio {rate / raw:.2f}",
        flush=True,
    )
    return {
        "seconds": round(seconds, 1),
        "events_per_s": round(rate),
        "read_events_per_s": round(raw),
        "ratio": round(rate / raw, 3),
    }


def size_mb(url: str) -> float:
    """The store's size on disk, events and read models: the SQLite file and its journal, or the
    PostgreSQL schema's tables with their indexes."""
    address = urlsplit(url)
    if address.scheme == "sqlite":
        files = [address.path + suffix for suffix in ("", "-wal")]
        return round(sum(os.path.getsize(name) for name in files if os.path.exists(name)) / 2**20, 1)
    schema = parse_qs(address.query)["schema"][0]
    with psycopg.connect(url.split("?")[0]) as connection:
        row = connection.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
            (schema,),
        ).fetchone()
    return round(float(row[0] if row else 0) / 2**20, 1)


def analyse(url: str) -> None:
    """PostgreSQL: the planner's statistics of the schema's tables, as autovacuum takes them after the
    rebuild's bulk load (without them, it may plan a search as if the tables were empty)."""
    address = urlsplit(url)
    if address.scheme == "sqlite":
        return
    schema = parse_qs(address.query)["schema"][0]
    with psycopg.connect(url.split("?")[0], autocommit=True) as connection:
        tables = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))
        for (table,) in tables.fetchall():
            connection.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(schema, table)))


def pages(url: str, folder: str, requests: int, query: str) -> dict[str, Any]:
    """(b): p50/p95 of each page, with the page cache and without, and their ratios to ``/healthz``."""
    password = secrets.token_urlsafe(16)
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_hex(16),
            "SIGNING_KEY_FILE": f"{folder}/signing_key.pem",
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
        }
    )
    dialogues: DialogueApp = app.extensions["dialogues"]
    try:
        dialogues.create_administrator(ADMIN, password)
        app.extensions["projections"].catch_up()
        listed = dialogues.dialogues()
        routes = {
            "home": "/",
            "dialogue": f"/dialogues/{listed[len(listed) // 2]['slug']}",
            "search": f"/search?q={query}",
            "api_list": "/api/v1/dialogues",
            "healthz": "/healthz",
        }
        client = signed_in_client(app, password)
        analyse(url)
        gc.collect()  # as the production worker does once the app is loaded (deploy/gunicorn.conf.py)
        gc.freeze()
        cached = measure(client, routes, requests)
        public = {name: path for name, path in routes.items() if name != "api_list"}
        anonymous = measure(app.test_client(), public, requests)
        app.extensions["page_cache"] = PageCache(0)
        uncached = measure(client, routes, requests)
        client.__exit__(None, None, None)
    finally:
        dialogues.close()
    base = percentile(cached["healthz"] + uncached["healthz"], 0.95)
    visitor = percentile(anonymous["healthz"], 0.95)
    found: dict[str, Any] = {}
    names = ("p50", "p95", "ratio", "no-cache p95", "ratio", "visitor p95", "ratio")
    columns = zip(names, (11, 11, 7, 13, 7, 13, 7), strict=True)
    print(f"(b) {'':9}", *(f"{column:>{width}}" for column, width in columns))
    for name, values in cached.items():
        p50, p95, cold = percentile(values, 0.5), percentile(values, 0.95), percentile(uncached[name], 0.95)
        found[name] = {
            "p50_ms": round(p50 * 1000, 2),
            "p95_ms": round(p95 * 1000, 2),
            "ratio": round(p95 / base, 2),
            "no_cache_p95_ms": round(cold * 1000, 2),
            "no_cache_ratio": round(cold / base, 2),
        }
        line = f" {cold * 1000:10.2f} ms {cold / base:7.2f}"
        if name in anonymous:
            seen = percentile(anonymous[name], 0.95)
            found[name] |= {
                "anonymous_p95_ms": round(seen * 1000, 2),
                "anonymous_ratio": round(seen / visitor, 2),
            }
            line += f" {seen * 1000:10.2f} ms {seen / visitor:7.2f}"
        print(f"    {name:9} {p50 * 1000:8.2f} ms {p95 * 1000:8.2f} ms {p95 / base:7.2f}{line}", flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialogues", type=int, default=1000)
    parser.add_argument("--events", type=int, default=2_000_000, help="in all, across the dialogues")
    parser.add_argument("--requests", type=int, default=30, help="requests of each page")
    parser.add_argument("--stores", default=",".join(STORES), help="comma-separated: sqlite, postgres")
    parser.add_argument("--batch-size", type=int, default=50_000)
    parser.add_argument("--query", default="irrigation", help="the search's words")
    parser.add_argument("--rebuild-only", action="store_true", help="(a) alone, no page measured")
    options = parser.parse_args()
    stores: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        for kind in options.stores.split(","):
            with fresh_store(kind, folder) as url:
                print(f"=== {kind}: {options.events:,} events of {options.dialogues:,} dialogues", flush=True)
                seconds = record(url, options.events, options.dialogues)
                rebuilt = rebuild(url, options.batch_size)
                size = size_mb(url)
                print(f"    the store on disk, events and read models: {size:,} MB", flush=True)
                stores[kind] = {"recorded_s": round(seconds, 1), "rebuild": rebuilt, "size_mb": size}
                if not options.rebuild_only:
                    stores[kind]["pages"] = pages(url, folder, options.requests, options.query)
    summary = {
        "bench": "platform_scale",
        "dialogues": options.dialogues,
        "events": options.events,
        "stores": stores,
        "ratio": min(store["rebuild"]["ratio"] for store in stores.values()),
        "target": TARGET,
    }
    if not options.rebuild_only:
        found = [store["pages"] for store in stores.values()]
        worst = [page["ratio"] for pages in found for name, page in pages.items() if name != "healthz"]
        summary.update(page_ratio=max(worst), page_target=PAGE_TARGET)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
