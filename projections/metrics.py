"""What a scrape reads from the stores: each read model's lag behind the log, the outbox, live rooms.

Shared by the web processes' ``/metrics`` (``web/metrics``) and the runner's
(``dialogue projections run`` with ``METRICS_PORT``): ``dialogue_read_model_lag_events{projection}``
and ``dialogue_read_model_lag_seconds{projection}`` (how long ago the oldest act a read model has not
read was recorded; 0 when up to date); given the means, the mail outbox (``dialogue_outbox_mails``,
``dialogue_outbox_failing_mails``) and a process's live connections and rooms
(``dialogue_live_connections{namespace}``, ``dialogue_live_rooms{namespace}``).
"""

import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector


def recorded_at(recorder: Any, mapper: Any) -> Callable[[int], float | None]:
    """``at(position)``: when the event at ``position`` was recorded (seconds since the epoch; None: none)."""

    def at(position: int) -> float | None:
        found = recorder.select_notifications(position, 1)
        if not found:
            return None
        timestamp: Any = mapper.to_domain_event(found[0]).timestamp
        return float(timestamp.timestamp())

    return at


class StoreCollector(Collector):
    """What a scrape reads from the stores and this process: read models' lag, outbox, live."""

    def __init__(
        self,
        head: Callable[[], int],
        positions: Callable[[], dict[str, int]],
        recorded_at: Callable[[int], float | None],
        outbox: Callable[[], tuple[int, int]] | None = None,
        live: Callable[[], dict[str, tuple[int, int]]] | None = None,
    ):
        """``recorded_at(position)``: when the event at ``position`` was recorded (seconds since the epoch);
        ``outbox()``: (mails queued, of which failing); ``live()``: namespace -> (connections, rooms)."""
        self.head = head
        self.positions = positions
        self.recorded_at = recorded_at
        self.outbox = outbox
        self.live = live

    def lags(self) -> dict[str, tuple[int, float]]:
        """Each read model's lag behind the log: (events, seconds)."""
        head = self.head()
        now = time.time()
        since: dict[int, float | None] = {}
        lags: dict[str, tuple[int, float]] = {}
        for name, position in sorted(self.positions().items()):
            behind = max(0, head - position)
            seconds = 0.0
            if behind:
                if position not in since:
                    since[position] = self.recorded_at(position + 1)
                recorded = since[position]
                seconds = max(0.0, now - recorded) if recorded is not None else 0.0
            lags[name] = (behind, seconds)
        return lags

    def collect(self) -> Iterator[GaugeMetricFamily]:
        events = GaugeMetricFamily(
            "dialogue_read_model_lag_events",
            "Events of the log a read model has not read yet.",
            labels=["projection"],
        )
        seconds = GaugeMetricFamily(
            "dialogue_read_model_lag_seconds",
            "How long ago the oldest event a read model has not read was recorded (0: up to date).",
            labels=["projection"],
        )
        for name, (behind, late) in self.lags().items():
            events.add_metric([name], behind)
            seconds.add_metric([name], late)
        yield events
        yield seconds
        if self.outbox is not None:
            queued, failing = self.outbox()
            yield GaugeMetricFamily("dialogue_outbox_mails", "Mails waiting in the outbox.", value=queued)
            yield GaugeMetricFamily(
                "dialogue_outbox_failing_mails",
                "Mails in the outbox whose last attempt failed.",
                value=failing,
            )
        if self.live is not None:
            connections = GaugeMetricFamily(
                "dialogue_live_connections", "Socket.IO connections to this process.", labels=["namespace"]
            )
            rooms = GaugeMetricFamily(
                "dialogue_live_rooms", "Rooms with someone in them.", labels=["namespace"]
            )
            for namespace, (connected, occupied) in sorted(self.live().items()):
                connections.add_metric([namespace], connected)
                rooms.add_metric([namespace], occupied)
            yield connections
            yield rooms
