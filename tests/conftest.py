"""Fixtures: the same application tests run on SQLite and on PostgreSQL.

PostgreSQL is at ``TEST_POSTGRES_URL`` (default postgresql://postgres@127.0.0.1:5432/test).
Each test gets a schema of its own. In CI (CI=true) an unreachable
PostgreSQL fails the tests; elsewhere they are skipped with a message.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher, profiles

from application import credentials
from application.dialogues import DialogueApp
from tests.stores import make_app

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_schema() -> Iterator[str]:
    """A fresh schema in the test database, dropped afterwards; its DATABASE_URL is yielded."""
    schema = "t_" + uuid.uuid4().hex[:12]
    try:
        connection = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} ({error}); start it to run these tests")
    with connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{POSTGRES_URL}?schema={schema}"
        finally:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its cheapest: the same code paths, without 0.2 s per hash."""
    monkeypatch.setattr(credentials, "HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A DATABASE_URL for an empty store, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/dialogue.sqlite3"
    else:
        yield from postgres_schema()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/dialogue.sqlite3"


@pytest.fixture
def app(database_url: str) -> Iterator[DialogueApp]:
    application = make_app(database_url)
    yield application
    application.close()
