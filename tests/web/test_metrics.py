"""``/metrics`` and ``/readyz``, scraped over HTTP: counters of acts and refusals, the read models' lag.

The web process keeps no read model here (``EXTERNAL_PROJECTIONS``, as in production):
acts recorded through the API move the act counters and leave every read model behind
the log (lag in events and seconds, ``/readyz`` 503 past its bound) until a runner catches up.
"""

import threading
import time
from collections.abc import Iterator

import pytest
import requests
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families
from werkzeug.serving import make_server

from tests.builders import PASSWORD, Scenario, ensure_accounts
from tests.web.conftest import make_web_app
from web import close_app

SLUG = "metrics-dialogue"


class Served:
    def __init__(self, app: Flask):
        self.app = app
        self.http = make_server("127.0.0.1", 0, app, threaded=True)
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.http.server_port}"

    def stop(self) -> None:
        self.http.shutdown()
        self.thread.join()


@pytest.fixture
def served(database_url: str) -> Iterator[Served]:
    app = make_web_app(database_url, EXTERNAL_PROJECTIONS=True, READY_LAG_SECONDS=0.2)
    dialogues = app.extensions["dialogues"]
    Scenario(dialogues, slug=SLUG).meeting()
    ensure_accounts(dialogues, "stakeholder", "outsider")
    app.extensions["projections"].catch_up()  # as the runner would: up to date before the test
    server = Served(app)
    yield server
    server.stop()
    close_app(app)


def scrape(server: Served) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = requests.get(f"{server.url}/metrics", timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def post(server: Served, login: str, body: dict[str, object]) -> requests.Response:
    return requests.post(
        f"{server.url}/api/v1/dialogues/{SLUG}/acts/contribution-posted",
        json=body,
        auth=(login, PASSWORD),
        timeout=10,
    )


def test_acts_and_refusals_move_the_counters_and_the_lag_until_the_runner_catches_up(served: Served) -> None:
    before = scrape(served)
    projections = sorted(served.app.extensions["projections"].projections)
    assert projections and all(
        value(before, "dialogue_read_model_lag_events", projection=name) == 0 for name in projections
    )
    assert requests.get(f"{served.url}/readyz", timeout=10).status_code == 200

    for index in range(3):
        answer = post(served, "stakeholder", {"kind": "idea", "text": f"idée {index}"})
        assert answer.status_code == 201, answer.text
    assert post(served, "stakeholder", {"kind": "no such kind", "text": "x"}).status_code == 400
    assert post(served, "outsider", {"kind": "idea", "text": "not a member"}).status_code == 403
    time.sleep(0.3)  # past READY_LAG_SECONDS

    after = scrape(served)
    counted = "dialogue_acts_recorded_total"
    assert (
        value(after, counted, act="contribution-posted") - value(before, counted, act="contribution-posted")
        == 3
    )
    refusals = "dialogue_refusals_total"
    assert (
        value(after, refusals, reason="invalid-input") - value(before, refusals, reason="invalid-input") == 1
    )
    refused = {
        labels: n - before.get((name, labels), 0) for (name, labels), n in after.items() if name == refusals
    }
    assert sum(refused.values()) == 2, refused  # the outsider's, by its code
    latency = "dialogue_http_request_duration_seconds_count"
    timed = value(after, latency, endpoint="api.record_act", method="POST")
    assert timed - value(before, latency, endpoint="api.record_act", method="POST") == 5
    assert value(after, "dialogue_http_responses_total", endpoint="api.record_act", status="201") >= 3
    for name in projections:
        assert value(after, "dialogue_read_model_lag_events", projection=name) == 3
        assert value(after, "dialogue_read_model_lag_seconds", projection=name) >= 0.3
    ready = requests.get(f"{served.url}/readyz", timeout=10)
    assert ready.status_code == 503
    assert ready.json()["lag"][projections[0]]["events"] == 3

    served.app.extensions["projections"].catch_up()  # the runner reads the acts
    caught_up = scrape(served)
    for name in projections:
        assert value(caught_up, "dialogue_read_model_lag_events", projection=name) == 0
        assert value(caught_up, "dialogue_read_model_lag_seconds", projection=name) == 0
    assert requests.get(f"{served.url}/readyz", timeout=10).status_code == 200
    assert value(caught_up, "dialogue_outbox_mails") >= 0  # the outbox is read too


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_metrics_answer_only_the_addresses_allowed(database_url: str) -> None:
    for allow, address, status in (
        (None, "127.0.0.1", 200),
        (None, "203.0.113.9", 403),
        ("10.0.0.0/8, 192.0.2.7", "10.1.2.3", 200),
        ("10.0.0.0/8, 192.0.2.7", "192.0.2.8", 403),
        ("", "127.0.0.1", 404),
    ):
        config = {} if allow is None else {"METRICS_ALLOW": allow}
        app = make_web_app(database_url, **config)
        try:
            answer = app.test_client().get("/metrics", environ_base={"REMOTE_ADDR": address})
            assert answer.status_code == status, (allow, address)
        finally:
            close_app(app)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_behind_a_proxy_the_clients_address_is_checked(database_url: str) -> None:
    app = make_web_app(database_url, TRUSTED_PROXIES=1)
    try:
        client = app.test_client()
        through = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        assert through.status_code == 403  # nginx's loopback address does not count
        assert client.get("/metrics").status_code == 200  # Prometheus on the process's own port
    finally:
        close_app(app)
