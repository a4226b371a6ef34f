"""Invitations, password resets, the mails written and the accounts API, through the web (SQLite and
PostgreSQL): mails go to the outbox, then to the loopback SMTP server or to files."""

import base64
import re
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from application.invitations import LinkMail
from application.mail.sender import Sender, backoff
from application.mail.transport import FolderTransport, SmtpTransport
from tests.builders import ADMIN, ensure_accounts
from tests.smtp import SmtpServer
from tests.web.conftest import PASSWORD, csrf_token, make_web_app, sign_in
from tests.webapp import aggregates_read
from web import close_app

EN = {"Accept-Language": "en"}
FR = {"Accept-Language": "fr"}
EMAIL = "camille.ferrand@example.org"


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_web_app(database_url, MAIL_DIR=str(tmp_path / "mail"))
    ensure_accounts(app.extensions["dialogues"], "orga", "someone", organisers=("orga",))
    yield app
    close_app(app)


def app_of(site: Flask) -> DialogueApp:
    dialogue_app: DialogueApp = site.extensions["dialogues"]
    return dialogue_app


def signed_in(site: Flask, login: str) -> FlaskClient:
    client = site.test_client()
    assert sign_in(client, login).status_code == 303  # type: ignore[attr-defined]
    return client


def deliver(site: Flask, server: SmtpServer) -> list[EmailMessage]:
    Sender(app_of(site).outbox, SmtpTransport(server.url)).send_due()
    return server.inbox.messages


def link_in(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    found = re.search(r"http://\S+", body.get_content())
    assert found is not None
    return found.group().removeprefix("http://127.0.0.1:5000")


def invite(client: FlaskClient, email: str = EMAIL, **extra: str) -> object:
    data = {"email": email, "name": "Camille", "language": "fr", "dialogue": "", "role": "", **extra}
    return client.post(
        "/admin/invitations",
        data={**data, "csrf_token": csrf_token(client, "/admin/invitations")},
        headers=EN,
    )


def test_an_invitation_mail_in_french_opens_an_account_once(site: Flask, smtp_server: SmtpServer) -> None:
    organiser = signed_in(site, "orga")

    assert invite(organiser).status_code == 303  # type: ignore[attr-defined]
    [mail] = deliver(site, smtp_server)
    assert (
        mail["To"] == EMAIL and mail["Subject"] == "Vous êtes invité·e à participer à un dialogue territorial"
    )
    assert mail.get_body(preferencelist=("html",)) is not None
    link = link_in(mail)
    newcomer = site.test_client()
    form = {"login": "camille", "display_name": "Camille F.", "password": PASSWORD, "confirmation": PASSWORD}
    answer = newcomer.post(link, data={**form, "csrf_token": csrf_token(newcomer, link)}, headers=EN)

    assert answer.status_code == 303 and answer.location == "/workspace"
    assert "Signed in as camille" in newcomer.get("/workspace", headers=EN).get_data(as_text=True)
    assert newcomer.get(link, headers=EN).status_code == 404
    page = organiser.get("/admin/invitations", headers=EN).get_data(as_text=True)
    assert "accepted by camille" in page


def test_an_invitation_refused_names_the_field_and_records_nothing(site: Flask) -> None:
    organiser = signed_in(site, "orga")

    answer = invite(organiser, email="not an address")

    assert answer.status_code == 200  # type: ignore[attr-defined]
    assert "Write an e-mail address" in answer.get_data(as_text=True)  # type: ignore[attr-defined]
    assert app_of(site).invitations("orga", app_of(site).invitation_ids("orga")) == []
    assert signed_in(site, "someone").get("/admin/invitations").status_code == 403


def test_a_reset_answers_the_same_for_any_address_and_ends_sessions(
    site: Flask, smtp_server: SmtpServer
) -> None:
    app_of(site).set_profile(ADMIN, "someone", email=EMAIL)
    elsewhere = signed_in(site, "someone")
    visitor = site.test_client()

    def ask(email: str) -> str:
        token = csrf_token(visitor, "/password/forgotten")
        answer = visitor.post("/password/forgotten", data={"email": email, "csrf_token": token}, headers=EN)
        assert answer.status_code == 303
        page = visitor.get("/login", headers=EN).get_data(as_text=True)
        return page[
            page.index('<ul class="flashes"') : page.index("</ul>", page.index('<ul class="flashes"'))
        ]

    assert ask("nobody@example.org") == ask(EMAIL)
    [mail] = deliver(site, smtp_server)
    link = link_in(mail)
    token = csrf_token(visitor, link)
    new = "a brand new passphrase"
    answer = visitor.post(link, data={"new_password": new, "confirmation": new, "csrf_token": token})

    assert answer.status_code == 303
    assert elsewhere.get("/workspace").status_code == 302  # signed out
    assert sign_in(site.test_client(), "someone", new).status_code == 303  # type: ignore[attr-defined]
    assert visitor.get(link).status_code == 404


def test_reset_requests_are_rate_limited(database_url: str, tmp_path: Path) -> None:
    app = make_web_app(database_url, RESET_RATE_LIMIT="2 per hour")
    try:
        visitor = app.test_client()
        statuses = [
            visitor.post(
                "/password/forgotten",
                data={"email": "x@example.org", "csrf_token": csrf_token(visitor, "/password/forgotten")},
            ).status_code
            for _ in range(3)
        ]
    finally:
        close_app(app)
    assert statuses == [303, 303, 429]


def test_administrators_read_the_mails_written_to_files(site: Flask) -> None:
    organiser = signed_in(site, "orga")
    invite(organiser)
    Sender(app_of(site).outbox, FolderTransport(Path(site.config["MAIL_DIR"]))).send_due()
    admin = signed_in(site, ADMIN)

    listing = admin.get("/admin/mail", headers=EN).get_data(as_text=True)
    [name] = re.findall(r"/admin/mail/([0-9a-f-]+\.eml)", listing)
    opened = admin.get(f"/admin/mail/{name}", headers=EN).get_data(as_text=True)

    assert EMAIL in listing
    assert "/invitations/" in opened
    assert organiser.get("/admin/mail").status_code == 403
    assert admin.get("/admin/mail/..%2Fdialogue.sqlite3").status_code == 404


def basic(login: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{PASSWORD}".encode()).decode()}


def test_the_accounts_api_creates_invites_lists_and_disables(site: Flask) -> None:
    admin = site.test_client()
    auth = {
        "Authorization": "Basic " + __import__("base64").b64encode(f"{ADMIN}:{PASSWORD}".encode()).decode()
    }

    created = admin.post(
        "/api/v1/accounts",
        json={"login": "newbie", "password": PASSWORD, "email": "newbie@example.org", "display_name": "N."},
        headers=auth,
    )
    too_long = admin.post(
        "/api/v1/accounts", json={"login": "x", "password": PASSWORD, "email": "a" * 300}, headers=auth
    )
    bad = admin.post("/api/v1/invitations", json={"email": "nope"}, headers=auth)
    invited = admin.post("/api/v1/invitations", json={"email": EMAIL, "language": "en"}, headers=auth)
    disabled = admin.post("/api/v1/accounts/newbie/disable", headers=auth, json={})
    accounts = admin.get("/api/v1/accounts", headers=auth).get_json()["accounts"]

    assert created.status_code == 201 and created.get_json() == {"id": "newbie"}
    assert too_long.status_code == 400 and "email" in too_long.get_json()["errors"]
    assert bad.status_code == 422 and "email" in bad.get_json()["errors"]
    assert invited.status_code == 201
    assert disabled.status_code == 200
    assert {"login": "newbie", "email": "newbie@example.org", "disabled": True}.items() <= next(
        a for a in accounts if a["login"] == "newbie"
    ).items()
    invitations = admin.get("/api/v1/invitations", headers=auth).get_json()["invitations"]
    assert [i["status"] for i in invitations] == ["pending"]
    someone = {
        "Authorization": "Basic " + __import__("base64").b64encode(f"someone:{PASSWORD}".encode()).decode()
    }
    assert admin.get("/api/v1/accounts", headers=someone).status_code == 403


def test_an_invitation_is_sent_again_then_cancelled_from_the_page(
    site: Flask, smtp_server: SmtpServer
) -> None:
    organiser = signed_in(site, "orga")
    invite(organiser)
    [invitation] = app_of(site).invitations("orga", app_of(site).invitation_ids("orga"))
    path = f"/admin/invitations/{invitation['id']}"

    resent = organiser.post(
        f"{path}/resend", data={"csrf_token": csrf_token(organiser, "/admin/invitations")}
    )
    first, second = deliver(site, smtp_server)
    cancelled = organiser.post(
        f"{path}/cancel", data={"csrf_token": csrf_token(organiser, "/admin/invitations")}
    )

    assert resent.status_code == cancelled.status_code == 303
    assert link_in(first) != link_in(second)
    assert site.test_client().get(link_in(first)).status_code == 404
    assert site.test_client().get(link_in(second)).status_code == 404
    assert "cancelled" in organiser.get("/admin/invitations", headers=EN).get_data(as_text=True)


def test_with_the_smtp_server_down_the_invitation_is_recorded_and_its_mail_goes_once_it_is_back(
    site: Flask, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    organiser = signed_in(site, "orga")

    assert invite(organiser).status_code == 303  # type: ignore[attr-defined]
    sender = Sender(app_of(site).outbox, SmtpTransport(smtp_server.url))
    assert sender.send_due() == 0
    smtp_server.start()
    assert sender.send_due(now=time.time() + backoff(1)) == 1
    assert sender.send_due(now=time.time() + 3600) == 0

    assert [m["To"] for m in smtp_server.inbox.messages] == [EMAIL]
    assert app_of(site).invitations("orga", app_of(site).invitation_ids("orga"))[0]["status"] == "pending"


def plain_mail(mail: LinkMail) -> EmailMessage:
    message = EmailMessage()
    message["To"] = mail.to
    message.set_content(mail.token)
    return message


def test_the_invitations_sent_a_page_at_a_time_newest_first_reading_only_the_page(
    site: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_of(site)
    sent = [app.invite_person("orga", email=f"p{i:02}@example.org", compose=plain_mail) for i in range(23)]
    organiser = signed_in(site, "orga")
    read = aggregates_read(app, monkeypatch)

    first = organiser.get("/admin/invitations", headers=EN).get_data(as_text=True)
    first_read = set(read)
    read.clear()
    second = organiser.get("/admin/invitations?invitations=2", headers=EN).get_data(as_text=True)
    second_read = set(read)
    api = [organiser.get(f"/api/v1/invitations?page={n}", headers=EN) for n in (1, 2, 0)]

    def shown(page: str) -> list[str]:
        return re.findall(r">(p\d\d)@example.org", page)

    assert shown(first) == [f"p{i:02}" for i in range(22, 2, -1)] and shown(second) == ["p02", "p01", "p00"]
    assert 'href="/admin/invitations?invitations=2#sent">Next page: older invitations<' in first
    assert 'href="/admin/invitations#sent">Previous page: newer invitations<' in second
    assert "Page 2, newest first." in second
    assert first_read.isdisjoint(map(str, sent[:3])) and second_read.isdisjoint(map(str, sent[3:]))
    assert second_read >= set(map(str, sent[:3]))
    listed = [answer.get_json() for answer in api[:2]]
    assert [len(page["invitations"]) for page in listed] == [20, 3]
    assert [page["next_page"] for page in listed] == [2, None]
    assert listed[1]["invitations"][-1]["email"] == "p00@example.org"
    assert api[2].status_code == 400 and "page" in api[2].get_json()["errors"]


def test_a_convenor_invites_into_their_dialogue_from_its_workspace_page(site: Flask) -> None:
    app = app_of(site)
    ensure_accounts(app, "conv")
    veze = app.open_dialogue("orga", slug="veze", title="La Vèze", territory="X", subject="S").id
    app.open_dialogue("orga", slug="autre", title="Autre", territory="X", subject="S")
    app.grant_role("orga", veze, grantee_id="conv", role="convenor")  # type: ignore[arg-type]
    app.grant_role("orga", veze, grantee_id="someone", role="stakeholder")  # type: ignore[arg-type]
    convenor, stakeholder = signed_in(site, "conv"), signed_in(site, "someone")
    link = 'href="/admin/invitations?dialogue=veze">Invite a person into this dialogue<'
    address = "/admin/invitations?dialogue=veze"

    workspace = convenor.get("/workspace/dialogues/veze", headers=EN).get_data(as_text=True)
    form = convenor.get(address, headers=EN).get_data(as_text=True)
    data = {"email": EMAIL, "language": "fr", "dialogue": "veze", "role": "expert"}
    answer = convenor.post(address, data={**data, "csrf_token": csrf_token(convenor, address)}, headers=EN)

    assert link in workspace and link not in stakeholder.get("/workspace/dialogues/veze").get_data(
        as_text=True
    )
    choice = form.split('id="dialogue"')[1].split("</select>")[0]
    assert re.findall(r'value="([^"]*)"', choice) == ["veze"] and "selected" in choice
    assert f'action="{address}"' in form
    assert answer.status_code == 303 and answer.location == address
    [listed] = app.invitations("conv", app.invitation_ids("conv"))
    assert listed["dialogue"] == "veze" and listed["role"] == "expert" and listed["email"] == EMAIL
    assert stakeholder.get(address).status_code == 403
    assert convenor.get("/admin/invitations?dialogue=autre").status_code == 404  # not theirs: not shown
    assert convenor.get("/admin/invitations?dialogue=nowhere").status_code == 404
