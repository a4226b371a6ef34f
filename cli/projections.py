"""``dialogue projections``: the read models' positions, their rebuild, following the log."""

import os
import signal
import sys
import threading
import time

import click
from prometheus_client import CollectorRegistry, start_http_server

from application.settings import log_fallback_seconds, log_poll_seconds
from cli.store import opened, projection_runner
from projections.log_signal import listen, on_postgres
from projections.metrics import StoreCollector, recorded_at
from projections.snapshot_writer import SnapshotWriter, write_in_thread


class ProgressReport:
    """Reports a runner's progress: a bar with events/s and ETA on a terminal, plain lines otherwise."""

    WIDTH = 30

    def __init__(self, label: str, start: int, *, every: float = 1.0, tty: bool | None = None):
        self.label = label
        self.start = start
        self.every = every
        self.tty = sys.stdout.isatty() if tty is None else tty
        self.began = self.shown = time.monotonic()
        self.position = start
        self.head = start

    def __call__(self, position: int, head: int) -> None:
        self.position, self.head = position, head
        now = time.monotonic()
        if self.tty:
            click.echo("\r" + self.line(now), nl=False)
        elif now - self.shown >= self.every:
            click.echo(self.line(now))
            self.shown = now

    def rate(self, now: float) -> float:
        return (self.position - self.start) / max(now - self.began, 1e-6)

    def line(self, now: float) -> str:
        total = max(self.head - self.start, 1)
        done = min(max(self.position - self.start, 0) / total, 1.0)
        rate = self.rate(now)
        eta = (self.head - self.position) / rate if rate > 0 else 0.0
        minutes, seconds = divmod(int(eta), 60)
        counts = f"{self.position}/{self.head} {done:4.0%}, {rate:,.0f} events/s, ETA {minutes}:{seconds:02d}"
        if self.tty:
            filled = int(done * self.WIDTH)
            return f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {counts}"
        return f"{self.label}: {counts}"

    def finish(self) -> None:
        now = time.monotonic()
        events = self.position - self.start
        line = f"{self.label}: {events} events in {now - self.began:.1f} s ({self.rate(now):,.0f} events/s)"
        click.echo(("\r\033[K" if self.tty else "") + line)


@click.group()
def projections() -> None:
    """Read models built from the log: their positions, rebuild, follow."""


@projections.command("status")
@click.pass_obj
def projections_status(database_url: str | None) -> None:
    """Each read model's position in the log, the head of the log and the lag."""
    with opened(database_url) as app:
        runner = projection_runner(app)
        head = runner.head()
        click.echo(f"{'projection':<20} {'position':>10} {'head':>10} {'lag':>10}")
        for name, position in runner.positions().items():
            click.echo(f"{name:<20} {position:>10} {head:>10} {head - position:>10}")


@projections.command("rebuild")
@click.argument("name", required=False)
@click.option("--batch-size", type=click.IntRange(min=1), default=50_000, show_default=True)
@click.pass_obj
def projections_rebuild(database_url: str | None, name: str | None, batch_size: int) -> None:
    """Drop the read model NAME (default: every one) and build it again from position 0."""
    with opened(database_url) as app:
        runner = projection_runner(app, batch_size, database_url)
        if name is not None and name not in runner.projections:
            known = ", ".join(runner.projections)
            raise click.BadParameter(f"no projection {name!r}; known: {known}", param_hint="NAME")
        names = [name] if name else list(runner.projections)
        report = ProgressReport(f"rebuilding {', '.join(names)}", 0)
        runner.rebuild(names, report)
        report.finish()


@projections.command("run")
@click.option("--batch-size", type=click.IntRange(min=1), default=2000, show_default=True)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.01, max=3600),
    default=None,
    help="Seconds to wait for a write without a notice of one [default: LOG_POLL_SECONDS, else 60 on"
    " PostgreSQL (notified by every process), 1 on SQLite].",
)
@click.pass_obj
def projections_run(database_url: str | None, batch_size: int, interval: float | None) -> None:
    """Keep every read model up to date, woken by each write, until SIGINT or SIGTERM.

    Beside them, the replay snapshots of the dialogues as they grow (``projections.snapshot_writer``).
    With ``METRICS_PORT``, the read models' lag in the Prometheus text format on 127.0.0.1 at that port.
    """
    with opened(database_url) as app:
        runner = projection_runner(app, batch_size)
        if port := int(os.environ.get("METRICS_PORT") or 0):
            registry = CollectorRegistry()
            registry.register(
                StoreCollector(runner.head, runner.positions, recorded_at(app.recorder, app.mapper))
            )
            start_http_server(port, addr="127.0.0.1", registry=registry)
        runner.signal.poll = interval or log_poll_seconds(postgres=on_postgres(app.recorder))
        runner.signal.fallback = log_fallback_seconds()
        listener = listen(app.recorder, runner.signal)
        writer = SnapshotWriter(app.recorder, app.mapper, also=app.contribution_index.catch_up)
        stop_snapshots = write_in_thread(writer, runner.signal)
        stop = threading.Event()

        def stopping(*_: object) -> None:
            stop.set()
            runner.signal.notify()

        previous = {sig: signal.signal(sig, stopping) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            start = min(runner.positions().values(), default=0)
            click.echo(f"following the log from position {start} (head {runner.head()}); stop with Ctrl-C")
            report = ProgressReport("catching up", start, every=5.0)
            runner.follow(stop, progress=report)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            stop_snapshots()
            if listener is not None:
                listener.stop()
        click.echo(f"stopped at position {min(runner.positions().values(), default=0)}")
