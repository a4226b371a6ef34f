"""A decision-maker attaches the délibération from the workspace's form; a citizen downloads it
from the decision's public page and checks it on its proof page, in Chromium; axe finds no
violation on those pages."""

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from application.demo.files import pdf
from domain.roles import Role
from tests.browser.conftest import Site, with_scenario_accounts
from tests.builders import ACCOUNTS, Scenario

SLUG = "documents"
TITLE = "Délibération DEL-2026-042"
DELIBERATION = pdf(
    "Deliberation DEL-2026-042", [f"Article {n} : le conseil adopte le plan." for n in range(1, 9)]
)


@pytest.fixture(scope="module")
def decided(clean_site: Site) -> Iterator[tuple[Site, UUID]]:
    site = with_scenario_accounts(clean_site)
    decision_id = Scenario(site.dialogues, SLUG).decided()
    site.settle()
    yield site, decision_id


def violations(page: Page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in found]


def test_a_document_uploaded_in_the_workspace_is_downloaded_and_checked_from_the_public_page(
    decided: tuple[Site, UUID], person: Callable[..., Page], tmp_path: Path
) -> None:
    site, decision_id = decided
    upload = tmp_path / "deliberation.pdf"
    upload.write_bytes(DELIBERATION)
    organiser = person(site, ACCOUNTS[Role.DECISION_MAKER], language="fr")
    organiser.goto(f"/workspace/dialogues/{SLUG}/acts/document-attached")
    assert violations(organiser) == []
    organiser.select_option("#f-item_kind", value=f"decision:{decision_id}")
    organiser.fill("#f-title", TITLE)
    organiser.set_input_files("#f-file", str(upload))
    organiser.locator("main form button[type=submit]").click()
    expect(organiser.locator("main")).to_contain_text("Joindre un document")
    assert f"/workspace/dialogues/{SLUG}" in organiser.url
    site.settle()

    citizen = person(site, None, language="fr")
    citizen.goto(f"/dialogues/{SLUG}/decisions/{decision_id}")
    link = citizen.locator("main ul.documents").get_by_role("link", name=TITLE, exact=True)
    expect(link).to_be_visible()
    expect(citizen.locator("main ul.documents")).to_contain_text("PDF, 1,")
    assert violations(citizen) == []
    with citizen.expect_download() as downloading:
        link.click()
    downloaded = Path(downloading.value.path())
    assert hashlib.sha256(downloaded.read_bytes()).hexdigest() == hashlib.sha256(DELIBERATION).hexdigest()

    citizen.locator("main ul.documents a", has_text="preuve du document").click()
    expect(citizen.locator("#published-sha256")).to_have_text(hashlib.sha256(DELIBERATION).hexdigest())
    citizen.set_input_files("#check-file", str(downloaded))
    expect(citizen.locator("#check-result")).to_contain_text("Même fichier")
    assert violations(citizen) == []
