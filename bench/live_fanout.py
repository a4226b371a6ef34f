"""Fan-out of live acts over two processes: from an act's save to its receipt by each of N clients.

    .venv/bin/python bench/live_fanout.py [--clients 1000] [--acts 300] [--pace 0.5]

The production set-up of ``bench/live_latency.py`` (PostgreSQL at ``BENCH_POSTGRES_URL``, Redis
at ``BENCH_REDIS_URL``, the runner, two gunicorn processes with ``deploy/gunicorn.conf.py``,
``LOG_POLL_SECONDS=60``): ``--clients`` Socket.IO clients, half on each process, join the
dialogue's room; a member records ``contribution-posted`` acts through the API of the first
process. Baseline: ``bench/live_latency.py``'s two bare Flask-SocketIO processes joined by the
same Redis queue, served the same way, with as many clients: a POST to the first emits an act of
the same size (checked) to the room. An open WebSocket holds one of gunicorn's threads, 100 a
process in ``deploy/gunicorn.conf.py``: both set-ups get enough for their clients
(``GUNICORN_CMD_ARGS``).

Both set-ups run at once, their acts alternating (each one act per ``--pace`` seconds), so that
the load of a shared machine weighs on both alike. The delay runs from an act's ``recorded_at`` to
its arrival at a client, both read from this machine's clock: the product's is the event's
timestamp, taken just before the save (the write is counted), the baseline's is taken just before
its POST is sent (its request is counted). The clients are python-socketio's asyncio clients, on
one event loop in each of ``--workers`` processes (each holding a share of both set-ups' clients):
a thread per client would make the clients, not the servers, the bottleneck of 2 cores. p50 and
p99 are over every (act, client) arrival after a few warm-up acts.

Last line: ``{"bench": "live_fanout", "clients": N, "p50_ms", "p99_ms", "baseline_p50_ms",
"baseline_p99_ms", "ratio_p99", "target": 1.5}``; the target is ratio_p99 <= 1.5.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import sys
import time
from collections import defaultdict
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import socketio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import percentile
from bench.live_latency import Setup, check_sizes, product_and_bare, size
from bench.live_setup import NAMESPACE, WARM_UP

TARGET = 1.5
PACE_SECONDS = 0.5
ACTS = 300
"""The clients of one act arrive together: the p99 is the worst 1 % of the arrivals, those of the 3
slowest acts here (of the slowest alone at 100 acts, which made the ratio swing from run to run)."""
QUIET_SECONDS = 1.0
"""Once joined, the clients wait for this long without an event (the joins' presence) before the acts."""
SPARE_THREADS = 20
"""gunicorn threads beyond one per WebSocket: for the HTTP requests."""

Plan = list[tuple[str, str, str, dict[str, Any]]]
"""The clients of one worker: (set-up, base URL, session cookie, ``join`` data) each."""


def clients_worker(plan: Plan, pipe: Connection) -> None:
    """A process of clients: connects them, says ``ready`` once they are quiet, then sends back
    the delays (ms) of the acts at the positions the pipe names."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * len(plan) + 256)), hard))
    asyncio.run(Clients(plan).serve(pipe))


class Clients:
    """One event loop's clients, and how long after its ``recorded_at`` each act reached them (ms)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.delays: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
        self.last: dict[str, dict[str, Any]] = {}
        self.heard = time.monotonic()
        self.clients: list[socketio.AsyncClient] = []

    async def serve(self, pipe: Connection) -> None:
        loop = asyncio.get_running_loop()
        gate = asyncio.Semaphore(50)  # connections opened at once
        await asyncio.gather(*(self.connect(gate, *client) for client in self.plan))
        while time.monotonic() - self.heard < QUIET_SECONDS:
            await asyncio.sleep(0.2)
        pipe.send("ready")
        expected: dict[str, list[int]] = await loop.run_in_executor(None, pipe.recv)
        deadline = time.monotonic() + 60
        while self.missing(expected) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        delays = {name: [d for p in ps for d in self.delays[name][p]] for name, ps in expected.items()}
        pipe.send({"delays": delays, "missing": self.missing(expected), "last": self.last})
        await asyncio.gather(*(client.disconnect() for client in self.clients), return_exceptions=True)

    async def connect(self, gate: asyncio.Semaphore, name: str, base: str, cookie: str, join: Any) -> None:
        client = socketio.AsyncClient(reconnection=False)

        def receive(payload: dict[str, Any]) -> None:
            arrived = time.time()
            recorded = datetime.fromisoformat(payload["recorded_at"]).timestamp()
            self.delays[name][payload["position"]].append((arrived - recorded) * 1000)
            self.last[name] = payload

        def hear(*_arguments: Any) -> None:
            self.heard = time.monotonic()

        client.on("act", receive, namespace=NAMESPACE)
        client.on("*", hear, namespace=NAMESPACE)
        async with gate:
            headers = {"Cookie": cookie} if cookie else {}
            await client.connect(
                base, namespaces=[NAMESPACE], headers=headers, transports=["websocket"], wait_timeout=60
            )
            ack = await client.call("join", join, namespace=NAMESPACE, timeout=120)
        assert ack["ok"], ack
        self.clients.append(client)
        self.heard = time.monotonic()

    def missing(self, expected: dict[str, list[int]]) -> int:
        counts = {name: sum(client[0] == name for client in self.plan) for name in expected}
        return sum(
            counts[name] - len(self.delays[name].get(p, ())) for name, ps in expected.items() for p in ps
        )


def measure(setups: dict[str, Setup], clients: int, acts: int, workers: int, pace: float) -> dict[str, Any]:
    """Start the clients (half on each process of each set-up), fire the acts in turns; the delays (ms)
    of each set-up, and the last act one of its clients received."""
    plan: Plan = [
        (name, setup.bases[index % len(setup.bases)], setup.cookie, setup.join)
        for name, setup in setups.items()
        for index in range(clients)
    ]
    context = multiprocessing.get_context("fork")  # before any thread of this process
    pipes, processes = [], []
    for worker in range(workers):
        ours, theirs = context.Pipe()
        process = context.Process(target=clients_worker, args=(plan[worker::workers], theirs), daemon=True)
        process.start()
        pipes.append(ours)
        processes.append(process)
    try:
        for pipe in pipes:
            if not pipe.poll(900) or pipe.recv() != "ready":
                raise RuntimeError("the clients did not connect within 15 minutes")
        fired: dict[str, list[int]] = {name: [] for name in setups}
        for index in range(acts + WARM_UP):
            for name, setup in setups.items():
                position, _answered = setup.fire(index)
                if index >= WARM_UP:
                    fired[name].append(position)
                time.sleep(pace / len(setups))
        for pipe in pipes:
            pipe.send(fired)
        results = [pipe.recv() for pipe in pipes]
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    missing = sum(result["missing"] for result in results)
    assert missing == 0, f"{missing} arrivals missing"
    return {
        name: (
            [delay for result in results for delay in result["delays"][name]],
            next(result["last"][name] for result in results if name in result["last"]),
        )
        for name in setups
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000, help="clients of a set-up (2 processes)")
    parser.add_argument("--acts", type=int, default=ACTS, help="measured acts of a set-up")
    parser.add_argument("--workers", type=int, default=4, help="processes of clients")
    parser.add_argument("--pace", type=float, default=PACE_SECONDS, help="seconds between a set-up's acts")
    arguments = parser.parse_args()
    threads = -(-arguments.clients // 2) + SPARE_THREADS
    os.environ["GUNICORN_CMD_ARGS"] = f"--threads {threads}"  # for every gunicorn started below
    with product_and_bare() as (product, bare):
        setups = {"product": product, "bare": bare}
        measured = measure(setups, arguments.clients, arguments.acts, arguments.workers, arguments.pace)
    (delays, act), (bare, bare_act) = measured["product"], measured["bare"]
    check_sizes((size(act), size(bare_act)))
    p50, p99 = percentile(delays, 0.5), percentile(delays, 0.99)
    base50, base99 = percentile(bare, 0.5), percentile(bare, 0.99)
    print(
        f"recorded: p50 {p50:.1f} ms, p99 {p99:.1f} ms; bare Flask-SocketIO through Redis:"
        f" p50 {base50:.1f} ms, p99 {base99:.1f} ms ({len(delays)} arrivals each: {arguments.acts} acts,"
        f" {arguments.clients} clients over 2 processes, gunicorn --threads {threads})"
    )
    result = {
        "bench": "live_fanout",
        "clients": arguments.clients,
        "p50_ms": round(p50, 1),
        "p99_ms": round(p99, 1),
        "baseline_p50_ms": round(base50, 1),
        "baseline_p99_ms": round(base99, 1),
        "ratio_p99": round(p99 / base99, 2),
        "target": TARGET,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
