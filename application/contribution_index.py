"""Contributions by dialogue: an index of the log, in tables beside the events.

Contributions are not indexed in their dialogue (posted at once, they would
conflict on it), so the log alone finds a dialogue's contributions only by
reading every ``ContributionPosted``. This index holds one row per
contribution (its position, dialogue, id and label) and the position up to
which the log has been read; each read first reads the log from there to the
head, so it is never behind. Nothing changes on the write path (concurrent
posts still never conflict), a store recorded before the index existed is
indexed on its first read, and the tables are derived data: dropping them
costs one read of the log.
"""

from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from application.side_tables import SideTable
from domain.contribution import Contribution

BATCH = 1000
"""Contributions read from the log at a time."""

POSTED = get_topic(Contribution.ContributionPosted)


class ContributionIndex:
    """The contributions of each dialogue, by position in the log."""

    def __init__(self, recorder: Any, mapper: Any):
        self.recorder = recorder
        self.mapper = mapper
        self.rows = SideTable(
            recorder.datastore,
            "contribution_index",
            "position BIGINT PRIMARY KEY, dialogue_id TEXT NOT NULL, contribution_id TEXT NOT NULL,"
            " label TEXT NOT NULL",
        )
        self.rows.define(
            "CREATE INDEX IF NOT EXISTS contribution_index_dialogue ON {table} (dialogue_id, position)"
        )
        self.read_up_to = SideTable(
            recorder.datastore, "contribution_index_read", "name TEXT PRIMARY KEY, position BIGINT NOT NULL"
        )
        self.read_up_to.execute(
            "INSERT INTO {table} (name, position) VALUES ('log', 0) ON CONFLICT (name) DO NOTHING"
        )

    def catch_up(self) -> int:
        """Index the contributions recorded since the last read; the head of the log, now indexed."""
        row = self.read_up_to.one("SELECT position FROM {table} WHERE name = 'log'")
        start = int(row["position"]) + 1
        head = int(self.recorder.max_notification_id() or 0)
        if head < start:
            return head
        found = []
        while True:
            batch = self.recorder.select_notifications(start, BATCH, stop=head, topics=[POSTED])
            for notification in batch:
                event: Any = self.mapper.to_domain_event(notification)
                label = f"{event.kind}: {event.text[:80]}"
                found.append((notification.id, str(event.dialogue_id), str(event.originator_id), label))
            if len(batch) < BATCH:
                break  # it held every one left up to ``head``: no query more to find none
            start = batch[-1].id + 1
        # Writes only, so that SQLite takes its write lock first; rows are the same whoever writes them.
        with self.rows.transaction(commit=True) as cursor:
            if found:
                cursor.executemany(
                    self.rows.sql(
                        "INSERT INTO {table} (position, dialogue_id, contribution_id, label)"
                        " VALUES ({mark}, {mark}, {mark}, {mark}) ON CONFLICT (position) DO NOTHING"
                    ),
                    found,
                )
            cursor.execute(
                self.read_up_to.sql(
                    "UPDATE {table} SET position = {mark} WHERE name = 'log' AND position < {mark}"
                ),
                (head, head),
            )
        return head

    def of(self, dialogue_id: UUID) -> list[dict[str, str]]:
        """The dialogue's contributions in the order they were posted, each ``{"id", "label"}``."""
        self.catch_up()
        with self.rows.transaction(commit=False) as cursor:
            cursor.execute(
                self.rows.sql(
                    "SELECT contribution_id, label FROM {table} WHERE dialogue_id = {mark} ORDER BY position"
                ),
                (str(dialogue_id),),
            )
            return [{"id": row["contribution_id"], "label": row["label"]} for row in cursor.fetchall()]

    def count(self, dialogue_id: UUID, as_of: int, after: int = 0) -> int:
        """How many contributions the dialogue had at position ``as_of``, or posted since ``after``."""
        self.catch_up()
        row = self.rows.one(
            "SELECT COUNT(*) AS n FROM {table}"
            " WHERE dialogue_id = {mark} AND position > {mark} AND position <= {mark}",
            (str(dialogue_id), after, as_of),
        )
        return int(row["n"])
