"""Dot votes in a live session: the facilitator opens one on the meeting's cards, members place and take
back dots, each screen receives every dot, a member never exceeds the vote's dots, closing records the
result; the session's ack carries the open vote with its tally."""

from uuid import UUID

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


def test_a_vote_is_on_one_agenda_items_cards_and_a_dot_on_another_items_card_is_refused(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp
) -> None:
    scenario.meeting()
    meeting = str(
        dialogues.schedule_meeting(
            scenario.facilitator, scenario.id, instance_id=scenario.consultation_group(),
            title="Atelier en deux temps", starts_at="2026-03-19T18:30", place="mairie",
            agenda=["les haies", "les mares"],
        ).id
    )  # fmt: skip
    facilitator, alice = live("facilitator"), live(MEMBERS[0])
    assert act(facilitator, "live-session-opened", meeting_id=meeting)["ok"]
    joined(facilitator, alice, session=meeting)
    posted = act(alice, "contribution-posted", kind="idea", text="une haie", meeting_id=meeting)
    on_hedges = posted["id"]  # no item pointed at yet: the session starts on the first
    act(facilitator, "agenda-pointer-moved", meeting_id=meeting, item=1)
    on_ponds = act(alice, "contribution-posted", kind="idea", text="une mare", meeting_id=meeting)["id"]

    opened = act(facilitator, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=2)
    vote = dialogues.live_session("facilitator", scenario.id, UUID(meeting))["dot_vote"]
    assert opened["ok"] and vote["item_label"] == "les mares"
    assert [o["option"] for o in vote["options"]] == [on_ponds]  # the item discussed, by default
    elsewhere = act(alice, "dot-placed", dot_vote_id=opened["id"], option=on_hedges)
    assert elsewhere["status"] == 422 and "option" in elsewhere["errors"]
    assert act(alice, "dot-placed", dot_vote_id=opened["id"], option=on_ponds)["ok"]
    act(facilitator, "dot-vote-closed", dot_vote_id=opened["id"])

    first = act(facilitator, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=2, item=0)
    vote = dialogues.live_session("facilitator", scenario.id, UUID(meeting))["dot_vote"]
    assert first["ok"] and vote["item_label"] == "les haies"
    assert [o["option"] for o in vote["options"]] == [on_hedges]
    act(facilitator, "dot-vote-closed", dot_vote_id=first["id"])
    beyond = act(facilitator, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=2, item=2)
    assert beyond["status"] == 422 and "item" in beyond["errors"]
    bad = act(facilitator, "dot-vote-opened", meeting_id=meeting, subject="contributions", dots=2, item="x")
    assert bad["status"] == 400 and "item" in bad["errors"]


def test_a_vote_on_proposals_offers_those_of_its_agenda_item(
    scenario: Scenario, dialogues: DialogueApp
) -> None:
    meeting = scenario.live_session()  # its agenda: one item, "diagnostic"
    put_to_round = scenario.consent_round()
    elsewhere = dialogues.draft_proposal(
        MEMBERS[0], scenario.id, instance_id=scenario.consultation_group(), topic="haies",
        title="Replanter", text="des haies", co_authors=[],
    ).id  # fmt: skip
    card = dialogues.post_contribution(
        MEMBERS[0], scenario.id, kind="idea", text="des mares", meeting_id=meeting
    )
    from_card = dialogues.draft_proposal(
        MEMBERS[0], scenario.id, instance_id=scenario.consultation_group(), topic="mares",
        title="Creuser des mares", text="trois mares", contribution_ids=[card.id],
    ).id  # fmt: skip

    dialogues.open_dot_vote(scenario.facilitator, scenario.id, meeting, subject="proposals", dots=3)

    vote = dialogues.live_session("facilitator", scenario.id, meeting)["dot_vote"]
    offered = {o["option"] for o in vote["options"]}
    assert offered == {str(put_to_round), str(from_card)} and str(elsewhere) not in offered
