"""The key-encryption key (KEK) that wraps every person's key, held outside the database.

With ``KEY_ENCRYPTION_KEY_FILE`` set, the vault (``application/vault.py``) stores each person's
AES key wrapped (AES-GCM under the KEK, the person's id as associated data), never in clear. Erasing
a person deletes their wrapped key and **rotates** the KEK: every live wrapped key is rewritten under
a new KEK, then the old one is destroyed, so a copy of the erased key left behind (a PostgreSQL heap
page, a WAL segment, an old backup) can no longer be unwrapped by anyone.

:class:`KeyEncryptionKeys` is what the vault needs; :class:`FileKeyEncryptionKeys` keeps the KEK in
a file (32 random bytes, base64, mode 0600, created on first use); a KMS can implement the same
protocol later. A rotation writes the new KEK beside the file (``.next``) before the database
changes, and replaces the file only once they are committed: a crash in between leaves both, and
the vault finishes the rotation when it next opens (``pending``).
"""

import base64
import hashlib
import os
from pathlib import Path
from typing import Protocol
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class KeyWrapError(ValueError):
    """A wrapped key that the KEK given cannot unwrap (another KEK, or changed bytes)."""


class KeyEncryptionKey:
    """One KEK: wraps and unwraps persons' keys; ``key_id`` names it without telling it."""

    def __init__(self, secret: bytes):
        if len(secret) != 32:
            raise ValueError("a key-encryption key is 32 bytes")
        self._aead = AESGCM(secret)
        self.key_id = hashlib.sha256(b"dialogue-kek\n" + secret).hexdigest()[:16]

    def wrap(self, key: bytes, person_id: UUID) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, key, person_id.bytes)

    def unwrap(self, wrapped: bytes, person_id: UUID) -> bytes:
        try:
            return self._aead.decrypt(wrapped[:12], wrapped[12:], person_id.bytes)
        except InvalidTag:
            raise KeyWrapError(f"this key-encryption key ({self.key_id}) does not unwrap it") from None


class KeyEncryptionKeys(Protocol):
    """Where the KEK lives: the current one, the one a rotation under way will put in its place."""

    def current(self) -> KeyEncryptionKey: ...

    def pending(self) -> KeyEncryptionKey | None: ...

    def begin_rotation(self) -> KeyEncryptionKey: ...

    def finish_rotation(self) -> None: ...

    def abandon_rotation(self) -> None: ...


class FileKeyEncryptionKeys:
    """The KEK in ``path`` (base64 of 32 bytes), the next one in ``path`` + ``.next`` during a rotation."""

    def __init__(self, path: Path):
        self.path = path
        self.next_path = path.with_name(path.name + ".next")

    def current(self) -> KeyEncryptionKey:
        if not self.path.exists():
            self._write(self.path, os.urandom(32))
        return self._read(self.path)

    def pending(self) -> KeyEncryptionKey | None:
        return self._read(self.next_path) if self.next_path.exists() else None

    def begin_rotation(self) -> KeyEncryptionKey:
        self._write(self.next_path, os.urandom(32))
        return self._read(self.next_path)

    def finish_rotation(self) -> None:
        """The next KEK becomes the current one; the old one's file is overwritten, then replaced."""
        if self.path.exists():
            with self.path.open("r+b") as old:  # the bytes of the old KEK, overwritten where they were
                size = len(old.read())
                old.seek(0)
                old.write(b"0" * size)
                old.flush()
                os.fsync(old.fileno())
        os.replace(self.next_path, self.path)
        _sync_folder(self.path.parent)

    def abandon_rotation(self) -> None:
        self.next_path.unlink(missing_ok=True)

    @staticmethod
    def _read(path: Path) -> KeyEncryptionKey:
        try:
            secret = base64.b64decode(path.read_bytes().strip(), validate=True)
            return KeyEncryptionKey(secret)
        except ValueError as error:
            raise ValueError(f"KEY_ENCRYPTION_KEY_FILE {path}: not a key-encryption key ({error})") from None

    @staticmethod
    def _write(path: Path, secret: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(base64.b64encode(secret) + b"\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def key_encryption_keys(setting: str | None) -> FileKeyEncryptionKeys | None:
    """The KEK of ``KEY_ENCRYPTION_KEY_FILE``, or None (persons' keys kept unwrapped, as before)."""
    return FileKeyEncryptionKeys(Path(setting)) if setting else None
