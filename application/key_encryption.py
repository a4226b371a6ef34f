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

With a retention (``KEY_ENCRYPTION_KEY_RETENTION_DAYS``, default 0) a replaced KEK is not destroyed
at once but kept in a keyring beside the file (``.retired``: one line per KEK, with the moment it
was retired) until the retention ends; it serves only to rewrap, at start, the keys of a restored
backup once the erasure register was applied to it (``retired``), then is destroyed.
"""

import base64
import hashlib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class KeyWrapError(ValueError):
    """A wrapped key that the KEK given cannot unwrap (another KEK, or changed bytes)."""


class KeyLostError(KeyWrapError):
    """A wrapped key whose KEK was replaced and destroyed since (a backup restored after its retention)."""


NONCE, TAG = 12, 16
"""Bytes of AES-GCM's nonce (before the wrapped key) and of its tag (after it)."""


class KeyEncryptionKey:
    """One KEK: wraps and unwraps persons' keys; ``key_id`` names it without telling it."""

    def __init__(self, secret: bytes):
        if len(secret) != 32:
            raise ValueError("a key-encryption key is 32 bytes")
        self._aead = AESGCM(secret)
        self.key_id = hashlib.sha256(b"dialogue-kek\n" + secret).hexdigest()[:16]

    def wrap(self, key: bytes, person_id: UUID) -> bytes:
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, key, person_id.bytes)

    def unwrap(self, wrapped: bytes, person_id: UUID) -> bytes:
        if len(wrapped) < NONCE + TAG:  # cut short: no nonce and tag to check
            raise KeyWrapError(f"{len(wrapped)} bytes are no wrapped key")
        try:
            return self._aead.decrypt(wrapped[:NONCE], wrapped[NONCE:], person_id.bytes)
        except InvalidTag:
            raise KeyWrapError(f"this key-encryption key ({self.key_id}) does not unwrap it") from None


class KeyEncryptionKeys(Protocol):
    """Where the KEK lives: the current one, the one a rotation under way will put in its place."""

    def current(self) -> KeyEncryptionKey: ...

    def pending(self) -> KeyEncryptionKey | None: ...

    def begin_rotation(self) -> KeyEncryptionKey: ...

    def finish_rotation(self) -> None: ...

    def abandon_rotation(self) -> None: ...

    def retired(self) -> list[KeyEncryptionKey]: ...

    def replaced_ids(self) -> set[str]: ...


class FileKeyEncryptionKeys:
    """The KEK in ``path`` (base64 of 32 bytes), the next one in ``path`` + ``.next`` during a rotation."""

    def __init__(self, path: Path, retention: timedelta = timedelta(0)):
        self.path = path
        self.next_path = path.with_name(path.name + ".next")
        self.keyring_path = path.with_name(path.name + ".retired")
        self.replaced_path = path.with_name(path.name + ".replaced")
        """The ids (never the secrets) of every KEK this one replaced: a key under one is lost, not
        wrapped by a wrong file."""
        self.retention = retention

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
            replaced = sorted({*self.replaced_ids(), self._read(self.path).key_id})
            write_atomically(self.replaced_path, ("\n".join(replaced) + "\n").encode())
        if self.path.exists() and self.retention > timedelta(0):
            retired = base64.b64decode(self.path.read_bytes().strip(), validate=True)
            self._write_keyring([*self._keyring(), (retired, datetime.now(UTC))])
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

    def replaced_ids(self) -> set[str]:
        if not self.replaced_path.exists():
            return set()
        return {line.strip() for line in self.replaced_path.read_text().splitlines() if line.strip()}

    def retired(self) -> list[KeyEncryptionKey]:
        """The replaced KEKs still within the retention, newest first; those past it are destroyed."""
        kept = self._keyring()
        if not self.keyring_path.exists():
            return []
        now = datetime.now(UTC)
        live = [(secret, at) for secret, at in kept if now - at < self.retention]
        if len(live) != len(kept):
            self._write_keyring(live)
        return [KeyEncryptionKey(secret) for secret, _ in reversed(live)]

    def _keyring(self) -> list[tuple[bytes, datetime]]:
        if not self.keyring_path.exists():
            return []
        entries = [json.loads(line) for line in self.keyring_path.read_text().splitlines() if line.strip()]
        return [(base64.b64decode(e["kek"]), datetime.fromisoformat(e["retired_at"])) for e in entries]

    def _write_keyring(self, entries: list[tuple[bytes, datetime]]) -> None:
        """The keyring rewritten whole (atomically); emptied, its file is overwritten, then removed."""
        if not entries:
            if self.keyring_path.exists():
                size = self.keyring_path.stat().st_size
                with self.keyring_path.open("r+b") as old:
                    old.write(b"0" * size)
                    old.flush()
                    os.fsync(old.fileno())
                self.keyring_path.unlink()
                _sync_folder(self.path.parent)
            return
        lines = [
            json.dumps({"kek": base64.b64encode(secret).decode(), "retired_at": at.isoformat()})
            for secret, at in entries
        ]
        write_atomically(self.keyring_path, ("\n".join(lines) + "\n").encode())

    @staticmethod
    def _read(path: Path) -> KeyEncryptionKey:
        try:
            secret = base64.b64decode(path.read_bytes().strip(), validate=True)
            return KeyEncryptionKey(secret)
        except ValueError as error:
            raise ValueError(f"KEY_ENCRYPTION_KEY_FILE {path}: not a key-encryption key ({error})") from None

    @staticmethod
    def _write(path: Path, secret: bytes) -> None:
        write_atomically(path, base64.b64encode(secret) + b"\n")


def write_atomically(path: Path, content: bytes) -> None:
    """``content`` in ``path`` (mode 0600): a file beside it, synced, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
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


def key_encryption_keys(
    setting: str | None, retention_days: str | None = None
) -> FileKeyEncryptionKeys | None:
    """The KEK of ``KEY_ENCRYPTION_KEY_FILE``, or None (persons' keys kept unwrapped, as before);
    replaced KEKs kept ``KEY_ENCRYPTION_KEY_RETENTION_DAYS`` days (default 0: destroyed at once)."""
    if not setting:
        return None
    try:
        days = float(retention_days or 0)
    except ValueError:
        raise ValueError(
            f"KEY_ENCRYPTION_KEY_RETENTION_DAYS: not a number of days ({retention_days!r})"
        ) from None
    if days < 0:
        raise ValueError("KEY_ENCRYPTION_KEY_RETENTION_DAYS: not a number of days >= 0")
    return FileKeyEncryptionKeys(Path(setting), timedelta(days=days))
