"""Fixtures of the browser tests: the real app served on 127.0.0.1, Debian's Chromium driven by Playwright.

The server is the Flask app of ``create_app`` (projections followed in their
thread, plain HTTP so the session cookie is not Secure) on a fresh SQLite
file, served by Werkzeug in a background thread on a free port. Each person
gets a browser context of their own and signs in through the login form.

Chromium is Debian's (``/usr/bin/chromium``; ``playwright install`` is never
used). When it is missing the tests are skipped with what to install, except
in CI (``CI=true``), where they fail.
"""

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from werkzeug.serving import make_server

from application import credentials
from application.demo import record_demo
from application.dialogues import DialogueApp
from tests.builders import ACCOUNTS, MEMBERS, ensure_accounts
from tests.smtp import SmtpServer
from tests.webapp import compiled_catalogues  # noqa: F401 (the .mo files, as `make` builds them)
from web import close_app, create_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parents[2] / "var" / "screenshots"
"""Where the tests save screenshots of the main pages (named in README.md)."""
ADMIN = "admin"
PASSWORD = "a long enough passphrase"
TIMEOUT_MS = 15_000
LOCALES = {"fr": "fr-FR", "en": "en-GB"}
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
"""``person(..., **PHONE)``: a phone's screen, 390 px wide."""


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"Chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def cheap_hashing() -> Iterator[None]:
    """Argon2id at its cheapest for the module's server (tests/conftest.py does it per test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(credentials, "HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))
        yield


@dataclass
class Site:
    """The app being served, at ``url``."""

    app: Flask
    url: str

    @property
    def dialogues(self) -> DialogueApp:
        dialogue_app: DialogueApp = self.app.extensions["dialogues"]
        return dialogue_app

    def settle(self) -> None:
        """Wait until every read model has caught up with the log (the public and audit pages read them)."""
        head = int(self.dialogues.recorder.max_notification_id() or 0)
        assert self.app.extensions["projections"].wait_for(head, 20), "the projections did not catch up"


@contextmanager
def served(database: Path, **settings: Any) -> Iterator[Site]:
    """The app on the SQLite file ``database`` (its mails beside it), with any other ``settings``."""
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "SECRET_KEY": "browser tests",
            "SESSION_COOKIE_SECURE": False,
            "RUN_PROJECTIONS": True,
            "MAIL_DIR": str(database.parent / "mail"),
            **settings,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="web-server", daemon=True)
    thread.start()
    try:
        yield Site(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        close_app(app)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Site]:
    """The app on a store holding the demo (logins ``demo-...``, password ``demo-dialogue``)."""
    with served(tmp_path_factory.mktemp("demo") / "dialogue.sqlite3") as site:
        record_demo(site.dialogues)
        site.settle()
        yield site


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Site]:
    """The app on an empty store with one platform administrator, ``admin``."""
    with served(tmp_path_factory.mktemp("clean") / "dialogue.sqlite3") as site:
        site.dialogues.create_administrator(ADMIN, PASSWORD)
        yield site


def with_scenario_accounts(site: Site) -> Site:
    """``site`` with an administrator ``root`` and the accounts of tests/builders.py's scenarios."""
    ensure_accounts(site.dialogues, *ACCOUNTS.values(), *MEMBERS)
    return site


def sign_in(page: Page, login: str, password: str) -> None:
    """Through the login form, as a person would."""
    page.goto("/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{login} could not sign in: {page.locator('main').inner_text()}"


@pytest.fixture
def person(browser: Browser) -> Iterator[Callable[..., Page]]:
    """``person(site, login, password, language=..., **options)``: a page in a browser context of its own
    (Playwright's ``options``: a phone's ``viewport``, ``has_touch``...), signed in unless ``login`` is
    None (an anonymous visitor)."""
    contexts: list[BrowserContext] = []

    def open_page(
        site: Site, login: str | None, password: str = PASSWORD, *, language: str = "en", **options: Any
    ) -> Page:
        context = browser.new_context(base_url=site.url, locale=LOCALES[language], **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if login is not None:
            sign_in(page, login, password)
        return page

    yield open_page
    for context in contexts:
        context.close()


def checked(page: Page) -> None:
    """No violation of any impact for axe-core, and no sideways scrolling."""
    violations: list[dict[str, Any]] = Axe().run(page).response["violations"]
    assert [f"{v['id']}: {v['help']}" for v in violations] == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


# --- mail: a real SMTP server on the loopback, and the citizens who sign up through it ----------


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    """The module's SMTP server on the loopback (tests/smtp.py)."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@contextmanager
def mailing(database: Path, smtp: SmtpServer) -> Iterator[Site]:
    """``served(database)`` sending its mails to ``smtp``, its links built from its own address."""
    with served(database, SMTP_URL=smtp.url) as site:
        site.app.config["PUBLIC_URL"] = site.url
        yield site


@pytest.fixture(scope="module")
def mail_site(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    cheap_hashing: None,
    smtp: SmtpServer,
) -> Iterator[Site]:
    """The module's app sending its mails to ``smtp``, with the accounts of the scenarios."""
    with mailing(tmp_path_factory.mktemp(request.module.__name__) / "dialogue.sqlite3", smtp) as site:
        yield with_scenario_accounts(site)


def mail_to(smtp: SmtpServer, address: str, count: int = 1) -> EmailMessage:
    """The ``count``-th mail the server received for ``address`` (the sender polls every 2 s)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        received = [m for m in smtp.inbox.messages if m["To"] == address]
        if len(received) >= count:
            return received[count - 1]
        time.sleep(0.2)
    raise AssertionError(f"no mail {count} for {address}")


def link_in(message: EmailMessage, containing: str = "") -> str:
    """The first link of the mail's plain text with ``containing`` in it."""
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    links = [link for link in re.findall(r"http://\S+", body.get_content()) if containing in link]
    assert links, f"no link with {containing!r} in the mail"
    return str(links[0])


def sign_up(page: Page, smtp: SmtpServer, email: str, pseudonym: str) -> None:
    """From the citizens' sign-up form on ``page``: sign up, open the mailed link, confirm; both pages
    are checked, and the citizen lands signed in on "My participation"."""
    checked(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Public pseudonym").fill(pseudonym)
    page.get_by_label("I accept the terms of use").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("h1")).to_have_text("Check your mailbox")
    page.goto(link_in(mail_to(smtp, email), "/citizens/confirm/"))
    checked(page)
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.locator("h1")).to_have_text("My participation")
