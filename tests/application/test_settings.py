"""DATABASE_URL is the one persistence setting."""

from pathlib import Path

import pytest

from application.settings import DEFAULT_DATABASE_URL, SettingsError, persistence_env


def test_default_is_a_sqlite_file_under_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    env = persistence_env()
    assert DEFAULT_DATABASE_URL == "sqlite:///var/dialogue.sqlite3"
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert env["SQLITE_DBNAME"] == "var/dialogue.sqlite3"
    assert env["APPLICATION_RECORDER_TOPIC"] == "application.guarded_recorder:GuardedSQLiteRecorder"
    assert (tmp_path / "var").is_dir()


def test_absolute_sqlite_path(tmp_path: Path) -> None:
    env = persistence_env(f"sqlite:///{tmp_path}/x/db.sqlite3")
    assert env["SQLITE_DBNAME"] == f"{tmp_path}/x/db.sqlite3"


def test_postgresql_url_maps_to_the_library_settings() -> None:
    env = persistence_env("postgresql://ana:s%40cret@db.local:6543/dialogues?schema=prod")
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert env["APPLICATION_RECORDER_TOPIC"] == "application.guarded_recorder:GuardedPostgresRecorder"
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("ana", "s@cret")
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == ("db.local", "6543")
    assert (env["POSTGRES_DBNAME"], env["POSTGRES_SCHEMA"]) == ("dialogues", "prod")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "not supported"),
        ("postgresql://u@h:5432/", "names no database"),
        ("sqlite://", "names no file"),
    ],
)
def test_unusable_urls_are_refused_with_what_to_write(url: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        persistence_env(url)
