"""Documents: stored once by their SHA-256 beside the events, checked by their content, shredded for good."""

import hashlib
import io
import threading
from pathlib import Path
from typing import Any

import pytest

from application.blobs import BlobStore
from application.demo.files import pdf, png
from application.dialogues import DialogueApp
from application.documents import Upload
from application.errors import NotAuthorisedError, TooLargeError
from domain.errors import InvalidActError, RuleError
from domain.roles import Role
from tests.builders import ACCOUNTS, Scenario
from tests.stores import make_app

DELIBERATION = pdf("Deliberation DEL-2026-042", ["Le conseil municipal adopte le plan de partage de l'eau."])
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
DECISION_MAKER = ACCOUNTS[Role.DECISION_MAKER]


def upload(content: bytes, name: str = "deliberation.pdf") -> Upload:
    return Upload(name, io.BytesIO(content))


def attach(app: DialogueApp, scenario: Scenario, content: bytes, name: str = "deliberation.pdf") -> Any:
    return app.attach_document(
        DECISION_MAKER, scenario.id, item_kind="decision", item_id=str(scenario.decided()),
        title="Délibération", file=upload(content, name),
    )  # fmt: skip


def test_the_act_that_attaches_a_file_carries_its_hash_size_type_and_name(app: DialogueApp) -> None:
    scenario = Scenario(app)
    recorded = attach(app, scenario, DELIBERATION)
    [act] = [a for a in app.acts(scenario.id) if a["act"] == "document-attached"]
    assert act["position"] == recorded.position
    document = app.documents(scenario.id)[str(recorded.id)]
    assert document["sha256"] == hashlib.sha256(DELIBERATION).hexdigest()
    assert (document["size"], document["media_type"], document["filename"]) == (
        len(DELIBERATION), "application/pdf", "deliberation.pdf",
    )  # fmt: skip
    assert app.document_content(document["sha256"]) == DELIBERATION


@pytest.mark.parametrize("content", [png(2, 2, (0, 0, 0)), HTML], ids=["png", "html"])
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(app: DialogueApp, content: bytes) -> None:
    scenario = Scenario(app)
    with pytest.raises(InvalidActError) as refused:
        attach(app, scenario, content, "deliberation.pdf")
    assert refused.value.field == "file"
    assert app.blobs.count() == 0


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(app: DialogueApp) -> None:
    scenario = Scenario(app)
    app.blobs.max_bytes = len(DELIBERATION) - 1
    with pytest.raises(TooLargeError):
        attach(app, scenario, DELIBERATION)
    assert app.blobs.count() == 0
    assert not [a for a in app.acts(scenario.id) if a["act"] == "document-attached"]


def test_nothing_is_stored_for_whom_may_not_attach(app: DialogueApp) -> None:
    scenario = Scenario(app)
    scenario.decided()
    with pytest.raises(NotAuthorisedError):
        app.attach_document(
            ACCOUNTS[Role.STAKEHOLDER],
            scenario.id,
            item_kind="dialogue",
            title="t",
            file=upload(DELIBERATION),
        )
    assert app.blobs.count() == 0


def test_a_document_needs_an_item_of_the_dialogue(app: DialogueApp) -> None:
    scenario = Scenario(app)
    scenario.decided()
    with pytest.raises(InvalidActError) as refused:
        app.attach_document(
            DECISION_MAKER, scenario.id, item_kind="decision", item_id=str(scenario.id), title="t",
            file=upload(DELIBERATION),
        )  # fmt: skip
    assert refused.value.field == "item_id"


def test_concurrent_uploads_of_the_same_file_store_one_blob(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = make_app(database_url), make_app(database_url)
    try:
        scenario = Scenario(first)
        scenario.decided()
        both_checked = threading.Barrier(2)

        def not_held_yet(store: BlobStore, sha256: str) -> bool:
            both_checked.wait(timeout=10)  # each saw no row: both insert
            return False

        monkeypatch.setattr(BlobStore, "holds", not_held_yet)
        threads = [
            threading.Thread(target=attach, args=(app, scenario, DELIBERATION)) for app in (first, second)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert first.blobs.count() == 1
        assert len([a for a in first.acts(scenario.id) if a["act"] == "document-attached"]) == 2
    finally:
        first.close()
        second.close()


def test_a_new_version_keeps_the_first(app: DialogueApp) -> None:
    scenario = Scenario(app)
    first = attach(app, scenario, DELIBERATION)
    corrected = pdf("Deliberation DEL-2026-042", ["Version rectifiee."])
    second = app.supersede_document(
        DECISION_MAKER, scenario.id, str(first.id), title="Délibération rectifiée", file=upload(corrected)
    )
    documents = app.documents(scenario.id)
    assert documents[str(first.id)]["superseded_by"] == str(second.id)
    assert documents[str(second.id)]["supersedes"] == str(first.id)
    assert app.blobs.count() == 2
    with pytest.raises(RuleError):
        app.supersede_document(DECISION_MAKER, scenario.id, str(first.id), title="t", file=upload(corrected))


def test_a_shredded_document_loses_its_bytes_and_keeps_its_hash(app: DialogueApp) -> None:
    scenario = Scenario(app)
    recorded = attach(app, scenario, DELIBERATION)
    app.shred_document(scenario.convenor, scenario.id, str(recorded.id), reason="données personnelles")
    document = app.documents(scenario.id)[str(recorded.id)]
    assert document["shredded"] == "données personnelles"
    assert document["sha256"] == hashlib.sha256(DELIBERATION).hexdigest()
    assert app.document_content(document["sha256"]) is None


def test_shredded_bytes_are_gone_from_the_sqlite_file(sqlite_url: str, tmp_path: Path) -> None:
    app = make_app(sqlite_url)
    try:
        scenario = Scenario(app)
        marker = b"SECRET-PERSONAL-DATA-" * 50
        recorded = attach(app, scenario, b"nom;adresse\r\n" + marker + b"\r\n", "liste.csv")
        assert marker in b"".join(path.read_bytes() for path in tmp_path.glob("dialogue.sqlite3*"))
        app.shred_document(scenario.convenor, scenario.id, str(recorded.id), reason="données personnelles")
        assert marker not in b"".join(path.read_bytes() for path in tmp_path.glob("dialogue.sqlite3*"))
    finally:
        app.close()
