"""What every blueprint shares, set on the Flask app by ``create_app``: the application, the read models.

Blueprints import these from here, never from ``web`` (the factory imports the blueprints).

The read models: with ``RUN_PROJECTIONS`` (the default unless TESTING), a daemon thread keeps
every projection up to date. With ``EXTERNAL_PROJECTIONS`` (production: the
runner runs as its own process, ``dialogue projections run``), this process
never writes them: it reads what the runner has written, as with the thread.
With neither (tests), :func:`read` brings them up to date first.

The runner and the live feed wait on one :class:`projections.log_signal.LogSignal` (``log_signal``),
woken by this process's writes and, on PostgreSQL, by every process's (a ``LISTEN`` thread, started
when something here follows the log: the runner's thread or the live feed, ``RUN_LIVE``).
"""

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar
from uuid import UUID

from flask import Flask, current_app, url_for

from application.dialogues import DialogueApp
from application.errors import NotFoundError
from application.settings import log_fallback_seconds, log_poll_seconds
from application.signing import HeadSigner, head_every, log_origin, signing_key_file
from domain.dialogue import dialogue_id_for
from projections.catalogue import all_projections
from projections.log_signal import LogSignal, listen, on_postgres
from projections.runner import ProjectionRunner
from projections.snapshot_writer import SnapshotWriter, write_in_thread
from projections.stage import StageProjection
from projections.store import Sql

WAIT_SECONDS = 5.0
T = TypeVar("T")


def dialogues() -> DialogueApp:
    """The application of the current Flask app."""
    dialogue_app: DialogueApp = current_app.extensions["dialogues"]
    return dialogue_app


def absolute_url(endpoint: str, **values: Any) -> str:
    """The address of a page, for use outside the site (feeds): from PUBLIC_URL, never the request's Host."""
    return str(current_app.config["PUBLIC_URL"]) + url_for(endpoint, **values)


def init_app(app: Flask) -> None:
    """The read models' runner; with ``EXTERNAL_PROJECTIONS`` it never writes, and no signing key is read."""
    dialogue_app = app.extensions["dialogues"]
    external = bool(app.config.get("EXTERNAL_PROJECTIONS"))
    origin = app.config.get("LOG_ORIGIN") or log_origin(app.config["PUBLIC_URL"])
    signer = (
        None if external else HeadSigner(app.config.get("SIGNING_KEY_FILE") or signing_key_file(), origin)
    )
    every = int(app.config.get("HEAD_EVERY") or head_every())
    signal = log_signal(app)
    runner = ProjectionRunner(
        dialogue_app.recorder, dialogue_app.mapper, all_projections(signer, every), signal=signal
    )
    app.extensions["projections"] = runner
    app.extensions["projections_follow"] = external or app.config.get("RUN_PROJECTIONS", not app.testing)
    thread_runs = app.extensions["projections_follow"] and not external
    if thread_runs or app.config.get("RUN_LIVE", not app.testing):
        listener = listen(dialogue_app.recorder, signal)
        if listener is not None:
            app.extensions["log_listener"] = listener
            app.extensions["log_listener_stop"] = listener.stop
    if thread_runs:
        stop = threading.Event()
        thread = threading.Thread(target=runner.follow, args=(stop,), name="projections", daemon=True)
        thread.start()

        writer = SnapshotWriter(
            dialogue_app.recorder, dialogue_app.mapper, also=dialogue_app.contribution_index.catch_up
        )
        stop_snapshots = write_in_thread(writer, signal)

        def stop_following() -> None:
            stop.set()
            signal.notify()
            thread.join()
            stop_snapshots()

        app.extensions["projections_stop"] = stop_following


def log_signal(app: Flask) -> LogSignal:
    """The signal of ``app``'s followers of the log, notified by its application's writes."""
    dialogue_app: DialogueApp = app.extensions["dialogues"]
    poll = app.config.get("LOG_POLL_SECONDS") or log_poll_seconds(postgres=on_postgres(dialogue_app.recorder))
    signal = LogSignal(float(poll), log_fallback_seconds())
    dialogue_app.recorded.append(lambda: signal.notify(_head(dialogue_app)))
    app.extensions["log_signal"] = signal
    return signal


def _head(dialogue_app: DialogueApp) -> int | None:
    """The last position of the current thread's last save (None if it saved no event)."""
    return max((position for position, _event in dialogue_app.last_saved()), default=None)


def runner() -> ProjectionRunner:
    projection_runner: ProjectionRunner = current_app.extensions["projections"]
    return projection_runner


def positions_reached(app: Flask) -> dict[str, int]:
    """The position each read model of ``app`` has reached (brought up to date first without a runner)."""
    projection_runner: ProjectionRunner = app.extensions["projections"]
    if not app.extensions["projections_follow"]:
        return projection_runner.caught_up()
    return projection_runner.positions()


def reached(app: Flask) -> int:
    """The position every read model of ``app`` has reached (brought up to date first without a runner)."""
    return min(positions_reached(app).values(), default=0)


def brought_up_to(position: int, timeout: float = WAIT_SECONDS) -> bool:
    """Whether the projections reach ``position`` (caught up here without a runner, else waited for)."""
    projection_runner = runner()
    if not current_app.extensions["projections_follow"]:
        projection_runner.catch_up()
        return True
    return not position or projection_runner.wait_for(position, timeout)


_reading: ContextVar[Sql | None] = ContextVar("reading", default=None)
"""The read transaction open in this context, if any."""


@contextmanager
def read(after: int = 0) -> Iterator[Sql]:
    """A read transaction on the projections, once they have reached position ``after``.

    A handler that has just recorded an act passes the act's position, so the
    page it shows next includes it (past ``WAIT_SECONDS``, what they hold).
    Within another (``after`` 0), that one: what a page reads while it is made,
    in one transaction.
    """
    reading = _reading.get()
    if reading is not None and not after:
        yield reading
        return
    brought_up_to(after)
    with runner().store.transaction(commit=False) as sql:
        token = _reading.set(sql)
        try:
            yield sql
        finally:
            _reading.reset(token)


def projected(slug: str, reader: Callable[[Sql, UUID], T | None]) -> T:
    """What ``reader(sql, dialogue_id)`` reads of the dialogue known by ``slug``; NotFoundError if None.

    A dialogue recorded but not in the read models yet (just opened) is waited for.
    """
    dialogue_id = dialogue_id_for(slug)
    with read() as sql:
        found = reader(sql, dialogue_id)
    if found is None:
        app = current_app.extensions["dialogues"]
        app.dialogue_id(slug)  # NotFoundError: no such dialogue
        with read(int(app.recorder.max_notification_id() or 0)) as sql:
            found = reader(sql, dialogue_id)
    if found is None:
        raise NotFoundError(f"no dialogue {slug} in the read models yet", code="no-dialogue")
    return found


def listed_dialogues(dialogue_ids: Sequence[UUID | str]) -> list[dict[str, Any]]:
    """What a list shows of these dialogues (as ``summary``: id, slug, title, stage, closed), in this
    order, from the ``stage`` read model: no dialogue read. One recorded but not in the read model yet
    (just opened) is waited for; an id of no dialogue, or given again, is left out."""
    ids = list(dict.fromkeys(str(dialogue_id) for dialogue_id in dialogue_ids))
    if not ids:
        return []
    with read() as sql:
        rows = StageProjection.listed_rows(sql, ids)
    if len(rows) < len(ids):
        head = int(dialogues().recorder.max_notification_id() or 0)
        with read(head) as sql:
            rows = StageProjection.listed_rows(sql, ids)
    return [{"id": dialogue_id, **rows[dialogue_id]} for dialogue_id in ids if dialogue_id in rows]
