"""``dialogue notify``: the notifier as a process of its own (production), and where it stands."""

import os
import signal
import threading

import click

from application.notifier.notifier import LOG, Notifier
from application.settings import log_fallback_seconds, log_poll_seconds
from cli.store import opened
from projections.log_signal import LogSignal, listen, on_postgres
from web import public_url
from web.notifications.mails import composer
from web.secret import secret_key


@click.group()
def notify() -> None:
    """Notifications by e-mail and in the app, derived from the log."""


def _notifier(app: object, batch_size: int = 500) -> Notifier:
    """The web's mails: links from FLASK_PUBLIC_URL, unsubscribe links signed with the site's SECRET_KEY."""
    compose = composer(
        public_url(os.environ.get("FLASK_PUBLIC_URL")), os.environ.get("SECRET_KEY") or secret_key()
    )
    return Notifier(app, compose, batch_size=batch_size)


@notify.command("status")
@click.pass_obj
def notify_status(database_url: str | None) -> None:
    """The notifier's position, the head of the log and the mails waiting in the outbox."""
    with opened(database_url) as app:
        position = _notifier(app).store.position(LOG)
        head = int(app.recorder.max_notification_id() or 0)
        click.echo(
            f"notifier at {position}, head {head}, lag {head - position};"
            f" {len(app.outbox.waiting())} mails waiting"
        )


@notify.command("run")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True)
@click.pass_obj
def notify_run(database_url: str | None, batch_size: int) -> None:
    """Notify every new event, woken by each write, and send the daily digest, until SIGINT or SIGTERM.

    Run it once beside the web processes when they are started with RUN_NOTIFIER=0.
    """
    with opened(database_url) as app:
        notifier = _notifier(app, batch_size)
        wake = LogSignal(log_poll_seconds(postgres=on_postgres(app.recorder)), log_fallback_seconds())
        listener = listen(app.recorder, wake)
        stop = threading.Event()

        def stopping(*_: object) -> None:
            stop.set()
            wake.notify()

        previous = {sig: signal.signal(sig, stopping) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            click.echo(f"notifying from position {notifier.store.position(LOG)}; stop with Ctrl-C")
            notifier.follow(stop, wake)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if listener is not None:
                listener.stop()
        click.echo(f"stopped at position {notifier.store.position(LOG)}")
