"""``dialogue verify`` detects each tampering of the store, on SQLite and PostgreSQL, naming the position."""

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.demo import record_demo
from projections import merkle
from tests.stores import make_app
from tests.transparency.tamper_helpers import dialogue, run


@pytest.fixture
def demo_url(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A store with the demo recorded and its verifiable log verified once."""
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "keys" / "signing_key.pem"))
    monkeypatch.setenv("HEAD_EVERY", "40")
    app = make_app(database_url)
    try:
        record_demo(app)
    finally:
        app.close()
    result = dialogue(database_url, "verify")
    assert result.exit_code == 0, result.output
    assert "verified" in result.output
    yield database_url


def first_problem(url: str) -> str:
    result = dialogue(url, "verify")
    assert result.exit_code == 1, result.output
    line = next(line for line in result.output.splitlines() if "NOT VERIFIED" in line)
    return line


def test_an_untouched_store_verifies_and_the_key_file_is_private(demo_url: str, tmp_path: Path) -> None:
    key = tmp_path / "keys" / "signing_key.pem"
    assert key.stat().st_mode & 0o777 == 0o600
    heads = run(demo_url, "SELECT tree_size, reason FROM merkle_heads ORDER BY tree_size")
    assert len(heads) >= 5
    assert any(reason == "DecisionAdopted" for _, reason in heads)
    assert all(b - a <= 40 for (a, _), (b, _) in itertools.pairwise(heads))


def test_one_byte_changed_in_one_event_is_found_at_its_position(demo_url: str) -> None:
    [(state,)] = run(demo_url, "SELECT state FROM {table} WHERE {pos} = 123")
    changed = bytearray(state)
    changed[len(changed) // 2] ^= 0x01
    run(demo_url, "UPDATE {table} SET state = ? WHERE {pos} = 123", (bytes(changed),))
    line = first_problem(demo_url)
    assert "position 123:" in line and "changed" in line


def test_a_deleted_event_is_found_at_its_position(demo_url: str) -> None:
    run(demo_url, "DELETE FROM {table} WHERE {pos} = 77")
    line = first_problem(demo_url)
    assert "position 77:" in line and "deleted" in line


def test_two_swapped_events_are_found_at_the_first(demo_url: str) -> None:
    [(a,)] = run(demo_url, "SELECT state FROM {table} WHERE {pos} = 150")
    [(b,)] = run(demo_url, "SELECT state FROM {table} WHERE {pos} = 210")
    run(demo_url, "UPDATE {table} SET state = ? WHERE {pos} = 150", (bytes(b),))
    run(demo_url, "UPDATE {table} SET state = ? WHERE {pos} = 210", (bytes(a),))
    result = dialogue(demo_url, "verify")
    assert result.exit_code == 1
    assert "first problem at position 150:" in result.output
    assert "position 210:" in result.output


def test_a_truncated_tail_is_found_at_the_first_missing_position(demo_url: str) -> None:
    run(demo_url, "DELETE FROM {table} WHERE {pos} > 300")
    line = first_problem(demo_url)
    assert "position 301:" in line and "missing" in line


def test_a_head_re_signed_with_another_key_is_found(demo_url: str) -> None:
    heads = run(
        demo_url,
        "SELECT tree_size, last_position, root_hash, timestamp_ms FROM merkle_heads ORDER BY tree_size",
    )
    size, last, root_hash, timestamp = heads[len(heads) // 2]
    other = Ed25519PrivateKey.generate()
    forged = other.sign(merkle.tree_head_message(int(size), int(timestamp), bytes.fromhex(root_hash)))
    run(demo_url, "UPDATE merkle_heads SET signature = ? WHERE tree_size = ?", (forged.hex(), size))
    line = first_problem(demo_url)
    assert f"position {last}:" in line and "signature" in line
