"""In Chromium: the workspace says what awaits me, each item a link to its form; a refused form opens
with a summary that takes the focus, whose links move to the fields, under a title starting "Error:";
required fields are announced as such; axe finds nothing serious, in French and English, wide and narrow."""

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from application.demo import ACCOUNTS, AUDITOR, FACILITATOR, MAIN_SLUG, PASSWORD
from tests.browser.conftest import Site
from tests.browser.test_accessibility import blocking

OPERATOR = ACCOUNTS["operator"]
TITLES = {"fr": "Erreur\u00a0: ", "en": "Error: "}
WIDTHS = [1280, 390]


def announced_required(page: Page, name: str) -> bool | None:
    """Whether Chromium's accessibility tree says the control named ``name`` is required (None: none)."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    for node in tree["nodes"]:
        if node.get("name", {}).get("value") == name and not node.get("ignored"):
            properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            return bool(properties.get("required"))
    return None


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_operator_follows_an_item_to_do_to_its_form_and_is_led_through_its_errors(
    demo_site: Site,
    person: Callable[..., Page],
    axe: Axe,
    screenshots: Path,
    language: str,
    width: int,
) -> None:
    folder = screenshots / "workspace"
    folder.mkdir(exist_ok=True)
    page = person(demo_site, OPERATOR, PASSWORD, language=language)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/workspace/dialogues/{MAIN_SLUG}")

    items = page.locator("#to-do-section li")
    assert items.count() >= 1
    assert blocking(axe.run(page).response["violations"]) == []
    page.screenshot(path=folder / f"dialogue-{language}-{width}.png", full_page=True)

    items.first.locator("a").first.click()  # report progress on the first action
    page.wait_for_load_state()
    assert "/acts/progress-reported?action_id=" in page.url
    assert page.locator("#f-action_id").input_value() != ""
    percent = page.locator("#f-percent")
    assert percent.evaluate("input => input.required") is True
    label = percent.evaluate("input => input.labels[0].innerText.replace('*', '').trim()")
    assert announced_required(page, label) is True  # the mark itself is not read out

    page.locator("main form.act-form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.title().startswith(TITLES[language])
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("element => element === document.activeElement") is True
    link = summary.locator("a[href='#f-percent']")
    assert link.count() == 1
    link.click()
    assert page.evaluate("document.activeElement.id") == "f-percent"
    assert percent.get_attribute("aria-invalid") == "true"
    assert blocking(axe.run(page).response["violations"]) == []
    page.screenshot(path=folder / f"form-errors-{language}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_facilitator_of_the_demo_is_asked_to_record_the_next_steering_committee_held(
    demo_site: Site, person: Callable[..., Page], axe: Axe, screenshots: Path, width: int
) -> None:
    page = person(demo_site, FACILITATOR, PASSWORD, language="fr")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/workspace/dialogues/{MAIN_SLUG}")

    items = page.locator("#to-do-section li[data-to-do]")
    assert items.count() >= 1
    [upcoming] = [
        items.nth(n)
        for n in range(items.count())
        if "réexamen des propositions différées" in items.nth(n).inner_text()
    ]
    assert upcoming.get_attribute("data-to-do") == "meeting-held"
    assert "Rien ne m" not in page.locator("#to-do-section").inner_text()  # not "nothing awaits me"
    assert blocking(axe.run(page).response["violations"]) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=screenshots / f"facilitator-to-do-{width}.png", full_page=True)

    upcoming.locator("a").first.click()
    page.wait_for_load_state()
    assert "/acts/meeting-held?meeting_id=" in page.url
    picked = page.locator("#f-meeting_id")
    assert "réexamen des propositions différées" in picked.locator("option:checked").inner_text()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_replay_slider_steps_through_the_acts_by_their_dates(
    demo_site: Site, person: Callable[..., Page], language: str
) -> None:
    page = person(demo_site, AUDITOR, PASSWORD, language=language)
    page.goto(f"/audit/dialogues/{MAIN_SLUG}/replay?act=3")
    slider = page.locator("#f-act")
    said = json.loads(slider.get_attribute("data-steps") or "[]")

    slider.focus()
    page.keyboard.press("ArrowRight")  # the slider moves, and the page goes to that act
    page.wait_for_url("**act=4**")

    assert page.locator("#f-act-value").inner_text() == said[4]
    assert slider.get_attribute("aria-valuetext") == said[4]
    assert re.match(r"\d{1,2} \w+ \d{4}", said[4]) or re.match(r"\w+ \d{1,2}, \d{4}", said[4]), said[4]


def test_the_replay_pages_through_its_proposals_newest_first(
    demo_site: Site, person: Callable[..., Page]
) -> None:
    page = person(demo_site, AUDITOR, PASSWORD, language="en")
    page.goto(f"/audit/dialogues/{MAIN_SLUG}/replay")
    proposals = page.locator("section[aria-labelledby=proposals]")
    first = proposals.locator("tbody tr").all_inner_texts()
    assert len(first) == 10

    proposals.get_by_role("link", name="Next page: older proposals").click()
    page.wait_for_url("**proposals=2#proposals")

    older = proposals.locator("tbody tr").all_inner_texts()
    assert older and not set(older) & set(first)
    assert proposals.get_by_role("link", name="Previous page: newer proposals").is_visible()
    assert page.locator("#as-of").is_visible()  # the rest of the replay stays
