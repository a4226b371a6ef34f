"""The ``dialogue`` command, as a user runs it."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from tests.stores import make_app

ACT_FIELDS = {"position", "recorded_at", "dialogue_id", "act", "actor_role", "stage"}
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


def test_demo_then_status_shows_the_main_dialogue_in_its_last_stage_with_all_indicators_met(run: Run) -> None:
    code, output = run("demo")
    assert code == 0, output
    assert "acts recorded" in output
    code, output = run("status")
    assert code == 0, output
    main_dialogue = next(block for block in output.split("\n") if "stage:" in block)
    assert main_dialogue.strip() == "stage: decision_and_follow_up [open]"
    main_block = output.split("stage: decision_and_follow_up [open]")[1].split("stage:")[0]
    assert "met    " in main_block and "NOT MET" not in main_block
    code, again = run("demo")
    assert code == 0 and "demo already recorded" in again


def test_acts_jsonl_has_every_field_in_log_order(run: Run) -> None:
    run("demo")
    code, output = run("acts", "--format", "jsonl")
    assert code == 0
    lines = [json.loads(line) for line in output.splitlines()]
    assert all(set(line) >= ACT_FIELDS for line in lines)
    positions = [line["position"] for line in lines]
    assert positions == sorted(positions)
    assert {line["stage"] for line in lines} == {"framing", "collective_work", "decision_and_follow_up"}
    assert lines[0]["recorded_at"].endswith("+00:00")


def test_acts_of_one_dialogue(run: Run) -> None:
    run("demo")
    _, everything = run("acts", "--format", "jsonl")
    dialogues = {json.loads(line)["dialogue_id"] for line in everything.splitlines()}
    assert len(dialogues) >= 2
    some = sorted(dialogues)[0]
    code, output = run("acts", "--dialogue", some, "--format", "jsonl")
    assert code == 0
    assert {json.loads(line)["dialogue_id"] for line in output.splitlines()} == {some}
    code, table = run("acts", "--dialogue", some)
    assert code == 0 and len(table.splitlines()) == len(output.splitlines())


def test_erase_person_shows_them_erased_and_keeps_every_act(run: Run, url: str, tmp_path: Path) -> None:
    run("demo")
    app = make_app(url)
    dialogue_id = app.dialogue_ids()[0]
    person = app.stakeholders(dialogue_id)[0]
    app.close()
    raw = (tmp_path / "cli.sqlite3").read_bytes()
    assert person["name"].encode() not in raw and person["email"].encode() not in raw
    _, before = run("acts", "--format", "jsonl")

    code, output = run("erase-person", person["id"])

    assert code == 0, output
    assert "erased" in output
    app = make_app(url)
    [listed] = [s for s in app.stakeholders(dialogue_id) if s["id"] == person["id"]]
    app.close()
    assert listed["erased"] and listed["name"] == "[erased]"
    _, after = run("acts", "--format", "jsonl")
    assert after == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--dialogue", "no-such-dialogue"], "no dialogue"),
        (["erase-person", "no-such-login"], "no account no-such-login"),
        (["acts", "--format", "xml"], "Invalid value"),
        (["erase-person", "00000000-0000-0000-0000-000000000001"], "no personal data"),
    ],
)
def test_bad_arguments_give_a_clear_message_and_a_non_zero_exit(
    run: Run, args: list[str], message: str
) -> None:
    code, output = run(*args)
    assert code != 0
    assert message in output


def test_an_unreachable_or_unsupported_database_is_a_clear_error() -> None:
    result = CliRunner().invoke(main, ["--database-url", "postgresql://nobody@127.0.0.1:1/none", "status"])
    assert result.exit_code == 1
    assert "cannot open the database" in result.output
    result = CliRunner().invoke(main, ["--database-url", "mysql://x/y", "status"])
    assert result.exit_code == 2
    assert "not supported" in result.output


@pytest.mark.parametrize("command", ["verify", "export"])
def test_the_merkle_log_commands_call_it_the_verifiable_log(command: str) -> None:
    """The RFC 9162 log is the verifiable log; "transparency log" is the fiche's public log of a dialogue."""
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "verifiable log" in result.output
    assert "transparency" not in result.output.lower()
