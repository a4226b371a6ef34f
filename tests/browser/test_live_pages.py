"""Public and workspace pages update live in Chromium: a decision recorded through the API appears on
an anonymous visitor's open public page, and the decision-maker's workspace shows the exit indicator
it meets, within a couple of seconds, without reload and without moving what the reader is looking at."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from domain.roles import Role
from tests.browser.conftest import PASSWORD, Site, served, with_scenario_accounts
from tests.builders import ACCOUNTS, DAY, Scenario

SLUG = "eau-publique"
WITHIN_MS = 2500


@pytest.fixture(scope="module")
def decision_site(
    tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None
) -> Iterator[tuple[Site, str]]:
    """A dialogue whose translated proposal has been presented to the conseil municipal."""
    with served(tmp_path_factory.mktemp("public-live") / "dialogue.sqlite3") as site:
        app = with_scenario_accounts(site).dialogues
        proposal_id = Scenario(app, slug=SLUG).presented()
        site.settle()
        yield site, str(proposal_id)


def following(page: Page, path: str) -> Page:
    page.goto(path)
    expect(page.locator("[data-live-page]")).to_have_attribute("data-connected", "true")
    page.evaluate("window.notReloaded = true")
    return page


def test_a_decision_recorded_through_the_api_appears_on_open_pages(
    decision_site: tuple[Site, str], person: Callable[..., Page], screenshots: Path
) -> None:
    site, proposal_id = decision_site
    decision_maker = ACCOUNTS[Role.DECISION_MAKER]
    visitor = following(person(site, None, language="fr"), f"/dialogues/{SLUG}")
    workspace = following(person(site, decision_maker), f"/workspace/dialogues/{SLUG}")
    visitor.set_viewport_size({"width": 1000, "height": 400})
    reading = visitor.locator("#actions")  # below the decisions: what grows above it must not push it
    below = reading.evaluate(
        "e => { e.scrollIntoView({block: 'start'}); return e.getBoundingClientRect().top; }"
    )
    expect(visitor.locator("#decisions")).not_to_contain_text("DEL-EN-DIRECT")
    expect(workspace.locator("#indicators-section li.met")).to_have_count(0)

    recorded = requests.post(
        f"{site.url}/api/v1/dialogues/{SLUG}/acts/decision-adopted",
        json={
            "body": "conseil_municipal",
            "body_name": "Conseil municipal de Niort",
            "deliberation_reference": "DEL-EN-DIRECT",
            "adopted_on": DAY,
            "votes": {"for": 18, "against": 2, "abstentions": 1},
            "outcomes": [{"proposal_id": proposal_id, "outcome": "adopted"}],
        },
        auth=(decision_maker, PASSWORD),
        timeout=10,
    )
    assert recorded.status_code == 201, recorded.text

    expect(visitor.locator("#decisions")).to_contain_text("DEL-EN-DIRECT", timeout=WITHIN_MS)
    expect(visitor.locator("[data-live-page]")).to_contain_text("Mise à jour")
    assert visitor.evaluate("window.notReloaded") is True
    after = reading.evaluate("e => e.getBoundingClientRect().top")
    assert abs(after - below) <= 2, "the section being read moved"
    visitor.screenshot(path=str(screenshots / "live-public-decision.png"), full_page=False)

    met = workspace.locator("#indicators-section li.met")  # proposals-adopted is now met
    expect(met).to_have_count(1, timeout=WITHIN_MS)
    expect(workspace.locator("#missing-section li")).to_have_count(1)
    assert workspace.evaluate("window.notReloaded") is True
