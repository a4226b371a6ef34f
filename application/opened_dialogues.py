"""The ids of the dialogues opened, in the order they were: the log read once, then only what was
recorded since at each look (a scan of the log by topic has no index: it read every event again)."""

from threading import Lock
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.dialogue import Dialogue

BATCH = 500
"""How many notifications a scan reads at a time."""


class OpenedDialogues:
    """Every dialogue's id as ``recorder``'s log holds it now, read from the last position looked at."""

    def __init__(self, recorder: Any):
        self.recorder = recorder
        self.topic = get_topic(Dialogue.DialogueOpened)  # type: ignore[attr-defined]
        self.lock = Lock()
        self.ids: list[UUID] = []
        self.scanned = 0
        """The log's position up to which ``ids`` are known (the ids are given in order, with no gap
        below the last one: the store takes a lock to number the events it inserts)."""

    def all(self) -> list[UUID]:
        """The ids of every dialogue opened, in the order they were opened."""
        with self.lock:
            head = int(self.recorder.max_notification_id() or 0)
            start = self.scanned + 1
            while start <= head and (
                batch := self.recorder.select_notifications(start, BATCH, stop=head, topics=[self.topic])
            ):
                self.ids.extend(UUID(str(notification.originator_id)) for notification in batch)
                start = batch[-1].id + 1
            self.scanned = max(self.scanned, head)
            return list(self.ids)
