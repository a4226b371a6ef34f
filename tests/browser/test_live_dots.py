"""A dot vote on the live board in Chromium: a facilitator, a member at a desk who votes with the
keyboard only, a member on a phone (390x844, touch), and the room display. A vote with 3 dots each
gives the same tally on every screen, a member cannot place a fourth dot, and closing the vote records
its result, shown on every screen; the screens with an open vote have no accessibility violation.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, Site, served, with_scenario_accounts
from tests.browser.test_accessibility import every
from tests.browser.test_live_wall import tab_to
from tests.builders import MEMBERS, Scenario

SLUG = "points-en-direct"
CARDS = ("Des haies le long des fossés", "Une mare pédagogique")


@pytest.fixture(scope="module")
def dots_site(
    tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None
) -> Iterator[tuple[Site, Scenario]]:
    """A live session open on the consultation group's meeting, two cards posted in it."""
    with served(tmp_path_factory.mktemp("dots") / "dialogue.sqlite3") as site:
        app = with_scenario_accounts(site).dialogues
        scenario = Scenario(app, slug=SLUG)
        meeting = scenario.meeting()
        app.open_live_session("facilitator", scenario.id, meeting)
        for text in CARDS:
            app.post_contribution("facilitator", scenario.id, kind="idea", text=text, meeting_id=meeting)
        yield site, scenario


def in_session(page: Page, scenario: Scenario) -> Page:
    page.goto(f"/workspace/dialogues/{SLUG}/live")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-connected", "true")
    page.locator(f'[data-meeting="{scenario.meeting()}"] [data-join-session]').click()
    expect(page.locator("[data-session]")).to_be_visible()
    return page


def test_a_dot_vote_gives_the_same_tally_on_every_screen_and_records_its_result(
    dots_site: tuple[Site, Scenario], person: Callable[..., Page], screenshots: Path
) -> None:
    site, scenario = dots_site
    facilitator = in_session(person(site, "facilitator"), scenario)
    member = in_session(person(site, MEMBERS[0]), scenario)
    phone = in_session(person(site, "stakeholder", **PHONE), scenario)
    room = person(site, "facilitator", viewport={"width": 1920, "height": 1080})
    room.goto(f"/workspace/dialogues/{SLUG}/live/room?session={scenario.meeting()}")
    expect(room.locator("[data-live-status]")).to_have_attribute("data-connected", "true")
    screens = (facilitator, member, phone, room)

    expect(facilitator.get_by_label("Agenda item")).to_have_value("0")  # the item discussed
    expect(facilitator.get_by_label("Agenda item").locator("option")).to_have_text(["diagnostic"])
    facilitator.get_by_label("Vote on").select_option("contributions")
    facilitator.get_by_label("Dots per member").fill("3")
    facilitator.get_by_role("button", name="Open a dot vote").click()
    for page in screens:
        expect(page.locator("[data-dot-vote] li")).to_have_count(2)
    hedges, pond = (
        member.locator("[data-dot-vote] li", has_text=text).get_attribute("data-option") for text in CARDS
    )
    expect(member.locator("[data-announce]")).to_contain_text("Dot vote opened: 3 dots")

    # The member at the desk votes with the keyboard only: two dots on the hedges, one on the pond.
    tab_to(member, f"dot:{hedges}:place", most=80)
    for left in (2, 1):
        member.keyboard.press("Enter")
        expect(member.locator("[data-dots-left]")).to_have_attribute("data-dots-left", str(left))
        assert member.evaluate("document.activeElement.dataset.focusKey") == f"dot:{hedges}:place"
    expect(member.locator("[data-announce]")).to_contain_text("Your dots left: 1")
    tab_to(member, f"dot:{pond}:place")
    member.keyboard.press("Enter")
    expect(member.locator("[data-dots-left]")).to_have_attribute("data-dots-left", "0")

    # The phone's member puts three dots on the pond, takes one back, puts it on the hedges; no fourth.
    on_pond = phone.locator(f'[data-option="{pond}"]')
    for placed in (1, 2, 3):
        on_pond.get_by_role("button", name="Place a dot").tap()
        expect(on_pond.locator(".dot-mine")).to_contain_text(f"{placed} dot")
    expect(
        phone.locator(f'[data-option="{hedges}"]').get_by_role("button", name="Place a dot")
    ).to_be_disabled()
    on_pond.get_by_role("button", name="Take a dot back").tap()
    phone.locator(f'[data-option="{hedges}"]').get_by_role("button", name="Place a dot").tap()
    expect(phone.locator("[data-dots-left]")).to_have_attribute("data-dots-left", "0")

    for page in screens:
        expect(page.locator(f'[data-option="{hedges}"] [data-dot-tally]')).to_have_text("3 dots")
        expect(page.locator(f'[data-option="{pond}"] [data-dot-tally]')).to_have_text("3 dots")
    phone.screenshot(path=screenshots / "live" / "phone-dot-vote.png", full_page=True)
    room.screenshot(path=screenshots / "live" / "room-dot-vote.png")
    axe = Axe()
    for page in (facilitator, phone, room):
        assert every(axe.run(page).response["violations"]) == []

    facilitator.get_by_role("button", name="Close the dot vote").click()
    for page in screens:
        expect(page.locator("[data-dot-result] li")).to_have_text(
            [f"{CARDS[0]} — 3 dots", f"{CARDS[1]} — 3 dots"]
        )
        expect(page.locator("[data-dot-vote]")).to_have_count(0)
        expect(page.locator(".dot-result-title")).to_contain_text("(2 members placed dots)")
    [closed] = [a for a in site.dialogues.acts(scenario.id) if a["act"] == "dot-vote-closed"]
    placed = [a for a in site.dialogues.acts(scenario.id) if a["act"] == "dot-placed"]
    assert len(placed) == 7 and closed["actor_id"] == "facilitator"


def test_the_cards_of_an_anonymous_session_show_anonymous_on_every_screen(
    dots_site: tuple[Site, Scenario], person: Callable[..., Page]
) -> None:
    site, scenario = dots_site
    meeting = scenario.meeting()
    if site.dialogues.live_session("facilitator", scenario.id, meeting)["open"]:
        site.dialogues.close_live_session("facilitator", scenario.id, meeting)
    facilitator = person(site, "facilitator")
    facilitator.goto(f"/workspace/dialogues/{SLUG}/live")
    expect(facilitator.locator("[data-live-status]")).to_have_attribute("data-connected", "true")
    facilitator.get_by_label("Anonymous session").check()
    facilitator.locator(f'[data-meeting="{meeting}"] [data-open-session]').click()
    expect(facilitator.locator(f'[data-meeting="{meeting}"]')).to_contain_text(
        "live session open (anonymous)"
    )
    facilitator.locator(f'[data-meeting="{meeting}"] [data-join-session]').click()
    member = in_session(person(site, MEMBERS[0]), scenario)
    phone = in_session(person(site, "stakeholder", **PHONE), scenario)
    room = person(site, "facilitator", viewport={"width": 1920, "height": 1080})
    room.goto(f"/workspace/dialogues/{SLUG}/live/room?session={meeting}")

    phone.get_by_label("Your card").fill("Un inventaire des mares")
    phone.get_by_role("button", name="Post the card").tap()
    for page in (facilitator, member, phone, room):
        expect(page.locator(".card", has_text="Un inventaire des mares")).to_contain_text("by anonymous")
    expect(member.locator("[data-announce]")).to_contain_text("(by anonymous)")
    expect(member.locator("[data-journal] li").first).to_contain_text("anonymous — Contribution")
    for page in (facilitator, member):  # the cards of the earlier, ordinary session keep their author
        expect(page.locator(".card", has_text=CARDS[0])).to_contain_text("by facilitator")
    [posted] = [
        a
        for a in site.dialogues.acts(scenario.id)
        if a["act"] == "contribution-posted" and a["actor_id"] == "stakeholder"
    ]
    assert posted["actor_role"] == "stakeholder"  # the log keeps who posted it


def test_a_french_member_reads_the_singular_for_no_dot_and_one_dot(
    dots_site: tuple[Site, Scenario], person: Callable[..., Page]
) -> None:
    """French takes the singular for 0 and 1 (« 0 point », « 1 point »), English for 1 only."""
    site, scenario = dots_site
    app, meeting = site.dialogues, scenario.meeting()
    if not app.live_session("facilitator", scenario.id, meeting)["open"]:
        app.open_live_session("facilitator", scenario.id, meeting)
    opened = [a for a in app.acts(scenario.id) if a["act"] == "dot-vote-opened"]
    closed = {a["subject_id"] for a in app.acts(scenario.id) if a["act"] == "dot-vote-closed"}
    for vote in (a["subject_id"] for a in opened if a["subject_id"] not in closed):
        app.close_dot_vote("facilitator", scenario.id, vote)
    app.open_dot_vote("facilitator", scenario.id, meeting, subject="contributions", dots=1)
    french = in_session(person(site, MEMBERS[0], language="fr"), scenario)
    english = in_session(person(site, MEMBERS[1]), scenario)
    expect(french.locator("[data-dots-left]")).to_have_attribute("data-dots-left", "1")
    expect(french.locator(".dot-head")).to_contain_text("1 point par membre")
    french.locator("[data-dot-vote] li").first.locator(".dot-tools button").first.click()
    expect(french.locator("[data-dots-left]")).to_have_attribute("data-dots-left", "0")
    tallies = french.locator("[data-dot-vote] [data-dot-tally]")
    expect(tallies.first).to_have_text("1 point")
    expect(tallies.nth(1)).to_have_text("0 point")
    expect(english.locator("[data-dot-vote] [data-dot-tally]").nth(1)).to_have_text("0 dots")
