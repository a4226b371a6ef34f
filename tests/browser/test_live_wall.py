"""The wall of cards of the live board in Chromium: a facilitator, a member at a desk and a member on a
phone (390x844, touch), each in a browser context of their own; the room display on a projector.

A card posted on the phone reaches the two other screens within a second; a card moved into a
cluster, by a mouse drag or by the keyboard's "Move to…" menu, records ``contribution-clustered``
and moves on every screen; cards posted while the connection is lost are recorded once, in order;
the room display's QR code decodes to the join link, which takes a phone into the session; the
wall, the phone's view and the room display have no serious accessibility violation.
"""

import io
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID

import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import PHONE, Site, served, with_scenario_accounts
from tests.browser.test_accessibility import every
from tests.builders import MEMBERS, Scenario

SLUG = "mur-en-direct"
WITHIN_MS = 1000


@pytest.fixture(scope="module")
def wall_site(
    tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None
) -> Iterator[tuple[Site, Scenario]]:
    """A dialogue in collective work whose consultation group's meeting has its live session open."""
    with served(tmp_path_factory.mktemp("wall") / "dialogue.sqlite3") as site:
        app = with_scenario_accounts(site).dialogues
        scenario = Scenario(app, slug=SLUG)
        app.open_live_session("facilitator", scenario.id, scenario.meeting())
        app.post_contribution("facilitator", scenario.id, kind="idea", text="Des haies le long des fossés")
        yield site, scenario


@pytest.fixture
def shots(screenshots: Path) -> Path:
    folder = screenshots / "live"
    folder.mkdir(exist_ok=True)
    return folder


def in_session(page: Page, scenario: Scenario) -> Page:
    """``page`` on the live board, in the meeting's live session."""
    page.goto(f"/workspace/dialogues/{SLUG}/live")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-connected", "true")
    page.locator(f'[data-meeting="{scenario.meeting()}"] [data-join-session]').click()
    expect(page.locator("[data-session]")).to_be_visible()
    return page


def within_a_second(locators: list[Locator], started: float) -> None:
    for locator in locators:
        expect(locator).to_be_visible(timeout=WITHIN_MS)
    elapsed = (time.monotonic() - started) * 1000
    assert elapsed < WITHIN_MS, f"{elapsed:.0f} ms"


def clustered(site: Site, scenario: Scenario) -> int:
    return sum(a["act"] == "contribution-clustered" for a in site.dialogues.acts(scenario.id))


def drag_over(page: Page, source: Locator, target: Locator) -> None:
    """A mouse drag from ``source`` to above ``target``, in small steps as a hand would; not dropped yet."""
    source.scroll_into_view_if_needed()
    start, end = source.bounding_box(), target.bounding_box()
    assert start is not None and end is not None
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 10)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 10, start["y"] + 20, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=20)


def tab_to(page: Page, focus_key: str, most: int = 40) -> None:
    """Press Tab until the control ``[data-focus-key=focus_key]`` has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.focusKey") == focus_key:
            return
    raise AssertionError(f"{focus_key} never got the focus")


def test_cards_posted_on_a_phone_and_moved_by_mouse_and_keyboard_reach_every_screen(
    wall_site: tuple[Site, Scenario], person: Callable[..., Page], shots: Path
) -> None:
    site, scenario = wall_site
    facilitator = in_session(person(site, "facilitator"), scenario)
    member = in_session(person(site, MEMBERS[0]), scenario)
    phone = in_session(person(site, "stakeholder", **PHONE), scenario)

    # A card posted on the phone, by touch, reaches the two other screens within a second.
    phone.get_by_text("question").tap()
    phone.get_by_label("Your card").fill("Qui entretient les fossés ?")
    started = time.monotonic()
    phone.get_by_role("button", name="Post the card").tap()
    card = '.card:has-text("Qui entretient les fossés")'
    within_a_second([facilitator.locator(card), member.locator(card)], started)
    expect(member.locator(card)).to_contain_text("question")
    announced = "New card: question — Qui entretient les fossés ?"
    expect(member.locator("[data-announce]")).to_contain_text(announced)

    # The facilitator drags it into a new cluster: recorded, and moved on every screen.
    before = clustered(site, scenario)
    drag_over(facilitator, facilitator.locator(card), facilitator.locator("[data-new-cluster] ul.cards"))
    started = time.monotonic()
    facilitator.mouse.up()
    within_a_second(
        [page.locator(f'.cluster[data-cluster="cluster-1"] {card}') for page in (facilitator, member, phone)],
        started,
    )
    assert clustered(site, scenario) == before + 1

    # Without a mouse: the facilitator posts a card, then moves it with its "Move to…" menu.
    facilitator.get_by_label("observation").focus()
    facilitator.keyboard.press("ArrowRight")  # concern
    facilitator.keyboard.press("Tab")
    facilitator.keyboard.type("Les fossés débordent en hiver")
    facilitator.keyboard.press("Tab")
    facilitator.keyboard.press("Enter")
    second = '.card:has-text("Les fossés débordent")'
    expect(member.locator(f'.cluster[data-cluster=""] {second}')).to_contain_text("concern")
    contribution = facilitator.locator(second).get_attribute("data-contribution")
    tab_to(facilitator, f"{contribution}:menu")
    facilitator.keyboard.press("Enter")
    facilitator.keyboard.press("Tab")
    assert facilitator.evaluate("document.activeElement.textContent") == "Cluster 1"
    facilitator.keyboard.press("Enter")
    for page in (facilitator, member, phone):
        expect(page.locator(f'.cluster[data-cluster="cluster-1"] {second}')).to_be_visible()
    assert clustered(site, scenario) == before + 2
    assert facilitator.evaluate("document.activeElement.dataset.focusKey") == f"{contribution}:menu"
    expect(member.locator("[data-announce]")).to_contain_text("Card moved to: Cluster 1")

    # Who is here: names and organisations, in one list.
    expect(facilitator.locator('[data-presence] [data-login="stakeholder"]')).to_contain_text(
        "Association stakeholder (connected now, in the session)"
    )
    facilitator.screenshot(path=shots / "wall.png", full_page=True)
    phone.screenshot(path=shots / "phone.png", full_page=True)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_wall_and_the_phone_view_have_no_serious_accessibility_violation(
    wall_site: tuple[Site, Scenario], person: Callable[..., Page], language: str
) -> None:
    site, scenario = wall_site
    axe = Axe()
    for page in (
        in_session(person(site, "facilitator", language=language), scenario),
        in_session(person(site, "stakeholder", language=language, **PHONE), scenario),
    ):
        expect(page.locator(".card").first).to_be_visible()
        for menu in page.locator(".card details.move summary").all()[:1]:
            menu.click()  # a "Move to…" menu open: its buttons are checked too
        assert page.locator("html").get_attribute("lang") == language
        assert every(axe.run(page).response["violations"]) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # 390 px too
    room = person(site, "facilitator", language=language, viewport={"width": 1920, "height": 1080})
    room.goto(f"/workspace/dialogues/{SLUG}/live/room?session={scenario.meeting()}")
    expect(room.locator(".card").first).to_be_visible()
    assert every(axe.run(room).response["violations"]) == []


def test_cards_posted_while_the_connection_is_lost_are_recorded_once_in_order(
    wall_site: tuple[Site, Scenario], person: Callable[..., Page]
) -> None:
    site, scenario = wall_site
    facilitator = in_session(person(site, "facilitator"), scenario)
    phone = in_session(person(site, "stakeholder", **PHONE), scenario)
    status = phone.locator("[data-live-status]")
    before = {a["position"] for a in site.dialogues.acts(scenario.id)}

    phone.context.set_offline(True)
    phone.evaluate("liveBoard.socket.io.engine.close()")  # the network drops
    expect(status).to_have_attribute("data-connected", "false")
    for text in ("Première carte hors ligne", "Seconde carte hors ligne"):
        phone.get_by_label("Your card").fill(text)
        phone.get_by_role("button", name="Post the card").tap()
    expect(status).to_contain_text("Connection lost")
    expect(status).to_contain_text("Acts waiting to be sent: 2")
    phone.context.set_offline(False)

    expect(status).to_have_attribute("data-waiting", "0", timeout=10_000)
    expect(facilitator.locator(".card", has_text="hors ligne")).to_have_count(2)
    posted = [
        site.dialogues.repository.get(UUID(a["subject_id"])).text
        for a in site.dialogues.acts(scenario.id)
        if a["position"] not in before and a["act"] == "contribution-posted"
    ]
    assert posted == ["Première carte hors ligne", "Seconde carte hors ligne"]


def test_the_room_display_shows_the_wall_and_a_qr_code_of_the_join_link_which_joins_the_session(
    wall_site: tuple[Site, Scenario], person: Callable[..., Page], shots: Path
) -> None:
    site, scenario = wall_site
    room = in_session(person(site, "facilitator", viewport={"width": 1920, "height": 1080}), scenario)
    room.get_by_role("link", name="Room display (projector)").click()
    expect(room.locator("[data-live-status]")).to_have_attribute("data-connected", "true")
    link = room.locator(".room-link").inner_text()
    assert link.endswith(f"/j/{SLUG}")
    expect(room.locator("button, input, textarea, select, details")).to_have_count(0)

    shot = Image.open(io.BytesIO(room.locator("[data-qr] svg").screenshot())).convert("L")
    [found] = zxingcpp.read_barcodes(shot)
    assert found.text == site.app.config["PUBLIC_URL"] + f"/j/{SLUG}"
    assert found.text.split("://")[1] == link

    phone = person(site, MEMBERS[1], **PHONE)
    phone.goto(f"/j/{SLUG}")
    expect(phone.locator("[data-session]")).to_be_visible()
    phone.get_by_label("Your card").fill("Une mare pédagogique")
    phone.get_by_role("button", name="Post the card").tap()
    expect(room.locator(".card", has_text="Une mare pédagogique")).to_be_visible(timeout=WITHIN_MS)
    room.screenshot(path=shots / "room-display.png")


def test_the_countdown_shows_the_same_time_on_every_screen_and_the_room_display(
    wall_site: tuple[Site, Scenario], person: Callable[..., Page]
) -> None:
    site, scenario = wall_site
    facilitator = in_session(person(site, "facilitator"), scenario)
    member = in_session(person(site, MEMBERS[0]), scenario)
    phone = in_session(person(site, "stakeholder", **PHONE), scenario)
    room = person(site, "facilitator", viewport={"width": 1920, "height": 1080})
    room.goto(f"/workspace/dialogues/{SLUG}/live/room?session={scenario.meeting()}")
    screens = (facilitator, member, phone, room)

    facilitator.get_by_label("Duration (minutes)").fill("2")
    facilitator.get_by_role("button", name="Start").click()
    for page in screens:
        expect(page.locator("[data-timer][data-seconds]")).to_be_visible()
    seconds = [int(page.locator("[data-timer]").get_attribute("data-seconds") or -1) for page in screens]
    assert max(seconds) - min(seconds) <= 1 and 115 <= min(seconds) <= 120, seconds

    facilitator.get_by_role("button", name="Pause").click()
    for page in screens:
        expect(page.locator("[data-timer]")).to_contain_text("paused")
    paused = int(facilitator.locator("[data-timer]").get_attribute("data-seconds") or -1)
    assert 115 <= paused <= 120
    facilitator.get_by_role("button", name="One more minute").click()
    for page in screens:
        expect(page.locator("[data-timer]")).to_have_attribute("data-seconds", str(paused + 60))
    facilitator.get_by_role("button", name="Resume").click()
    for page in screens:
        expect(page.locator("[data-timer]")).not_to_contain_text("paused")


def test_a_hand_raised_on_a_phone_queues_on_every_screen_until_the_facilitator_gives_the_floor(
    wall_site: tuple[Site, Scenario], person: Callable[..., Page]
) -> None:
    site, scenario = wall_site
    facilitator = in_session(person(site, "facilitator"), scenario)
    member = in_session(person(site, MEMBERS[0]), scenario)
    phone = in_session(person(site, "stakeholder", **PHONE), scenario)

    phone.get_by_role("button", name="Raise my hand").tap()
    member.get_by_role("button", name="Raise my hand").click()
    for page in (facilitator, member, phone):
        expect(page.locator("[data-hands] li")).to_have_text(
            [re.compile("^stakeholder — Association stakeholder"), re.compile(f"^{MEMBERS[0]} — ")]
        )
    expect(phone.get_by_role("button", name="Lower my hand")).to_be_visible()

    facilitator.locator('[data-hands] [data-account="stakeholder"]').get_by_role(
        "button", name="Give the floor"
    ).click()
    for page in (facilitator, member, phone):
        expect(page.locator("[data-hands] li[data-account]")).to_have_count(1)
    member.get_by_role("button", name="Lower my hand").click()
    for page in (facilitator, member, phone):
        expect(page.locator("[data-hands]")).to_have_text("Nobody has asked for the floor.")


def test_a_consent_round_shows_the_text_the_rule_who_stands_where_and_a_member_changes_position(
    wall_site: tuple[Site, Scenario], person: Callable[..., Page]
) -> None:
    site, scenario = wall_site
    app = site.dialogues
    proposal = app.draft_proposal(
        "facilitator",
        scenario.id,
        instance_id=scenario.consultation_group(),
        topic="haies",
        title="Planter des haies",
        text="Replanter 2 km de haies le long des fossés.",
    ).id
    app.endorse_proposal(MEMBERS[1], scenario.id, proposal)
    app.open_consent_round("facilitator", scenario.id, scenario.meeting(), proposal_id=proposal)
    facilitator = in_session(person(site, "facilitator"), scenario)
    phone = in_session(person(site, "stakeholder", **PHONE), scenario)

    for page in (facilitator, phone):
        round_ = page.locator("[data-round]")
        expect(round_.locator(".proposal-text")).to_have_text("Replanter 2 km de haies le long des fossés.")
        expect(round_.locator(".rule")).to_have_text(
            "Rule of the instance: majority, 2 of the 3 members must endorse."
        )
        expect(round_.locator(".endorsers")).to_have_text(f"{MEMBERS[1]} — Association {MEMBERS[1]}")
    expect(phone.locator("[data-my-position]")).to_have_text("Your position: none yet.")
    expect(facilitator.locator("[data-my-position]")).to_have_count(0)  # not a member of the group

    phone.get_by_label("Reason for the objection").fill("Et l'entretien ?")
    phone.get_by_role("button", name="Object").tap()
    expect(phone.locator("[data-my-position]")).to_have_text("Your position: you object: Et l'entretien ?")
    expect(facilitator.locator("[data-round] .objections")).to_have_text(
        "stakeholder — Association stakeholder: Et l'entretien ?"
    )
    phone.get_by_label("How it was resolved").fill("L'entretien est prévu au budget")
    phone.get_by_role("button", name="Lift my objection").tap()  # resolved before the round closes
    expect(phone.locator("[data-my-position]")).to_have_text("Your position: none yet.")
    expect(facilitator.locator("[data-round] .objections li")).to_have_count(0)
    expect(facilitator.locator("[data-tally]")).to_have_attribute("data-tally", "1/0/3")
    phone.get_by_label("Reason for the objection").fill("Et l'eau ?")
    phone.get_by_role("button", name="Object").tap()
    expect(facilitator.locator("[data-tally]")).to_have_attribute("data-tally", "1/1/3")
    phone.locator("[data-round]").get_by_role("button", name="Endorse").tap()  # the objection goes
    expect(phone.locator("[data-my-position]")).to_have_text("Your position: you endorse the proposal.")
    expect(facilitator.locator("[data-tally]")).to_have_attribute("data-tally", "2/0/3")
    facilitator.locator("[data-close-round]").click()
    for page in (facilitator, phone):
        expect(page.locator("[data-round-outcome]")).to_contain_text("validated (majority: 2 endorsements, 0")

    maintained = app.draft_proposal(
        "facilitator", scenario.id, instance_id=scenario.consultation_group(), topic="mares",
        title="Creuser des mares", text="Trois mares.",
    ).id  # fmt: skip
    app.object_to_proposal(MEMBERS[1], scenario.id, maintained, reason="Le coût")
    facilitator.get_by_label("Proposal").select_option(label="Creuser des mares")
    facilitator.get_by_role("button", name="Put to the instance").click()
    expect(facilitator.locator("[data-round] .objections")).to_have_text(
        f"{MEMBERS[1]} — Association {MEMBERS[1]}: Le coût"
    )
    facilitator.locator("[data-close-round]").click()  # the objection maintained when it closes
    for page in (facilitator, phone):
        expect(page.locator("[data-round-outcome]")).to_contain_text("not validated")
        expect(page.locator("[data-round-outcome]")).to_contain_text("1 objection")
