"""The ``/transparency/`` endpoints: heads, key, and proofs that an independent RFC 9162 checker accepts."""

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from flask.testing import FlaskClient

from application.demo import record_demo
from application.signing import HeadSigner
from projections.catalogue import all_projections
from projections.merkle import tree_head_message
from projections.runner import ProjectionRunner
from tests.stores import make_app
from tests.transparency.test_merkle_rfc9162 import h, root_from_path
from web import close_app, create_app


def roots_from_consistency(
    m: int, n: int, proof: list[bytes], complete: bool, first_root: bytes
) -> tuple[bytes, bytes]:
    """(old root, new root) rebuilt by walking RFC 9162's SUBPROOF recursion backwards."""
    if m == n:
        if complete:
            assert not proof
            return first_root, first_root
        assert len(proof) == 1
        return proof[0], proof[0]
    k = 1
    while k * 2 < n:
        k *= 2
    *rest, last = proof
    if m <= k:
        old, new = roots_from_consistency(m, k, rest, complete, first_root)
        return old, h(b"\x01" + new + last)
    old, new = roots_from_consistency(m - k, n - k, rest, False, first_root)
    return h(b"\x01" + last + old), h(b"\x01" + last + new)


@pytest.fixture
def client(database_url: str, tmp_path: Path) -> Iterator[FlaskClient]:
    app = make_app(database_url)
    try:
        record_demo(app)
    finally:
        app.close()
    web = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test",
            "TESTING": True,
            "SIGNING_KEY_FILE": str(tmp_path / "key.pem"),
            "HEAD_EVERY": 30,
        }
    )
    yield web.test_client()
    close_app(web)


def test_heads_are_signed_with_the_published_key(client: FlaskClient) -> None:
    key = client.get("/transparency/key").get_json()
    public_key = load_pem_public_key(key["public_key_pem"].encode())
    heads = client.get("/transparency/heads").get_json()["heads"]
    assert len(heads) > 10
    for head in heads:
        message = tree_head_message(head["tree_size"], head["timestamp_ms"], bytes.fromhex(head["root_hash"]))
        public_key.verify(bytes.fromhex(head["signature"]), message)  # type: ignore[union-attr]
        assert head["key_fingerprint"] == key["fingerprint"]
    assert client.get("/transparency/heads/latest").get_json() == heads[-1]


def test_inclusion_proofs_verify_with_an_independent_checker(client: FlaskClient) -> None:
    heads = client.get("/transparency/heads").get_json()["heads"]
    for head in (heads[0], heads[len(heads) // 2], heads[-1]):
        for position in (1, 2, head["last_position"] // 2, head["last_position"]):
            answer = client.get(f"/transparency/proof/inclusion?position={position}&size={head['tree_size']}")
            assert answer.status_code == 200, answer.get_data(as_text=True)
            proof = answer.get_json()
            rebuilt = root_from_path(
                proof["leaf_index"],
                head["tree_size"],
                bytes.fromhex(proof["leaf_hash"]),
                [bytes.fromhex(node) for node in proof["proof"]],
            )
            assert rebuilt.hex() == head["root_hash"]


def test_consistency_proofs_verify_with_an_independent_checker(client: FlaskClient) -> None:
    heads = client.get("/transparency/heads").get_json()["heads"]
    pairs = [(a, b) for a, b in itertools.pairwise(heads)] + [(heads[0], heads[-1])]
    for first, second in pairs:
        answer = client.get(
            f"/transparency/proof/consistency?first={first['tree_size']}&second={second['tree_size']}"
        )
        assert answer.status_code == 200
        proof = [bytes.fromhex(node) for node in answer.get_json()["proof"]]
        old, new = roots_from_consistency(
            first["tree_size"], second["tree_size"], proof, True, bytes.fromhex(first["root_hash"])
        )
        assert old.hex() == first["root_hash"] and new.hex() == second["root_hash"]


def test_bad_proof_requests_are_4xx(client: FlaskClient) -> None:
    assert client.get("/transparency/proof/inclusion?position=abc").status_code == 400
    assert client.get("/transparency/proof/inclusion?position=999999").status_code == 404
    assert client.get("/transparency/proof/consistency?first=5&second=3").status_code == 400
    assert client.get("/transparency/proof/consistency?first=1&second=7777").status_code == 404


def test_bad_proof_requests_answer_json_naming_the_parameter(client: FlaskClient) -> None:
    for query, field in (
        ("inclusion?position=abc", "position"),
        ("inclusion?position=1&size=0", "size"),
        ("consistency?second=3", "first"),
        ("consistency?first=5&second=3", "first"),
    ):
        answer = client.get(f"/transparency/proof/{query}")
        assert answer.status_code == 400 and answer.is_json, query
        assert list(answer.get_json()["errors"]) == [field] and field in answer.get_json()["errors"][field][0]
    missing = client.get("/transparency/proof/inclusion?position=999999")
    assert missing.status_code == 404 and missing.is_json
    assert "999999" in missing.get_json()["errors"]["_schema"][0]
    assert client.get("/transparency").mimetype == "text/html"  # the page stays a page


ERRORS = [
    ("proof/inclusion?position=abc", 400, "position", "position doit être un nombre entier", "whole number"),
    ("proof/inclusion?position=1&size=0", 400, "size", "size doit être un nombre entier", "whole number"),
    ("proof/inclusion?position=999999", 404, "_schema", "Aucun événement à la position 999999", "No event"),
    (
        "proof/inclusion?position=1&size=7777",
        404,
        "_schema",
        "Aucune tête d'arbre signée de taille 7777",
        "size",
    ),
    ("proof/consistency?first=5&second=3", 400, "first", "first ne doit pas dépasser second", "larger"),
    ("proof/consistency?first=1&second=7777", 404, "_schema", "Aucune tête d'arbre signée", "No signed"),
    ("nothing-here", 404, "_schema", "Introuvable", "Not found"),
]
"""Bad requests: the path, the status, the field named, words of the French and of the English message."""


def test_errors_are_worded_in_the_reader_s_language(client: FlaskClient) -> None:
    for query, status, field, french, english in ERRORS:
        for language, wording in (("fr", french), ("en", english)):
            answer = client.get(f"/transparency/{query}", headers={"Accept-Language": language})
            assert answer.status_code == status and answer.is_json, (query, language)
            assert wording in answer.get_json()["errors"][field][0], (query, language)


def test_a_web_process_of_external_read_models_reads_no_key_and_publishes_the_runner_s(
    database_url: str, tmp_path: Path
) -> None:
    """Production: the runner signs; a web process holds no private key, it publishes the registered one."""
    app = make_app(database_url)
    no_key_file = tmp_path / "the web process has none.pem"
    web = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test",
            "TESTING": True,
            "EXTERNAL_PROJECTIONS": True,
            "SIGNING_KEY_FILE": str(no_key_file),
        }
    )
    try:
        record_demo(app)
        client = web.test_client()
        before = client.get("/transparency/key", headers={"Accept-Language": "en"})
        before_fr = client.get("/transparency/key", headers={"Accept-Language": "fr"})
        page_before = client.get("/transparency", headers={"Accept-Language": "en"}).get_data(as_text=True)
        page_fr = client.get("/transparency", headers={"Accept-Language": "fr"}).get_data(as_text=True)
        signer = HeadSigner(tmp_path / "runner.pem")
        ProjectionRunner(app.recorder, app.mapper, all_projections(signer, 30)).catch_up()
        key = client.get("/transparency/key").get_json()
        heads = client.get("/transparency/heads").get_json()
        page_after = client.get("/transparency", headers={"Accept-Language": "en"}).get_data(as_text=True)
    finally:
        close_app(web)
        app.close()

    assert before.status_code == 404 and "projection runner" in before.get_data(as_text=True)
    assert "No signing key published yet." in page_before
    assert (
        before_fr.status_code == 404
        and "processus des projections" in before_fr.get_json()["errors"]["_schema"][0]
    )
    assert "Aucune clé de signature publiée" in page_fr
    assert key["public_key_pem"] == signer.public_key_pem and key["fingerprint"] == signer.fingerprint
    assert heads["fingerprint"] == signer.fingerprint and heads["heads"]
    assert signer.fingerprint in page_after and "No signing key published yet." not in page_after
    assert not no_key_file.exists()
