"""Moderation in Chromium, on a phone: a stakeholder reports a citizen's contribution from the
consultation's page, the moderator hides it from the queue (confirmed by a tick) with a public reason,
and the public page shows the reason instead of the text; the public moderation log counts it.
axe-core finds no violation; at 390 px no page scrolls sideways."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, PHONE, Site, checked, served, with_scenario_accounts
from tests.builders import ACCOUNTS, Role, Scenario


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("moderation") / "dialogue.sqlite3") as site:
        yield with_scenario_accounts(site)


def test_a_report_then_a_moderator_hides_and_the_public_page_says_why(
    site: Site, person: Callable[..., Page]
) -> None:
    scenario = Scenario(site.dialogues)
    consultation_id = scenario.consultation()
    scenario.citizen_contribution()  # Paul du Moulin's observation
    slug = site.dialogues.status(scenario.id)["slug"]
    address = f"/dialogues/{slug}/consultations/{consultation_id}"
    site.settle()

    reporter = person(site, ACCOUNTS[Role.STAKEHOLDER], PASSWORD, **PHONE)
    reporter.goto(address)
    reporter.get_by_role("link", name="Report the contribution of Paul du Moulin").click()
    expect(reporter.locator("h1")).to_have_text("Report to the moderation")
    checked(reporter)
    reporter.get_by_label("Why do you report it?").select_option(label="abusive or insulting")
    reporter.get_by_label("What is wrong (optional)").fill("Il vise un voisin nommément.")
    reporter.get_by_role("button", name="Send the report").click()
    expect(reporter.locator("main")).to_contain_text(
        "Your report is sent to the moderators of this dialogue."
    )

    moderator = person(site, ACCOUNTS[Role.MODERATOR], PASSWORD, **PHONE)
    moderator.goto(f"/workspace/dialogues/{slug}/moderation")
    item = moderator.locator("section.moderated-item")
    expect(item).to_contain_text("Il vise un voisin nommément.")
    expect(item).to_contain_text("Le ruisseau est à sec dès juillet.")
    checked(moderator)
    hiding = item.locator("form", has_text="Hide it")
    hiding.get_by_label("Public reason").select_option(label="abusive or insulting")
    hiding.get_by_label("Public explanation (optional)").fill("Un riverain est mis en cause.")
    hiding.get_by_role("button", name="Hide").click()  # the browser asks for the tick first
    expect(hiding.get_by_label("I confirm")).to_have_js_property("validity.valueMissing", True)
    hiding.get_by_label("I confirm").check()
    hiding.get_by_role("button", name="Hide").click()
    expect(moderator.locator("main")).to_contain_text("The item is hidden; its page shows the reason.")
    checked(moderator)

    site.settle()
    public = person(site, None, **PHONE)
    public.goto(address)
    paul = public.locator("li.contribution", has_text="Paul du Moulin")
    expect(paul).to_contain_text(
        "Hidden by the moderation: abusive or insulting — Un riverain est mis en cause."
    )
    expect(paul).not_to_contain_text("Le ruisseau est à sec")
    checked(public)
    public.get_by_role("link", name="Moderation log of this dialogue").click()
    expect(public.locator("main")).to_contain_text("1 report, on 1 item")
    expect(public.locator("main")).not_to_contain_text("Il vise un voisin")
    checked(public)
