"""The dialogues opened, in the order they were, with who holds which role in each and whether its
approach is public: the log read once, then only what was recorded since at each look (a scan of the
log by topic has no index: it read every event again; reading every dialogue read each one's events).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from threading import Lock
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.dialogue import Dialogue

BATCH = 500
"""How many notifications a scan reads at a time."""


@dataclass
class Listed:
    """What the list of dialogues needs of one: its roles by account, whether it is public (the
    events' own ``apply`` change them, as they change the dialogue)."""

    roles: dict[str, list[str]]
    made_public: Any = None


class OpenedDialogues:
    """Every dialogue's id as ``recorder``'s log holds it now, read from the last position looked at."""

    def __init__(self, recorder: Any, mapper: Any):
        self.recorder = recorder
        self.mapper = mapper
        self.opened = get_topic(Dialogue.DialogueOpened)  # type: ignore[attr-defined]
        changes = (Dialogue.RoleGranted, Dialogue.RoleRevoked, Dialogue.ApproachMadePublic)
        self.topics = [self.opened, *(get_topic(cls) for cls in changes)]
        self.lock = Lock()
        self.dialogues: dict[UUID, Listed] = {}
        """In the order they were opened."""
        self.scanned = 0
        """The log's position up to which ``dialogues`` are known (the events are given in order, with
        no gap below the last one: the store takes a lock to number the events it inserts)."""

    def all(self) -> list[UUID]:
        """The ids of every dialogue opened, in the order they were opened."""
        with self._current() as dialogues:
            return list(dialogues)

    def listed_for(self, account_id: str, *, administrator: bool) -> list[tuple[UUID, list[str]]]:
        """The dialogues that show to the account (public ones, those where it holds a role; all to an
        administrator), in the order they were opened, each with the account's roles in it."""
        with self._current() as dialogues:
            return [
                (dialogue_id, list(listed.roles.get(account_id, [])))
                for dialogue_id, listed in dialogues.items()
                if administrator or listed.made_public is not None or listed.roles.get(account_id)
            ]

    def held_by(self, account_id: str) -> list[tuple[UUID, list[str]]]:
        """The dialogues where the account holds roles, in the order they were opened, with its roles."""
        with self._current() as dialogues:
            return [
                (dialogue_id, list(roles))
                for dialogue_id, listed in dialogues.items()
                if (roles := listed.roles.get(account_id))
            ]

    @contextmanager
    def _current(self) -> Iterator[dict[UUID, Listed]]:
        """The dialogues as the log holds them now, under the lock (the log's end asked before it: a
        look at an unchanged log holds the lock for no query)."""
        head = int(self.recorder.max_notification_id() or 0)
        with self.lock:
            self._scan(head)
            yield self.dialogues

    def _scan(self, head: int) -> None:
        start = self.scanned + 1
        while start <= head:
            batch = self.recorder.select_notifications(start, BATCH, stop=head, topics=self.topics)
            for notification in batch:
                dialogue_id = UUID(str(notification.originator_id))
                event = self.mapper.to_domain_event(notification)
                if notification.topic == self.opened:
                    self.dialogues[dialogue_id] = Listed(roles=event.mutate(None).roles)
                elif dialogue_id in self.dialogues:
                    event.apply(self.dialogues[dialogue_id])
            if len(batch) < BATCH:
                break  # it held every one left up to ``head``: no query more to find none
            start = batch[-1].id + 1
        self.scanned = max(self.scanned, head)
