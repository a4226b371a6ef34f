"""``/transparency`` and a proof page as citizens see them, on a phone too, in French and English.

axe-core finds no violation of any impact; at 390 px the page does not scroll
sideways; the page opens with what the log guarantees, in plain words. A
screenshot of each is saved in ``var/screenshots/public/``.
"""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from application.demo import MAIN_SLUG
from tests.browser.conftest import Site

WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
GUARANTEE = {"fr": "Ce que cela vous garantit", "en": "What this guarantees you"}
PROVEN = {"fr": "Ce qui est prouvé", "en": "What is proven"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture(scope="module")
def public_screenshots(screenshots: Path) -> Path:
    folder = screenshots / "public"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def decision_proof(page: Page) -> str:
    """The address of the proof of the demo's first decision, as linked from the dialogue's page."""
    page.goto(f"/dialogues/{MAIN_SLUG}")
    link = page.locator('#decided a[href*="/transparency/proof/inclusion"]').first  # "what was decided"
    href = link.get_attribute("href")
    assert href is not None
    return href


def violations(axe: Axe, page: Page) -> list[str]:
    found = axe.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in found]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("which", ["transparency", "proof"])
def test_a_citizen_can_read_the_page_on_any_screen(
    demo_site: Site,
    person: Callable[..., Page],
    axe: Axe,
    public_screenshots: Path,
    which: str,
    language: str,
    width: str,
) -> None:
    page = person(demo_site, None, language=language)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    path = "/transparency" if which == "transparency" else decision_proof(page)
    response = page.goto(path)
    assert response is not None and response.ok
    assert page.locator("html").get_attribute("lang") == language
    heading = GUARANTEE[language] if which == "transparency" else PROVEN[language]
    assert page.locator("main h2").first.inner_text() == heading
    if which == "proof":
        assert not re.search(r"\d{4}-\d{2}-\d{2}", page.locator("main .guarantee").inner_text())
    page.screenshot(path=str(public_screenshots / f"{which}-{language}-{width}.png"), full_page=True)

    assert violations(axe, page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {WIDTHS[width][0]} px"
