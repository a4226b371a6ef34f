"""The outbox and its sender: a real SMTP server on the loopback, down then up; files on the default."""

import stat
from email.message import EmailMessage
from pathlib import Path

import pytest

from application.dialogues import DialogueApp
from application.mail.sender import Sender, backoff
from application.mail.transport import FolderTransport, SmtpTransport, transport_from_settings
from application.settings import SettingsError
from tests.smtp import SmtpServer


def message(to: str, subject: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "no-reply@example.org"
    mail["To"] = to
    mail["Subject"] = subject
    mail.set_content("Bonjour")
    return mail


def test_a_queued_mail_reaches_the_smtp_server_once(app: DialogueApp, smtp_server: SmtpServer) -> None:
    app.outbox.put("k1", message("a@example.org", "Un"))
    app.outbox.put("k1", message("a@example.org", "Un"))  # the same key again: one mail
    sender = Sender(app.outbox, SmtpTransport(smtp_server.url))

    assert sender.send_due() == 1
    assert sender.send_due() == 0
    assert [m["Subject"] for m in smtp_server.inbox.messages] == ["Un"]
    assert app.outbox.waiting() == []


def test_an_smtp_outage_loses_nothing_and_sends_once_when_it_is_back(
    app: DialogueApp, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    app.outbox.put("k1", message("a@example.org", "Un"))
    app.outbox.put("k2", message("b@example.org", "Deux"))
    sender = Sender(app.outbox, SmtpTransport(smtp_server.url))

    assert sender.send_due(now=1e10) == 0
    [first, _] = app.outbox.waiting()
    assert first["attempts"] == 1 and "ConnectionRefusedError" in first["last_error"]
    assert sender.send_due(now=1e10 + 1) == 0  # backing off: not tried again yet
    smtp_server.start()
    assert sender.send_due(now=1e10 + backoff(1)) == 2
    assert sender.send_due(now=1e10 + 1e6) == 0

    assert sorted(m["Subject"] for m in smtp_server.inbox.messages) == ["Deux", "Un"]
    assert app.outbox.waiting() == []


def test_back_off_doubles_up_to_an_hour() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [5.0, 10.0, 20.0]
    assert backoff(30) == 3600.0


def test_without_smtp_url_mails_are_private_files(
    app: DialogueApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMTP_URL", raising=False)
    monkeypatch.setenv("MAIL_DIR", str(tmp_path / "mail"))
    app.outbox.put("k1", message("a@example.org", "Un"))

    Sender(app.outbox, transport_from_settings()).send_due()

    [file] = (tmp_path / "mail").glob("*.eml")
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "mail").stat().st_mode) == 0o700
    assert b"Subject: Un" in file.read_bytes()
    assert isinstance(transport_from_settings(), FolderTransport)


def test_smtp_url_names_tls_port_and_credentials() -> None:
    secure = SmtpTransport("smtps://relay%40x:s%3Acret@mail.example.org")
    starttls = SmtpTransport("smtp://mail.example.org")

    assert (secure.tls, secure.port, secure.user, secure.password) == (True, 465, "relay@x", "s:cret")
    assert (starttls.tls, starttls.port, starttls.starttls_required) == (False, 587, True)
    with pytest.raises(SettingsError):
        SmtpTransport("http://mail.example.org")
