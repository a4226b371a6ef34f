"""Processes starting together on a new PostgreSQL store create the read models' tables in turn."""

import threading
from collections.abc import Callable

import pytest

from application.dialogues import DialogueApp
from projections.catalogue import all_projections
from projections.replay_snapshots import ReplaySnapshots
from projections.runner import ProjectionRunner
from projections.store import ProjectionStore
from tests.conftest import postgres_schema
from tests.stores import make_app

OPENERS: dict[str, Callable[[DialogueApp], object]] = {
    "replay snapshots": lambda app: ReplaySnapshots(ProjectionStore(app.recorder.datastore), app.mapper),
    "runner": lambda app: ProjectionRunner(app.recorder, app.mapper, all_projections()),
}


def opened_at_once(apps: list[DialogueApp], opener: Callable[[DialogueApp], object]) -> list[Exception]:
    """What ``opener`` raised, called on each app's connection at the same instant."""
    together = threading.Barrier(len(apps))
    errors: list[Exception] = []

    def open_one(app: DialogueApp) -> None:
        together.wait()
        try:
            opener(app)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=open_one, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.parametrize("opener", OPENERS)
def test_six_connections_opening_a_new_store_at_once_all_open_it(opener: str) -> None:
    # Without one lock, PostgreSQL refuses all but one of them (duplicate key of the table's row
    # type, pg_type_typname_nsp_index): a web process starting beside another stopped.
    for _round in range(3):
        for url in postgres_schema():
            apps = [make_app(url) for _ in range(6)]
            try:
                assert opened_at_once(apps, OPENERS[opener]) == []
            finally:
                for app in apps:
                    app.close()
