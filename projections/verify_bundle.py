"""Check a dialogue's bundle (``bundle.zip``) on your own computer: ``python verify_bundle.py bundle.zip``.

One file, the Python standard library and ``cryptography`` (``pip install cryptography``); shipped
inside every bundle, and kept in the platform's sources (``projections/verify_bundle.py``), which
writes the bundles with :func:`write_zip`. It checks, and says which check failed:

* the archive: every file listed in ``SHA256SUMS`` with its SHA-256, no file more or less, each JSON
  file in its one written form, the archive itself byte for byte as the platform writes it;
* the log: each event of ``events.json`` re-hashes to the leaf of its position (RFC 9162:
  SHA-256(0x00 || canonical event)); each signed head's root is the Merkle root of the first
  ``tree_size`` leaves of ``transparency_log.json``, and its Ed25519 signature verifies with
  ``public_key.pem``;
* the checkpoints (C2SP ``signed-note``, ``tlog-checkpoint``): each names its head's size and root and
  carries the log's signature by the same key; the witnesses' cosignatures (C2SP
  ``tlog-cosignature``) are checked with the witness keys listed, others are reported as unchecked;
* the documents: each file of ``documents/`` has the SHA-256 an act of the bundle published.

``--key-fingerprint HEX`` also demands that the log's key be the one you read elsewhere (the
platform's ``/transparency`` page, a witness, a newspaper): the bundle alone cannot prove whose key
it is. Exit status 0 when everything holds, 1 otherwise.
"""

import argparse
import base64
import binascii
import hashlib
import io
import json
import struct
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

SUMS = "SHA256SUMS"
EVENTS, LEAVES, HEADS, KEY = "events.json", "transparency_log.json", "tree_heads.json", "public_key.pem"
CHECKPOINTS, DOCUMENTS, DOCUMENTS_INDEX = "checkpoints.json", "documents/", "documents.json"
REQUIRED = (EVENTS, LEAVES, HEADS, KEY, CHECKPOINTS, "VERIFY.md", "verify_bundle.py")
DATE = (1980, 1, 1, 0, 0, 0)
DASH = "\u2014"
ED25519, COSIGNATURE = 0x01, 0x04
DOCUMENT_ACTS = (".DocumentAttached", ".DocumentSuperseded")


class BundleError(Exception):
    """What does not hold, in words."""


def write_zip(out: IO[bytes], files: Iterable[tuple[str, bytes]]) -> None:
    """The archive as the platform writes it: stored (no compression), fixed dates and modes, in order."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=DATE)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def sums(files: Sequence[tuple[str, bytes]]) -> bytes:
    """``SHA256SUMS`` of ``files`` (``sha256sum`` format), in name order."""
    lines = sorted(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files)
    return "".join(lines).encode()


def json_bytes(document: Any) -> bytes:
    """The one written form of a JSON file of the bundle (as ``dialogue export`` writes them)."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


# --- the archive --------------------------------------------------------------------------------


def read_archive(data: bytes) -> dict[str, bytes]:
    """The files of the archive, once its bytes are those the platform writes for them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except Exception as error:  # whatever zipfile raises: an archive that cannot be read
        raise BundleError(f"the archive cannot be read: {error}") from None
    rebuilt = io.BytesIO()
    write_zip(rebuilt, files)
    if rebuilt.getvalue() != data:
        raise BundleError("the archive's bytes differ from those of its files as the platform writes them")
    names = [name for name, _ in files]
    if len(set(names)) != len(names):
        raise BundleError("the archive holds a file twice")
    return dict(files)


def check_files(files: dict[str, bytes]) -> None:
    listed = files.get(SUMS)
    if listed is None:
        raise BundleError(f"{SUMS} is missing")
    others = [(name, data) for name, data in files.items() if name != SUMS]
    missing = [name for name in REQUIRED if name not in files]
    if missing:
        raise BundleError(f"missing: {', '.join(missing)}")
    expected = {line[66:]: line[:64] for line in listed.decode(errors="replace").splitlines()}
    for name, data in others:
        if name not in expected:
            raise BundleError(f"{name} is not listed in {SUMS}")
        if hashlib.sha256(data).hexdigest() != expected[name]:
            raise BundleError(f"{name} does not have the SHA-256 {SUMS} gives")
    if sums(others) != listed:
        raise BundleError(f"{SUMS} lists files that are not in the bundle, or is not in its written form")
    for name, data in others:
        if name.endswith(".json") and json_bytes(loaded(files, name)) != data:
            raise BundleError(f"{name} is not in its written form")


def loaded(files: dict[str, bytes], name: str) -> Any:
    try:
        return json.loads(files[name])
    except (ValueError, UnicodeDecodeError) as error:
        raise BundleError(f"{name} is not JSON: {error}") from None


# --- the Merkle log (RFC 9162) ------------------------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def prefix_roots(leaves: Sequence[bytes], sizes: set[int]) -> dict[int, bytes]:
    """The Merkle tree hash of the first ``size`` leaves, for each of ``sizes`` (0: SHA-256 of nothing)."""
    roots = {0: hashlib.sha256(b"").digest()} if 0 in sizes else {}
    stack: list[tuple[int, bytes]] = []  # the perfect subtrees so far: (height, hash)
    for count, leaf in enumerate(leaves, start=1):
        stack.append((0, leaf))
        while len(stack) > 1 and stack[-1][0] == stack[-2][0]:
            (height, right), (_, left) = stack.pop(), stack.pop()
            stack.append((height + 1, node_hash(left, right)))
        if count in sizes:
            root = stack[-1][1]
            for _, left in reversed(stack[:-1]):
                root = node_hash(left, root)
            roots[count] = root
    return roots


def canonical_event(row: dict[str, Any]) -> tuple[int, bytes]:
    """(position, canonical bytes) of an event of ``events.json`` (the platform's ``DT-EVENT-1``)."""
    position, version = int(row["position"]), int(row["originator_version"])
    topic = str(row["topic"]).encode()
    try:
        state = base64.b64decode(row["state_base64"], validate=True)
        uuid = bytes.fromhex(str(row["originator_id"]).replace("-", ""))
    except (binascii.Error, ValueError):
        raise BundleError(f"event at position {position}: its state or id is not well written") from None
    if len(uuid) != 16:
        raise BundleError(f"event at position {position}: its id is not a UUID")
    fixed = struct.pack(">QQ16sI", position, version, uuid, len(topic))
    return position, b"DT-EVENT-1" + fixed + topic + struct.pack(">I", len(state)) + state


def verify_ed25519(key: Ed25519PublicKey, signature: bytes, message: bytes) -> bool:
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def check_log(files: dict[str, bytes]) -> tuple[Ed25519PublicKey, dict[int, bytes], list[str]]:
    """The log's key, the heads' roots by size, and what was checked."""
    try:
        key = load_pem_public_key(files[KEY])
    except ValueError:
        raise BundleError(f"{KEY} is not a public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise BundleError(f"{KEY} is not an Ed25519 key")
    leaves = loaded(files, LEAVES)["leaves"]
    hashes, positions = [], {}
    for index, row in enumerate(leaves):
        if int(row["leaf_index"]) != index:
            raise BundleError(f"{LEAVES}: leaf {index} is missing or out of order")
        hashes.append(bytes.fromhex(row["leaf_hash"]))
        positions[int(row["position"])] = index
    heads = loaded(files, HEADS)["heads"]
    if not heads:
        raise BundleError(f"{HEADS}: no signed head")
    roots = prefix_roots(hashes, {int(head["tree_size"]) for head in heads})
    previous = (0, 0)
    for head in heads:
        size, when = int(head["tree_size"]), int(head["timestamp_ms"])
        if (size, when) < previous or size > len(hashes):
            raise BundleError(f"head of size {size}: out of order, or beyond the leaves given")
        previous = (size, when)
        root = bytes.fromhex(head["root_hash"])
        if roots[size] != root:
            raise BundleError(f"head of size {size}: its root is not that of the first {size} leaves")
        message = b"DT-TREE-HEAD-1" + struct.pack(">QQ", size, when) + root
        if not verify_ed25519(key, bytes.fromhex(head["signature"]), message):
            raise BundleError(f"head of size {size}: its signature does not verify with {KEY}")
    last = max(int(head["tree_size"]) for head in heads)
    events = loaded(files, EVENTS)["events"]
    for row in events:
        position, data = canonical_event(row)
        found = positions.get(position)
        if found is None or found >= last:
            raise BundleError(f"event at position {position}: not in the log under its last signed head")
        if leaf_hash(data) != hashes[found]:
            raise BundleError(f"event at position {position}: changed (it does not give its leaf hash)")
    said = [f"{len(events)} events re-hash to their leaves", f"{len(heads)} signed heads over {last} leaves"]
    return key, roots, said


# --- C2SP checkpoints and cosignatures ----------------------------------------------------------


def key_id(name: str, kind: int, key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + key).digest()[:4]


def signature_lines(note: str) -> tuple[str, list[tuple[str, bytes, bytes]]]:
    text, separator, lines = note.rpartition("\n\n")
    if not separator or not lines.endswith("\n"):
        raise BundleError("a checkpoint is not a signed note")
    found = []
    for line in lines[:-1].split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH:
            raise BundleError("a checkpoint's signature line is not well written")
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except binascii.Error:
            raise BundleError("a checkpoint's signature is not base64") from None
        found.append((parts[1], blob[:4], blob[4:]))
    return text + "\n", found


def parse_witness_key(text: str) -> tuple[str, bytes, bytes]:
    name, hex_id, blob = text.split("+", 2)
    raw = base64.b64decode(blob, validate=True)
    if raw[0] != COSIGNATURE or len(raw) != 33 or key_id(name, COSIGNATURE, raw[1:]).hex() != hex_id:
        raise BundleError(f"{CHECKPOINTS}: {text!r} is not a witness's verifier key")
    return name, bytes.fromhex(hex_id), raw[1:]


def check_checkpoints(files: dict[str, bytes], key: Ed25519PublicKey, roots: dict[int, bytes]) -> list[str]:
    document = loaded(files, CHECKPOINTS)
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    witnesses = {name: (kid, k) for name, kid, k in map(parse_witness_key, document["witness_keys"])}
    cosigned, unchecked = 0, set()
    for row in document["checkpoints"]:
        size, note = int(row["tree_size"]), str(row["note"])
        text, signatures = signature_lines(note)
        lines = text.split("\n")
        if len(lines) < 4 or lines[1] != str(size) or size not in roots:
            raise BundleError(f"checkpoint of size {size}: not the checkpoint of a signed head")
        if base64.b64decode(lines[2]) != roots[size]:
            raise BundleError(f"checkpoint of size {size}: its root hash is not its head's")
        origin = lines[0]
        own = [s for name, kid, s in signatures if name == origin and kid == key_id(origin, ED25519, raw)]
        if not own:
            raise BundleError(f"checkpoint of size {size}: no signature by the log's key ({KEY})")
        if not verify_ed25519(key, own[0], text.encode()):
            raise BundleError(f"checkpoint of size {size}: the log's signature does not verify")
        for name, kid, signature in signatures:
            if name == origin:
                continue
            witness = witnesses.get(name)
            if witness is None or witness[0] != kid or len(signature) != 72:
                unchecked.add(name)
                continue
            (timestamp,) = struct.unpack(">Q", signature[:8])
            message = f"cosignature/v1\ntime {timestamp}\n{text}".encode()
            if not verify_ed25519(Ed25519PublicKey.from_public_bytes(witness[1]), signature[8:], message):
                raise BundleError(f"checkpoint of size {size}: the cosignature of {name} does not verify")
            cosigned += 1
    said = [f"{len(document['checkpoints'])} C2SP checkpoints signed by the log, {cosigned} cosignatures"]
    if unchecked:
        said.append(f"cosignatures of unlisted witnesses not checked: {', '.join(sorted(unchecked))}")
    return said


def check_documents(files: dict[str, bytes]) -> list[str]:
    published = set()
    for row in loaded(files, EVENTS)["events"]:
        if str(row["topic"]).endswith(DOCUMENT_ACTS):
            published.add(str(json.loads(base64.b64decode(row["state_base64"]))["sha256"]))
    count = 0
    for name, data in files.items():
        if name.startswith(DOCUMENTS):
            digest = name[len(DOCUMENTS) :]
            if digest not in published:
                raise BundleError(f"{name}: no act of the bundle published this file")
            if hashlib.sha256(data).hexdigest() != digest:
                raise BundleError(f"{name}: its bytes differ from the SHA-256 its act published")
            count += 1
    if DOCUMENTS_INDEX in files:
        for document in loaded(files, DOCUMENTS_INDEX)["documents"]:
            if str(document["sha256"]) not in published:
                raise BundleError(
                    f"{DOCUMENTS_INDEX}: {document['sha256']} was published by no act of the bundle"
                )
    return [f"{count} documents have the SHA-256 their acts published"]


def verify(data: bytes, fingerprint: str | None = None) -> list[str]:
    """What holds of the bundle ``data`` (a ``bundle.zip``'s bytes); :class:`BundleError` if any fails."""
    files = read_archive(data)
    check_files(files)
    try:
        key, roots, said = check_log(files)
        said += check_checkpoints(files, key, roots)
        said += check_documents(files)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise BundleError(f"a file of the bundle is not as expected: {error!r}") from None
    found = hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()
    if fingerprint is not None and fingerprint.lower() != found:
        raise BundleError(f"the log's key has the fingerprint {found}, not {fingerprint}")
    return [*said, f"the log's key: fingerprint {found}"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a dialogue's bundle.zip offline.")
    parser.add_argument("bundle", type=Path, help="the bundle.zip downloaded from the platform")
    parser.add_argument("--key-fingerprint", help="the log key's SHA-256 fingerprint, read elsewhere")
    arguments = parser.parse_args(argv)
    if arguments.bundle.is_dir():
        print(
            f"NOT VERIFIED: {arguments.bundle} is a folder: give the bundle.zip as downloaded "
            "(every byte of the archive is checked), not the folder it was extracted to"
        )
        return 2
    try:
        said = verify(arguments.bundle.read_bytes(), arguments.key_fingerprint)
    except (BundleError, OSError) as problem:
        print(f"NOT VERIFIED: {problem}")
        return 1
    print("VERIFIED: " + "; ".join(said))
    return 0


if __name__ == "__main__":
    sys.exit(main())
