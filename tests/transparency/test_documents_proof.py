"""The demo's délibération: its file is the one its act published, the act's proof verifies, and an
export whose file was changed fails ``dialogue verify``; on SQLite and PostgreSQL."""

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from application.demo import record_demo
from tests.stores import make_app
from tests.transparency.tamper_helpers import dialogue
from tests.transparency.test_merkle_rfc9162 import root_from_path
from web import close_app, create_app

TITLE = "Délibération DEL-2025-017 du bureau du syndicat"
NO_DATABASE = "sqlite:////nonexistent/none.sqlite3"


@pytest.fixture
def demo(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "key.pem"))
    app = make_app(database_url)
    try:
        result = record_demo(app)
        [(slug, document)] = [
            (slug, d)
            for slug, dialogue_id in result.dialogues.items()
            for d in app.documents(dialogue_id).values()
            if d["title"] == TITLE
        ]
    finally:
        app.close()
    web = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "t", "TESTING": True, "HEAD_EVERY": 30})
    yield {"url": database_url, "slug": slug, "document": document, "client": web.test_client()}
    close_app(web)


def test_the_deliberation_is_attached_to_the_decision_and_its_proof_verifies(demo: dict[str, Any]) -> None:
    client: FlaskClient = demo["client"]
    assert demo["document"]["item_kind"] == "decision"
    page = client.get(f"/dialogues/{demo['slug']}/decisions/{demo['document']['item_id']}").get_data(
        as_text=True
    )
    download = re.search(r'href="(/documents/[^"]+/deliberation-DEL-2025-017\.pdf)"', page)
    assert download is not None
    content = client.get(download.group(1)).data
    assert content.startswith(b"%PDF-")
    sha256 = hashlib.sha256(content).hexdigest()
    assert sha256 == demo["document"]["sha256"]

    proof_page = client.get(f"/documents/{demo['document']['document_id']}/proof").get_data(as_text=True)
    assert sha256 in proof_page
    inclusion = re.search(r'href="/transparency/proof/inclusion\?position=(\d+)"', proof_page)
    assert inclusion is not None
    head = client.get("/transparency/heads/latest").get_json()
    proof = client.get(
        f"/transparency/proof/inclusion.json?position={inclusion.group(1)}&size={head['tree_size']}"
    ).get_json()
    path = [bytes.fromhex(node) for node in proof["proof"]]
    root = root_from_path(proof["leaf_index"], head["tree_size"], bytes.fromhex(proof["leaf_hash"]), path)
    assert root.hex() == head["root_hash"]


def test_an_export_whose_file_was_changed_does_not_verify(demo: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert dialogue(demo["url"], "export", "--dialogue", demo["slug"], "--out", str(out)).exit_code == 0
    exported = out / "documents" / demo["document"]["sha256"]
    assert exported.read_bytes().startswith(b"%PDF-")
    ok = dialogue(NO_DATABASE, "verify", str(out))
    assert ok.exit_code == 0, ok.output

    exported.write_bytes(exported.read_bytes().replace(b"9 pour", b"5 pour"))
    bad = dialogue(NO_DATABASE, "verify", str(out))
    assert bad.exit_code == 1
    assert f"documents/{demo['document']['sha256']}: its bytes differ" in bad.output
