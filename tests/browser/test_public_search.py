"""The home page and the search in Chromium: French and English, 1280 and 390 px wide.

axe-core finds no violation of any impact, the page never scrolls sideways,
the results show the words of the query marked, no ISO date shows, and the
forms work without JavaScript. Screenshots go to var/screenshots/public/.
"""

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from application.demo import EARLIER_SLUG, MAIN_SLUG, WORKSHOP_SLUG
from projections.transparency_log import overview
from tests.browser.conftest import LOCALES, TIMEOUT_MS, Site
from web.public.pagecache import PageCache

WIDTHS = {"wide": (1280, 800), "phone": (390, 844)}
PAGES = {"home": "/", "search-irrigation": "/search?q=irrigation", "search-reunion": "/search?q=reunion"}
FOUND_IN = {
    "search-irrigation": {MAIN_SLUG},
    "search-reunion": {MAIN_SLUG, EARLIER_SLUG, WORKSHOP_SLUG},  # each held a public meeting
}
"""The dialogues whose items each search finds."""
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture(scope="module")
def shots(screenshots: Path) -> Path:
    folder = screenshots / "public"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def visitor(browser: Browser) -> Iterator[Callable[..., Page]]:
    """``visitor(site, language, width, javascript=True)``: an anonymous page of that size and language."""
    contexts: list[Any] = []

    def open_page(site: Site, language: str, width: str, *, javascript: bool = True) -> Page:
        w, h = WIDTHS[width]
        context = browser.new_context(
            base_url=site.url,
            locale=LOCALES[language],
            viewport={"width": w, "height": h},
            java_script_enabled=javascript,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def ambiguous_links(page: Page) -> dict[str, list[str]]:
    """Accessible names shared by links to different places: name -> their targets."""
    links = page.locator("a[href]")
    targets: dict[str, set[str]] = {}
    for index in range(links.count()):
        link = links.nth(index)
        name = " ".join((link.get_attribute("aria-label") or link.inner_text()).split())
        targets.setdefault(name, set()).add(link.evaluate("a => a.href"))
    return {name: sorted(found) for name, found in targets.items() if len(found) > 1}


def violations(axe: Axe, page: Page) -> list[str]:
    found = axe.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in found]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_home_and_search_are_accessible_and_fit_the_screen(
    demo_site: Site, visitor: Callable[..., Page], axe: Axe, shots: Path, name: str, language: str, width: str
) -> None:
    page = visitor(demo_site, language, width)
    response = page.goto(PAGES[name])
    assert response is not None and response.ok
    assert page.locator("html").get_attribute("lang") == language
    page.screenshot(path=str(shots / f"{name}-{language}-{width}.png"), full_page=True)

    assert violations(axe, page) == []
    assert ambiguous_links(page) == {}
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    assert not ISO_DATE.search(page.locator("main").inner_text())
    if name.startswith("search"):
        assert page.locator("main mark").count() > 0
        assert page.locator("main mark").first.is_visible()
        groups = page.locator("section.search-group h2 a")
        found = {groups.nth(i).get_attribute("href") for i in range(groups.count())}
        assert found == {f"/dialogues/{slug}" for slug in FOUND_IN[name]}


def test_the_search_box_of_the_home_page_works_without_javascript(
    demo_site: Site, visitor: Callable[..., Page]
) -> None:
    page = visitor(demo_site, "fr", "phone", javascript=False)
    page.goto("/")
    page.get_by_role("searchbox", name="Rechercher dans les dialogues").fill("Réunions")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    assert "/search?q=R%C3%A9unions" in page.url
    assert page.locator("main mark").first.inner_text() in ("Réunion", "réunion", "réunions", "Réunions")


def test_the_filters_of_the_home_page_work_without_javascript(
    demo_site: Site, visitor: Callable[..., Page]
) -> None:
    page = visitor(demo_site, "en", "wide", javascript=False)
    page.goto("/")
    assert page.locator(".dialogue-cards > li").count() == 3
    page.get_by_label("Territory").select_option(label="Brassac-la-Rivière, Vèze moyenne")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_load_state()
    assert "territory=" in page.url
    cards = page.locator(".dialogue-cards > li")
    assert cards.count() == 1
    assert cards.first.get_by_role("link").first.get_attribute("href") == f"/dialogues/{EARLIER_SLUG}"
    assert page.get_by_text("Latest decision").first.is_visible()


SEARCH_LABEL = {"fr": "Rechercher dans les dialogues", "en": "Search the dialogues"}
SEARCH_BUTTON = {"fr": "Rechercher", "en": "Search"}
HEADER_HEIGHT = {"wide": 100, "phone": 150}
"""The header at most this tall (px) with its search box: compact on a phone."""


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("path", [f"/dialogues/{MAIN_SLUG}", f"/dialogues/{MAIN_SLUG}/diagnosis", "/sitemap"])
def test_the_header_s_search_box_takes_a_citizen_from_any_page_to_the_results(
    demo_site: Site, visitor: Callable[..., Page], path: str, language: str, width: str
) -> None:
    page = visitor(demo_site, language, width, javascript=False)
    page.goto(path)
    header = page.locator("header.site-header")
    box = header.get_by_role("searchbox", name=SEARCH_LABEL[language])
    assert box.is_visible()
    shown, frame = box.bounding_box(), header.bounding_box()
    assert shown is not None and frame is not None
    assert shown["x"] >= 0 and shown["x"] + shown["width"] <= WIDTHS[width][0]
    assert frame["height"] <= HEADER_HEIGHT[width], frame
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]

    box.fill("irrigation")
    header.get_by_role("button", name=SEARCH_BUTTON[language], exact=True).click()
    page.wait_for_load_state()

    assert page.url.endswith("/search?q=irrigation")
    assert page.locator("main mark").count() > 0
    assert page.get_by_role("search").count() == 1  # the search page's own box, none in its header


@pytest.mark.parametrize("path", ["/", "/search?q=irrigation"])
def test_the_home_and_search_pages_hold_one_search_box_only(
    demo_site: Site, visitor: Callable[..., Page], path: str
) -> None:
    page = visitor(demo_site, "en", "phone")
    page.goto(path)
    assert page.get_by_role("search").count() == 1
    assert page.locator("header.site-header").get_by_role("searchbox").count() == 0


NEXT_PAGE = {"fr": "Page suivante des dialogues", "en": "Next page of the dialogues"}
PREVIOUS_PAGE = {"fr": "Page précédente des dialogues", "en": "Previous page of the dialogues"}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_home_page_s_pages_of_dialogues_are_accessible_and_fit_the_screen(
    demo_site: Site,
    visitor: Callable[..., Page],
    axe: Axe,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    width: str,
) -> None:
    monkeypatch.setattr(overview, "PAGE_SIZE", 1)
    monkeypatch.setitem(demo_site.app.extensions, "page_cache", PageCache(0))  # not the pages kept
    page = visitor(demo_site, language, width)  # axe runs as a script: a page without one never answers
    page.goto("/")
    first = page.locator(".dialogue-cards > li h3 a").get_attribute("href")
    assert page.locator(".dialogue-cards > li").count() == 1
    pages = page.locator("nav.pages")
    assert pages.count() == 1 and PREVIOUS_PAGE[language] not in pages.inner_text()
    page.get_by_role("link", name=NEXT_PAGE[language]).click()
    page.wait_for_load_state()
    assert "dialogues=2" in page.url and page.locator(".dialogue-cards > li").count() == 1
    second = page.locator(".dialogue-cards > li h3 a").get_attribute("href")
    assert {first, second} == {f"/dialogues/{MAIN_SLUG}", f"/dialogues/{EARLIER_SLUG}"}
    assert page.get_by_role("link", name=PREVIOUS_PAGE[language]).is_visible()
    assert violations(axe, page) == []
    assert ambiguous_links(page) == {}
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
