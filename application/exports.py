"""What leaves the platform about one dialogue: its stored events and its documents, as plain data.

Read by ``dialogue export`` (``cli/verifiable_log.py``) and by the dialogue's bundle
(``web/bundles/``), which add the verifiable log's part (``projections.bundle``).
"""

import base64
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import Notification

if TYPE_CHECKING:
    from application.dialogues import DialogueApp

BATCH = 5000


def notifications(app: "DialogueApp", stop: int | None = None) -> Iterator[Notification]:
    """Every stored event in log order (up to position ``stop``), ``BATCH`` at a time."""
    start = 1
    while batch := app.recorder.select_notifications(start, BATCH, stop=stop):
        start = batch[-1].id + 1
        yield from batch


def dialogue_events(app: "DialogueApp", dialogue_id: UUID, stop: int | None = None) -> list[dict[str, Any]]:
    """The dialogue's stored events (its own and its parts'), in canonical form, up to position ``stop``."""
    members: set[UUID | str] = {dialogue_id}
    rows = []
    for notification in notifications(app, stop):
        if notification.originator_id not in members:
            event = app.mapper.to_domain_event(notification)
            if getattr(event, "dialogue_id", None) != dialogue_id:
                continue
            members.add(notification.originator_id)
        rows.append(
            {
                "position": notification.id,
                "originator_id": str(notification.originator_id),
                "originator_version": notification.originator_version,
                "topic": notification.topic,
                "state_base64": base64.b64encode(bytes(notification.state)).decode(),
            }
        )
    return rows


def published_documents(
    app: "DialogueApp", dialogue_id: UUID, published: set[str]
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The dialogue's documents whose SHA-256 is in ``published``, and the files of those not shredded."""
    documents = [d for d in app.documents(dialogue_id).values() if d["sha256"] in published]
    files = {}
    for document in documents:
        content = None if document["shredded"] else app.document_content(document["sha256"])
        if content is not None:
            files[document["sha256"]] = content
    return documents, files
