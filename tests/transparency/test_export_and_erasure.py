"""Open-data export, offline verification, and erasure of a person, on SQLite and PostgreSQL."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from application.demo import record_demo
from tests.stores import make_app
from tests.transparency.tamper_helpers import dialogue, every_file_text, every_text


@pytest.fixture
def demo(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "signing_key.pem"))
    app = make_app(database_url)
    try:
        result = record_demo(app)
        people = [p for p in app.stakeholders(result.main_dialogue_id) if p["email"]]
        yield {"url": database_url, "dialogue": str(result.main_dialogue_id), "person": people[0]}
    finally:
        app.close()


def test_export_verifies_offline_and_a_changed_export_does_not(demo: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = dialogue(demo["url"], "export", "--dialogue", demo["dialogue"], "--out", str(out))
    assert result.exit_code == 0, result.output
    names = {path.name for path in out.iterdir()}
    assert names >= {"transparency_log.json", "transparency_log.csv", "tree_heads.json", "events.json"}
    assert {"public_key.pem", "README.md"} <= names
    assert (out / "README.md").read_text().startswith("# Verifiable log of a territorial dialogue")
    ok = dialogue("sqlite:////nonexistent/none.sqlite3", "verify", str(out))  # no database needed
    assert ok.exit_code == 0, ok.output
    events = json.loads((out / "events.json").read_text())
    assert len(events["events"]) > 100
    victim = events["events"][10]
    victim["topic"] = victim["topic"] + "X"
    (out / "events.json").write_text(json.dumps(events))
    bad = dialogue("sqlite:////nonexistent/none.sqlite3", "verify", str(out))
    assert bad.exit_code == 1
    assert f"first problem at position {victim['position']}:" in bad.output


def test_a_head_of_the_export_re_signed_with_another_key_is_found(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from projections import merkle

    out = tmp_path / "export"
    assert dialogue(demo["url"], "export", "--dialogue", demo["dialogue"], "--out", str(out)).exit_code == 0
    heads = json.loads((out / "tree_heads.json").read_text())
    head = heads["heads"][1]
    message = merkle.tree_head_message(
        head["tree_size"], head["timestamp_ms"], bytes.fromhex(head["root_hash"])
    )
    head["signature"] = Ed25519PrivateKey.generate().sign(message).hex()
    (out / "tree_heads.json").write_text(json.dumps(heads))
    bad = dialogue("sqlite:////nonexistent/none.sqlite3", "verify", str(out))
    assert bad.exit_code == 1
    assert f"first problem at position {head['last_position']}:" in bad.output and "signature" in bad.output


def test_after_erasure_the_log_verifies_and_the_person_is_nowhere(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    person = demo["person"]
    url = demo["url"]
    assert dialogue(url, "projections", "rebuild").exit_code == 0
    result = dialogue(url, "erase-person", person["id"])
    assert result.exit_code == 0, result.output

    verified = dialogue(url, "verify")
    assert verified.exit_code == 0, verified.output
    out = tmp_path / "export"
    assert dialogue(url, "export", "--dialogue", demo["dialogue"], "--out", str(out)).exit_code == 0
    assert dialogue(url, "verify", str(out)).exit_code == 0

    stored = every_text(url)
    exported = every_file_text(out)
    for secret in (person["name"], person["email"]):
        assert secret not in stored
        assert secret not in exported
