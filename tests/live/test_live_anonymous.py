"""Anonymous live sessions: the facilitator opens a session as anonymous; the cards posted in it reach
every screen without their author, while the log keeps who posted each, for the audit. A card of an
ordinary session keeps its author."""

from uuid import UUID

from application.dialogues import DialogueApp
from tests.builders import MEMBERS, Scenario
from tests.live.conftest import LiveClient, act, join
from tests.live.test_live_acts import both_see
from tests.live.test_live_session import joined


def test_cards_of_an_anonymous_session_reach_every_screen_without_their_author(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp
) -> None:
    meeting = str(scenario.meeting())
    facilitator, alice, bob = live("facilitator"), live(MEMBERS[0]), live(MEMBERS[1])
    everyone = [facilitator, alice, bob]
    joined(*everyone)
    opened = both_see(
        everyone,
        "live-session-opened",
        act(facilitator, "live-session-opened", meeting_id=meeting, anonymous=True),
    )
    assert opened["fields"] == {"anonymous": True}
    assert join(alice, session=meeting)["session"]["anonymous"] is True
    joined(facilitator, bob, session=meeting)
    alice.get_received("/live")

    card = both_see(
        everyone,
        "contribution-posted",
        act(alice, "contribution-posted", kind="idea", text="des mares", meeting_id=meeting),
    )
    assert card["actor_id"] == "" and card["fields"]["anonymous"] is True
    assert dialogues.repository.get(UUID(card["subject_id"])).author_id == MEMBERS[0]  # the log keeps it

    elsewhere = both_see(
        everyone, "contribution-posted", act(bob, "contribution-posted", kind="idea", text="hors séance")
    )
    assert elsewhere["actor_id"] == MEMBERS[1] and elsewhere["fields"]["anonymous"] is False

    both_see(everyone, "live-session-closed", act(facilitator, "live-session-closed", meeting_id=meeting))
    both_see(everyone, "live-session-opened", act(facilitator, "live-session-opened", meeting_id=meeting))
    joined(alice, session=meeting)
    named = both_see(
        everyone,
        "contribution-posted",
        act(alice, "contribution-posted", kind="idea", text="des haies", meeting_id=meeting),
    )
    assert named["actor_id"] == MEMBERS[0]
    assert act(facilitator, "live-session-closed", meeting_id=meeting)["ok"]
    refused = act(facilitator, "live-session-opened", meeting_id=meeting, anonymous="perhaps")
    assert refused["status"] == 400 and "anonymous" in refused["errors"]
