"""The live board in Chromium, a facilitator and a stakeholder each in a browser context of their own.

The facilitator opens a live session of the consultation group's meeting and both join it; what
one does appears on the other's screen within a second (the stakeholder's contribution, the
facilitator's cluster), and the tally of a consent round updates on both screens.
"""

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Site, served, with_scenario_accounts
from tests.builders import MEMBERS, Scenario

SLUG = "eau-en-direct"
WITHIN_MS = 1000


@pytest.fixture(scope="module")
def live_site(
    tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None
) -> Iterator[tuple[Site, Scenario]]:
    """The app on a fresh store: a dialogue in collective work, a meeting of its consultation group."""
    with served(tmp_path_factory.mktemp("live") / "dialogue.sqlite3") as site:
        app = with_scenario_accounts(site).dialogues
        scenario = Scenario(app, slug=SLUG)
        scenario.meeting()
        yield site, scenario


def appears(locator: Locator, started: float) -> float:
    """Wait for ``locator`` to be visible; the milliseconds since ``started``, asserted under a second."""
    expect(locator).to_be_visible(timeout=WITHIN_MS)
    elapsed = (time.monotonic() - started) * 1000
    assert elapsed < WITHIN_MS, f"{locator} took {elapsed:.0f} ms"
    return elapsed


def on_the_board(page: Page) -> Page:
    page.goto(f"/workspace/dialogues/{SLUG}/live")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-connected", "true")
    return page


def test_two_people_work_on_one_live_board(
    live_site: tuple[Site, Scenario], person: Callable[..., Page], screenshots: Path
) -> None:
    site, scenario = live_site
    meeting = str(scenario.meeting())
    facilitator = on_the_board(person(site, "facilitator"))
    stakeholder = on_the_board(person(site, "stakeholder"))

    # The facilitator opens the session; both join it and see each other in it.
    facilitator.locator(f'[data-meeting="{meeting}"] [data-open-session]').click()
    for page in (facilitator, stakeholder):
        page.locator(f'[data-meeting="{meeting}"] [data-join-session]').click()
        expect(page.locator("[data-session]")).to_be_visible()
    for page in (facilitator, stakeholder):
        for login in ("facilitator", "stakeholder"):
            expect(page.locator(f'[data-presence] [data-login="{login}"]')).to_contain_text("in the session")
    facilitator.locator("[data-agenda] li", has_text="diagnostic").get_by_role("button").click()
    expect(stakeholder.locator("[data-agenda] li[aria-current=true]")).to_contain_text("diagnostic")

    # The stakeholder's contribution reaches the facilitator's board within a second.
    stakeholder.get_by_label("idea").check()
    stakeholder.fill("#live-text", "Des cuves de récupération d'eau de pluie")
    started = time.monotonic()
    stakeholder.locator("[data-live-post] button").click()
    card = facilitator.locator(".card", has_text="Des cuves de récupération")
    appears(card, started)

    # The facilitator's cluster reaches the stakeholder's screen within a second.
    card.get_by_text("Move to…").click()
    started = time.monotonic()
    card.get_by_role("button", name="New cluster").click()
    appears(stakeholder.locator('.cluster[data-cluster="cluster-1"] .card', has_text="Des cuves"), started)
    cluster = facilitator.locator('.cluster[data-cluster="cluster-1"]')
    cluster.get_by_role("button", name="Rename").click()
    cluster.get_by_label("Name of the cluster").fill("Stocker l'eau")
    cluster.get_by_label("Name of the cluster").press("Enter")
    expect(stakeholder.locator('.cluster[data-cluster="cluster-1"] h3')).to_have_text("Stocker l'eau")
    journal = stakeholder.locator("[data-journal]")  # clusters by their names, never their keys
    expect(journal).to_contain_text('Cluster "Cluster 1" named "Stocker l\'eau"')
    expect(journal).to_contain_text('Contribution clustered under "Stocker l\'eau"')
    expect(journal).not_to_contain_text("cluster-1")
    stakeholder.screenshot(path=screenshots / "live-board-stakeholder.png", full_page=True)

    # The cluster becomes a proposal, put to the consultation group; the tally updates on both screens.
    cluster.locator("[data-to-proposal]").click()
    expect(facilitator.locator("#round-proposal option", has_text="Stocker l'eau")).to_have_count(1)
    facilitator.get_by_role("button", name="Put to the instance").click()
    for page in (facilitator, stakeholder):
        expect(page.locator("[data-tally]")).to_have_attribute("data-tally", "0/0/3")
    started = time.monotonic()
    stakeholder.locator("[data-endorse-round]").click()
    for page in (facilitator, stakeholder):
        appears(page.locator('[data-tally="1/0/3"]'), started)
    [proposal] = [UUID(p["id"]) for p in site.dialogues.parts(scenario.id)["proposal"]]
    site.dialogues.object_to_proposal(
        MEMBERS[0], scenario.id, proposal, reason="Trop cher pour les petites communes"
    )
    for page in (facilitator, stakeholder):  # recorded elsewhere (here: the application), seen all the same
        expect(page.locator("[data-tally]")).to_have_attribute("data-tally", "1/1/3")
        expect(page.locator("[data-round] .objections")).to_contain_text("Trop cher")
    site.dialogues.endorse_proposal(MEMBERS[1], scenario.id, proposal)
    for page in (facilitator, stakeholder):
        expect(page.locator("[data-tally]")).to_have_attribute("data-tally", "2/1/3")
    facilitator.screenshot(path=screenshots / "live-board-consent-round.png", full_page=True)

    facilitator.locator("[data-close-round]").click()
    for page in (facilitator, stakeholder):
        expect(page.locator("[data-round-outcome]")).to_have_text(
            'Consent round closed: "Stocker l\'eau" validated '
            "(majority: 2 endorsements, 1 objection, 3 members)"
        )
    facilitator.fill("#minutes-text", "Une proposition validée : stocker l'eau de pluie.")
    facilitator.get_by_role("button", name="Save the draft").click()
    expect(stakeholder.locator("[data-minutes]")).to_have_text(
        "Une proposition validée : stocker l'eau de pluie."
    )
    facilitator.screenshot(path=screenshots / "live-board-facilitator.png", full_page=True)

    facilitator.locator("[data-session-close]").click()
    for page in (facilitator, stakeholder):
        expect(page.locator("[data-session]")).to_be_hidden()
    assert site.dialogues.live_session("facilitator", scenario.id, scenario.meeting())["open"] is False


def test_the_journal_names_the_platform_and_a_citizen_in_words(
    tmp_path: Path, cheap_hashing: None, person: Callable[..., Page]
) -> None:
    with served(tmp_path / "dialogue.sqlite3") as site:
        scenario = Scenario(with_scenario_accounts(site).dialogues, slug=SLUG)
        meeting = str(scenario.meeting())
        facilitator = on_the_board(person(site, "facilitator"))
        facilitator.locator(f'[data-meeting="{meeting}"] [data-open-session]').click()
        facilitator.locator(f'[data-meeting="{meeting}"] [data-join-session]').click()
        expect(facilitator.locator("[data-session]")).to_be_visible()

        scenario.citizen_contribution()  # Paul du Moulin's, to a consultation opening today
        assert site.dialogues.reach_consultation_dates() == 1  # its start, recorded by the platform
        journal = facilitator.locator("[data-journal]")
        expect(journal.locator("li", has_text="opened on its first day")).to_contain_text("the platform")
        expect(journal.locator("li", has_text="Paul du Moulin")).to_have_count(1)
        expect(journal).not_to_contain_text("platform:")
        expect(journal).not_to_contain_text("citizen:")
        facilitator.context.close()  # before the server stops
