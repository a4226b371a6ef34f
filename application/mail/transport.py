"""Where mails go: an SMTP server (``SMTP_URL``), or ``.eml`` files in a folder (the embedded default).

Settings:

* ``SMTP_URL``: ``smtps://user:password@host:465`` (TLS from the start) or
  ``smtp://user:password@host:587`` (STARTTLS; required unless the host is the loopback,
  e.g. a local relay), user and password optional, percent-encoded. Unset: files.
* ``MAIL_DIR`` (default ``var/mail``): the folder of the files, 0700, each file 0600,
  which administrators read at ``/admin/mail``.
* ``MAIL_FROM`` (default ``Dialogue territorial <no-reply@localhost>``): the sender's address.
"""

import ipaddress
import os
import smtplib
import ssl
import time
import uuid
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from application.settings import SettingsError, private_folder

DEFAULT_MAIL_DIR = "var/mail"
DEFAULT_MAIL_FROM = "Dialogue territorial <no-reply@localhost>"
TIMEOUT = 20.0
"""Seconds an SMTP exchange may take before the mail is tried again later."""


def mail_from() -> str:
    return os.environ.get("MAIL_FROM") or DEFAULT_MAIL_FROM


def mail_dir() -> Path:
    return Path(os.environ.get("MAIL_DIR") or DEFAULT_MAIL_DIR)


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Deliver the message, or raise (OSError, smtplib.SMTPException): it is tried again later."""


class FolderTransport:
    """Writes each mail as ``<time>-<id>.eml`` in a folder readable by its owner only."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        private_folder(self.folder)
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        descriptor = os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(message.as_bytes(policy=SMTP))


class SmtpTransport:
    """One connection per mail: the sender sends few, and a connection kept open would go stale."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise SettingsError(
                f"SMTP_URL {url!r} is not supported: use smtps://user:password@host:465"
                " or smtp://user:password@host:587 (STARTTLS)"
            )
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.tls else 587)
        self.user = unquote(parts.username or "")
        self.password = unquote(parts.password or "")
        self.starttls_required = not _loopback(self.host)

    def send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        if self.tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        with client:
            client.ehlo()
            if not self.tls and (client.has_extn("starttls") or self.starttls_required):
                client.starttls(context=context)  # SMTPNotSupportedError if the server cannot
                client.ehlo()
            if self.user:
                client.login(self.user, self.password)
            client.send_message(message)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def transport_from_settings(smtp_url: str | None = None, folder: str | None = None) -> Transport:
    """SMTP when ``SMTP_URL`` is set (``smtp_url``, else the environment), else the files of ``MAIL_DIR``."""
    url = smtp_url or os.environ.get("SMTP_URL")
    return SmtpTransport(url) if url else FolderTransport(Path(folder) if folder else mail_dir())
