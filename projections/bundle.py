"""A dialogue's bundle: everything needed to check its record offline, in one zip of fixed bytes.

``bundle.zip`` (``/dialogues/<slug>/bundle.zip``, ``dialogue export --bundle FILE``) holds, under
the latest signed head: the dialogue's stored events (``events.json``), the leaves of the
verifiable log and its signed heads (``transparency_log.json``, ``tree_heads.json``), the heads'
public key (``public_key.pem``), the C2SP checkpoints with the witnesses' cosignatures and the
witnesses' keys (``checkpoints.json``), the documents' index and files (``documents.json``,
``documents/<sha256>``), ``VERIFY.md``, the single-file verifier ``verify_bundle.py`` and
``SHA256SUMS``. The same head and the same documents give the same bytes (stored entries,
fixed dates: :func:`projections.verify_bundle.write_zip`); an unzipped bundle is also an export
that ``dialogue verify DIR`` reads.
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from projections import merkle_checkpoints, verify_bundle
from projections.merkle_log import read_heads, read_key, read_leaves
from projections.store import Sql

VERIFIER = Path(verify_bundle.__file__)
VERIFY_MD = """# Bundle of the dialogue “{title}”

Downloaded from the dialogue's page (`/dialogues/{slug}/bundle.zip`) or written by `dialogue export
--bundle`: the record of dialogue `{dialogue_id}` up to the log's signed head of size {size}
(root hash `{root}`), with what anyone needs to check it without trusting the platform.

## Check it

With Python 3 and the `cryptography` package only:

    python3 -m venv venv && venv/bin/pip install cryptography
    venv/bin/python verify_bundle.py bundle.zip --key-fingerprint {fingerprint}

(`verify_bundle.py` is in this bundle; extract it, or take it from the platform's sources.) It
says `VERIFIED` and what it checked, or `NOT VERIFIED` and the first thing that does not hold: a
changed event, a root that is not that of its leaves, a signature, a checkpoint, a cosignature, a
document's file, or any byte of the archive. The fingerprint above is that of the log's key: compare
it with the one on the platform's `/transparency` page, or a witness's record, rather than trust
this file. With the platform's command line, `dialogue verify DIR` checks the extracted bundle.

## What it holds

* `events.json`: the dialogue's events as stored (`state_base64`); personal data is sealed in them
  with a key per person and cannot be read here;
* `transparency_log.json`: every leaf of the platform's verifiable log up to the head (RFC 9162:
  leaf hash = SHA-256(0x00 || canonical event), node hash = SHA-256(0x01 || left || right));
* `tree_heads.json`: the signed heads (Ed25519 over `DT-TREE-HEAD-1` || size || time in ms || root);
  `public_key.pem`: their key (fingerprint `{fingerprint}`);
* `checkpoints.json`: the same heads as C2SP checkpoints (signed notes), with the cosignatures of
  the witnesses and the witnesses' keys the platform accepts;
* `documents.json` and `documents/`: the documents the events published, each file named by its
  SHA-256 (shredded ones are listed, without their file);
* `SHA256SUMS`: the SHA-256 of every other file.
"""


@dataclass
class LogPart:
    """What the verifiable log says, up to its latest signed head."""

    head: dict[str, Any]
    leaves: list[dict[str, Any]]
    heads: list[dict[str, Any]]
    checkpoints: list[dict[str, Any]]
    public_key_pem: str
    fingerprint: str


def log_part(sql: Sql, head: dict[str, Any]) -> LogPart:
    """The leaves, heads, checkpoints (with cosignatures) and key up to ``head``."""
    size = int(head["tree_size"])
    heads = [row for row in read_heads(sql) if int(row["tree_size"]) <= size]
    checkpoints = []
    for row in heads:
        note = merkle_checkpoints.read_note(sql, row)
        if note is not None:
            checkpoints.append({"tree_size": int(row["tree_size"]), "note": note})
    key = read_key(sql)
    if key is None:
        raise LookupError("no key registered for the heads")
    return LogPart(
        head, read_leaves(sql, size), heads, checkpoints, key["public_key_pem"], key["key_fingerprint"]
    )


def published(events: list[dict[str, Any]]) -> set[str]:
    """The SHA-256 of the files the document acts among ``events`` published."""
    hashes = set()
    for row in events:
        if str(row["topic"]).endswith(verify_bundle.DOCUMENT_ACTS):
            hashes.add(str(json.loads(base64.b64decode(row["state_base64"]))["sha256"]))
    return hashes


def cache_key(dialogue_id: str, head: dict[str, Any], documents: list[dict[str, Any]]) -> str:
    """What a bundle's bytes depend on: the dialogue, the head, the documents' state (a shredding)."""
    state = json.dumps([dialogue_id, head["tree_size"], head["root_hash"], documents], sort_keys=True)
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def bundle_files(
    dialogue: dict[str, Any],
    log: LogPart,
    events: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    files: dict[str, bytes],
    witness_keys: list[str],
) -> list[tuple[str, bytes]]:
    """The files of the bundle, in their order in the archive (``SHA256SUMS`` last)."""
    dialogue_id, fingerprint = str(dialogue["dialogue_id"]), log.fingerprint

    def document(key: str, rows: list[dict[str, Any]]) -> bytes:
        return verify_bundle.json_bytes(
            {"dialogue_id": dialogue_id, "key_fingerprint": fingerprint, key: rows}
        )

    verify_md = VERIFY_MD.format(
        title=dialogue["title"], slug=dialogue["slug"], dialogue_id=dialogue_id,
        size=log.head["tree_size"], root=log.head["root_hash"], fingerprint=fingerprint,
    )  # fmt: skip
    checkpoints = {"witness_keys": sorted(witness_keys), "checkpoints": log.checkpoints}
    found = [
        ("VERIFY.md", verify_md.encode()),
        ("verify_bundle.py", VERIFIER.read_bytes()),
        (verify_bundle.EVENTS, document("events", events)),
        (verify_bundle.LEAVES, document("leaves", log.leaves)),
        (verify_bundle.HEADS, document("heads", log.heads)),
        (verify_bundle.KEY, log.public_key_pem.encode()),
        (verify_bundle.CHECKPOINTS, verify_bundle.json_bytes(checkpoints)),
    ]
    if documents:
        found.append((verify_bundle.DOCUMENTS_INDEX, document("documents", documents)))
        found += [(f"{verify_bundle.DOCUMENTS}{sha}", files[sha]) for sha in sorted(files)]
    return [*found, (verify_bundle.SUMS, verify_bundle.sums(found))]


def write_bundle(out: IO[bytes], files: list[tuple[str, bytes]]) -> None:
    verify_bundle.write_zip(out, files)
