"""The erasure register: a backup taken before an erasure and restored after it, on both stores.

Each erasure is recorded as a ``person-erased`` act and written in the register beside the
key-encryption key. The backup (a copy of the SQLite file; a ``pg_dump`` of the schema, restored
with ``psql``) holds the person's key and not the act; once restored, the application, at start,
erases the person again and records the act. The others' data opens again when the replaced KEK
was kept (``KEY_ENCRYPTION_KEY_RETENTION_DAYS``), and is lost when it was destroyed at once (the
default). ``dialogue verify`` passes throughout.
"""

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import psycopg
import pytest

from application.dialogues import DialogueApp
from application.errors import NotAuthorisedError
from application.key_encryption import KeyWrapError
from application.settings import persistence_env
from domain.account import account_id_for
from domain.errors import InvalidActError
from tests.builders import ACCOUNTS, Role, Scenario
from tests.conftest import POSTGRES_URL
from tests.transparency.tamper_helpers import dialogue

PASSWORD = "correct horse battery staple"


class Platform:
    """Applications opened on one store with the KEK file (and its register) in ``folder``."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder
        self.kek_file = folder / "keys" / "kek.b64"
        self.opened: list[DialogueApp] = []

    def app(self) -> DialogueApp:
        application = DialogueApp(persistence_env(self.url))
        self.opened.append(application)
        return application

    def backup(self) -> bytes:
        """The whole store, as an operator backs it up."""
        parts = urlsplit(self.url)
        if parts.scheme == "sqlite":  # sqlite3's online backup (the write-ahead log included)
            copy = self.folder / "backup.sqlite3"
            with sqlite3.connect(parts.path) as source, sqlite3.connect(copy) as target:
                source.backup(target)
            return copy.read_bytes()
        schema = parse_qs(parts.query)["schema"][0]
        return subprocess.run(
            ["pg_dump", "--schema", schema, POSTGRES_URL.replace("postgresql://", "postgres://")],
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout

    def restore(self, backup: bytes) -> None:
        for application in self.opened:
            application.close()
        self.opened.clear()
        parts = urlsplit(self.url)
        if parts.scheme == "sqlite":  # the backup's pages written over the store's, by sqlite3
            copy = self.folder / "restored.sqlite3"
            copy.write_bytes(backup)
            with sqlite3.connect(copy) as source, sqlite3.connect(parts.path) as target:
                source.backup(target)
            return
        schema = parse_qs(parts.query)["schema"][0]
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", POSTGRES_URL],
            input=backup,
            capture_output=True,
            check=True,
            timeout=120,
        )


@pytest.fixture
def platform(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Platform]:
    found = Platform(database_url, tmp_path)
    monkeypatch.setenv("KEY_ENCRYPTION_KEY_FILE", str(found.kek_file))
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "signing_key.pem"))
    yield found
    for application in found.opened:
        application.close()


def people(app: DialogueApp) -> None:
    app.create_administrator("admin", PASSWORD)
    for login in ("camille", "dominique", "sacha"):
        app.create_account(
            "admin", login=login, password=PASSWORD, email=f"{login}@example.org", display_name=login.title()
        )


def verified(url: str) -> None:
    assert dialogue(url, "projections", "rebuild").exit_code == 0
    result = dialogue(url, "verify")
    assert result.exit_code == 0, result.output


def test_an_erasure_is_an_act_and_a_line_of_the_register_beside_the_kek(platform: Platform) -> None:
    app = platform.app()
    people(app)
    with pytest.raises(InvalidActError) as refused:
        app.erase_person(account_id_for("camille"), by="admin", reason="")
    assert refused.value.field == "reason"
    with pytest.raises(NotAuthorisedError):
        app.erase_person(account_id_for("camille"), by="dominique", reason="request")
    assert app.profile("camille")["email"] == "camille@example.org"  # refused: nothing done

    app.erase_person(account_id_for("camille"), by="admin", reason="request")
    [act] = app.erasures()
    assert act["person_id"] == str(account_id_for("camille")) and act["reason"] == "request"
    assert act["actor_id"] == "admin" and act["erased"] == [str(account_id_for("camille"))]
    register = platform.kek_file.with_name("kek.b64.erasures")
    [line] = [json.loads(text) for text in register.read_text().splitlines()]
    assert line["erasure_id"] == act["id"] and line["person_id"] == act["person_id"]
    assert "camille@example.org" not in register.read_text() and "Camille" not in register.read_text()
    assert app.profile("camille")["erased"]


@pytest.mark.parametrize("retention", ["30", None])
def test_a_backup_from_before_an_erasure_restored_after_it_shows_the_person_erased(
    platform: Platform, monkeypatch: pytest.MonkeyPatch, retention: str | None
) -> None:
    if retention is None:
        monkeypatch.delenv("KEY_ENCRYPTION_KEY_RETENTION_DAYS", raising=False)
    else:
        monkeypatch.setenv("KEY_ENCRYPTION_KEY_RETENTION_DAYS", retention)
    app = platform.app()
    people(app)
    verified(platform.url)
    backup = platform.backup()
    assert b"PersonErased" not in backup

    app.erase_person(account_id_for("camille"), by="admin", reason="consent-withdrawn")
    verified(platform.url)
    platform.restore(backup)

    restored = platform.app()  # the start re-applies the register's erasure
    assert restored.profile("camille")["erased"]
    assert not restored.vault.held([str(account_id_for("camille"))])
    [act] = restored.erasures()
    assert act["actor_role"] == "register" and act["reason"] == "consent-withdrawn"
    assert platform.app().erasures() == [act]  # recorded once, whatever the starts
    if retention is None:  # the KEK the backup's keys are under was destroyed at once
        assert not platform.kek_file.with_name("kek.b64.retired").exists()
        assert restored.profile("dominique")["erased"]  # unreadable: shown as erased, no error
        restored.create_account("admin", login="claude", password=PASSWORD, email="claude@example.org")
        assert platform.app().profile("claude")["email"] == "claude@example.org"  # new keys work
        restored.erase_person(account_id_for("sacha"), by="admin", reason="request")  # so do erasures
    else:
        assert restored.profile("dominique")["email"] == "dominique@example.org"
        assert platform.app().profile("sacha")["display_name"] == "Sacha"
        key = restored.vault.keks.current() if restored.vault.keks else None
        assert key is not None and {restored.vault._committed_kek_id()} == {key.key_id}
    verified(platform.url)


def test_retired_keks_are_destroyed_once_the_retention_ends(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEY_ENCRYPTION_KEY_RETENTION_DAYS", "30")
    app = platform.app()
    people(app)
    old = platform.kek_file.read_bytes().strip()
    app.erase_person(account_id_for("camille"), by="admin", reason="request")
    keyring = platform.kek_file.with_name("kek.b64.retired")
    assert old.decode() in keyring.read_text()
    kept = json.loads(keyring.read_text().splitlines()[0])
    kept["retired_at"] = "2000-01-01T00:00:00+00:00"
    keyring.write_text(json.dumps(kept) + "\n")
    platform.app()  # the start reads the keyring: past the retention, destroyed
    assert not keyring.exists()
    assert all(old not in path.read_bytes() for path in platform.kek_file.parent.iterdir())


def test_the_register_needs_no_personal_data_and_ids_only(platform: Platform) -> None:
    app = platform.app()
    people(app)
    app.erase_person(account_id_for("sacha"))  # the console: the ground is the person's request
    [act] = app.erasures()
    assert act["actor_id"] == "console" and UUID(act["person_id"]) == account_id_for("sacha")


def test_an_erasure_a_crash_cut_short_is_finished_at_the_next_start(platform: Platform) -> None:
    app = platform.app()
    people(app)

    def crash(person: UUID) -> bool:
        raise SystemExit("killed once the register was written, before any key was deleted")

    with pytest.MonkeyPatch.context() as patch, pytest.raises(SystemExit):
        patch.setattr(app.vault, "erase", crash)
        app.erase_person(account_id_for("dominique"), by="admin", reason="objection")
    assert app.erasures() == [] and not app.profile("dominique")["erased"]

    restarted = platform.app()
    assert restarted.profile("dominique")["erased"]
    [act] = restarted.erasures()
    assert act["reason"] == "objection" and act["actor_id"] == "admin"
    assert restarted.profile("camille")["email"] == "camille@example.org"
    verified(platform.url)


def test_a_wrong_kek_file_is_an_error_not_an_erasure(
    platform: Platform, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    people(platform.app())
    monkeypatch.setenv("KEY_ENCRYPTION_KEY_FILE", str(tmp_path / "elsewhere" / "kek.b64"))
    with pytest.raises(KeyWrapError, match="no key-encryption key"):
        platform.app().profile("camille")  # never shown as erased: the file is the wrong one


def test_a_backup_restored_after_a_citizens_erasure_holds_no_session_nor_text_of_theirs(
    platform: Platform,
) -> None:
    app = platform.app()
    scenario = Scenario(app)
    proposal = str(scenario.drafted_proposal())
    scenario.consultation()
    lucie = app.enrol_citizen(pseudonym="Lucie", email="lucie@example.org")
    comment = app.post_comment(lucie, scenario.id, target="proposal", target_id=proposal, text="Mon avis").id
    session_id = app.sessions.start(lucie, 3600)
    backup = platform.backup()

    app.erase_person(UUID(lucie.removeprefix("citizen:")))
    assert not app.sessions.is_open(session_id, lucie, 3600)
    assert app.vault.held([str(comment)]) == set()
    platform.restore(backup)

    restored = platform.app()  # the start re-applies the register's erasure, her texts' keys with it
    assert restored.citizen(lucie) is None
    assert not restored.sessions.is_open(session_id, lucie, 3600)
    assert restored.vault.held([str(comment)]) == set()


def test_a_backup_restored_after_a_shredding_has_its_keys_deleted_at_start(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEY_ENCRYPTION_KEY_RETENTION_DAYS", "30")  # the others' texts open again
    app = platform.app()
    scenario = Scenario(app)
    proposal = str(scenario.drafted_proposal())
    scenario.consultation()
    lucie = app.enrol_citizen(pseudonym="Lucie", email="lucie@example.org")
    unlawful, kept = (
        str(app.post_comment(lucie, scenario.id, target="proposal", target_id=proposal, text=text).id)
        for text in ("Texte illicite", "Texte gardé")
    )
    app.report_item(scenario.facilitator, scenario.id, item_kind="comment", item_id=unlawful,
                             reason="unlawful", text="Diffamation")  # fmt: skip
    backup = platform.backup()

    app.shred_item(ACCOUNTS[Role.MODERATOR], scenario.id, item_kind="comment", item_id=unlawful,
                   ground="unlawful-content")  # fmt: skip
    register = platform.kek_file.with_name("kek.b64.erasures").read_text()
    [line] = [json.loads(text) for text in register.splitlines()]
    assert line["kind"] == "shredding" and line["item_id"] == unlawful
    assert len(line["keys"]) == 2 and unlawful in line["keys"]  # the comment's and the report's note's
    assert "Texte illicite" not in register and "Diffamation" not in register
    platform.restore(backup)

    restored = platform.app()  # the start deletes the keys the restored backup still holds
    assert restored.comment(scenario.id, unlawful)["text"] is None
    assert restored.comment(scenario.id, kept)["text"] == "Texte gardé"
    assert restored.vault.held(line["keys"]) == set()
    verified(platform.url)
