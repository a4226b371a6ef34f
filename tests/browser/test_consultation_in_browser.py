"""A public consultation, the whole path in Chromium: a citizen signs up on a phone, confirms by the
link of the mail the loopback SMTP server received, posts an observation and supports another
citizen's; the facilitator closes the consultation and publishes its synthesis through the workspace's
forms; the public page shows it all. axe-core finds no violation; at 390 px no page scrolls sideways."""

import re
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, Site, served, with_scenario_accounts
from tests.builders import ACCOUNTS, Role, Scenario
from tests.smtp import SmtpServer

EMAIL = "lucie.martin@example.org"
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None, smtp: SmtpServer) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("consultation") / "dialogue.sqlite3", SMTP_URL=smtp.url) as site:
        site.app.config["PUBLIC_URL"] = site.url
        yield with_scenario_accounts(site)


def mail_to(smtp: SmtpServer, address: str) -> EmailMessage:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        received = [m for m in smtp.inbox.messages if m["To"] == address]
        if received:
            return received[-1]
        time.sleep(0.2)
    raise AssertionError(f"no mail for {address}")


def link_in(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    found = re.search(r"http://\S+/citizens/confirm/\S+", body.get_content())
    assert found is not None
    return found.group()


def checked(page: Page) -> None:
    """No violation for axe-core, and no sideways scrolling."""
    violations: list[dict[str, Any]] = Axe().run(page).response["violations"]
    assert [f"{v['id']}: {v['help']}" for v in violations] == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_citizen_takes_part_and_the_facilitator_publishes_the_synthesis(
    site: Site, smtp: SmtpServer, person: Callable[..., Page]
) -> None:
    scenario = Scenario(site.dialogues)
    consultation_id = scenario.consultation()
    scenario.citizen_contribution()  # Paul du Moulin's observation
    slug = site.dialogues.status(scenario.id)["slug"]
    address = f"/dialogues/{slug}/consultations/{consultation_id}"
    site.settle()

    citizen = person(site, None, **PHONE)
    citizen.goto(address)
    checked(citizen)
    citizen.get_by_role("link", name="Sign up to contribute").click()
    checked(citizen)
    citizen.get_by_label("E-mail address").fill(EMAIL)
    citizen.get_by_label("Public pseudonym").fill("Lucie M.")
    citizen.get_by_label("I accept the terms of use").check()
    citizen.get_by_role("button", name="Sign up").click()
    expect(citizen.locator("h1")).to_have_text("Check your mailbox")

    citizen.goto(link_in(mail_to(smtp, EMAIL)))
    checked(citizen)
    citizen.get_by_role("button", name="Confirm and sign in").click()
    expect(citizen.locator("h1")).to_have_text("My participation")
    checked(citizen)
    citizen.get_by_role("link", name="Comment partager l'eau en été ?").click()
    citizen.get_by_label("observation").check()
    citizen.get_by_label("Your contribution").fill("Les puits des jardins baissent dès juin.")
    citizen.get_by_role("button", name="Publish my contribution").click()
    expect(citizen.locator("ol.contributions")).to_contain_text("Les puits des jardins baissent dès juin.")
    citizen.get_by_role("button", name="Support the contribution of Paul du Moulin").click()
    paul = citizen.locator("li.contribution", has_text="Paul du Moulin")
    expect(paul).to_contain_text("1 support")
    expect(paul).to_contain_text("You support it.")
    checked(citizen)

    facilitator = person(site, ACCOUNTS[Role.FACILITATOR], PASSWORD)
    facilitator.goto(f"/workspace/dialogues/{slug}/acts/consultation-closed")
    facilitator.get_by_label("Public consultation").select_option(str(consultation_id))
    facilitator.locator("main form button[type=submit]").click()
    expect(facilitator.locator("main")).to_contain_text("Recorded")
    facilitator.goto(f"/workspace/dialogues/{slug}/acts/consultation-synthesised")
    facilitator.get_by_label("Public consultation").select_option(str(consultation_id))
    facilitator.get_by_label("Text").fill("Deux observations sur la baisse des nappes en été.")
    facilitator.get_by_label("Main themes").fill("Baisse des nappes: 2")
    facilitator.get_by_label("Follow-up").fill("Le groupe eau en tiendra compte.")
    facilitator.locator("main form button[type=submit]").click()
    expect(facilitator.locator("main")).to_contain_text("Recorded")

    site.settle()
    public = person(site, None, **PHONE)
    public.goto(address)
    expect(public.locator(".synthesis")).to_contain_text("Deux observations sur la baisse des nappes en été.")
    expect(public.locator(".synthesis table")).to_contain_text("Baisse des nappes")
    expect(public.locator("ol.contributions li")).to_have_count(2)
    expect(public.get_by_text("Sign up to contribute")).to_have_count(0)  # closed
    checked(public)
    public.goto(f"/dialogues/{slug}")
    expect(public.locator("main")).to_contain_text(
        "Contributions of the public to the public consultations: 2"
    )
