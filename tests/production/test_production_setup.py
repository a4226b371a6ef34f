"""The production set-up (docs/deploy.md) as OS processes: two gunicorn web processes and the runner.

Acts are recorded through both web processes, over HTTP (the API, with the
session cookie of the sign-in page) and over Socket.IO (``/live``). A live
client on one process receives, within a second, each act recorded through the
other, once and in order; the read models, written by the runner process alone,
agree with the acts on both processes' public pages, and the visitors of those
pages (``/public``) on both processes are told of each act once they do. PostgreSQL and Redis as
in ``tests/conftest.py`` and ``tests/live/test_live_two_servers.py``: skipped
with a message when they are not running, except in CI.
"""

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
import socketio
from prometheus_client.parser import text_string_to_metric_families

from application.signing import HeadSigner
from tests.live.test_live_catch_up import Listener
from tests.live.test_live_two_servers import WITHIN, arrives, once_in_order, post
from tests.production.conftest import WEB_KEY_FILE, Production

SLUG = "live-dialogue"
SETTLE_SECONDS = 10.0
"""How long the runner may take to bring the read models up to an act."""


def post_over_http(url: str, signed_in: Listener, kind: str) -> int:
    """Record a contribution through the API of the process at ``url``; its position in the log."""
    response = requests.post(
        f"{url}/api/v1/dialogues/{SLUG}/acts/contribution-posted",
        json={"kind": kind, "text": f"a {kind} sent over HTTP"},
        headers={"Cookie": signed_in.cookie},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    position: int = response.json()["position"]
    return position


def contributions(url: str) -> dict[str, Any] | None:
    """The dialogue's contributions as its public open-data document (a read model) counts them.

    None while the runner has not projected the dialogue yet (404).
    """
    response = requests.get(f"{url}/dialogues/{SLUG}/open-data.json", timeout=10)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.text
    counted: dict[str, Any] = response.json()["dialogue"]["contributions"]
    return counted


def until(done: Callable[[], bool], failure: Callable[[], str]) -> None:
    """Wait until ``done()``, at most SETTLE_SECONDS; then fail, saying ``failure()``."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while not done():
        assert time.monotonic() < deadline, failure()
        time.sleep(0.05)


def settled(urls: list[str], expected: dict[str, Any]) -> None:
    """Wait until every process shows ``expected`` contributions."""

    def shown() -> list[dict[str, Any] | None]:
        return [contributions(url) for url in urls]

    until(
        lambda: shown() == [expected] * len(urls), lambda: f"the read models show {shown()}, not {expected}"
    )


def test_acts_through_either_process_reach_live_clients_of_both_and_the_read_models(
    production: Production, listeners: Any
) -> None:
    first, second = production.urls
    on_first, on_second = listeners(first, "facilitator"), listeners(second, "stakeholder")
    since = {id(on_first): on_first.join(None)["position"], id(on_second): on_second.join(None)["position"]}

    from_second = post(on_second, "sent over the socket of the second process")
    assert arrives(on_first, from_second, WITHIN) < WITHIN
    from_first = post(on_first, "sent over the socket of the first process")
    assert arrives(on_second, from_first, WITHIN) < WITHIN
    # over HTTP, each with the session signed in on the other process (one SECRET_KEY for all)
    http_first = post_over_http(first, on_second, "concern")
    assert arrives(on_second, http_first, WITHIN) < WITHIN
    http_second = post_over_http(second, on_first, "concern")
    assert arrives(on_first, http_second, WITHIN) < WITHIN

    recorded = sorted([from_second, from_first, http_first, http_second])
    for listener in (on_first, on_second):
        for position in recorded:
            arrives(listener, position, WITHIN)
    time.sleep(0.5)  # anything sent twice would be here by now
    for listener in (on_first, on_second):
        assert [p for p in once_in_order(listener, since[id(listener)]) if p in recorded] == recorded

    counted = {"total": 4, "by_kind": {"concern": 2, "idea": 2}}
    settled(production.urls, counted)
    for url in production.urls:
        listed = requests.get(
            f"{url}/api/v1/dialogues/{SLUG}/acts?act=contribution-posted",
            headers={"Cookie": on_first.cookie},
            timeout=10,
        ).json()
        assert [act["position"] for act in listed["acts"]] == recorded
        proof = requests.get(f"{url}/transparency/proof/inclusion?position={recorded[-1]}", timeout=10)
        assert proof.status_code == 200, proof.text  # the runner signed a head that includes it

    # the runner process alone writes the read models; live acts come from the log, not from them
    production.runner.pause()
    paused = post_over_http(second, on_first, "question")
    assert arrives(on_first, paused, WITHIN) < WITHIN
    time.sleep(1.0)
    assert [contributions(url) for url in production.urls] == [counted, counted]
    production.runner.resume()
    settled(production.urls, {"total": 5, "by_kind": {"concern": 2, "idea": 2, "question": 1}})


def test_the_web_processes_publish_the_runner_s_key_without_holding_one(
    production: Production, tmp_path: Path
) -> None:
    runner_key = HeadSigner(tmp_path / "signing_key.pem")  # made by the runner as it started
    for url in production.urls:
        key = requests.get(f"{url}/transparency/key", timeout=10).json()
        assert key["fingerprint"] == runner_key.fingerprint
        assert key["public_key_pem"] == runner_key.public_key_pem
    assert not (tmp_path / WEB_KEY_FILE).exists()


def test_the_web_processes_name_no_version_of_their_software(production: Production) -> None:
    """gunicorn says ``Server: gunicorn``, no version; nginx does not pass it on (deploy/nginx.conf)."""
    for url in production.urls:
        for path in ("/", "/healthz", "/api/v1/openapi.json", "/no-such-page"):
            server = requests.get(f"{url}{path}", timeout=10).headers.get("Server", "")
            assert server in ("", "gunicorn"), (path, server)


def test_a_request_s_id_runs_from_the_proxy_to_the_web_process_s_json_access_line(
    production: Production, tmp_path: Path
) -> None:
    """nginx's ``$request_id`` (deploy/nginx.conf) comes back in the answer and in the access line."""
    given = "d41d8cd98f00b204e9800998ecf8427e"
    answer = requests.get(
        f"{production.urls[0]}/healthz?token=secret", headers={"X-Request-Id": given}, timeout=10
    )
    assert answer.headers["X-Request-Id"] == given

    def access_lines() -> list[dict[str, Any]]:
        lines = (tmp_path / "web-a.log").read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{") and given in line]

    until(lambda: bool(access_lines()), lambda: (tmp_path / "web-a.log").read_text())
    [line] = access_lines()
    assert (line["method"], line["path"], line["status"], line["request_id"]) == (
        "GET",
        "/healthz",
        200,
        given,
    )
    assert "secret" not in json.dumps(line)  # the query (a sign-in link's token) stays out


class Visitor:
    """An anonymous python-socketio client of a public dialogue page (``/public``), keeping its notices."""

    def __init__(self, url: str):
        self.notices: list[int] = []
        self.client = socketio.Client()
        self.client.on("changed", lambda notice: self.notices.append(notice["position"]), namespace="/public")
        self.client.connect(url, namespaces=["/public"], transports=["websocket"])
        ack = self.client.call("follow", {"dialogue": SLUG}, namespace="/public", timeout=10)
        assert ack["ok"], ack

    def told_of(self, position: int) -> None:
        """Wait until a notice says the read models hold ``position`` (the runner's time included)."""
        until(
            lambda: any(notice >= position for notice in self.notices),
            lambda: f"no notice of position {position}: {self.notices}",
        )


def test_public_pages_of_either_process_are_told_of_acts_recorded_through_the_other(
    production: Production, listeners: Any
) -> None:
    first, second = production.urls
    signed_in = listeners(first, "stakeholder")
    visitors = [Visitor(first), Visitor(second)]
    try:
        through_first = post_over_http(first, signed_in, "idea")
        through_second = post_over_http(second, signed_in, "concern")
        for visitor in visitors:
            visitor.told_of(through_second)
        # a page fetched once told shows the act: the read models had reached it
        for url in production.urls:
            assert contributions(url) == {"total": 2, "by_kind": {"concern": 1, "idea": 1}}
        assert through_first < through_second
    finally:
        for visitor in visitors:
            visitor.client.disconnect()


def scraped(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """The samples of ``url``'s Prometheus text, by name and labels."""
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200, answer.text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def lags(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float]) -> dict[str, float]:
    return {dict(labels)["projection"]: v for (name, labels), v in samples.items() if name == LAG}


LAG = "dialogue_read_model_lag_events"
ACTS = ("dialogue_acts_recorded_total", (("act", "contribution-posted"),))


def test_the_metrics_of_both_web_processes_and_the_runner_move_with_the_acts(
    production: Production, listeners: Any
) -> None:
    first, second = production.urls
    signed_in = listeners(first, "stakeholder")
    endpoints = [f"{url}/metrics" for url in production.urls] + [f"{production.runner_metrics}/metrics"]
    until(lambda: all(set(lags(scraped(u)).values()) == {0} for u in endpoints), lambda: "read models late")
    before = [scraped(f"{url}/metrics") for url in production.urls]

    production.runner.pause()  # the read models stand still: their lag grows with each act
    try:
        post_over_http(first, signed_in, "idea")
        post_over_http(first, signed_in, "idea")
        post_over_http(second, signed_in, "concern")
        during = [scraped(f"{url}/metrics") for url in production.urls]
        assert [d.get(ACTS, 0) - b.get(ACTS, 0) for b, d in zip(before, during, strict=True)] == [2, 1]
        for samples in during:
            assert set(lags(samples).values()) == {3}, lags(samples)
            assert all(
                v > 0 for (name, _labels), v in samples.items() if name == "dialogue_read_model_lag_seconds"
            )
        for url in production.urls:
            assert requests.get(f"{url}/readyz", timeout=10).status_code == 200  # within 30 s still
    finally:
        production.runner.resume()
    until(lambda: all(set(lags(scraped(u)).values()) == {0} for u in endpoints), lambda: "read models late")
    runner = scraped(f"{production.runner_metrics}/metrics")
    assert lags(runner) and set(lags(runner).values()) == {0}
