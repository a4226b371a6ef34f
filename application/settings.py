"""One setting, ``DATABASE_URL``, mapped to the eventsourcing library's own environment.

The platform's files are its owner's alone: the folders it makes (``var/``) are
created 0700, and the SQLite database (password hashes, sessions, the keys of
personal data), the session and signing keys 0600.
"""

import contextlib
import os
import stat
from pathlib import Path
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
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
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
