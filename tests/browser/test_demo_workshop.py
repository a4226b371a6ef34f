"""The live board on the demo's data, as README "Live sessions" walks it: the facilitator (in French)
goes from *My workspace* to the riparian woods plan's live board and opens the live session of its
group's first workshop; a member on a phone (390x844, touch, in English) joins it and posts a card,
which reaches the facilitator's wall beside the cards and clusters the demo put there. Both screens
have no accessibility violation and no sideways scroll.
"""

from collections.abc import Callable

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from application.demo import FACILITATOR, PASSWORD, WORKSHOP_SLUG
from tests.browser.conftest import Site
from tests.browser.test_accessibility import every
from tests.browser.test_live_wall import PHONE

MEMBER = "demo-stakeholder-1"
"""README's member of the Groupe berges et ripisylve (the demo's stakeholder login)."""
WORKSHOP = "Groupe berges et ripisylve - atelier 1 : secteurs prioritaires"


def joined(page: Page) -> Page:
    """``page``, on the live board, joins the workshop's open live session."""
    expect(page.locator("[data-live-status]")).to_have_attribute("data-connected", "true")
    page.locator("[data-meeting]", has_text=WORKSHOP).locator("[data-join-session]").click()
    expect(page.locator("[data-session]")).to_be_visible()
    return page


def test_a_card_posted_on_a_phone_reaches_the_wall_of_the_demo_workshop(
    demo_site: Site, person: Callable[..., Page]
) -> None:
    facilitator = person(demo_site, FACILITATOR, PASSWORD, language="fr")
    facilitator.get_by_role("link", name="Mon espace de travail").first.click()
    facilitator.get_by_role("link", name="Plan de gestion de la ripisylve de la Vèze 2027-2031").click()
    facilitator.locator("[data-live-board]").click()
    assert facilitator.url.endswith(f"/workspace/dialogues/{WORKSHOP_SLUG}/live")
    expect(facilitator.locator("[data-live-status]")).to_have_attribute("data-connected", "true")
    facilitator.locator("[data-meeting]", has_text=WORKSHOP).locator("[data-open-session]").click()
    joined(facilitator)
    cluster = facilitator.locator(".cluster").filter(has=facilitator.locator("h3", has_text="Arbres malades"))
    expect(cluster.locator(".card")).to_have_count(2)  # the demo's cards, two of them not clustered
    expect(facilitator.locator('.cluster[data-cluster=""] .card')).to_have_count(2)

    phone = person(demo_site, MEMBER, PASSWORD, **PHONE)
    phone.goto(f"/workspace/dialogues/{WORKSHOP_SLUG}/live")
    joined(phone)
    phone.locator("[data-live-post] label.kind-question").tap()
    phone.get_by_label("Your card").fill("Qui replante après une coupe d'aulnes malades ?")
    phone.get_by_role("button", name="Post the card").tap()
    card = facilitator.locator('.cluster[data-cluster=""] .card', has_text="Qui replante après une coupe")
    expect(card).to_be_visible()
    expect(card).to_contain_text("question")
    assert (
        sum(
            a["act"] == "contribution-posted" and a["actor_id"] == MEMBER
            for a in demo_site.dialogues.acts(demo_site.dialogues.dialogue_id(WORKSHOP_SLUG))
        )
        == 2
    )  # the demo's card, and this one

    axe = Axe()
    for page in (facilitator, phone):
        assert every(axe.run(page).response["violations"]) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
