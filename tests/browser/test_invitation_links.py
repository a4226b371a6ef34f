"""An invitation and a password reset, the whole path in Chromium: the mail reaches a real SMTP server
on the loopback, its link is opened, a password chosen, the person signed in (with their role).
axe-core finds no violation on the new pages; none scrolls sideways."""

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page

from application.invitations import LinkMail
from application.mail.transport import FolderTransport
from tests.browser.conftest import ADMIN, PASSWORD, Site, checked, link_in, mail_to, mailing
from tests.builders import ensure_accounts
from tests.smtp import SmtpServer
from web.admin.mails import compose
from web.auth.signing import signed_token

EMAIL = "camille.ferrand@example.org"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None, smtp: SmtpServer) -> Iterator[Site]:
    """The app sending its mails to the loopback SMTP server, links built from its own address."""
    with mailing(tmp_path_factory.mktemp("mail") / "dialogue.sqlite3", smtp) as site:
        site.dialogues.create_administrator(ADMIN, PASSWORD)
        ensure_accounts(site.dialogues, "conv", organisers=("conv",))
        site.dialogues.open_dialogue("conv", slug="veze", title="La Vèze", territory="X", subject="S")
        yield site


def test_an_invitee_follows_the_mailed_link_and_is_signed_in_with_their_role(
    site: Site, smtp: SmtpServer, person: Callable[..., Page]
) -> None:
    admin = person(site, ADMIN)
    admin.goto("/admin/invitations")
    checked(admin)
    admin.fill("#email", EMAIL)
    admin.fill("#name", "Camille Ferrand")
    admin.select_option("#language", "en")
    admin.select_option("#dialogue", "veze")
    admin.select_option("#role", "stakeholder")
    admin.get_by_role("button", name="Send the invitation").click()
    assert "Invitation sent to" in admin.locator(".flashes").inner_text()

    invitee = person(site, None)
    invitee.goto(link_in(mail_to(smtp, EMAIL, 1)))
    assert "You will take part in “La Vèze”" in invitee.locator("main").inner_text()
    checked(invitee)
    invitee.fill("#login", "camille")
    invitee.fill("#password", PASSWORD)
    invitee.fill("#confirmation", PASSWORD)
    invitee.get_by_role("button", name="Open my account").click()

    assert invitee.url.endswith("/workspace")
    assert "Signed in as camille" in invitee.locator("header").inner_text()
    assert "La Vèze" in invitee.locator("main").inner_text()
    assert site.dialogues.roles_in("camille", site.dialogues.dialogue_id("veze")) == ["stakeholder"]

    # A password reset, likewise: every other session of the account ends.
    visitor = person(site, None)
    visitor.goto("/login")
    visitor.get_by_role("link", name="Forgotten password").click()
    checked(visitor)
    visitor.fill("#email", EMAIL)
    visitor.get_by_role("button", name="Send the link").click()
    assert "If an account has this address" in visitor.locator(".flashes").inner_text()
    visitor.goto(link_in(mail_to(smtp, EMAIL, 2)))
    checked(visitor)
    visitor.fill("#new_password", "a brand new passphrase")
    visitor.fill("#confirmation", "a brand new passphrase")
    visitor.get_by_role("button", name="Change password").click()

    assert "Signed in as camille" in visitor.locator("header").inner_text()
    invitee.goto("/workspace")
    assert "/login" in invitee.url


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_mails_page_and_a_mail_are_accessible(
    site: Site, person: Callable[..., Page], language: str
) -> None:
    mail = LinkMail(
        "invitation", "x@example.org", "X", language, "token", datetime.now(UTC), "La Vèze", "expert"
    )
    FolderTransport(Path(site.app.config["MAIL_DIR"])).send(
        compose(mail, site.url, site.app.config["SECRET_KEY"])
    )
    admin = person(site, ADMIN, language=language)

    admin.goto("/admin/mail")
    checked(admin)
    admin.locator("main table a").first.click()
    assert "/invitations/InRva2VuIg." in admin.locator("main").inner_text()  # the token "token", signed
    checked(admin)
    admin.goto("/admin/invitations")
    checked(admin)


@pytest.mark.parametrize("width", [1280, 390])
def test_an_altered_or_expired_link_opens_a_page_saying_so(
    site: Site, person: Callable[..., Page], width: int
) -> None:
    visitor = person(site, None, language="fr")
    visitor.set_viewport_size({"width": width, "height": 800})
    secret = site.app.config["SECRET_KEY"]
    real = time.time
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "time", lambda: real() - 8 * 24 * 3600)
        old = signed_token(secret, "invitation", "a token")
    for path, heading in (
        ("/invitations/InRva2VuIg.altered.x", "Ce lien est incomplet ou a été modifié"),
        (f"/invitations/{old}", "Ce lien a expiré"),
    ):
        answer = visitor.goto(path)
        assert answer is not None and answer.status == 404
        assert visitor.locator("h1").inner_text() == heading
        checked(visitor)
        assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_invitations_sent_come_a_page_at_a_time(
    site: Site, person: Callable[..., Page], width: int
) -> None:
    app = site.dialogues
    while len(app.invitation_ids(ADMIN)) < 23:
        number = len(app.invitation_ids(ADMIN))
        app.invite_person(
            ADMIN, email=f"page{number:02}@example.org", compose=lambda mail: compose(mail, site.url, "k")
        )
    admin = person(site, ADMIN)
    admin.set_viewport_size({"width": width, "height": 800})
    admin.goto("/admin/invitations")
    sent = admin.locator("#sent").locator("..")
    first = sent.locator("tbody th").all_inner_texts()
    checked(admin)

    admin.get_by_role("navigation", name="Pages of the invitations").get_by_role(
        "link", name="Next page: older invitations"
    ).click()

    assert len(first) == 20 and admin.url.endswith("/admin/invitations?invitations=2#sent")
    second = sent.locator("tbody th").all_inner_texts()
    assert len(second) == len(app.invitation_ids(ADMIN)) - 20 and not set(first) & set(second)
    assert "Page 2, newest first." in sent.inner_text()
    checked(admin)
    cut = admin.evaluate(
        """() => [...document.querySelectorAll('#sent-caption ~ thead th')].filter(th => {
            const range = document.createRange(); range.selectNodeContents(th);
            return range.getClientRects().length > th.textContent.trim().split(/\\s+/).length;
        }).map(th => th.textContent)"""
    )
    assert cut == []  # no column's name cut inside a word: at 390 px the table scrolls in its region
    region = admin.get_by_role("region", name="The invitations you manage, newest first")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth") == (width == 390)


def test_a_convenor_finds_the_invitation_form_on_their_dialogue_page(
    site: Site, smtp: SmtpServer, person: Callable[..., Page]
) -> None:
    ensure_accounts(site.dialogues, "co-convenor")
    veze = site.dialogues.dialogue_id("veze")
    site.dialogues.grant_role("conv", veze, grantee_id="co-convenor", role="convenor")  # type: ignore[arg-type]
    convenor = person(site, "co-convenor")
    convenor.set_viewport_size({"width": 390, "height": 800})
    convenor.goto("/workspace/dialogues/veze")

    convenor.get_by_role("link", name="Invite a person into this dialogue").click()
    checked(convenor)
    assert convenor.locator("#dialogue option:checked").inner_text() == "La Vèze"
    convenor.fill("#email", "dominique@example.org")
    convenor.select_option("#role", "expert")
    convenor.get_by_role("button", name="Send the invitation").click()

    assert "Invitation sent to dominique@example.org" in convenor.locator(".flashes").inner_text()
    assert convenor.locator("#dialogue option:checked").inner_text() == "La Vèze"  # to invite the next
    body = mail_to(smtp, "dominique@example.org").get_body(preferencelist=("plain",))
    assert body is not None and "La Vèze" in body.get_content()
