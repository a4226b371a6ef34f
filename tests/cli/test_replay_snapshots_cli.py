"""``dialogue replay`` from snapshots, and ``--from-zero`` that trusts no derived table."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli.replay
from bench.workload import record_workload
from cli.main import main
from projections.replay_snapshots import TABLE
from tests.stores import make_app


def sql(path: Path, statement: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection, connection:
        return connection.execute(statement).fetchall()


def snapshots(path: Path) -> int:
    [(count,)] = sql(path, f"SELECT COUNT(*) FROM {TABLE}")
    return int(str(count))


def test_a_replay_from_zero_shows_what_a_replay_from_snapshots_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cli.sqlite3"
    url = f"sqlite:///{path}"
    app = make_app(url)
    record_workload(app, 2000, dialogues=1)
    [listed] = app.dialogues()
    head = app.recorder.max_notification_id()
    app.close()
    monkeypatch.setattr(cli.replay, "SPACING", 50)

    def run(*args: str) -> str:
        result = CliRunner().invoke(
            main, ["--database-url", url, "replay", "--dialogue", listed["slug"], *args]
        )
        assert result.exit_code == 0, result.output
        return result.output

    run("--as-of", str(head), "--format", "json")
    taken = snapshots(path)
    assert taken > 5
    for position in (head // 3, head // 2 + 7, head - 11, head):
        from_snapshots = run("--as-of", str(position), "--format", "json")
        assert run("--as-of", str(position), "--format", "json", "--from-zero") == from_snapshots
    assert snapshots(path) == taken

    sql(path, f"DROP TABLE {TABLE}")
    run("--as-of", str(head), "--from-zero")
    assert sql(path, f"SELECT name FROM sqlite_master WHERE name = '{TABLE}'") == []
