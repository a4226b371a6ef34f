"""The key that signs the verifiable log's tree heads: Ed25519, in a file named by a setting.

``SIGNING_KEY_FILE`` (default ``var/signing_key.pem``) holds the private key
(PKCS#8 PEM, mode 0600), created on first use. ``HEAD_EVERY`` (default 100)
says after how many acts at most a new head is signed (one is also signed
after every adopted decision). The public key and its fingerprint (SHA-256 of
the raw 32-byte public key, hex) are what re-users check signatures with.
"""

import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from application.settings import SettingsError, private_folder

DEFAULT_SIGNING_KEY_FILE = "var/signing_key.pem"
DEFAULT_HEAD_EVERY = 100


def signing_key_file() -> Path:
    return Path(os.environ.get("SIGNING_KEY_FILE") or DEFAULT_SIGNING_KEY_FILE)


def head_every() -> int:
    value = os.environ.get("HEAD_EVERY") or str(DEFAULT_HEAD_EVERY)
    try:
        every = int(value)
    except ValueError:
        every = 0
    if every < 1:
        raise SettingsError(f"HEAD_EVERY {value!r} is not a positive whole number of acts: use e.g. 100")
    return every


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def fingerprint_of(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


class HeadSigner:
    """Signs tree heads with the Ed25519 key of ``path``, creating the key (0600) if absent."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else signing_key_file()
        self.private_key = self._load_or_create()
        self.public_key = self.private_key.public_key()
        self.fingerprint = fingerprint_of(self.public_key)
        self.public_key_pem = public_key_pem(self.public_key)

    def _load_or_create(self) -> Ed25519PrivateKey:
        if not self.path.exists():
            private_folder(self.path.parent)
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            try:
                descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process created it meanwhile
                return self._load()
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
        return self._load()

    def _load(self) -> Ed25519PrivateKey:
        key = serialization.load_pem_private_key(self.path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise SettingsError(f"SIGNING_KEY_FILE {self.path} does not hold an Ed25519 private key")
        return key

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)
