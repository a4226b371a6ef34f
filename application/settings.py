"""One setting, ``DATABASE_URL``, mapped to the eventsourcing library's own environment."""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_DATABASE_URL = "sqlite:///var/dialogue.sqlite3"


class SettingsError(ValueError):
    """A setting that cannot be used, with what to write instead."""


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def persistence_env(url: str | None = None) -> dict[str, str]:
    """The eventsourcing environment for ``sqlite:///path`` or ``postgresql://...``.

    A relative SQLite path is taken from the working folder; its folder is
    created on first use. PostgreSQL takes ``?schema=NAME`` and
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
        Path(path).parent.mkdir(parents=True, exist_ok=True)
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
