"""A second reading of the C2SP specifications, written here from their text, to check the product's.

signed-note, tlog-checkpoint, tlog-cosignature (Ed25519) and tlog-proof, as the
specifications word them; PyNaCl verifies (the product signs with
``cryptography``). Nothing of ``projections.merkle_note`` is used here.
"""

import base64
import hashlib
import struct
from dataclasses import dataclass

from nacl.signing import VerifyKey

EM_DASH = "\u2014"


@dataclass
class Key:
    name: str
    key_hash: bytes
    algorithm: int
    public: bytes


def read_vkey(vkey: str) -> Key:
    """``<key name>+hex(32-bit key ID)+base64(signature type || public key)``."""
    name, key_hash, material = vkey.split("+", 2)  # base64 may hold "+" too
    raw = base64.standard_b64decode(material)
    key = Key(name, bytes.fromhex(key_hash), raw[0], raw[1:])
    assert hashlib.sha256(name.encode() + b"\x0a" + raw[:1] + key.public).digest()[:4] == key.key_hash
    return key


def open_note(note: str) -> tuple[str, list[tuple[str, bytes]]]:
    """Text (with its final newline) and signature lines (name, key ID || signature) of a signed note."""
    assert note.endswith("\n")
    cut = note[:-1].rfind("\n\n")
    text, lines = note[: cut + 1], note[cut + 2 : -1].split("\n")
    signatures = []
    for line in lines:
        dash, name, blob = line.split(" ")
        assert dash == EM_DASH
        signatures.append((name, base64.standard_b64decode(blob)))
    return text, signatures


def note_verifies(note: str, key: Key) -> bool:
    """Whether a signature of ``key`` (name and key ID both matching) verifies over the note's text."""
    text, signatures = open_note(note)
    for name, blob in signatures:
        if name == key.name and blob[:4] == key.key_hash:
            if key.algorithm == 0x01:
                VerifyKey(key.public).verify(text.encode(), blob[4:])
                return True
            if key.algorithm == 0x04:
                (timestamp,) = struct.unpack(">Q", blob[4:12])
                message = b"cosignature/v1\ntime %d\n" % timestamp + text.encode()
                VerifyKey(key.public).verify(message, blob[12:])
                return True
    return False


def read_checkpoint(text: str) -> tuple[str, int, bytes]:
    origin, size, root = text.split("\n")[:3]
    return origin, int(size), base64.standard_b64decode(root)


def read_tlog_proof(text: str) -> tuple[int, list[bytes], str]:
    """(index, inclusion proof hashes, checkpoint note) of a ``c2sp.org/tlog-proof@v1``."""
    head, note = text.split("\n\n", 1)
    lines = head.split("\n")
    assert lines[0] == "c2sp.org/tlog-proof@v1"
    if lines[1].startswith("extra "):
        del lines[1]
    assert lines[1].startswith("index ")
    return int(lines[1][6:]), [base64.standard_b64decode(line) for line in lines[2:]], note
