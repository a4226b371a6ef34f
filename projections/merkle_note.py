"""The verifiable log in the C2SP text formats: signed notes, checkpoints, cosignatures, proofs.

Pure functions (standard library only), after the specifications at c2sp.org:

* ``signed-note``: a text ending in a newline, a blank line, then signature
  lines ``— <key name> base64(key ID || signature)``; a key ID is
  ``SHA-256(name || 0x0A || type || public key)[:4]``, type 0x01 for Ed25519
  over the text; a verifier key is ``<name>+hex(key ID)+base64(type || public key)``;
* ``tlog-checkpoint``: the note text ``<origin>\\n<tree size>\\n<base64 root hash>\\n``;
* ``tlog-cosignature``: a witness's signature line, type 0x04, whose signature
  is ``u64 timestamp || Ed25519 signature`` over ``cosignature/v1\\ntime <t>\\n`` and the checkpoint text;
* ``tlog-proof``: ``c2sp.org/tlog-proof@v1``, ``index <i>``, the audit path in
  base64 one hash a line, a blank line, then the checkpoint.

Parsing raises :class:`NoteError` naming what is wrong.
"""

import base64
import binascii
import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass

ED25519 = 0x01
COSIGNATURE = 0x04
DASH = "\u2014"
COSIGNED_HEADER = "cosignature/v1\n"
PROOF_HEADER = "c2sp.org/tlog-proof@v1"
MAX_SIGNATURES = 64
_TIMESTAMP = struct.Struct(">Q")


class NoteError(ValueError):
    """Text that is not in the expected C2SP format."""


@dataclass(frozen=True)
class Signature:
    """One signature line: the key's name, its 4-byte ID and the signature bytes after it."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        return f"{DASH} {self.name} {base64.b64encode(self.key_id + self.signature).decode()}\n"


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_id: bytes
    kind: int
    public_key: bytes

    def __str__(self) -> str:
        blob = base64.b64encode(bytes([self.kind]) + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{blob}"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root_hash).decode()}\n"


def key_id(name: str, kind: int, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes, kind: int = ED25519) -> VerifierKey:
    check_key_name(name)
    return VerifierKey(name, key_id(name, kind, public_key), kind, public_key)


def check_key_name(name: str) -> None:
    if not name or "+" in name or any(character.isspace() for character in name):
        raise NoteError(f"a key name must be non-empty, without spaces or '+': {name!r}")


def parse_verifier_key(text: str) -> VerifierKey:
    """A verifier key string; its key ID must be the one its name and key give."""
    parts = text.strip().split("+", 2)  # the name holds no "+", the base64 may
    if len(parts) != 3:
        raise NoteError("a verifier key is <name>+<hex key ID>+<base64 key>")
    name, hex_id, blob = parts
    check_key_name(name)
    try:
        identifier, raw = bytes.fromhex(hex_id), base64.b64decode(blob, validate=True)
    except (ValueError, binascii.Error):
        raise NoteError("the key ID must be hex and the key base64") from None
    if len(identifier) != 4 or len(raw) != 33:
        raise NoteError("an Ed25519 verifier key has a 4-byte ID and a type byte with 32 bytes of key")
    key = VerifierKey(name, identifier, raw[0], raw[1:])
    if key_id(name, key.kind, key.public_key) != identifier:
        raise NoteError("the key ID does not match the key's name and public key")
    return key


def signed_note(text: str, signatures: Sequence[Signature]) -> str:
    return text + "\n" + "".join(signature.line() for signature in signatures)


def split_note(note: str) -> tuple[str, list[Signature]]:
    """The text of a signed note and all its signature lines (the caller picks the keys it knows)."""
    if any(ord(character) < 0x20 and character != "\n" for character in note):
        raise NoteError("a note holds no control character but newlines")
    text, separator, lines = note.rpartition("\n\n")
    if not separator or not lines.endswith("\n"):
        raise NoteError("a note is a text, a blank line and signature lines, each ending in a newline")
    signatures = [parse_signature_line(line) for line in lines[:-1].split("\n")]
    if len(signatures) > MAX_SIGNATURES:
        raise NoteError(f"more than {MAX_SIGNATURES} signatures")
    return text + "\n", signatures


def parse_signature_line(line: str) -> Signature:
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != DASH:
        raise NoteError("a signature line is an em dash, a space, the key name, a space and base64")
    check_key_name(parts[1])
    try:
        blob = base64.b64decode(parts[2], validate=True)
    except binascii.Error:
        raise NoteError("the signature is not base64") from None
    if len(blob) < 5:
        raise NoteError("the signature is too short")
    return Signature(parts[1], blob[:4], blob[4:])


def parse_checkpoint(text: str) -> Checkpoint:
    """The first three lines of a checkpoint's note text (extension lines are allowed, not read)."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or not all(lines[:-1]):
        raise NoteError("a checkpoint is at least three non-empty lines, each ending in a newline")
    origin, size, root = lines[:3]
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise NoteError("the tree size must be a decimal number without leading zeroes")
    try:
        root_hash = base64.b64decode(root, validate=True)
    except binascii.Error:
        raise NoteError("the root hash is not base64") from None
    if len(root_hash) != 32:
        raise NoteError("the root hash is not 32 bytes")
    return Checkpoint(origin, int(size), root_hash)


def cosigned_message(checkpoint_text: str, timestamp: int) -> bytes:
    """What an Ed25519 cosignature signs: the header, the time, the checkpoint's text."""
    return f"{COSIGNED_HEADER}time {timestamp}\n{checkpoint_text}".encode()


def cosignature(name: str, key: bytes, timestamp: int, signature: bytes) -> Signature:
    """A cosignature's line, for the witness of ``name`` and public ``key``."""
    return Signature(name, key_id(name, COSIGNATURE, key), _TIMESTAMP.pack(timestamp) + signature)


def cosignature_time(signature: Signature) -> tuple[int, bytes]:
    """(timestamp, Ed25519 signature) of a cosignature line's ``timestamped_signature``."""
    if len(signature.signature) != 8 + 64:
        raise NoteError("an Ed25519 cosignature is an 8-byte timestamp and a 64-byte signature")
    (timestamp,) = _TIMESTAMP.unpack(signature.signature[:8])
    if timestamp >= 1 << 63:
        raise NoteError("the cosignature's timestamp is out of range")
    return timestamp, signature.signature[8:]


def tlog_proof(index: int, path: Sequence[bytes], checkpoint_note: str) -> str:
    lines = [PROOF_HEADER, f"index {index}", *(base64.b64encode(node).decode() for node in path)]
    return "\n".join(lines) + "\n\n" + checkpoint_note


@dataclass(frozen=True)
class Proof:
    index: int
    path: list[bytes]
    checkpoint_note: str
    extra: bytes | None = None


def parse_tlog_proof(text: str) -> Proof:
    head, separator, note = text.partition("\n\n")
    lines = head.split("\n")
    if not separator or lines[0] != PROOF_HEADER:
        raise NoteError(f"a proof starts with {PROOF_HEADER} and has a blank line before its checkpoint")
    extra = None
    rest = lines[1:]
    try:
        if rest and rest[0].startswith("extra "):
            extra = base64.b64decode(rest.pop(0)[6:], validate=True)
        if not rest or not rest[0].startswith("index ") or not rest[0][6:].isdigit():
            raise NoteError("the proof's index line is missing")
        index = int(rest[0][6:])
        path = [base64.b64decode(line, validate=True) for line in rest[1:]]
    except binascii.Error:
        raise NoteError("a proof's extra data and hashes are base64") from None
    return Proof(index, path, note, extra)
