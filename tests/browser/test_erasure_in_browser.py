"""Erasure in Chromium, at 1280 and 390 px: a person asks for it, the administrator finds the request,
reads what goes, is refused without a ground, then erases; axe-core finds nothing serious on the
pages and none scrolls sideways."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN, PASSWORD, Site, served
from tests.builders import ensure_accounts

BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("erasure")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KEY_ENCRYPTION_KEY_FILE", str(folder / "keys" / "kek.b64"))
        with served(folder / "dialogue.sqlite3") as site:
            site.dialogues.create_administrator(ADMIN, PASSWORD)
            yield site


def blocking(page: Page) -> list[str]:
    violations: list[dict[str, Any]] = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']}" for v in violations if v.get("impact") in BLOCKING]


def fits(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [1280, 390])
def test_a_person_asks_and_the_administrator_erases_them_with_a_ground(
    site: Site, person: Callable[..., Page], width: int
) -> None:
    login = f"camille{width}"
    site.dialogues.create_account(
        ADMIN, login=login, password=PASSWORD, email=f"{login}@example.org", display_name="Camille Ferrand"
    )
    asker = person(site, login)
    asker.set_viewport_size({"width": width, "height": 900})
    asker.goto("/password")
    asker.get_by_role("link", name="Erase my personal data").click()
    expect(asker.locator("h1")).to_have_text("Erase my personal data")
    assert blocking(asker) == [] and fits(asker)
    asker.get_by_role("button", name="Ask for my erasure").click()
    expect(asker.locator("main")).to_contain_text("Your request is with the platform's administrators.")
    expect(asker.get_by_role("button", name="Ask for my erasure")).to_have_count(0)

    admin = person(site, ADMIN)
    admin.set_viewport_size({"width": width, "height": 900})
    admin.goto("/accounts")
    admin.get_by_role("link", name="Erasures: requests and register").click()
    assert blocking(admin) == [] and fits(admin)
    admin.get_by_role("link", name=f"Review the erasure of {login}").click()
    items = admin.locator("ul.erased-items")
    expect(items).to_contain_text("Camille Ferrand")
    expect(items).to_contain_text(f"{login}@example.org")
    assert blocking(admin) == [] and fits(admin)

    ground = admin.get_by_label("Ground of the erasure")
    expect(ground).to_have_attribute("required", "")  # the browser asks first; the server answers 400
    admin.get_by_role("button", name=f"Erase {login} for good").click()  # no ground chosen
    assert not ground.evaluate("select => select.validity.valid")
    assert not site.dialogues.profile(login)["erased"]
    ground.select_option("request")
    admin.get_by_role("button", name=f"Erase {login} for good").click()
    expect(admin.locator("main")).to_contain_text(re.compile(f"{login} erased"))
    expect(admin.locator("table")).to_contain_text("The person asked for it")
    assert site.dialogues.profile(login)["erased"]
    assert blocking(admin) == [] and fits(admin)


def test_the_administrator_erases_a_stakeholder_without_an_account(
    site: Site, person: Callable[..., Page]
) -> None:
    ensure_accounts(site.dialogues, "conv", organisers=("conv",))
    dialogue_id = site.dialogues.open_dialogue(
        "conv", slug="marais", title="Le marais", territory="T", subject="S"
    ).id
    site.dialogues.identify_stakeholder(
        "conv", dialogue_id, name="Jeanne Marais", category="association", organisation="Les amis du marais"
    )
    admin = person(site, ADMIN)
    admin.set_viewport_size({"width": 390, "height": 844})
    admin.goto("/admin/erasures")
    admin.get_by_role("link", name="Le marais").click()
    expect(admin.locator("table")).to_contain_text("Jeanne Marais")
    assert blocking(admin) == [] and fits(admin)
    admin.get_by_role("link", name="Erase Jeanne Marais").click()
    expect(admin.locator("ul.erased-items")).to_contain_text("Jeanne Marais")
    admin.get_by_label("Ground of the erasure").select_option("request")
    admin.get_by_role("button", name="Erase Jeanne Marais for good").click()
    expect(admin.locator("main")).to_contain_text("Jeanne Marais erased")
    assert site.dialogues.stakeholders(dialogue_id)[0]["erased"]
    admin.goto("/admin/dialogues/marais/stakeholders")
    expect(admin.locator("table")).not_to_contain_text("Jeanne Marais")
    assert blocking(admin) == [] and fits(admin)
