"""DATABASE_URL is the one persistence setting."""

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.dialogues import DialogueApp
from application.settings import DEFAULT_DATABASE_URL, SettingsError, persistence_env
from application.sqlite_connections import StatementKeepingPool
from cli.main import main
from tests.stores import make_app


def test_default_is_a_sqlite_file_under_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    env = persistence_env()
    assert DEFAULT_DATABASE_URL == "sqlite:///var/dialogue.sqlite3"
    assert env["PERSISTENCE_MODULE"] == "application.sqlite_connections:Factory"
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


def modes(folder: Path) -> dict[str, str]:
    """The permission bits of ``folder`` and of everything under it, by path relative to its parent."""
    paths = [folder, *folder.rglob("*")]
    return {str(p.relative_to(folder.parent)): oct(stat.S_IMODE(p.stat().st_mode)) for p in paths}


def private(folder: Path) -> dict[str, str]:
    """The modes ``folder`` must have: 0700 for it and its folders, 0600 for its files."""
    paths = [folder, *folder.rglob("*")]
    return {str(p.relative_to(folder.parent)): "0o700" if p.is_dir() else "0o600" for p in paths}


def test_the_cli_on_a_fresh_folder_makes_var_and_its_files_readable_by_their_owner_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The database (password hashes, sessions, personal-data keys), the signing key: 0600 in a 0700 var/."""
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "SIGNING_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()
    result = runner.invoke(main, ["demo"])  # makes var/ and the database
    assert result.exit_code == 0, result.output
    with make_app(DEFAULT_DATABASE_URL):  # open meanwhile: the -wal and -shm files stay
        result = runner.invoke(main, ["projections", "rebuild"])  # makes the signing key
        assert result.exit_code == 0, result.output
        found, wanted = modes(tmp_path / "var"), private(tmp_path / "var")
    assert {"var/dialogue.sqlite3", "var/dialogue.sqlite3-wal", "var/signing_key.pem"} <= set(found)
    assert found == wanted


def test_an_existing_database_readable_by_all_is_made_private_and_keeps_working(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/var/dialogue.sqlite3"
    with make_app(url) as first:
        first.create_administrator("root", "a long enough passphrase")
        files = [tmp_path / "var" / f"dialogue.sqlite3{suffix}" for suffix in ("", "-wal", "-shm")]
        for file in files:
            file.chmod(0o644)  # as versions before this one made them
        with make_app(url) as second:
            assert [oct(stat.S_IMODE(f.stat().st_mode)) for f in files] == ["0o600"] * 3
            assert second.account("root")["login"] == "root"


def test_sqlite_connections_keep_their_prepared_statements(tmp_path: Path) -> None:
    """The library's pool keeps one statement per connection (every other is prepared again)."""
    app = DialogueApp(persistence_env(f"sqlite:///{tmp_path}/kept.sqlite3"))
    try:
        pool = app.recorder.datastore.pool  # type: ignore[attr-defined]
        assert isinstance(pool, StatementKeepingPool)
        with app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        assert app.recorder.max_notification_id() in (None, 0)
    finally:
        app.close()
