"""One setting, ``DATABASE_URL``, mapped to the eventsourcing library's own environment.

The platform's files are its owner's alone: the folders it makes (``var/``) are
created 0700, and the SQLite database (password hashes, sessions, the keys of
personal data), the session and signing keys 0600.
"""

import contextlib
import math
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_DATABASE_URL = "sqlite:///var/dialogue.sqlite3"


class SettingsError(ValueError):
    """A setting that cannot be used, with what to write instead."""


def private_folder(folder: Path) -> None:
    """Make ``folder`` and its parents if missing, the folder itself 0700; an existing one keeps its mode."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def private_database(path: Path) -> None:
    """Create the SQLite file 0600 if missing, and take group and others' rights off an existing one's files.

    SQLite gives its ``-wal`` and ``-shm`` companions the mode of the database file.
    A file of another account keeps the mode its owner gave it.
    """
    private_folder(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            mode = stat.S_IMODE(file.stat().st_mode)
            if mode & 0o077:
                file.chmod(mode & 0o700)


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def persistence_env(url: str | None = None) -> dict[str, str]:
    """The eventsourcing environment for ``sqlite:///path`` or ``postgresql://...``.

    A relative SQLite path is taken from the working folder; the file and its
    folder are created on first use, readable by their owner only
    (:func:`private_database`). PostgreSQL takes ``?schema=NAME`` and
    ``?connect_timeout=SECONDS`` (default 5: how long a request waits for a
    connection before the database is said to be unavailable).
    """
    url = url or database_url()
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        path = path[1:] if path.startswith("/") else path
        if not path:
            raise SettingsError(f"DATABASE_URL {url!r} names no file: use sqlite:///var/dialogue.sqlite3")
        private_database(Path(path))
        return {
            "PERSISTENCE_MODULE": "application.sqlite_connections:Factory",
            "APPLICATION_RECORDER_TOPIC": "application.guarded_recorder:GuardedSQLiteRecorder",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    if parts.scheme in ("postgresql", "postgres"):
        dbname = parts.path.lstrip("/")
        if not dbname:
            raise SettingsError(f"DATABASE_URL {url!r} names no database: postgresql://user@host:5432/dbname")
        options = parse_qs(parts.query)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": "application.guarded_recorder:GuardedPostgresRecorder",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_SCHEMA": options.get("schema", [""])[0],
            "POSTGRES_CONNECT_TIMEOUT": options.get("connect_timeout", ["5"])[0],
            "POSTGRES_POOL_SIZE": "5",
            "POSTGRES_MAX_OVERFLOW": "10",
        }
    raise SettingsError(
        f"DATABASE_URL {url!r} is not supported: use sqlite:///path or postgresql://user@host:port/dbname"
    )


DEFAULT_COLOUR = "#005a8c"
PAPER = "#fdfdfb"
"""The pages' background (web/static/style.css), against which the accent colour must read."""
LOGO_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class Organisation:
    """The local authority that publishes the site: its name, address, logo and accent colour,
    where to write to it, who hosts the site, and the rate of its last RGAA audit (None: none yet)."""

    name: str = ""
    url: str = ""
    logo: Path | None = None
    colour: str = DEFAULT_COLOUR
    contact: str = ""
    host: str = ""
    audit_rate: float | None = None

    @property
    def logo_type(self) -> str:
        return LOGO_TYPES[self.logo.suffix.lower()] if self.logo else ""


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def organisation(config: Mapping[str, Any]) -> Organisation:
    """The ``ORGANISATION_*`` and ``ACCESSIBILITY_AUDIT_RATE`` settings (config, else environment), checked.

    ``ORGANISATION_LOGO`` is the path of an SVG, PNG, JPEG or WebP file;
    ``ORGANISATION_COLOUR`` a ``#rrggbb`` colour that links and buttons use, which
    must read on the pages' background (contrast 4.5:1 at least, WCAG AA).
    """

    def setting(name: str) -> str:
        return str(config.get(name) or os.environ.get(name) or "").strip()

    url, logo, rate = (
        setting("ORGANISATION_URL"),
        setting("ORGANISATION_LOGO"),
        setting("ACCESSIBILITY_AUDIT_RATE"),
    )
    colour = setting("ORGANISATION_COLOUR").lower() or DEFAULT_COLOUR
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise SettingsError(f"ORGANISATION_URL {url!r} is not a web address: use e.g. https://www.example.fr")
    contact = setting("ORGANISATION_CONTACT")
    if contact and not re.fullmatch(r"(mailto:)?[^\s@:/]+@[^\s@/]+|https?://\S+", contact):
        raise SettingsError(
            f"ORGANISATION_CONTACT {contact!r} is neither an e-mail address nor a web address:"
            " use e.g. dialogue@example.fr or https://www.example.fr/contact"
        )
    if logo and (Path(logo).suffix.lower() not in LOGO_TYPES or not Path(logo).is_file()):
        raise SettingsError(f"ORGANISATION_LOGO {logo!r} is not an SVG, PNG, JPEG or WebP file")
    if not re.fullmatch(r"#[0-9a-f]{6}", colour):
        raise SettingsError(f"ORGANISATION_COLOUR {colour!r} is not a colour: use #rrggbb, e.g. #005a8c")
    if contrast(colour, PAPER) < 4.5:
        raise SettingsError(
            f"ORGANISATION_COLOUR {colour!r} is too light to read on the pages' background"
            f" (contrast {contrast(colour, PAPER):.1f}:1, 4.5:1 at least): use a darker shade"
        )
    return Organisation(
        name=setting("ORGANISATION_NAME"),
        url=url,
        logo=Path(logo).resolve() if logo else None,
        colour=colour,
        contact=contact,
        host=setting("ORGANISATION_HOST"),
        audit_rate=_percentage("ACCESSIBILITY_AUDIT_RATE", rate),
    )


def _percentage(name: str, text: str) -> float | None:
    """The percentage the setting ``name`` gives (None if it is empty), from 0 to 100."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan  # refused below, as out of range
    if not 0 <= value <= 100:
        raise SettingsError(f"{name} {text!r} is not a percentage: use e.g. 72.5")
    return value


def log_poll_seconds(*, postgres: bool) -> float:
    """``LOG_POLL_SECONDS``: how long a follower of the log (live feed, runner) waits without a notice.

    Default 60 on PostgreSQL, whose notices come from every process (a safety net only), and 1 on
    SQLite, where notices come from this process's writes only: the longest another process's act waits.
    """
    return _seconds("LOG_POLL_SECONDS", 60.0 if postgres else 1.0)


def log_fallback_seconds() -> float:
    """``LOG_FALLBACK_SECONDS`` (default 0.2): how often followers read the log while PostgreSQL's
    ``LISTEN`` connection is lost, until it is back."""
    return _seconds("LOG_FALLBACK_SECONDS", 0.2)


def document_max_bytes() -> int:
    """``DOCUMENT_MAX_BYTES`` (default 20 MB): the largest file a document may have, in bytes."""
    text = os.environ.get("DOCUMENT_MAX_BYTES")
    if not text:
        return 20_000_000
    if not text.isdigit() or int(text) < 1:
        raise SettingsError(
            f"DOCUMENT_MAX_BYTES {text!r} is not a number of bytes: write e.g. DOCUMENT_MAX_BYTES=20000000"
        )
    return int(text)


def _seconds(name: str, default: float) -> float:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 3600:
        raise SettingsError(f"{name} {text!r} is not a number of seconds: write e.g. {name}={default:g}")
    return value
