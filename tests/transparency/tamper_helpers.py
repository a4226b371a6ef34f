"""Helpers for the transparency tests: the CLI on a store, and raw SQL on its tables."""

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg
from click.testing import CliRunner, Result

from cli.main import main


def dialogue(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--database-url", url, *args])


def verified_export(url: str, dialogue_id: object, out: Path) -> Path:
    """``dialogue verify`` passes on the store, and on its dialogue's export to ``out``; ``out``."""
    verified = dialogue(url, "verify")
    assert verified.exit_code == 0, verified.output
    exported = dialogue(url, "export", "--dialogue", str(dialogue_id), "--out", str(out))
    assert exported.exit_code == 0, exported.output
    assert dialogue("sqlite:////nonexistent/none.sqlite3", "verify", str(out)).exit_code == 0
    return out


@contextmanager
def raw(url: str) -> Iterator[tuple[Any, str, str]]:
    """(connection, events table, position column) of the store, committing on exit."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        connection: Any = sqlite3.connect(parts.path)
        try:
            yield connection, "stored_events", "rowid"
            connection.commit()
        finally:
            connection.close()
    else:
        schema = parse_qs(parts.query)["schema"][0]
        with psycopg.connect(url.split("?")[0], autocommit=True) as connection:
            connection.execute(f"SET search_path TO {schema}")
            row = connection.execute(
                "SELECT table_name FROM information_schema.columns"
                " WHERE table_schema = %s AND column_name = 'notification_id'",
                (schema,),
            ).fetchone()
            yield connection, row[0], "notification_id"


def run(url: str, statement: str, params: Sequence[Any] = ()) -> list[Any]:
    with raw(url) as (connection, table, position):
        sql = statement.format(table=table, pos=position)
        if not url.startswith("sqlite"):
            sql = sql.replace("?", "%s")
        cursor = connection.execute(sql, tuple(params))
        return list(cursor.fetchall()) if cursor.description else []


def every_text(url: str) -> str:
    """Every value of every table of the store, as text (to look for personal data)."""
    chunks: list[str] = []
    with raw(url) as (connection, _, _):
        if url.startswith("sqlite"):
            tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        else:
            tables = [
                r[0]
                for r in connection.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                )
            ]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value).decode("utf-8", "replace"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks)


def every_file_text(folder: Path) -> str:
    """Every file of an export as text, its documents (``documents/``) included."""
    return "\n".join(path.read_text(errors="replace") for path in sorted(folder.rglob("*")) if path.is_file())
