"""The links of invitations and password resets are signed with the site's key, a salt per purpose and
their date: one altered, made for the other purpose or too old opens a page saying so (never a 500),
and leaves the genuine link working; a genuine link works once (SQLite and PostgreSQL)."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.builders import ADMIN, ensure_accounts
from tests.smtp import SmtpServer
from tests.web.conftest import PASSWORD, csrf_token, make_web_app
from tests.web.test_invitations_pages import EMAIL, EN, app_of, deliver, invite, link_in, signed_in
from web import close_app
from web.auth.signing import open_token, signed_token

SECRET = "test secret"
"""The key of ``tests.webapp``'s site."""
ALTERED = "This link is not complete or was changed"
EXPIRED = "This link has expired"


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_web_app(database_url, MAIL_DIR=str(tmp_path / "mail"))
    ensure_accounts(app.extensions["dialogues"], "orga", "someone", organisers=("orga",))
    yield app
    close_app(app)


def invitation_link(site: Flask, smtp_server: SmtpServer) -> str:
    assert invite(signed_in(site, "orga")).status_code == 303  # type: ignore[attr-defined]
    [mail] = deliver(site, smtp_server)
    return link_in(mail)


def opened(site: Flask, path: str) -> tuple[int, str]:
    answer = site.test_client().get(path, headers=EN)
    return answer.status_code, answer.get_data(as_text=True)


def aged(purpose: str, token: str, seconds: float) -> str:
    """The token signed ``seconds`` ago."""
    real = time.time
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "time", lambda: real() - seconds)
        return signed_token(SECRET, purpose, token)


def test_an_altered_invitation_link_says_so_and_the_genuine_one_still_opens_an_account_once(
    site: Flask, smtp_server: SmtpServer
) -> None:
    link = invitation_link(site, smtp_server)
    prefix, signed = link.rsplit("/", 1)
    token = open_token(SECRET, "invitation", signed)
    assert signed != token
    # a character inside (the last one of a base64 text may carry only padding bits)
    flipped = signed[:3] + ("A" if signed[3] != "A" else "B") + signed[4:]
    for wrong in (
        flipped,  # one character changed
        signed[: len(signed) // 2],  # cut
        token,  # the bare token, unsigned
        signed_token("another key", "invitation", token),  # signed by another site
        "%00%ff..",
    ):
        status, page = opened(site, f"{prefix}/{wrong}")
        assert (status, ALTERED in page) == (404, True), wrong
    status, page = opened(site, f"/password/reset/{signed}")  # an invitation's link opens no reset
    assert (status, ALTERED in page) == (404, True)

    newcomer = site.test_client()
    form = {"login": "camille", "display_name": "Camille", "password": PASSWORD, "confirmation": PASSWORD}
    answer = newcomer.post(link, data={**form, "csrf_token": csrf_token(newcomer, link)}, headers=EN)
    assert answer.status_code == 303
    status, page = opened(site, link)
    assert (status, "This link no longer works" in page) == (404, True)  # used up


def test_an_invitation_link_older_than_seven_days_has_expired(site: Flask, smtp_server: SmtpServer) -> None:
    link = invitation_link(site, smtp_server)
    prefix, signed = link.rsplit("/", 1)
    token = open_token(SECRET, "invitation", signed)
    week = 7 * 24 * 3600

    status, page = opened(site, f"{prefix}/{aged('invitation', token, week + 60)}")
    assert (status, EXPIRED in page, "7 days" in page) == (404, True, True)
    status, page = opened(site, f"{prefix}/{aged('invitation', token, week - 3600)}")
    assert status == 200 and "password" in page.lower()  # six days and 23 hours: it holds


def test_a_reset_link_altered_or_too_old_says_so_and_the_genuine_one_works_once(
    site: Flask, smtp_server: SmtpServer
) -> None:
    app_of(site).set_profile(ADMIN, "someone", email=EMAIL)
    visitor = site.test_client()
    visitor.post(
        "/password/forgotten",
        data={"email": EMAIL, "csrf_token": csrf_token(visitor, "/password/forgotten")},
        headers=EN,
    )
    [mail] = deliver(site, smtp_server)
    link = link_in(mail)
    prefix, signed = link.rsplit("/", 1)
    token = open_token(SECRET, "reset", signed)

    assert opened(site, f"{prefix}/{signed[:-2]}")[0] == 404
    assert ALTERED in opened(site, f"{prefix}/{signed[:-2]}")[1]
    assert ALTERED in opened(site, f"/invitations/{signed}")[1]  # a reset's link opens no invitation
    assert EXPIRED in opened(site, f"{prefix}/{aged('reset', token, 3 * 3600)}")[1]

    new = "a brand new passphrase"
    answer = visitor.post(
        link, data={"new_password": new, "confirmation": new, "csrf_token": csrf_token(visitor, link)}
    )
    assert answer.status_code == 303
    assert opened(site, link)[0] == 404
