"""axe-core finds no serious or critical violation on the main pages, in French and in English.

RGAA conformance is a legal obligation for French public bodies. The pages are
those of the demo: the public list and dialogue pages; the convenor's workspace
page of the dialogue, one act form and the form to open a dialogue; the audit
trail, the replay and the provenance of a decision (as the auditor). The
language is the browser's (Accept-Language), and the page must say so in its
``lang`` attribute. On the same pages, the browser's console shows no error.
"""

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from application.demo import AUDITOR, CONVENOR, MAIN_SLUG, PASSWORD
from tests.browser.conftest import Site

BLOCKING = {"serious", "critical"}

PAGES: dict[str, tuple[str | None, str]] = {
    "public list": (None, "/"),
    "public dialogue": (None, f"/dialogues/{MAIN_SLUG}"),
    "transparency log": (None, "/transparency"),
    "workspace dialogue": (CONVENOR, f"/workspace/dialogues/{MAIN_SLUG}"),
    "act form": (CONVENOR, f"/workspace/dialogues/{MAIN_SLUG}/acts/action-created"),
    "open a dialogue form": (CONVENOR, "/workspace/open"),
    "audit trail": (AUDITOR, f"/audit/dialogues/{MAIN_SLUG}"),
    "replay": (AUDITOR, f"/audit/dialogues/{MAIN_SLUG}/replay"),
    "provenance": (AUDITOR, f"/audit/dialogues/{MAIN_SLUG}"),  # then its first decision's link
    "questionnaire results": (None, f"/dialogues/{MAIN_SLUG}/questionnaires"),  # then its first questionnaire
}


def every(violations: list[dict[str, Any]]) -> list[str]:
    """Each violation, whatever its impact: its rule, impact, and the elements it was found on."""
    found = []
    for v in violations:
        found.append(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}")
    return found


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """Each serious or critical violation: its rule, impact, and the elements it was found on."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
        if v.get("impact") in BLOCKING
    ]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_violation(
    demo_site: Site, person: Callable[..., Page], axe: Axe, name: str, language: str
) -> None:
    login, path = PAGES[name]
    page = person(demo_site, login, PASSWORD, language=language)
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    if name == "provenance":
        page.locator("ul.decisions a").first.click()
        assert "/provenance" in page.url
    if name == "questionnaire results":
        page.locator("ul.questionnaires a").first.click()
        assert page.locator("svg.chart").count() >= 4, page.url  # the demo's closed questionnaire
    assert page.locator("html").get_attribute("lang") == language

    results = axe.run(page)

    assert blocking(results.response["violations"]) == []


@pytest.mark.parametrize("name", list(PAGES))
def test_the_browser_reports_no_error_on_a_page(
    demo_site: Site, person: Callable[..., Page], name: str
) -> None:
    """Nothing in the console: no resource missing (the favicon Chromium asks for too), no script error."""
    login, path = PAGES[name]
    page = person(demo_site, login, PASSWORD)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(path, wait_until="networkidle")
    page.wait_for_timeout(200)  # the favicon is asked for once the page has loaded

    assert errors == []
