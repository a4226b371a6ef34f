"""Read model ``comments``: the comments on each proposal, agreement and citizen's contribution.

One row per comment: its dialogue, its target (``proposal``, ``agreement`` or ``contribution``, and
its id), the comment it replies to (one level), when it was posted and last edited, how many
versions, whether its author withdrew it, who wrote it (the account or ``citizen:<id>``, for the
page to name them: a citizen by the pseudonym the event carries, a participant by the display name
the vault holds), and its latest text *sealed* under the comment's own key: the page opens it
through the vault (``DialogueApp.comment_texts``), so a shredded comment's text is gone from here too.

A page holds ``PAGE_SIZE`` comments (oldest first) with all their replies (:func:`comments_page`).
"""

from dataclasses import dataclass
from typing import Any

from projections.projection import Projection, on
from projections.store import Sql
from projections.transparency_log.page import Paged

TABLE = "comments"
PAGE_SIZE = 20
COLUMNS = (
    "comment_id", "dialogue_id", "target", "target_id", "parent_id", "position", "posted_at", "edited_at",
    "versions", "withdrawn_at", "author_id", "author_role", "pseudonym", "sealed_text",
)  # fmt: skip


class CommentsProjection(Projection):
    name = "comments"
    tables = {
        TABLE: (
            "comment_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL, target TEXT NOT NULL,"
            " target_id TEXT NOT NULL, parent_id TEXT, position BIGINT NOT NULL, posted_at TEXT NOT NULL,"
            " edited_at TEXT, versions INTEGER NOT NULL, withdrawn_at TEXT, author_id TEXT NOT NULL,"
            " author_role TEXT NOT NULL, pseudonym TEXT NOT NULL, sealed_text TEXT NOT NULL"
        )
    }
    indexes = {
        "comments_by_target": f"{TABLE} (target_id, parent_id, position)",
        "comments_by_dialogue": f"{TABLE} (dialogue_id, position)",
    }

    @on("CommentPosted")
    def posted(self, sql: Sql, event: Any, position: int) -> None:
        row = {
            "comment_id": str(event.originator_id), "dialogue_id": str(event.dialogue_id),
            "target": event.target, "target_id": event.target_id, "parent_id": event.parent_id,
            "position": position, "posted_at": event.timestamp.isoformat(), "edited_at": None,
            "versions": 1, "withdrawn_at": None, "author_id": event.actor_id, "author_role": event.actor_role,
            "pseudonym": event.pseudonym, "sealed_text": event.sealed_text,
        }  # fmt: skip
        marks = ", ".join("?" for _ in COLUMNS)
        sql.execute(
            f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({marks})",  # noqa: S608
            [row[name] for name in COLUMNS],
        )

    @on("CommentEdited")
    def edited(self, sql: Sql, event: Any, position: int) -> None:
        sql.execute(
            f"UPDATE {TABLE} SET sealed_text = ?, edited_at = ?, versions = versions + 1"  # noqa: S608
            " WHERE comment_id = ?",
            (event.sealed_text, event.timestamp.isoformat(), str(event.originator_id)),
        )

    @on("CommentWithdrawn")
    def withdrawn(self, sql: Sql, event: Any, position: int) -> None:
        sql.execute(
            f"UPDATE {TABLE} SET withdrawn_at = ? WHERE comment_id = ?",  # noqa: S608
            (event.timestamp.isoformat(), str(event.originator_id)),
        )


@dataclass(frozen=True)
class CommentsPage(Paged):
    """One page of an item's comments, oldest first, each with its ``replies`` (oldest first)."""

    number: int
    comments: list[dict[str, Any]]
    more: bool
    total: int


def comments_page(
    sql: Sql, dialogue_id: str, target_id: str, number: int = 1, size: int = PAGE_SIZE
) -> CommentsPage:
    """Page ``number`` of the comments on ``target_id`` (a proposal's, an agreement's or a
    contribution's id) in the dialogue: ``size`` comments and every reply to them."""
    where = f"FROM {TABLE} WHERE dialogue_id = ? AND target_id = ?"
    total = sql.one(f"SELECT COUNT(*) AS n {where}", (dialogue_id, target_id))
    rows = sql.all(
        f"SELECT * {where} AND parent_id IS NULL ORDER BY position LIMIT ? OFFSET ?",
        (dialogue_id, target_id, size + 1, (number - 1) * size),
    )
    shown = rows[:size]
    replies: dict[str, list[dict[str, Any]]] = {row["comment_id"]: [] for row in shown}
    if shown:
        marks = ", ".join("?" for _ in shown)
        for reply in sql.all(
            f"SELECT * {where} AND parent_id IN ({marks}) ORDER BY position",
            (dialogue_id, target_id, *replies),
        ):
            replies[reply["parent_id"]].append(reply)
    comments = [{**row, "replies": replies[row["comment_id"]]} for row in shown]
    return CommentsPage(number, comments, len(rows) > size, int(total["n"]) if total else 0)


def counts(sql: Sql, dialogue_id: str, target_ids: list[str]) -> dict[str, int]:
    """How many comments (replies included) each of these targets has."""
    if not target_ids:
        return {}
    marks = ", ".join("?" for _ in target_ids)
    rows = sql.all(
        f"SELECT target_id, COUNT(*) AS n FROM {TABLE} WHERE dialogue_id = ? AND target_id IN ({marks})"  # noqa: S608
        " GROUP BY target_id",
        (dialogue_id, *target_ids),
    )
    return {row["target_id"]: int(row["n"]) for row in rows}


def dialogue_comments(sql: Sql, dialogue_id: str) -> list[dict[str, Any]]:
    """Every comment of the dialogue, in the order they were posted (the open data)."""
    return sql.all(f"SELECT * FROM {TABLE} WHERE dialogue_id = ? ORDER BY position", (dialogue_id,))  # noqa: S608
