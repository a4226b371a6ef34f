"""``dialogue projections status|rebuild|run`` and ``dialogue replay``, as a user runs them."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.base import Recorded
from cli.main import main
from cli.projections import ProgressReport
from projections.catalogue import all_projections
from projections.runner import ProjectionRunner
from projections.stage import StageProjection
from tests.builders import Scenario
from tests.stores import make_app

ROOT = Path(__file__).resolve().parents[2]
SLUG = "vallee-de-la-veze"
Run = Callable[..., tuple[int, str]]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/cli.sqlite3"


@pytest.fixture
def run(url: str) -> Run:
    def invoke(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["--database-url", url, *args])
        return result.exit_code, result.output

    return invoke


@pytest.fixture
def recorded(url: str) -> dict[str, int]:
    """A dialogue walked to its last stage; the head of the log after some of its points."""
    app = make_app(url)
    scenario = Scenario(app, slug=SLUG)
    points = {"framework": scenario.framework_defined()}
    scenario.to_collective_work()
    points["collective_work"] = app.recorder.max_notification_id()
    scenario.action_with_operator()
    points["head"] = app.recorder.max_notification_id()
    app.close()
    return points


def report_progress(url: str) -> Recorded:
    """One more act, by the operator of the dialogue's action."""
    app = make_app(url)
    try:
        dialogue_id = app.dialogue_id(SLUG)
        [action_id] = app.repository.get(dialogue_id).parts["action"]
        return app.report_progress("operator", dialogue_id, action_id, percent=30, note="marché attribué")
    finally:
        app.close()


def table(output: str) -> dict[str, list[int]]:
    """The rows of ``projections status``: name -> [position, head, lag]."""
    rows = [line.split() for line in output.splitlines()[1:]]
    return {row[0]: [int(n) for n in row[1:]] for row in rows}


def stage_view(url: str) -> dict[str, object] | None:
    app = make_app(url)
    try:
        runner = ProjectionRunner(app.recorder, app.mapper, all_projections())
        with runner.store.transaction(commit=False) as sql:
            return StageProjection.view(sql, app.dialogue_id(SLUG))
    finally:
        app.close()


# --- projections status / rebuild ---------------------------------------------------


def test_status_shows_each_projection_with_its_position_the_head_and_the_lag(
    run: Run, recorded: dict[str, int]
) -> None:
    code, output = run("projections", "status")
    assert code == 0, output
    rows = table(output)
    assert set(rows) == {p.name for p in all_projections()}
    assert all(row == [0, recorded["head"], recorded["head"]] for row in rows.values())

    run("projections", "rebuild")

    _, output = run("projections", "status")
    assert all(row == [recorded["head"], recorded["head"], 0] for row in table(output).values())


def test_rebuild_reports_its_progress_in_plain_lines_when_not_on_a_terminal(
    run: Run, url: str, recorded: dict[str, int]
) -> None:
    code, output = run("projections", "rebuild")
    assert code == 0, output
    assert "\r" not in output and "\033" not in output
    last = output.splitlines()[-1]
    assert f"{recorded['head']} events in" in last and "events/s" in last
    assert stage_view(url) is not None


def test_rebuild_of_one_projection_drops_only_that_one(run: Run, recorded: dict[str, int]) -> None:
    run("projections", "rebuild")

    code, output = run("projections", "rebuild", "stage")

    assert code == 0, output
    assert output.startswith(f"rebuilding stage: {recorded['head']} events in")
    assert all(row[0] == recorded["head"] for row in table(run("projections", "status")[1]).values())


def test_rebuilding_twice_gives_the_same_view(run: Run, url: str, recorded: dict[str, int]) -> None:
    run("projections", "rebuild")
    first = stage_view(url)
    run("projections", "rebuild", "stage")
    assert stage_view(url) == first


def test_an_unknown_projection_is_a_clear_error(run: Run, recorded: dict[str, int]) -> None:
    code, output = run("projections", "rebuild", "no-such-projection")
    assert code != 0
    assert "no projection 'no-such-projection'" in output and "stage" in output


def test_on_a_terminal_progress_is_a_bar_with_events_per_second_and_eta(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = ProgressReport("rebuilding stage", 0, tty=True)
    report.began -= 2.0  # two seconds into the rebuild
    report(500, 1000)
    report.finish()
    drawn = capsys.readouterr().out
    bar, done = drawn.split("\r")[1], drawn.split("\r")[2]
    assert bar.startswith("rebuilding stage [###############...............]")
    assert "500/1000" in bar and "50%" in bar and "events/s" in bar and "ETA 0:0" in bar
    assert "500 events in" in done


# --- projections run ------------------------------------------------------------------


@pytest.fixture
def follower(url: str) -> Iterator[subprocess.Popen[str]]:
    command = [sys.executable, "-c", "from cli.main import main; main()", "--database-url", url]
    process = subprocess.Popen(
        [*command, "projections", "run", "--interval", "0.05", "--batch-size", "50"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()
    assert process.stdout is not None
    process.stdout.close()


def wait_until_caught_up(url: str, position: int, timeout: float = 30.0) -> None:
    app = make_app(url)
    try:
        runner = ProjectionRunner(app.recorder, app.mapper, all_projections())
        assert runner.wait_for(position, timeout), f"projections did not reach {position}"
    finally:
        app.close()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_run_follows_the_log_until_it_is_stopped_by_a_signal(
    url: str, recorded: dict[str, int], follower: subprocess.Popen[str], stop_signal: int
) -> None:
    wait_until_caught_up(url, recorded["head"])
    later = report_progress(url)
    wait_until_caught_up(url, later.position)

    follower.send_signal(stop_signal)
    output, _ = follower.communicate(timeout=30)

    assert follower.returncode == 0, output
    assert "following the log from position 0" in output
    assert output.strip().splitlines()[-1] == f"stopped at position {later.position}"


# --- replay ---------------------------------------------------------------------------


def test_replay_at_the_head_shows_what_the_stage_projection_shows(
    run: Run, url: str, recorded: dict[str, int]
) -> None:
    run("projections", "rebuild")
    code, output = run("replay", "--dialogue", SLUG, "--as-of", str(recorded["head"]), "--format", "json")
    assert code == 0, output
    replayed = json.loads(output)
    view = stage_view(url)
    assert view is not None
    assert {key: replayed[key] for key in view} == view
    assert replayed["as_of"] == recorded["head"]
    assert [p["status"] for p in replayed["proposals"]] == ["adopted"]
    assert replayed["actions"][0]["status"] == "assigned"


def test_replay_as_text_shows_the_stage_indicators_and_parts_at_that_moment(
    run: Run, recorded: dict[str, int]
) -> None:
    code, output = run("replay", "--dialogue", SLUG, "--as-of", str(recorded["collective_work"]))
    assert code == 0, output
    assert f"as of position {recorded['collective_work']}" in output
    assert "stage: collective_work [open]" in output
    assert "NOT MET  proposals-validated" in output
    assert "instance Groupe eau [consultation_group, majority]" in output
    assert "decision" not in output.split("stage:")[1].split("NOT MET")[0]


def test_replay_and_status_count_one_thing_in_the_singular(run: Run, recorded: dict[str, int]) -> None:
    replayed = run("replay", "--dialogue", SLUG, "--as-of", str(recorded["head"]))[1]
    status = run("status", "--dialogue", SLUG)[1]

    for output in (replayed, status):
        assert "met      proposals-adopted: 1 proposal adopted by the decision-makers\n" in output
        assert "met      operators-identified: 1 action with its operator\n" in output
    assert "; 1 proposal (1 adopted); 1 decision; 1 action (1 assigned)\n" in replayed
    assert "(2 endorsements, 0 objections)" in replayed


def test_replay_by_id_before_a_later_act_does_not_show_it(
    run: Run, url: str, recorded: dict[str, int]
) -> None:
    app = make_app(url)
    dialogue_id = str(app.dialogue_id(SLUG))
    app.close()
    code, output = run(
        "replay", "--dialogue", dialogue_id, "--as-of", str(recorded["framework"]), "--format", "json"
    )
    assert code == 0, output
    replayed = json.loads(output)
    assert replayed["stage"] == "framing"
    assert replayed["indicators"][0] == {
        "name": "framework-formalised",
        "met": True,
        "detail": "expected results, objects and perimeter formalised",
        "notes": [{"code": "framework-formalised", "params": {}}],
    }
    assert replayed["counts"]["instances"] == 0 and replayed["proposals"] == []


def test_replay_as_of_a_time_takes_the_last_position_recorded_at_or_before_it(
    run: Run, url: str, recorded: dict[str, int]
) -> None:
    moment = datetime.now(UTC)
    time.sleep(0.01)
    report_progress(url)

    code, output = run("replay", "--dialogue", SLUG, "--as-of", moment.isoformat(), "--format", "json")
    assert code == 0, output
    assert json.loads(output)["as_of"] == recorded["head"]
    same_moments = [
        moment.astimezone(timezone(timedelta(hours=2))).isoformat(),  # with another offset
        moment.replace(tzinfo=None).isoformat(),  # without offset: UTC
    ]
    for same in same_moments:
        code, output = run("replay", "--dialogue", SLUG, "--as-of", same, "--format", "json")
        assert code == 0 and json.loads(output)["as_of"] == recorded["head"], same
    code, output = run("replay", "--dialogue", SLUG, "--as-of", moment.date().isoformat(), "--format", "json")
    assert code == 0 and json.loads(output)["as_of"] == recorded["head"] + 1


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("0", "position 0 is outside the log"),
        ("-3", "position -3 is outside the log"),
        ("999999", "position 999999 is outside the log"),
        ("last tuesday", "neither a position nor an ISO 8601 time"),
        ("2026-02-30", "neither a position nor an ISO 8601 time"),
        ("2001-01-01T00:00:00+00:00", "nothing was recorded at or before 2001-01-01"),
    ],
)
def test_replay_refuses_a_moment_outside_the_log_with_a_clear_message(
    run: Run, recorded: dict[str, int], as_of: str, message: str
) -> None:
    code, output = run("replay", "--dialogue", SLUG, "--as-of", as_of)
    assert code == 1
    assert message in output


def test_replay_of_an_unknown_dialogue_or_one_opened_later_is_a_clear_error(
    run: Run, url: str, recorded: dict[str, int]
) -> None:
    code, output = run("replay", "--dialogue", "no-such-dialogue", "--as-of", "1")
    assert code == 1 and "no dialogue" in output
    code, output = run("replay", "--dialogue", "00000000-0000-0000-0000-000000000001", "--as-of", "1")
    assert code == 1 and "no dialogue 00000000-0000-0000-0000-000000000001" in output

    app = make_app(url)
    later = Scenario(app, slug="plus-tard")
    app.close()
    code, output = run("replay", "--dialogue", str(later.id), "--as-of", str(recorded["head"]))
    assert code == 1
    assert f"was opened at position {recorded['head'] + 1}, after position {recorded['head']}" in output


def test_replay_needs_a_dialogue_and_a_moment(run: Run) -> None:
    code, output = run("replay", "--as-of", "1")
    assert code == 2 and "--dialogue" in output
    code, output = run("replay", "--dialogue", SLUG, "--as-of", "1", "--format", "xml")
    assert code == 2 and "Invalid value" in output
