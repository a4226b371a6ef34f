"""The platform's Prometheus metrics: counted as things happen, or read from the stores when scraped.

Counted (``prometheus-client``; with ``PROMETHEUS_MULTIPROC_DIR`` set, in its files, so that a
gunicorn worker's figures survive the scrape from any worker and add up):

* ``dialogue_acts_recorded_total{act}``: acts this process recorded, by act;
* ``dialogue_refusals_total{reason}``: writes refused, by the refusal's code (``no-role``,
  ``invalid-input``, ``csrf``, ``too-many-requests``...);
* ``dialogue_http_request_duration_seconds{endpoint,method}`` (histogram) and
  ``dialogue_http_responses_total{endpoint,status}``;
* ``dialogue_mail_send_failures_total``: mails whose sending failed (retried later).

Read when scraped (:class:`projections.metrics.StoreCollector`): each read model's lag behind the
log, the mail outbox, this process's live connections and rooms.
"""

from typing import Any

from prometheus_client import Counter, Histogram

from domain.acts import ACT_OF_EVENT

ACTS = Counter("dialogue_acts_recorded", "Acts recorded by this process, by act.", ["act"])
REFUSALS = Counter("dialogue_refusals", "Writes refused, by reason (the refusal's code).", ["reason"])
LATENCY = Histogram(
    "dialogue_http_request_duration_seconds",
    "Time to answer an HTTP request, by endpoint.",
    ["endpoint", "method"],
)
RESPONSES = Counter(
    "dialogue_http_responses", "HTTP responses, by endpoint and status.", ["endpoint", "status"]
)
MAIL_FAILURES = Counter("dialogue_mail_send_failures", "Mails whose sending failed (retried later).")


def count_acts(saved: list[tuple[int, Any]]) -> None:
    """After a save: count its acts, (position, event) pairs, by act."""
    for _position, event in saved:
        act = ACT_OF_EVENT.get(type(event).__name__)
        if act is not None:
            ACTS.labels(act=act).inc()
