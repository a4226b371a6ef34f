"""Benchmark: acts recorded through the application, against a bare eventsourcing Application.

    .venv/bin/python bench/write_path.py [--acts 2000] [--stores sqlite,postgres] [--http-acts 2000]

On each store (a temporary SQLite file; a fresh schema of BENCH_POSTGRES_URL),
a dialogue walked through its framing (``bench/workload.py``) takes, in the
same run, best of ``--repeat``:

(a) ``--acts`` acts through ``DialogueApp``'s methods (load the dialogue,
    authorise, check, call the domain, save), for two scenarios:
    ``contribution-posted`` alone, and a mix of a contribution posted,
    endorsed twice and clustered;
(b) the same number of saves by a bare ``eventsourcing`` Application, mirroring
    each act with an event of the same stored size: a new aggregate for a
    creation, ``repository.get``, one event and ``save`` for a change.

The ratio is (a)/(b) in acts/s (target >= 0.7); the JSON line carries the
worst. Then ``--http-acts`` acts of the mix posted to the JSON API by
``--clients`` concurrent clients (each signed in, with its own session, on a
keep-alive connection of its own) to the production web processes (gunicorn,
deploy/gunicorn.conf.py; ``--processes``, one per core as docs/deploy.md
advises, each client always to the same one) on a fresh store of the same kind,
``--repeat`` rounds on the same servers: the best one's acts/s (as the application's), p50 and
p95 latency, the CPU per act of the servers (``/proc``) and of the clients (this process), and
the HTTP ratio, acts/s over HTTP / the mix's
acts/s through the application on that store (target >= 0.5; the JSON line
carries the worse store's as ``http_ratio``). Last, the floor: the same clients
posting to a bare Flask app under the same gunicorn set-up (``http_floor``,
requests/s; no target), and for each store its ratio to the mix through the
application (``floor_ratio``: the HTTP ratio of an app doing nothing per request,
the most the product could reach on that run). The last line is JSON: {"bench": "write_path", ...,
"ratio": R, "target": 0.7, "http_ratio": H, "http_target": 0.5}.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import requests

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from eventsourcing.application import Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402
from flask import Flask, request  # noqa: E402

from application.dialogues import DialogueApp  # noqa: E402
from application.settings import persistence_env  # noqa: E402
from bench.harness import Started, answering, fresh_store, percentile, started  # noqa: E402
from bench.workload import DialogueRun, Workload  # noqa: E402

TARGET = 0.7
HTTP_TARGET = 0.5
"""acts/s of the mix over HTTP (16 clients, one web process a core) / through the application, same store."""
TEXT = "les calendriers d'irrigation ne sont pas partagés entre les communes du bassin"
PASSWORD = secrets.token_urlsafe(16)
MIX = ("contribution-posted", "contribution-endorsed", "contribution-endorsed", "contribution-clustered")
SCENARIOS = {"contribution-posted": MIX[:1], "mix": MIX}
CREATES = frozenset({"contribution-posted"})
"""The acts that create an aggregate; the others change the one created last."""


# --- the dialogue -------------------------------------------------------------------


def prepare(app: DialogueApp) -> tuple[UUID, str, list[str]]:
    """A dialogue in collective work: its id, slug and stakeholders' logins (accounts with PASSWORD)."""
    workload = Workload(app)
    run = DialogueRun(workload, "bench-write-path", budget=1000)
    for _ in run.framing():
        pass
    workload.flush()
    logins = [actor.account_id for actor in run.stakeholders]
    app.create_administrator("bench-admin", PASSWORD)
    app.create_accounts("bench-admin", logins=[*logins, run.facilitator.account_id], password=PASSWORD)
    return run.dialogue.id, run.slug, logins


def act_through_app(app: DialogueApp, dialogue_id: UUID, logins: Sequence[str]) -> Callable[[int, str], int]:
    """Records act number ``i`` of a scenario through the application; returns its position."""
    last: list[UUID] = []

    def act(i: int, name: str) -> int:
        login = logins[i % len(logins)]
        if name == "contribution-posted":
            recorded = app.post_contribution(login, dialogue_id, kind="idea", text=TEXT)
            last[:] = [recorded.id]
        elif name == "contribution-endorsed":
            recorded = app.endorse_contribution(login, dialogue_id, last[0])
        else:
            recorded = app.cluster_contribution("facilitator", dialogue_id, last[0], cluster="irrigation")
        return recorded.position

    return act


# --- the bare application -----------------------------------------------------------


class Note(Aggregate):
    def __init__(self, text: str):
        self.text = text

    @event("Changed")
    def change(self, text: str) -> None:
        self.text = text


class Bare(Application[UUID]):
    """Nothing but the library: no loading of a dialogue, no authorisation, no domain check."""


def padding(bare: Bare, create: bool, size: int) -> str:
    """A text that makes a Note's creation (or change) event ``size`` bytes once stored."""
    note = Note("")
    if not create:
        note.collect_events()
        note.change("")
    base = len(bare.mapper.to_stored_event(note.collect_events()[-1]).state)
    return "x" * max(0, size - base)


def act_through_bare(bare: Bare, texts: dict[str, str]) -> Callable[[int, str], int]:
    """Saves the event that mirrors act ``name``, of the same stored size."""
    last: list[UUID] = []

    def act(_i: int, name: str) -> int:
        if name in CREATES:
            note = Note(texts[name])
            last[:] = [note.id]
        else:
            note = bare.repository.get(last[0])
            note.change(texts[name])
        return bare.save(note)[-1].notification.id

    return act


# --- measuring ----------------------------------------------------------------------


def rate(act: Callable[[int, str], int], scenario: Sequence[str], count: int) -> float:
    """Acts per second of ``count`` acts of ``scenario``, in turn."""
    began = time.perf_counter()
    for i in range(count):
        act(i, scenario[i % len(scenario)])
    return count / (time.perf_counter() - began)


def stored_sizes(app: DialogueApp, act: Callable[[int, str], int]) -> dict[str, int]:
    """The stored size of each act of the mix's events, as the application records them."""
    sizes = {}
    for i, name in enumerate(MIX):
        position = act(i, name)
        [notification] = app.recorder.select_notifications(position, 1)
        sizes[name] = len(notification.state)
    return sizes


def measure_store(url: str, bare_url: str, acts: int, repeat: int) -> dict[str, Any]:
    """acts/s of both scenarios through the application and the bare one, and their ratios."""
    app = DialogueApp(persistence_env(url))
    bare = Bare(persistence_env(bare_url))
    try:
        dialogue_id, _, logins = prepare(app)
        through_app = act_through_app(app, dialogue_id, logins)
        sizes = stored_sizes(app, through_app)
        texts = {name: padding(bare, name in CREATES, size) for name, size in sizes.items()}
        through_bare = act_through_bare(bare, texts)
        figures: dict[str, Any] = {"event_bytes": sizes}
        for scenario, names in SCENARIOS.items():
            best_app = best_bare = 0.0
            for _ in range(repeat):  # interleaved, so that both see the same machine
                best_app = max(best_app, rate(through_app, names, acts))
                best_bare = max(best_bare, rate(through_bare, names, acts))
            figures[scenario] = {
                "app": round(best_app),
                "bare": round(best_bare),
                "ratio": round(best_app / best_bare, 3),
            }
        return figures
    finally:
        app.close()
        bare.close()


# --- over HTTP ----------------------------------------------------------------------


def signed_in(base: str, login: str) -> str:
    """The session cookie of a client signed in through the sign-in form (its CSRF token included)."""
    client = requests.Session()
    page = client.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no CSRF token on the sign-in page")
    form = {"login": login, "password": PASSWORD, "csrf_token": token.group(1)}
    answer = client.post(f"{base}/login", data=form, timeout=30, allow_redirects=False)
    if answer.status_code != 303:
        raise RuntimeError(f"signing in as {login} answered {answer.status_code}")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in client.cookies)


class ApiClient:
    """One keep-alive connection to a web process, as an API client holds: each act a JSON POST with
    the cookie of the signed-in account that makes it, its answer read whole and its status checked."""

    def __init__(self, base: str):
        self.connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=60)

    def post(self, path: str, cookie: str, body: dict[str, Any]) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json", "Accept": "application/json", "Cookie": cookie}
        self.connection.request("POST", path, json.dumps(body).encode(), headers)
        answer = self.connection.getresponse()
        return answer.status, answer.read()


def server_cpu(pids: Sequence[int]) -> float:
    """CPU seconds used so far by the processes ``pids`` and their children (gunicorn's workers)."""
    seconds = 0.0
    for pid in pids:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        for each in [pid, *map(int, children)]:
            fields = Path(f"/proc/{each}/stat").read_text().rpartition(")")[2].split()
            seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def http_mix(url: str, clients: int, acts: int, processes: int, repeat: int) -> dict[str, Any]:
    """acts/s and latencies of ``acts`` acts of the mix, by ``clients`` concurrent API clients spread
    over ``processes`` web processes (each client always to the same one, as nginx's ``ip_hash``);
    the best of ``repeat`` rounds, as the application's figure it is divided by."""
    app = DialogueApp(persistence_env(url))
    try:
        _, slug, logins = prepare(app)
    finally:
        app.close()
    env = {"FLASK_WRITE_RATE_LIMIT": "1000000 per minute", "SECRET_KEY": secrets.token_hex()}  # one for all
    with started([(url, env, None)] * processes) as servers:
        bases = answering(servers)
        stakeholders = [signed_in(bases[0], logins[c % len(logins)]) for c in range(clients)]
        facilitators = [signed_in(bases[0], "facilitator") for _ in range(clients)]
        return best(lambda: drive(servers, slug, stakeholders, facilitators, acts), repeat)


def bare_api() -> Flask:
    """The floor over HTTP: a bare Flask app answering the acts' POSTs with 201 and an id, nothing else."""
    bare = Flask(__name__)
    bare.add_url_rule("/healthz", "healthz", lambda: "ok")

    @bare.post("/api/v1/dialogues/<slug>/acts/<act>")
    def act(slug: str, act: str) -> tuple[dict[str, Any], int]:
        return {"id": str(uuid4()), "act": act, "body": request.get_json()}, 201

    return bare


def http_floor(clients: int, acts: int, processes: int, repeat: int) -> dict[str, Any]:
    """The same clients' requests/s to :func:`bare_api`, served as the product is (gunicorn, its config),
    the best of ``repeat`` rounds."""
    with started([("", None, "bench.write_path:bare_api()")] * processes) as servers:
        answering(servers)
        return best(lambda: drive(servers, "floor", [""] * clients, [""] * clients, acts), repeat)


def best(measure: Callable[[], dict[str, Any]], repeat: int) -> dict[str, Any]:
    """The round of ``repeat`` with the most acts/s; ``rounds``: every round's acts/s."""
    rounds = [measure() for _ in range(repeat)]
    return {**max(rounds, key=lambda r: r["acts_per_s"]), "rounds": [r["acts_per_s"] for r in rounds]}


def drive(
    servers: Sequence[Started], slug: str, stakeholders: list[str], facilitators: list[str], acts: int
) -> dict[str, Any]:
    """``acts`` acts of the mix posted by one client per cookie of ``stakeholders`` (each endorsing the
    others' contributions; the facilitator's cookie of the same rank clustering), client ``c`` to
    ``servers[c % len(servers)]``; RuntimeError if any was not answered 201."""
    clients = len(stakeholders)
    per_client = max(1, acts // clients // len(MIX)) * len(MIX)
    latencies: list[float] = []
    failures: list[str] = []
    endpoint = f"/api/v1/dialogues/{slug}/acts/"
    connections = [ApiClient(servers[c % len(servers)][1]) for c in range(clients)]

    def client(number: int) -> None:
        try:
            acts_of(number)
        except Exception as error:  # a client that stops is a failure, not fewer acts
            failures.append(f"client {number}: {error!r}")

    def acts_of(number: int) -> None:
        contribution = None
        for i in range(per_client):
            name = MIX[i % len(MIX)]
            cookie = stakeholders[number]
            if name == "contribution-posted":
                body: dict[str, Any] = {"kind": "idea", "text": TEXT}
            elif name == "contribution-endorsed":
                body = {"contribution_id": contribution}
                cookie = stakeholders[(number + i) % clients]  # someone else endorses it
            else:
                body = {"contribution_id": contribution, "cluster": "irrigation"}
                cookie = facilitators[number]
            began = time.perf_counter()
            status, answer = connections[number].post(endpoint + name, cookie, body)
            latencies.append(time.perf_counter() - began)
            if status != 201:
                failures.append(f"{name}: {status} {answer[:200]!r}")
            elif name == "contribution-posted":
                contribution = json.loads(answer)["id"]

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    pids = [process.pid for process, _base in servers]
    cpu, clients_cpu, began = server_cpu(pids), time.process_time(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds, cpu = time.perf_counter() - began, server_cpu(pids) - cpu
    clients_cpu = time.process_time() - clients_cpu
    if failures:
        raise RuntimeError(f"{len(failures)} acts refused over HTTP, the first: {failures[0]}")
    return {
        "clients": clients,
        "processes": len(servers),
        "acts": len(latencies),
        "acts_per_s": round(len(latencies) / seconds),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "server_cpu_ms_per_act": round(cpu / len(latencies) * 1000, 2),
        "clients_cpu_ms_per_act": round(clients_cpu / len(latencies) * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=2000, help="acts per scenario and round")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--http-acts", type=int, default=2000, help="0: no HTTP measurement")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="web processes (production: one per core)"
    )
    options = parser.parse_args()
    result: dict[str, Any] = {"bench": "write_path", "acts": options.acts}
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        for kind in options.stores.split(","):
            with fresh_store(kind, folder) as url, fresh_store(kind, folder) as bare_url:
                figures = measure_store(url, bare_url, options.acts, options.repeat)
            for scenario in SCENARIOS:
                f = figures[scenario]
                print(
                    f"{kind:8} {scenario:20} app {f['app']:6,} acts/s  bare {f['bare']:6,} acts/s"
                    f"  ratio {f['ratio']:.2f} (target >= {TARGET})",
                    flush=True,
                )
            if options.http_acts:
                with fresh_store(kind, folder) as url:
                    figures["http"] = http = http_mix(
                        url, options.clients, options.http_acts, options.processes, options.repeat
                    )
                http["ratio"] = round(http["acts_per_s"] / figures["mix"]["app"], 3)
                print(
                    f"{kind:8} HTTP, {http['clients']} clients, {http['processes']} processes:"
                    f" {http['acts']} acts a round, best of {http['rounds']}:"
                    f" {http['acts_per_s']:,} acts/s, p50 {http['p50_ms']} ms, p95 {http['p95_ms']} ms,"
                    f" CPU: servers {http['server_cpu_ms_per_act']} ms/act,"
                    f" clients {http['clients_cpu_ms_per_act']}"
                    f"  ratio to the mix {http['ratio']:.2f} (target >= {HTTP_TARGET})",
                    flush=True,
                )
            result[kind] = figures
    if options.http_acts:
        result["http_floor"] = floor = http_floor(
            options.clients, options.http_acts, options.processes, options.repeat
        )
        print(
            f"floor    a bare Flask app, same clients and processes: {floor['acts_per_s']:,} requests/s,"
            f" CPU: servers {floor['server_cpu_ms_per_act']} ms/request,"
            f" clients {floor['clients_cpu_ms_per_act']}",
            flush=True,
        )
        for kind in options.stores.split(","):
            http = result[kind]["http"]
            http["floor_ratio"] = round(floor["acts_per_s"] / result[kind]["mix"]["app"], 3)
            print(
                f"{kind:8} the floor's requests/s / the mix's acts/s through the application:"
                f" {http['floor_ratio']:.2f} (what an app doing nothing per request would reach)",
                flush=True,
            )
    kinds = options.stores.split(",")
    ratios = [result[kind][scenario]["ratio"] for kind in kinds for scenario in SCENARIOS]
    result.update(ratio=min(ratios), target=TARGET)
    if options.http_acts:
        http_ratio = min(result[kind]["http"]["ratio"] for kind in kinds)
        result.update(http_ratio=http_ratio, http_target=HTTP_TARGET)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
