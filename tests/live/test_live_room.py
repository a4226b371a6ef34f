"""The room display of a live session (members only, a QR code drawn here) and its short join link."""

import uuid

from tests.builders import MEMBERS, Scenario
from tests.live.test_live_page import signed_in_as


def test_a_member_gets_the_room_display_with_the_join_link_and_its_qr_code(
    web_app, dialogues, scenario: Scenario
) -> None:
    meeting = scenario.meeting()
    dialogues.open_live_session("facilitator", scenario.id, meeting)
    page = signed_in_as(web_app, dialogues, MEMBERS[0]).get(
        f"/workspace/dialogues/live-dialogue/live/room?session={meeting}"
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<svg viewBox="' in html and 'class="qr"' in html and "/j/live-dialogue" in html
    assert "<button" not in html and "<form" not in html  # no controls on the projector


def test_the_room_display_of_no_meeting_is_refused(web_app, dialogues, scenario: Scenario) -> None:
    client = signed_in_as(web_app, dialogues, "facilitator")
    base = "/workspace/dialogues/live-dialogue/live/room"
    assert client.get(f"{base}?session=nonsense").status_code == 404
    unknown = client.get(f"{base}?session={uuid.uuid4()}")
    assert unknown.status_code == 400 and "meeting" in unknown.get_data(as_text=True).lower()


def test_an_outsider_does_not_get_the_room_display(web_app, dialogues, scenario: Scenario) -> None:
    page = signed_in_as(web_app, dialogues, "outsider").get(
        f"/workspace/dialogues/live-dialogue/live/room?session={scenario.meeting()}"
    )
    assert page.status_code == 403


def test_the_short_link_opens_the_live_board_to_join_the_open_session(
    web_app, dialogues, scenario: Scenario
) -> None:
    page = signed_in_as(web_app, dialogues, MEMBERS[0]).get("/j/live-dialogue")
    assert page.status_code == 302
    assert page.headers["Location"] == "/workspace/dialogues/live-dialogue/live?join=open"
