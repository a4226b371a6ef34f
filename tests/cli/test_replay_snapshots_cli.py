"""``dialogue replay`` from snapshots, and ``--from-zero`` that trusts no derived table."""

import json
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
        for pages in (["--all"], [], ["--page", "2"]):
            from_snapshots = run("--as-of", str(position), "--format", "json", *pages)
            assert run("--as-of", str(position), "--format", "json", "--from-zero", *pages) == from_snapshots
    assert snapshots(path) == taken

    sql(path, f"DROP TABLE {TABLE}")
    run("--as-of", str(head), "--from-zero")
    assert sql(path, f"SELECT name FROM sqlite_master WHERE name = '{TABLE}'") == []


def test_the_replay_shows_a_page_of_each_list_newest_first_or_the_whole_of_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pages.sqlite3'}"
    app = make_app(url)
    record_workload(app, 2000, dialogues=1)
    [listed] = app.dialogues()
    head = app.recorder.max_notification_id()
    app.close()

    def run(*args: str) -> str:
        command = ["--database-url", url, "replay", "--dialogue", listed["slug"], "--as-of", str(head), *args]
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        return result.output

    whole = json.loads(run("--format", "json", "--all"))
    assert "pages" not in whole and len(whole["proposals"]) > 20
    first, second = (json.loads(run("--format", "json", "--page", n)) for n in ("1", "2"))
    assert first["proposals"] == whole["proposals"][::-1][:10]
    assert second["proposals"] == whole["proposals"][::-1][10:20]
    assert second["pages"]["proposals"] == {"number": 2, "size": 10, "total": len(whole["proposals"])}
    assert {key: first[key] for key in ("counts", "indicators", "instances")} == {
        key: whole[key] for key in ("counts", "indicators", "instances")
    }
    last = -(-len(whole["proposals"]) // 10)
    assert f"proposals: page 1 of {last}, newest first ({len(whole['proposals'])} in all)" in run()
