"""The public dialogue page and its item pages as a citizen sees them, in French and English, on a
laptop (1280x800) and a phone (390x844): the decision first, no horizontal scroll, no ISO date,
no accessibility violation of any impact, one accessible name per link target. Screenshots of
each page at both widths go to var/screenshots/public/.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from application.demo import MAIN_SLUG
from tests.browser.conftest import Site

MAIN = f"/dialogues/{MAIN_SLUG}"
WIDTHS = {"laptop": (1280, 800), "phone": (390, 844)}
KINDS = ("proposals", "decisions", "meetings", "actions", "consultations", "questionnaires")
PAGES = ("dialogue", *KINDS)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
RECORD_LAST = {"fr": "Évaluation et suites", "en": "Evaluation and follow-up"}
"""The last of the record's pages that the contents link."""


@pytest.fixture(scope="module")
def addresses(demo_site: Site) -> dict[str, str]:
    """The dialogue's page and the page of the first item of each kind it lists (or an earlier item page)."""
    client = demo_site.app.test_client()
    html = client.get(MAIN).get_data(as_text=True)
    found = {"dialogue": MAIN}
    for kind in KINDS:
        match = re.search(rf'href="({MAIN}/{kind}/[0-9a-f-]+)"', html)
        assert match, kind
        found[kind] = match.group(1)
        html += client.get(found[kind]).get_data(
            as_text=True
        )  # a questionnaire is linked from its consultation
    return found


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def opened(person: Callable[..., Page], site: Site, path: str, language: str, width: str) -> Page:
    page = person(site, None, language=language)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    response = page.goto(path)
    assert response is not None and response.ok, path
    assert page.locator("html").get_attribute("lang") == language
    return page


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_decision_its_reference_and_outcome_counts_are_seen_first(
    demo_site: Site, person: Callable[..., Page], language: str, width: str
) -> None:
    """Above the fold on a laptop, within two screens on a phone, with the stage and the next meeting."""
    page = opened(person, demo_site, MAIN, language, width)
    screens = 1 if width == "laptop" else 2
    limit = WIDTHS[width][1] * screens
    decided = page.locator("#decided")
    for shown in (
        decided.locator("strong"),  # the body
        decided.get_by_role("link", name="DEL-2026-041", exact=True),
        decided.locator(".outcome-counts"),
        decided.locator(".plain"),
        page.locator("#stage [aria-current=step]"),
        page.locator("#next-meeting h2"),
    ):
        box = shown.bounding_box()
        assert box is not None and box["y"] + box["height"] <= limit, (shown, box)
    counts = decided.locator(".outcome-counts li").all_inner_texts()
    assert len(counts) == 4 and all(re.match(r"^\S \w.*\s?: \d+$", text) for text in counts), counts
    contents = page.locator(".contents").bounding_box()
    assert contents is not None and contents["y"] <= limit
    record = (
        page.locator(".contents").get_by_role("link").filter(has_text=RECORD_LAST[language]).bounding_box()
    )
    assert record is not None and record["y"] + record["height"] <= limit  # the record's pages, all linked


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(
    demo_site: Site,
    person: Callable[..., Page],
    addresses: dict[str, str],
    screenshots: Path,
    name: str,
    language: str,
) -> None:
    page = opened(person, demo_site, addresses[name], language, "phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTHS["phone"][0]
    if language == "fr":
        folder = screenshots / "public"
        folder.mkdir(exist_ok=True)
        for size in WIDTHS:
            page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[size], strict=True)))
            page.screenshot(path=folder / f"{name.removesuffix('s')}-{WIDTHS[size][0]}.png", full_page=True)


VISIBLE_TEXT = """() => {
  const hidden = new Set(["CODE", "PRE", "SCRIPT", "STYLE"]);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest("code, pre, script, style, a[download]") || hidden.has(parent.tagName)) continue;
    if (parent.closest("[hidden]") || !parent.getClientRects().length) continue;
    texts.push(node.textContent);
  }
  return texts.join(" ");
}"""


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_no_date_is_shown_in_iso_form(
    demo_site: Site, person: Callable[..., Page], addresses: dict[str, str], name: str, language: str
) -> None:
    page = opened(person, demo_site, addresses[name], language, "laptop")
    text = page.evaluate(VISIBLE_TEXT)
    assert ISO_DATE.findall(text) == []
    assert "(resolved)" not in text and "(open)" not in text


LINKS = """() => [...document.querySelectorAll("a[href]")].map(a => [
  (a.getAttribute("aria-label") || a.textContent).replace(/\\s+/g, " ").trim(), a.href])"""


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violation_and_one_name_per_link_target(
    demo_site: Site,
    person: Callable[..., Page],
    addresses: dict[str, str],
    axe: Axe,
    name: str,
    language: str,
    width: str,
) -> None:
    page = opened(person, demo_site, addresses[name], language, width)
    violations: list[dict[str, Any]] = axe.run(page).response["violations"]
    assert [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in violations] == []
    targets: dict[str, set[str]] = {}
    for label, href in page.evaluate(LINKS):
        targets.setdefault(label, set()).add(href)
    assert {label: hrefs for label, hrefs in targets.items() if len(hrefs) > 1} == {}


CHART_READING = """svg => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll("text")];
  let scrolled = false;
  for (let e = svg.parentElement; e; e = e.parentElement) {
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible") scrolled = true;
  }
  return {
    left: box.left, right: box.right, scrolled,
    smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
    overflow: Math.max(...texts.map(t => t.getBoundingClientRect().right)) - box.right,
  };
}"""
"""Where a chart sits, whether a region scrolls it sideways, the size its smallest words are drawn at
(CSS pixels) and how far its widest word goes past its right edge."""


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("path", [MAIN, f"{MAIN}/diagnosis"])
def test_the_charts_fit_a_phone_and_their_words_stay_readable(
    demo_site: Site, person: Callable[..., Page], path: str, language: str
) -> None:
    page = opened(person, demo_site, path, language, "phone")
    charts = page.locator("svg.chart")
    assert charts.count() >= 1
    for chart in charts.all():
        chart.scroll_into_view_if_needed()
        seen = chart.evaluate(CHART_READING)
        assert seen["left"] >= 0 and seen["right"] <= WIDTHS["phone"][0], seen
        assert not seen["scrolled"] and seen["overflow"] <= 1, seen
        assert seen["smallest"] >= 12, seen


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        ("fr", ["commencée le 6 octobre 2025", "commencée le 4 décembre 2025", "depuis le 14 avril 2026"]),
        ("en", ["began on 6 October 2025", "began on 4 December 2025", "since 14 April 2026"]),
    ],
)
def test_each_stage_is_dated_by_when_its_first_act_took_effect(
    demo_site: Site, person: Callable[..., Page], language: str, dates: list[str]
) -> None:
    page = opened(person, demo_site, MAIN, language, "phone")
    said = page.locator("#stage li").all_inner_texts()
    assert [date in text for text, date in zip(said, dates, strict=True)] == [True, True, True], said
