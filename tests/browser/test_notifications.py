"""The bell and the list of notifications in Chromium: the server's own notifier, woken by the acts,
fills them; the person reads one, then all. The import page shows a wrong file's errors. axe-core finds
nothing serious on them at 1280 and 390 px."""

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from application.notifier.store import NotificationStore
from domain.roles import Role
from tests.browser.conftest import PASSWORD, Site, served, with_scenario_accounts
from tests.browser.test_accessibility import blocking
from tests.builders import ACCOUNTS, MEMBERS, Scenario

STAKEHOLDER = ACCOUNTS[Role.STAKEHOLDER]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Site]:
    """A meeting scheduled and an objection to the stakeholder's proposal, notified by the server's thread."""
    with served(tmp_path_factory.mktemp("notify") / "dialogue.sqlite3", RUN_NOTIFIER=True) as site:
        app = with_scenario_accounts(site).dialogues
        scenario = Scenario(app)
        scenario.meeting()
        app.object_to_proposal(MEMBERS[1], scenario.id, scenario.drafted_proposal(), reason="too costly")
        store: NotificationStore = site.app.extensions["notifications"]
        deadline = time.monotonic() + 20
        while store.unread(STAKEHOLDER) < 2:
            assert time.monotonic() < deadline, "the notifier did not notify"
            time.sleep(0.1)
        yield site


@pytest.mark.parametrize("width", [1280, 390])
def test_the_bell_leads_to_the_list_where_one_then_all_are_read(
    site: Site, person: Callable[..., Page], width: int
) -> None:
    page = person(site, STAKEHOLDER, PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    bell = page.locator("header a.bell")
    expect(bell).to_contain_text("2 unread")
    bell.click()

    expect(page.locator("h1")).to_have_text("Notifications")
    items = page.locator("ul.notifications li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Objection to your proposal “Partage en étiage”: too costly")
    expect(items.nth(1)).to_contain_text("Meeting “Atelier diagnostic” scheduled on March 12, 2026, 6:30")
    assert blocking(Axe().run(page).response["violations"]) == []

    items.nth(0).get_by_role("button", name="Mark as read").click()
    expect(page.locator("header a.bell")).to_contain_text("1 unread")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("header a.bell .badge")).to_have_count(0)
    expect(page.locator("ul.notifications li.unread")).to_have_count(0)
    assert blocking(Axe().run(page).response["violations"]) == []

    page.get_by_role("link", name="Mail preferences").click()
    expect(page.get_by_label("A meeting of an instance I sit on is scheduled")).to_have_value("immediately")
    assert blocking(Axe().run(page).response["violations"]) == []
    # unread again for the next width
    site.app.extensions["notifications"].rows.execute("UPDATE {table} SET read_at = NULL")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_import_page_previews_a_file_with_its_errors(
    site: Site, person: Callable[..., Page], width: int, tmp_path: Path
) -> None:
    slug = site.dialogues.summary(site.dialogues.dialogue_ids()[0])["slug"]
    wrong = tmp_path / "parties.csv"
    wrong.write_text(
        "name,organisation,category,email,phone,instance,role,invite\nAnne,Asso,pêcheur,anne,,,,oui\n",
        encoding="utf-8",
    )
    page = person(site, ACCOUNTS[Role.CONVENOR], PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/admin/dialogues/{slug}/import")
    page.get_by_label("File").set_input_files(str(wrong))
    page.get_by_role("button", name="Preview").click()

    expect(page).to_have_title(re.compile("^Error: Import stakeholders"))
    rows = page.locator("table.import-errors tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("2category")
    expect(rows.nth(1)).to_contain_text("2emailnot an e-mail address")
    assert blocking(Axe().run(page).response["violations"]) == []
    headers = page.locator("table.import-errors th")
    assert [lines_of(headers.nth(n)) for n in range(3)] == [1, 1, 1]  # "Line", "Column": no word cut
    assert lines_of(rows.nth(1).locator("td").nth(1)) == 1  # "email"

    right = tmp_path / "right.csv"
    right.write_text(
        "name,organisation,category,email,phone,instance,role,invite\n"
        "Anne Lefèvre,Association des pêcheurs du bassin,association,anne@example.org,,,,\n",
        encoding="utf-8",
    )
    page.get_by_label("File").set_input_files(str(right))
    page.get_by_role("button", name="Preview").click()
    region = page.get_by_role("region", name="1 stakeholder to record")
    expect(region.locator("table.import-preview tbody tr")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert lines_of(region.locator("th").nth(2)) == 1  # "category"
    if width == 390:  # the preview's eight columns scroll in their region, not the page
        assert region.evaluate("r => r.scrollWidth > r.clientWidth")
        region.focus()
        page.keyboard.press("ArrowRight")
        expect(region).not_to_have_js_property("scrollLeft", 0)
    assert blocking(Axe().run(page).response["violations"]) == []


def lines_of(cell: Locator) -> int:
    """How many lines the text of ``cell`` takes on the screen."""
    return int(
        cell.evaluate(
            "c => { const r = document.createRange(); r.selectNodeContents(c);"
            " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
        )
    )
