"""The workload's bulk save stores the very events the application's own save stores, in order."""

from typing import Any
from uuid import UUID

from application.dialogues import DialogueApp
from bench.workload import Workload


class Kept(Workload):
    """A workload that keeps the domain events it saves."""

    def __init__(self, app: DialogueApp):
        super().__init__(app)
        self.saved: list[Any] = []

    def flush(self) -> None:
        self.saved.extend(self.events)
        super().flush()


def test_the_stored_events_are_those_the_application_stores(app: DialogueApp) -> None:
    workload = Kept(app)
    assert workload.record(600, dialogues=2) == 600
    stored = app.recorder.select_notifications(1, 1000)
    assert [n.id for n in stored] == list(range(1, 601))
    expected = [app.mapper.to_stored_event(event) for event in workload.saved]
    found = [(n.originator_id, n.originator_version, n.topic, n.state) for n in stored]
    assert found == [(s.originator_id, s.originator_version, s.topic, s.state) for s in expected]
    [listed, _] = app.dialogues()  # and the application reads them back
    assert app.status(UUID(listed["id"]))["stage"]
