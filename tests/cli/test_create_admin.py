"""``dialogue create-admin LOGIN``: the first platform administrator, with a password asked for."""

from pathlib import Path

from click.testing import CliRunner

from cli.main import main
from tests.stores import make_app

PASSWORD = "a long enough passphrase"


def test_create_admin_asks_the_password_twice_and_the_administrator_can_sign_in(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"

    result = CliRunner().invoke(
        main, ["--database-url", url, "create-admin", "Root"], input=f"{PASSWORD}\n" * 2
    )
    again = CliRunner().invoke(
        main, ["--database-url", url, "create-admin", "root"], input=f"{PASSWORD}\n" * 2
    )
    short = CliRunner().invoke(main, ["--database-url", url, "create-admin", "other"], input="short\nshort\n")

    assert result.exit_code == 0, result.output
    assert "administrator root created" in result.output
    assert again.exit_code == 1 and "taken" in again.output
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    app = make_app(url)
    try:
        assert app.authenticate("root", PASSWORD) == "root"
        assert app.account("root") | {"created_at": None} == {
            "login": "root",
            "administrator": True,
            "organiser": False,
            "disabled": False,
            "created_by": "console",
            "created_at": None,
        }
    finally:
        app.close()


def test_the_demo_prints_the_logins_and_their_password(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"

    result = CliRunner().invoke(main, ["--database-url", url, "demo"])

    assert result.exit_code == 0, result.output
    assert "demo-convenor" in result.output and "demo-admin" in result.output
    assert "password of every demo login: demo-dialogue" in result.output
