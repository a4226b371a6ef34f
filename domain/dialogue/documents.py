"""Documents attached to the dialogue or one of its items, superseded by a new version, or shredded.

A document is known by its id; each keeps its item, title and file (hash, size, type, name),
``superseded_by`` (the id of its new version) and ``shredded`` (the public reason, once shredded).
"""

from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_choice, check_text
from domain.dialogue.state import DialogueState
from domain.documents import ITEM_KINDS, check_file
from domain.errors import InvalidActError, RuleError

PART_ITEMS = {"meeting", "proposal", "agreement", "action"}


class DocumentActs(DialogueState):
    """The acts of ``Dialogue`` on its documents."""

    @property
    def documents(self) -> dict[str, dict[str, Any]]:
        """Document id -> what is known of it (the dialogues recorded before documents have none)."""
        held: dict[str, dict[str, Any]] = self.__dict__.setdefault("_documents", {})
        return held

    def check_item(self, item_kind: Any, item_id: Any) -> tuple[str, str]:
        """(kind, id) of an item of this dialogue a document may be attached to ('' for the dialogue)."""
        kind = check_choice("item_kind", item_kind, ITEM_KINDS)
        given = check_text("item_id", item_id, required=kind != "dialogue")
        if kind == "dialogue":
            return kind, ""
        if kind == "expertise":
            count = len(self.records.get("ExpertiseProvided", []))
            if not given.isdigit() or not 1 <= int(given) <= count:
                raise InvalidActError(
                    "item_id", f"no expertise {given}", code="unknown-part", params={"part": given}
                )
            return kind, str(int(given))
        try:
            part_id = UUID(given)
        except ValueError:
            raise InvalidActError(
                "item_id", f"no {kind} {given}", code="unknown-part", params={"part": given}
            ) from None
        if kind == "decision":
            known = any(d["decision_id"] == part_id for d in self.decisions)
        else:
            known = self.has_part(kind, part_id)
        if not known:
            raise InvalidActError(
                "item_id", f"no {kind} {given}", code="unknown-part", params={"part": given}
            )
        return kind, str(part_id)

    def document(self, document_id: Any) -> dict[str, Any]:
        """The dialogue's document ``document_id``, not shredded; refused naming ``document_id`` otherwise."""
        found = self.documents.get(str(document_id))
        if found is None:
            raise InvalidActError(
                "document_id",
                f"no document {document_id}",
                code="unknown-part",
                params={"part": str(document_id)},
            )
        if found["shredded"] is not None:
            raise RuleError(f"document {document_id} was shredded", code="document-shredded")
        return found

    class AttachmentFields(TypedDict):
        """The file (stored first: its hash, size, type and name) and the new id are given apart."""

        item_kind: str
        item_id: NotRequired[str]
        title: str

    def attach_document(
        self, by: Actor, *, document_id: UUID, file: dict[str, Any], **fields: Unpack[AttachmentFields]
    ) -> None:
        self.check_accepts("document-attached", by)
        kind, item = self.check_item(fields["item_kind"], fields.get("item_id", ""))
        self._record(
            self.DocumentAttached, by, document_id=document_id, item_kind=kind, item_id=item,
            title=check_text("title", fields["title"]), **check_file(**file),
        )  # fmt: skip

    class SupersessionFields(TypedDict):
        """The document superseded (``document_id``), the file and the new id are given apart."""

        title: str

    def supersede_document(
        self,
        by: Actor,
        *,
        document_id: Any,
        new_document_id: UUID,
        file: dict[str, Any],
        **fields: Unpack[SupersessionFields],
    ) -> None:
        self.check_accepts("document-superseded", by)
        old = self.document(document_id)
        if old["superseded_by"] is not None:
            raise RuleError(f"document {document_id} was superseded already", code="document-superseded")
        self._record(
            self.DocumentSuperseded, by, document_id=str(document_id), new_document_id=new_document_id,
            title=check_text("title", fields["title"]), **check_file(**file),
        )  # fmt: skip

    class ShreddingFields(TypedDict):
        """The document shredded (``document_id``) is given apart."""

        reason: str

    def shred_document(self, by: Actor, *, document_id: Any, **fields: Unpack[ShreddingFields]) -> str:
        """Record the shredding; the SHA-256 of the file whose bytes are to be deleted."""
        self.check_accepts("document-shredded", by)
        sha256: str = self.document(document_id)["sha256"]
        reason = check_text("reason", fields["reason"])
        self._record(self.DocumentShredded, by, document_id=str(document_id), reason=reason)
        return sha256

    class DocumentAttached(DialoguePart.Event):
        document_id: UUID
        item_kind: str
        item_id: str
        title: str
        sha256: str
        size: int
        media_type: str
        filename: str

        def apply(self, aggregate: Any) -> None:
            aggregate.documents[str(self.document_id)] = _document(
                self, self.document_id, self.item_kind, self.item_id, None
            )

    class DocumentSuperseded(DialoguePart.Event):
        document_id: str
        new_document_id: UUID
        title: str
        sha256: str
        size: int
        media_type: str
        filename: str

        def apply(self, aggregate: Any) -> None:
            old = aggregate.documents[self.document_id]
            old["superseded_by"] = str(self.new_document_id)
            aggregate.documents[str(self.new_document_id)] = _document(
                self, self.new_document_id, old["item_kind"], old["item_id"], self.document_id
            )

    class DocumentShredded(DialoguePart.Event):
        document_id: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.documents[self.document_id]["shredded"] = self.reason


def _document(
    event: Any, document_id: UUID, item_kind: str, item_id: str, supersedes: str | None
) -> dict[str, Any]:
    return {
        "document_id": str(document_id), "item_kind": item_kind, "item_id": item_id,
        "title": event.title, "sha256": event.sha256, "size": event.size,
        "media_type": event.media_type, "filename": event.filename,
        "supersedes": supersedes, "superseded_by": None, "shredded": None,
    }  # fmt: skip
