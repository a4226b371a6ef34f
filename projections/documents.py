"""Read model ``documents``: the documents of each dialogue as the public sees them.

One row per document: its item, title, file (SHA-256, size, type, name), the position of the act
that attached it (its proof), the versions before and after it, and, once shredded, the reason.
A shredded document keeps its row and its hash: the page says it was removed.
"""

from typing import Any

from projections.projection import Projection, on
from projections.store import Sql

TABLE = "public_documents"
FIELDS = (
    "document_id", "dialogue_id", "item_kind", "item_id", "title", "filename", "media_type", "size",
    "sha256", "position", "recorded_at", "supersedes", "superseded_by", "shredded",
)  # fmt: skip


class DocumentsProjection(Projection):
    name = "documents"
    tables = {
        TABLE: (
            "document_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL, item_kind TEXT NOT NULL,"
            " item_id TEXT NOT NULL, title TEXT NOT NULL, filename TEXT NOT NULL, media_type TEXT NOT NULL,"
            " size BIGINT NOT NULL, sha256 TEXT NOT NULL, position BIGINT NOT NULL,"
            " recorded_at TEXT NOT NULL,"
            " supersedes TEXT, superseded_by TEXT, shredded TEXT"
        )
    }
    indexes = {"public_documents_dialogue": f"{TABLE} (dialogue_id, position)"}

    def _insert(self, sql: Sql, event: Any, position: int, document: dict[str, Any]) -> None:
        row = {
            "dialogue_id": str(event.originator_id), "title": event.title, "filename": event.filename,
            "media_type": event.media_type, "size": event.size, "sha256": event.sha256, "position": position,
            "recorded_at": event.timestamp.isoformat(), "superseded_by": None, "shredded": None, **document,
        }  # fmt: skip
        marks = ", ".join("?" for _ in FIELDS)
        sql.execute(
            f"INSERT INTO {TABLE} ({', '.join(FIELDS)}) VALUES ({marks})",  # noqa: S608
            [row[name] for name in FIELDS],
        )

    @on("DocumentAttached")
    def attached(self, sql: Sql, event: Any, position: int) -> None:
        item = {"item_kind": event.item_kind, "item_id": event.item_id, "supersedes": None}
        self._insert(sql, event, position, {"document_id": str(event.document_id), **item})

    @on("DocumentSuperseded")
    def superseded(self, sql: Sql, event: Any, position: int) -> None:
        old = sql.one(
            "SELECT item_kind, item_id FROM public_documents WHERE document_id = ?", (event.document_id,)
        )
        new_id = str(event.new_document_id)
        self._insert(
            sql, event, position, {"document_id": new_id, **(old or {}), "supersedes": event.document_id}
        )
        sql.execute(
            "UPDATE public_documents SET superseded_by = ? WHERE document_id = ?", (new_id, event.document_id)
        )

    @on("DocumentShredded")
    def shredded(self, sql: Sql, event: Any, position: int) -> None:
        sql.execute(
            "UPDATE public_documents SET shredded = ? WHERE document_id = ?",
            (event.reason, event.document_id),
        )


def documents_of(sql: Sql, dialogue_id: str) -> list[dict[str, Any]]:
    """The dialogue's documents, in the order they were attached."""
    return sql.all("SELECT * FROM public_documents WHERE dialogue_id = ? ORDER BY position", (dialogue_id,))


def public_document(sql: Sql, document_id: str) -> dict[str, Any] | None:
    """A document of a public dialogue (with its dialogue's ``slug``), or None."""
    return sql.one(
        "SELECT d.*, t.slug FROM public_documents d"
        " JOIN transparency_dialogues t ON t.dialogue_id = d.dialogue_id"
        " WHERE d.document_id = ? AND t.public = 1",
        (document_id,),
    )


def public_index(sql: Sql, dialogue_id: str) -> list[dict[str, Any]] | None:
    """The documents of a public dialogue (the open data's index); None if it is not public."""
    shown = sql.one("SELECT public FROM transparency_dialogues WHERE dialogue_id = ?", (dialogue_id,))
    return documents_of(sql, dialogue_id) if shown and shown["public"] else None
