"""``dialogue witness`` refuses what it cannot use, saying why, before it signs anything."""

import socket
from pathlib import Path

from click.testing import CliRunner

from cli.main import main


def test_a_log_address_that_is_not_http_is_refused_naming_the_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["witness", "--log", "file:///etc", "--state", str(tmp_path / "w")])
    assert result.exit_code == 2
    assert "--log" in result.output and "https://" in result.output


def test_an_unreachable_log_is_reported_and_nothing_is_kept(tmp_path: Path) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    state = tmp_path / "w"
    result = CliRunner().invoke(main, ["witness", "--log", f"http://127.0.0.1:{port}", "--state", str(state)])
    assert result.exit_code == 1
    assert f"127.0.0.1:{port}" in result.output
    assert not (state / "checkpoint").exists()
