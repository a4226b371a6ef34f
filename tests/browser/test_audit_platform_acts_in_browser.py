"""In Chromium, at 1280 and 390 px: the auditor filters the trail on an act the platform records by
itself (a consultation ending at its date) and reads it, by "la plateforme"; axe-core finds no
violation of any impact, and the page does not scroll sideways."""

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from domain.roles import Role
from tests.application.test_consultation_calendar import DAY, later_consultation, on_day
from tests.browser.conftest import PASSWORD, Site, served, with_scenario_accounts
from tests.builders import ACCOUNTS, Scenario

SLUG = "consultation-datee"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("platform-acts") / "dialogue.sqlite3") as site:
        with_scenario_accounts(site)
        app = site.dialogues
        scenario = Scenario(app, slug=SLUG)
        on_day(app, DAY)
        later_consultation(scenario, app)
        on_day(app, DAY + timedelta(days=2))
        app.reach_consultation_dates()
        on_day(app, DAY + timedelta(days=9))
        app.reach_consultation_dates()
        site.settle()
        yield site


@pytest.mark.parametrize("width", [1280, 390])
def test_the_auditor_filters_the_trail_on_an_act_of_the_platform(
    site: Site, person: Callable[..., Page], width: int
) -> None:
    page = person(site, ACCOUNTS[Role.AUDITOR], PASSWORD, language="fr")
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"/audit/dialogues/{SLUG}")

    page.select_option("#f-act", label="Clôture de la consultation publique à sa date")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()

    rows = page.locator("table.trail tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-act") == "consultation-ended"
    cells = rows.first.locator("td")
    assert cells.nth(3).inner_text() == "Clôture de la consultation publique à sa date"
    assert cells.nth(4).inner_text() == "la plateforme"
    assert cells.nth(5).inner_text().startswith("Consultation publique close après son dernier jour")
    violations: list[dict[str, Any]] = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations] == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
