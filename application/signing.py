"""The key that signs the verifiable log's tree heads: Ed25519, in a file named by a setting.

``SIGNING_KEY_FILE`` (default ``var/signing_key.pem``) holds the private key
(PKCS#8 PEM, mode 0600), created on first use. ``HEAD_EVERY`` (default 100)
says after how many acts at most a new head is signed (one is also signed
after every adopted decision). ``LOG_ORIGIN`` names the log in its C2SP
checkpoints (their first line, and the key's name in their signature): by
default the host of ``PUBLIC_URL`` followed by ``/transparency``.
``WITNESS_KEYS`` lists the verifier keys (C2SP vkeys, separated by spaces or
newlines) of the witnesses whose cosignatures the platform accepts;
``WITNESS_WARN_AFTER`` (seconds, default a day) how long the latest head may
stay without a cosignature before ``/transparency`` warns. The public key and its fingerprint (SHA-256 of
the raw 32-byte public key, hex) are what re-users check signatures with.
"""

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from application.settings import SettingsError, private_folder

DEFAULT_SIGNING_KEY_FILE = "var/signing_key.pem"
DEFAULT_HEAD_EVERY = 100
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"
DEFAULT_WITNESS_WARN_AFTER = 24 * 3600


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


def log_origin(public_url: str | None = None) -> str:
    """The log's origin: ``LOG_ORIGIN``, else the host of ``public_url`` (or PUBLIC_URL)+``/transparency``."""
    origin = os.environ.get("LOG_ORIGIN")
    if not origin:
        url = public_url or os.environ.get("PUBLIC_URL") or os.environ.get("FLASK_PUBLIC_URL")
        origin = urlsplit(url or DEFAULT_PUBLIC_URL).netloc + "/transparency"
    if "+" in origin or any(character.isspace() for character in origin):
        raise SettingsError(
            f"LOG_ORIGIN {origin!r} must hold no space nor '+': use e.g. dialogue.example.org/log"
        )
    return origin


def witness_keys(setting: str | None = None) -> list[str]:
    """The witnesses' verifier keys, as written in ``WITNESS_KEYS`` (checked where they are read)."""
    return (setting if setting is not None else os.environ.get("WITNESS_KEYS", "")).split()


def witness_warn_after(setting: str | int | None = None) -> int:
    """Seconds the latest head may wait for a cosignature before the page warns."""
    value = str(
        setting if setting is not None else os.environ.get("WITNESS_WARN_AFTER") or DEFAULT_WITNESS_WARN_AFTER
    )
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(f"WITNESS_WARN_AFTER {value!r} is not a number of seconds: use e.g. 86400")
    return int(value)


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def fingerprint_of(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


class HeadSigner:
    """Signs heads and checkpoints of ``origin`` with the Ed25519 key of ``path`` (created 0600 if absent)."""

    def __init__(self, path: Path | str | None = None, origin: str | None = None):
        self.path = Path(path) if path is not None else signing_key_file()
        self.origin = origin or log_origin()
        self.private_key = self._load_or_create()
        self.public_key = self.private_key.public_key()
        self.public_key_raw = self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
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
