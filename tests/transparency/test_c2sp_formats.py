"""The C2SP formats: the specifications' own examples, byte for byte, and the platform's output read back.

The examples are those published in the specifications (signed-note, tlog-checkpoint,
tlog-cosignature, tlog-proof at c2sp.org). The platform's checkpoints, verifier key and
tlog-proofs are read with ``c2sp_reference``, a parser written from the specifications'
text in the tests, and the inclusion proof is checked with the RFC's own recursion.
"""

import base64
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from flask import Flask
from flask.testing import FlaskClient

from projections import merkle, merkle_note
from tests.transparency import c2sp_reference as ref
from tests.transparency.test_merkle_rfc9162 import root_from_path
from tests.web.public_site import demo_site

SIGNED_NOTE_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SIGNED_NOTE = (
    "This is an example message.\n"
    "\n"
    "— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOB"
    "H3mFXmRKuwHjG1Yu72IneyaQM=\n"
)
CHECKPOINT_TEXT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
LOG_LINE = (
    "— example.com/behind-the-sofa"
    " Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
)
WITNESS_LINE = (
    "— witness.example.com/w1"
    " jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZq"
    "hf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
)
COSIGNED_MESSAGE = (
    "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
)
PROOF_HEAD = (
    "c2sp.org/tlog-proof@v1\n"
    "extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n"
    "index 73894\n"
    "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n"
    "B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n"
    "EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n"
    "RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n"
    "AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n"
)
PROOF_CHECKPOINT = (
    "example.com/fancylog\n109482\nsFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n\n"
    "— example.com/fancylog hI2DJw[...]1roloI=\n"
)


def test_the_signed_note_example_verifies_and_is_written_back_byte_for_byte() -> None:
    key = merkle_note.parse_verifier_key(SIGNED_NOTE_VKEY)
    assert str(key) == SIGNED_NOTE_VKEY
    assert merkle_note.verifier_key(key.name, key.public_key) == key  # the key ID recomputed
    text, signatures = merkle_note.split_note(SIGNED_NOTE)
    assert text == "This is an example message.\n"
    assert signatures[0].key_id == key.key_id
    assert merkle_note.signed_note(text, signatures) == SIGNED_NOTE
    assert ref.note_verifies(SIGNED_NOTE, ref.read_vkey(SIGNED_NOTE_VKEY))


def test_the_checkpoint_and_cosignature_examples_are_read_and_written_back_byte_for_byte() -> None:
    note = CHECKPOINT_TEXT + "\n" + LOG_LINE + WITNESS_LINE
    text, (log, witness) = merkle_note.split_note(note)
    checkpoint = merkle_note.parse_checkpoint(text)
    assert (checkpoint.origin, checkpoint.size) == ("example.com/behind-the-sofa", 20852163)
    assert checkpoint.text() == CHECKPOINT_TEXT
    assert merkle_note.signed_note(checkpoint.text(), [log, witness]) == note
    timestamp, signature = merkle_note.cosignature_time(witness)
    assert timestamp == 1679315147 and len(signature) == 64
    assert merkle_note.cosigned_message(text, timestamp) == COSIGNED_MESSAGE.encode()


def test_the_tlog_proof_example_is_read_and_written_back() -> None:
    proof = merkle_note.parse_tlog_proof(PROOF_HEAD + "\n" + PROOF_CHECKPOINT)
    assert proof.index == 73894 and len(proof.path) == 5 and proof.extra is not None
    assert proof.checkpoint_note == PROOF_CHECKPOINT
    without_extra = PROOF_HEAD.replace(PROOF_HEAD.splitlines(keepends=True)[1], "")
    assert (
        merkle_note.tlog_proof(proof.index, proof.path, PROOF_CHECKPOINT)
        == without_extra + "\n" + PROOF_CHECKPOINT
    )


def test_a_cosignature_made_here_verifies_with_the_reference_reader() -> None:
    private = Ed25519PrivateKey.from_private_bytes(bytes([8]) * 32)  # its vkey's base64 holds a "+"
    public = private.public_key().public_bytes_raw()
    signature = private.sign(merkle_note.cosigned_message(CHECKPOINT_TEXT, 1700000000))
    line = merkle_note.cosignature("witness.example/w2", public, 1700000000, signature)
    vkey = merkle_note.verifier_key("witness.example/w2", public, merkle_note.COSIGNATURE)
    assert str(vkey) == "witness.example/w2+a0d3dfdb+BBOY9ixtGkV8UbpqS189vS9p/KkyFiGNyJl+QWvRfZPK"
    assert merkle_note.parse_verifier_key(str(vkey)) == vkey
    assert ref.note_verifies(CHECKPOINT_TEXT + "\n" + line.line(), ref.read_vkey(str(vkey)))


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("no blank line\n— a AAAAAAAA\n", "blank line"),
        ("text\n\n— a b c\n", "em dash"),
        ("text\n\n- a AAAAAAAA\n", "em dash"),
        ("text\n\n— a !!!!\n", "base64"),
        ("te\x01xt\n\n— a AAAAAAAA\n", "control"),
    ],
)
def test_malformed_notes_are_refused_saying_why(text: str, what: str) -> None:
    with pytest.raises(merkle_note.NoteError, match=what):
        merkle_note.split_note(text)


@pytest.mark.parametrize(
    "text",
    ["origin\n020\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "origin\n20\nshort=\n", "origin\n20\n"],
)
def test_malformed_checkpoints_are_refused(text: str) -> None:
    with pytest.raises(merkle_note.NoteError):
        merkle_note.parse_checkpoint(text)


# --- the platform's output, read back ------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    yield from demo_site(tmp_path_factory.mktemp("c2sp"))


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


def test_every_head_is_a_checkpoint_signed_with_the_published_verifier_key(client: FlaskClient) -> None:
    vkey = client.get("/transparency/checkpoint/key").get_data(as_text=True).strip()
    assert client.get("/transparency/key").get_json()["verifier_key"] == vkey
    key = ref.read_vkey(vkey)
    assert key.algorithm == 0x01
    heads = client.get("/transparency/heads").get_json()["heads"]
    latest = client.get("/transparency/checkpoint")
    assert latest.content_type == "text/plain; charset=utf-8"
    assert (
        latest.get_data(as_text=True) == client.get(f"/transparency/checkpoint/{heads[-1]['tree_size']}").text
    )
    for head in heads:
        note = client.get(f"/transparency/checkpoint/{head['tree_size']}").get_data(as_text=True)
        assert ref.note_verifies(note, key)
        origin, size, root = ref.read_checkpoint(ref.open_note(note)[0])
        assert (origin, size, root.hex()) == (key.name, head["tree_size"], head["root_hash"])
    assert client.get("/transparency/checkpoint/999999").status_code == 404


def test_a_tlog_proof_proves_inclusion_under_a_signed_checkpoint(client: FlaskClient, site: Flask) -> None:
    key = ref.read_vkey(client.get("/transparency/checkpoint/key").get_data(as_text=True).strip())
    answer = client.get("/transparency/proof/inclusion.tlog-proof?position=40")
    assert answer.status_code == 200
    index, path, note = ref.read_tlog_proof(answer.get_data(as_text=True))
    assert ref.note_verifies(note, key)
    _origin, size, root = ref.read_checkpoint(ref.open_note(note)[0])
    (stored,) = site.extensions["dialogues"].recorder.select_notifications(start=40, limit=1)
    leaf = merkle.leaf_hash(
        merkle.canonical_event(
            stored.id, stored.originator_id, stored.originator_version, stored.topic, bytes(stored.state)
        )
    )
    assert root_from_path(index, size, leaf, path) == root
    assert base64.b64encode(root).decode() in note


SIGSTORE = Path(__file__).with_name("sigstore_checkpoint.js")
ROOT = Path(__file__).parents[2]
"""Where node_modules is (``make`` runs ``npm ci``)."""


def sigstore_reads(note: str, pem: str, key_id: str, origin: str) -> dict[str, str]:
    """What Sigstore's checkpoint verifier (@sigstore/verify, run by Node.js) makes of ``note``."""
    node = shutil.which("node")
    if node is None:
        message = "Node.js not found: apt-get install nodejs, then make (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    data = json.dumps({"note": note, "pem": pem, "key_id": key_id, "origin": origin})
    done = subprocess.run(  # Node.js on the tests' own script
        [node, str(SIGSTORE)], input=data, capture_output=True, text=True, cwd=ROOT, timeout=60, check=True
    )
    answer: dict[str, str] = json.loads(done.stdout)
    return answer


def test_the_checkpoints_verify_with_sigstore_s_checkpoint_verifier(client: FlaskClient) -> None:
    key = client.get("/transparency/key").get_json()
    vkey = ref.read_vkey(key["verifier_key"])
    note = client.get("/transparency/checkpoint").get_data(as_text=True)
    origin, size, root = ref.read_checkpoint(ref.open_note(note)[0])
    read = sigstore_reads(note, key["public_key_pem"], vkey.key_hash.hex(), origin)
    assert read == {"origin": origin, "size": str(size), "root": base64.b64encode(root).decode()}
    forged = note.replace(ref.open_note(note)[0].split("\n")[1], str(size + 1), 1)
    assert "error" in sigstore_reads(forged, key["public_key_pem"], vkey.key_hash.hex(), origin)
    other = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    assert "error" in sigstore_reads(note, other.decode(), vkey.key_hash.hex(), origin)
