"""The acts on documents: a file is checked and stored (``application.blobs``), then the act records
its hash, size, type and name; shredding deletes the file's bytes and keeps its hash."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, Unpack
from uuid import UUID, uuid4

from application.base import ActRecording
from application.blobs import BlobStore, StoredFile
from application.recorded import Recorded
from domain.base import Actor
from domain.dialogue import Dialogue


@dataclass(frozen=True)
class Upload:
    """A file as sent: its name and a stream of its bytes, read once."""

    filename: str
    stream: IO[bytes]


class DocumentActs(ActRecording):
    """The ``DialogueApp`` methods of the document acts."""

    blobs: BlobStore

    def _stored(
        self, act: str, account_id: str, dialogue_id: UUID, file: Upload, check: Callable[[Dialogue], object]
    ) -> StoredFile:
        """Authorise the act and ``check`` its values first (nothing is stored for a refused act),
        then store the file."""
        dialogue = self._dialogue(dialogue_id)
        dialogue.check_accepts(act, self._authorise(dialogue, account_id, act))
        check(dialogue)
        return self.blobs.store(file.stream, file.filename)

    def _file_act(
        self,
        act: str,
        account_id: str,
        dialogue_id: UUID,
        file: Upload,
        check: Callable[[Dialogue], object],
        record: Callable[[Dialogue, Actor, UUID, dict[str, Any]], None],
    ) -> Recorded:
        """An act that brings a file (``_stored``), then ``record``s a new document with it: the
        answer's id is the new document's."""
        new_document_id = uuid4()
        stored = self._stored(act, account_id, dialogue_id, file, check)
        recorded = self._on_dialogue(
            act, account_id, dialogue_id, lambda d, by: record(d, by, new_document_id, stored.fields())
        )
        return dataclasses.replace(recorded, id=new_document_id)

    def attach_document(
        self, account_id: str, dialogue_id: UUID, *, file: Upload, **fields: Unpack[Dialogue.AttachmentFields]
    ) -> Recorded:
        """Attach a file to the dialogue or one of its items; the answer's id is the document's."""
        return self._file_act(
            "document-attached",
            account_id,
            dialogue_id,
            file,
            lambda d: d.check_item(fields["item_kind"], fields.get("item_id", "")),
            lambda d, by, new_id, stored: d.attach_document(by, document_id=new_id, file=stored, **fields),
        )

    def supersede_document(
        self,
        account_id: str,
        dialogue_id: UUID,
        document_id: str,
        *,
        file: Upload,
        **fields: Unpack[Dialogue.SupersessionFields],
    ) -> Recorded:
        """A new version of a document (both are kept); the answer's id is the new version's."""
        return self._file_act(
            "document-superseded",
            account_id,
            dialogue_id,
            file,
            lambda d: d.document(document_id),
            lambda d, by, new_id, stored: d.supersede_document(
                by, document_id=document_id, new_document_id=new_id, file=stored, **fields
            ),
        )

    def shred_document(
        self, account_id: str, dialogue_id: UUID, document_id: str, **fields: Unpack[Dialogue.ShreddingFields]
    ) -> Recorded:
        """Shred an unlawful or personal document: its bytes deleted for good, its hash kept in the log."""
        shredded: list[str] = []
        recorded = self._on_dialogue(
            "document-shredded",
            account_id,
            dialogue_id,
            lambda d, by: shredded.append(d.shred_document(by, document_id=document_id, **fields)),
        )
        self.blobs.shred(shredded[-1])
        return recorded

    def documents(self, dialogue_id: UUID) -> dict[str, dict[str, Any]]:
        """Document id -> its item, title, file (hash, size, type, name), versions and shredding."""
        return {key: dict(document) for key, document in self._dialogue(dialogue_id).documents.items()}

    def document_items(self, dialogue_id: UUID) -> list[dict[str, str]]:
        """What a document may be attached to, each ``{"kind", "id", "label"}``: the dialogue first."""
        dialogue = self._dialogue(dialogue_id)
        parts = self.parts(dialogue_id, ("meeting", "proposal", "agreement", "decision", "action"))  # type: ignore[attr-defined]
        items = [{"kind": "dialogue", "id": "", "label": dialogue.title}]
        for kind in ("meeting", "proposal", "agreement", "decision", "action"):
            items += [{"kind": kind, "id": part["id"], "label": part["label"]} for part in parts[kind]]
        expertise = dialogue.records.get("ExpertiseProvided", [])
        items += [
            {"kind": "expertise", "id": str(n), "label": e["title"]} for n, e in enumerate(expertise, 1)
        ]
        return items

    def document_content(self, sha256: str) -> bytes | None:
        """A stored file's bytes, or None (unknown, or shredded)."""
        return self.blobs.content(sha256)
