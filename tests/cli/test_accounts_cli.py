"""The demo's accounts have (fictitious) addresses and its pending invitation's mail is written;
``dialogue erase-person LOGIN`` erases an account with its stakeholders."""

from pathlib import Path

from click.testing import CliRunner

from application.demo import ACCOUNTS, ADMINISTRATOR
from application.mail.sender import Sender
from application.mail.transport import FolderTransport
from cli.demo import INVITED
from cli.main import main
from tests.stores import make_app


def test_the_demo_gives_addresses_and_leaves_one_invitation_pending(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/demo.sqlite3"
    result = CliRunner().invoke(main, ["--database-url", url, "demo"])
    assert result.exit_code == 0, result.output

    app = make_app(url)
    try:
        convenor = ACCOUNTS["convenor"]
        assert app.profile(convenor)["email"] == f"{convenor}@example.org"
        [invitation] = app.invitations(ADMINISTRATOR, app.invitation_ids(ADMINISTRATOR))
        assert (invitation["email"], invitation["status"]) == (INVITED, "pending")
        assert Sender(app.outbox, FolderTransport(tmp_path / "mail")).send_due() == 1
    finally:
        app.close()
    [mail] = (tmp_path / "mail").glob("*.eml")
    assert f"To: {INVITED}" in mail.read_text()
    assert (
        CliRunner().invoke(main, ["--database-url", url, "demo"]).output.startswith("demo already recorded")
    )


def test_erasing_a_login_erases_the_account_and_its_stakeholders(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/demo.sqlite3"
    CliRunner().invoke(main, ["--database-url", url, "demo"])

    result = CliRunner().invoke(main, ["--database-url", url, "erase-person", ACCOUNTS["convenor"]])

    assert result.exit_code == 0, result.output
    app = make_app(url)
    try:
        assert app.profile(ACCOUNTS["convenor"])["erased"] is True
    finally:
        app.close()
