"""``/metrics`` (the Prometheus text format) for the addresses ``METRICS_ALLOW`` names, and ``/readyz``.

``METRICS_ALLOW``: addresses or networks, separated by commas (default the loopback,
``127.0.0.1,::1``), from which ``/metrics`` answers; others get 403, and an empty
setting turns ``/metrics`` off (404). Behind nginx (``TRUSTED_PROXIES``) the address is
the client's, so only Prometheus scraping a process on its own port is let in.

``/readyz``: 200 while every read model is within ``READY_LAG_SECONDS`` (default 30) of the
log, else 503, with each one's lag in events and seconds (for load balancers and deployment).
"""

import ipaddress
import os
import time
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess

from projections.metrics import StoreCollector, recorded_at
from web.metrics.instruments import LATENCY, REFUSALS, RESPONSES, count_acts

bp = Blueprint("metrics", __name__)

DEFAULT_ALLOW = "127.0.0.1,::1"
READY_LAG_SECONDS = 30.0
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def init_app(app: Flask) -> None:
    """Count this process's acts and time its requests; the scrape's collector of the stores."""
    dialogue_app = app.extensions["dialogues"]
    dialogue_app.recorded.append(lambda: count_acts(dialogue_app.last_saved()))
    app.before_request(_started)
    app.after_request(_answered)
    app.extensions["metrics_collector"] = collector(app)


def collector(app: Flask) -> StoreCollector:
    dialogue_app = app.extensions["dialogues"]

    def live() -> dict[str, tuple[int, int]]:
        server = app.extensions.get("socketio")
        if server is None:
            return {}
        rooms: dict[str, dict[Any, Any]] = server.server.manager.rooms
        return {
            namespace: (
                len(named.get(None, {})),
                sum(1 for room in named if isinstance(room, str) and ":" in room),
            )
            for namespace, named in rooms.items()
        }

    return StoreCollector(
        lambda: int(dialogue_app.recorder.max_notification_id() or 0),
        lambda: app.extensions["projections"].positions(),
        recorded_at(dialogue_app.recorder, dialogue_app.mapper),
        dialogue_app.outbox.depth,
        live,
    )


def _started() -> None:
    g.metrics_started = time.perf_counter()


def _answered(response: Response) -> Response:
    started = g.pop("metrics_started", None)
    endpoint = request.url_rule.endpoint if request.url_rule is not None else "unmatched"
    if started is not None:
        LATENCY.labels(endpoint=endpoint, method=request.method).observe(time.perf_counter() - started)
    RESPONSES.labels(endpoint=endpoint, status=str(response.status_code)).inc()
    if request.method in WRITES and 400 <= response.status_code < 500:  # a write refused
        REFUSALS.labels(reason=g.pop("refusal", None) or f"http-{response.status_code}").inc()
    return response


def allowed(address: str | None, setting: str) -> bool:
    """Whether ``address`` is within one of the comma-separated addresses or networks of ``setting``."""
    if not address:
        return False
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in filter(None, (part.strip() for part in setting.split(","))):
        if client in ipaddress.ip_network(entry, strict=False):
            return True
    return False


@bp.get("/metrics")
def metrics() -> Response:
    setting = current_app.config.get("METRICS_ALLOW", os.environ.get("METRICS_ALLOW", DEFAULT_ALLOW))
    if not str(setting).strip():
        abort(404)
    if not allowed(request.remote_addr, str(setting)):
        abort(403)
    scraped = CollectorRegistry()
    scraped.register(current_app.extensions["metrics_collector"])
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)  # type: ignore[no-untyped-call]
    else:
        counted = REGISTRY
    body = generate_latest(counted) + generate_latest(scraped)
    return Response(body, headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


@bp.get("/readyz")
def readyz() -> tuple[dict[str, Any], int]:
    """200 while every read model is within ``READY_LAG_SECONDS`` of the log; 503 otherwise."""
    bound = float(
        current_app.config.get("READY_LAG_SECONDS")
        or os.environ.get("READY_LAG_SECONDS")
        or READY_LAG_SECONDS
    )
    lags = current_app.extensions["metrics_collector"].lags()
    ready = all(seconds <= bound for _events, seconds in lags.values())
    body = {
        "ready": ready,
        "lag": {
            name: {"events": events, "seconds": round(seconds, 3)} for name, (events, seconds) in lags.items()
        },
    }
    return body, 200 if ready else 503
