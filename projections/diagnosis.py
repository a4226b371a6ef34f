"""Read model ``diagnosis``: the contributions to each dialogue's shared diagnosis, by cluster.

One row per contribution: its kind, its text, its cluster (the key a facilitator
moved it to), how many endorsed it, and ``hidden`` (the moderation's reason, as JSON, while a
moderator hides it: the page then shows the reason, never the text); never who posted or endorsed
it. The names given to clusters on a meeting's live board (``ClusterNamed``) are kept per
dialogue, the latest winning. The public page reads the clusters in the order
they were first used (the position of their earliest contribution), the
contributions in each in the order they were posted, the ones not grouped yet last.
"""

import json
from dataclasses import dataclass
from typing import Any

from projections.audit_facts import uuid_text
from projections.decoding import id_text
from projections.projection import Projection, on
from projections.rows import KeyedRows, Row, RowWriter
from projections.store import Sql
from projections.transparency_log.page import Paged

CONTRIBUTIONS = "diagnosis_contributions"
NAMES = "diagnosis_cluster_names"
MEETINGS = "diagnosis_meetings"
PAGE_SIZE = 20


class DiagnosisProjection(Projection):
    name = "diagnosis"
    tables = {
        CONTRIBUTIONS: (
            "contribution_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL, meeting_id TEXT,"
            " position BIGINT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, cluster TEXT,"
            " endorsements INTEGER NOT NULL, hidden TEXT"
        ),
        NAMES: (
            "dialogue_id TEXT NOT NULL, cluster TEXT NOT NULL, name TEXT NOT NULL,"
            " PRIMARY KEY (dialogue_id, cluster)"
        ),
        MEETINGS: "meeting_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL",
    }
    indexes = {"diagnosis_contributions_cluster": f"{CONTRIBUTIONS} (dialogue_id, cluster, position)"}
    without_rowid = frozenset({NAMES, MEETINGS})
    version = 2  # 1 had no moderation
    cost = 3.8
    copy_cost = 0.7

    @on("ItemHidden", "ItemUnhidden")
    def moderated(self, sql: Sql, event: Any, position: int) -> None:
        if event.item_kind != "contribution":
            return
        hidden = None
        if type(event).__name__ == "ItemHidden":
            hidden = json.dumps({"reason": event.reason, "explanation": event.explanation})
        sql.execute(
            f"UPDATE {CONTRIBUTIONS} SET hidden = ? WHERE contribution_id = ?",  # noqa: S608
            (hidden, event.item_id),
        )

    def __init__(self) -> None:
        self._contributions = KeyedRows(
            CONTRIBUTIONS,
            "contribution_id",
            ("dialogue_id", "meeting_id", "position", "kind", "text", "cluster", "endorsements"),
            json=(),
            updated=("cluster", "endorsements"),
        )
        self._meetings = KeyedRows(MEETINGS, "meeting_id", ("dialogue_id",), json=())
        self._rows: RowWriter = RowWriter((self._contributions, self._meetings))

    def drop(self, sql: Sql) -> None:
        super().drop(sql)
        self._rows.start(None)

    def flush(self, sql: Sql) -> None:
        self._rows.flush(sql)

    def _contribution(self, sql: Sql, event: Any) -> Row | None:
        self._rows.join(sql)
        return self._contributions.get(sql, id_text(event.originator_id))

    @on("ContributionPosted")
    def posted(self, sql: Sql, event: Any, position: int) -> None:
        self._rows.join(sql)
        row = {
            "dialogue_id": id_text(event.dialogue_id),
            "meeting_id": id_text(event.meeting_id) if event.meeting_id else None,
            "position": position,
            "kind": event.kind,
            "text": event.text,
            "cluster": None,
            "endorsements": 0,
        }
        self._contributions.add(id_text(event.originator_id), row)

    @on("ContributionClustered")
    def clustered(self, sql: Sql, event: Any, position: int) -> None:
        row = self._contribution(sql, event)
        if row is not None:
            row["cluster"] = event.cluster
            self._contributions.touch(id_text(event.originator_id))

    @on("ContributionEndorsed", stored=True)  # counted: not decoded (a third of a busy log)
    def endorsed(self, sql: Sql, notification: Any, position: int) -> None:
        key = uuid_text(notification.originator_id)
        self._rows.join(sql)
        row = self._contributions.get(sql, key)
        if row is not None:
            row["endorsements"] += 1
            self._contributions.touch(key)

    @on("MeetingScheduled")
    def meeting(self, sql: Sql, event: Any, position: int) -> None:
        self._rows.join(sql)
        self._meetings.add(id_text(event.originator_id), {"dialogue_id": id_text(event.dialogue_id)})

    @on("ClusterNamed")
    def named(self, sql: Sql, event: Any, position: int) -> None:
        self._rows.join(sql)
        found = self._meetings.get(sql, id_text(event.originator_id))
        if found is not None:  # few: written at once, not buffered
            sql.execute(
                f"INSERT INTO {NAMES} (dialogue_id, cluster, name) VALUES (?, ?, ?)"  # noqa: S608
                " ON CONFLICT (dialogue_id, cluster) DO UPDATE SET name = excluded.name",
                (found["dialogue_id"], event.cluster, event.name),
            )


@dataclass(frozen=True)
class Cluster:
    """A cluster of a dialogue's diagnosis (``key`` None: the contributions not grouped yet)."""

    key: str | None
    name: str | None
    count: int


@dataclass(frozen=True)
class Group:
    """The contributions of one cluster on a page; ``continued``: its first ones are on the page before."""

    cluster: Cluster
    contributions: list[dict[str, Any]]
    continued: bool


@dataclass(frozen=True)
class ContributionsPage(Paged):
    """One page of a dialogue's contributions, cluster after cluster: its number (from 1), its groups,
    and whether more follow."""

    number: int
    groups: list[Group]
    more: bool


def clusters(sql: Sql, dialogue_id: str) -> list[Cluster]:
    """The dialogue's clusters in the order they were first used, the contributions not grouped last."""
    rows = sql.all(
        f"SELECT c.cluster, n.name, COUNT(*) AS count, MIN(c.position) AS first FROM {CONTRIBUTIONS} c"  # noqa: S608
        f" LEFT JOIN {NAMES} n ON n.dialogue_id = c.dialogue_id AND n.cluster = c.cluster"
        " WHERE c.dialogue_id = ? GROUP BY c.cluster, n.name",
        (dialogue_id,),
    )
    rows.sort(key=lambda row: (row["cluster"] is None, row["first"]))
    return [Cluster(row["cluster"], row["name"], int(row["count"])) for row in rows]


def contributions_page(
    sql: Sql, dialogue_id: str, number: int = 1, size: int = PAGE_SIZE
) -> ContributionsPage:
    """Page ``number`` of the dialogue's contributions, cluster after cluster (:func:`clusters`'s order),
    each cluster's in the order they were posted. Never who posted or endorsed them."""
    skip, room = (number - 1) * size, size
    groups: list[Group] = []
    more = False
    for cluster in clusters(sql, dialogue_id):
        if skip >= cluster.count:
            skip -= cluster.count
            continue
        if room == 0:
            more = True
            break
        condition = "cluster IS NULL" if cluster.key is None else "cluster = ?"
        rows = sql.all(
            "SELECT contribution_id, kind, CASE WHEN hidden IS NULL THEN text ELSE '' END AS text,"  # noqa: S608
            " endorsements, hidden"
            f" FROM {CONTRIBUTIONS} WHERE dialogue_id = ? AND {condition}"
            " ORDER BY position LIMIT ? OFFSET ?",
            (dialogue_id, *(() if cluster.key is None else (cluster.key,)), room, skip),
        )
        for row in rows:
            row["hidden"] = None if row["hidden"] is None else json.loads(row["hidden"])
        groups.append(Group(cluster, rows, continued=skip > 0))
        more = more or skip + len(rows) < cluster.count
        skip, room = 0, room - len(rows)
    return ContributionsPage(number, groups, more)
