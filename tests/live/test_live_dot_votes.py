"""Dot votes in a live session: the facilitator opens one on the meeting's cards, members place and take
back dots, each screen receives every dot, a member never exceeds the vote's dots, closing records the
result; the session's ack carries the open vote with its tally."""

from application.dialogues import DialogueApp
from tests.builders import MEMBERS, Scenario
from tests.live.conftest import LiveClient, act
from tests.live.test_live_acts import both_see
from tests.live.test_live_session import joined


def test_a_dot_vote_on_the_meetings_cards_gives_the_same_tally_everywhere_and_records_its_result(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp
) -> None:
    meeting = str(scenario.live_session())
    facilitator, alice, bob = live("facilitator"), live(MEMBERS[0]), live(MEMBERS[1])
    everyone = [facilitator, alice, bob]
    joined(*everyone, session=meeting)
    cards = [
        both_see(
            everyone,
            "contribution-posted",
            act(alice, "contribution-posted", kind="idea", text=text, meeting_id=meeting),
        )["subject_id"]
        for text in ("des haies", "des mares")
    ]
    opened = both_see(
        everyone,
        "dot-vote-opened",
        act(facilitator, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=3),
    )
    vote = opened["subject_id"]
    assert opened["fields"]["options"] == cards and opened["fields"]["labels"] == ["des haies", "des mares"]
    assert opened["summary"]["fr"] == "Vote par points ouvert\u00a0: 2 options, 3 points par membre"
    for member, option in ((alice, cards[0]), (alice, cards[0]), (alice, cards[1]), (bob, cards[1])):
        both_see(everyone, "dot-placed", act(member, "dot-placed", dot_vote_id=vote, option=option))
    refused = act(alice, "dot-placed", dot_vote_id=vote, option=cards[1])
    assert refused["status"] == 422 and "vos 3 points" in refused["errors"]["_schema"][0]
    both_see(everyone, "dot-taken-back", act(alice, "dot-taken-back", dot_vote_id=vote, option=cards[0]))
    outsider = act(bob, "dot-taken-back", dot_vote_id=vote, option=cards[0])
    assert outsider["status"] == 422 and "option" in outsider["errors"]

    session = dialogues.live_session("facilitator", scenario.id, scenario.meeting())
    assert session["dot_vote"]["tally"] == {cards[0]: 1, cards[1]: 2}
    assert session["dot_vote"]["placed"] == {
        MEMBERS[0]: {cards[0]: 1, cards[1]: 1},
        MEMBERS[1]: {cards[1]: 1},
    }

    closed = both_see(everyone, "dot-vote-closed", act(facilitator, "dot-vote-closed", dot_vote_id=vote))
    assert closed["fields"]["results"] == [
        {"option": cards[1], "label": "des mares", "dots": 2},
        {"option": cards[0], "label": "des haies", "dots": 1},
    ]
    assert closed["fields"]["voters"] == 2
    assert dialogues.live_session("facilitator", scenario.id, scenario.meeting())["dot_vote"] is None
    assert act(bob, "dot-placed", dot_vote_id=vote, option=cards[0])["status"] == 422


def test_a_vote_opens_only_with_something_to_vote_on_and_one_at_a_time(
    live: LiveClient, scenario: Scenario
) -> None:
    meeting = str(scenario.live_session())
    facilitator = live("facilitator")
    joined(facilitator, session=meeting)
    empty = act(facilitator, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=3)
    assert empty["status"] == 422 and "subject" in empty["errors"]
    too_many = act(facilitator, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=11)
    assert too_many["status"] == 400 and "dots" in too_many["errors"]
    act(facilitator, "contribution-posted", kind="idea", text="une carte", meeting_id=meeting)
    assert act(facilitator, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=2)["ok"]
    again = act(facilitator, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=2)
    assert again["status"] == 422
    member = live(MEMBERS[0])
    assert (
        act(member, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=2)["status"] == 403
    )
