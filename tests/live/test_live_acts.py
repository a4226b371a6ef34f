"""Each live act over Socket.IO: recorded by the application, then broadcast to the dialogue's room."""

from flask_socketio import SocketIOTestClient

from application.dialogues import DialogueApp
from tests.builders import MEMBERS, Scenario
from tests.live.conftest import LiveClient, act, join, received
from web.live.namespace import NAMESPACE


def both_see(clients: list[SocketIOTestClient], name: str, ack: dict) -> dict:
    """Every client received exactly the act just recorded, once.

    The ack's position is the last of the act's save: an act that also indexes
    a part in the dialogue is one position before it.
    """
    assert ack["ok"], ack
    seen = [received(client) for client in clients]
    for payloads in seen:
        assert [p["act"] for p in payloads] == [name]
        assert ack["position"] - 1 <= payloads[0]["position"] <= ack["position"]
    assert len({payloads[0]["position"] for payloads in seen}) == 1
    return seen[0][0]


def test_a_member_joining_sees_who_is_present(live: LiveClient, scenario: Scenario) -> None:
    facilitator, stakeholder = live("facilitator"), live("stakeholder")
    ack = join(facilitator)
    assert ack["ok"] and ack["roles"] == ["facilitator"]
    assert join(stakeholder)["ok"]
    assert received(facilitator, "presence")[-1] == {
        "dialogue": "live-dialogue",
        "present": ["facilitator", "stakeholder"],
    }
    stakeholder.disconnect(NAMESPACE)
    assert received(facilitator, "presence")[-1]["present"] == ["facilitator"]


def test_joining_without_since_sends_no_history(live: LiveClient, scenario: Scenario) -> None:
    client = live("stakeholder")
    assert join(client)["ok"]
    assert received(client) == []


def test_the_live_board_acts_are_recorded_then_broadcast(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp
) -> None:
    facilitator, stakeholder, member = live("facilitator"), live("stakeholder"), live(MEMBERS[0])
    everyone = [facilitator, stakeholder, member]
    for client in everyone:
        join(client)
        client.get_received(NAMESPACE)

    posted = both_see(
        everyone,
        "contribution-posted",
        act(stakeholder, "contribution-posted", kind="idea", text="des cuves"),
    )
    assert posted["fields"]["text"] == "des cuves" and posted["fields"]["kind"] == "idea"
    assert posted["actor_id"] == "stakeholder" and posted["summary"]["fr"] and posted["summary"]["en"]
    contribution = posted["subject_id"]

    clustered = both_see(
        everyone,
        "contribution-clustered",
        act(facilitator, "contribution-clustered", contribution_id=contribution, cluster="Stockage"),
    )
    assert clustered["fields"] == {"cluster": "Stockage"} and clustered["subject_id"] == contribution

    both_see(
        everyone, "contribution-endorsed", act(member, "contribution-endorsed", contribution_id=contribution)
    )

    drafted = both_see(
        everyone,
        "proposal-drafted",
        act(
            facilitator,
            "proposal-drafted",
            instance_id=str(scenario.consultation_group()),
            topic="Stockage",
            title="Des cuves partagées",
            text="installer des cuves",
            contribution_ids=[contribution],
        ),
    )
    assert drafted["fields"]["contribution_ids"] == [contribution]
    proposal = drafted["subject_id"]

    both_see(everyone, "proposal-endorsed", act(stakeholder, "proposal-endorsed", proposal_id=proposal))
    objected = both_see(
        everyone,
        "proposal-objected",
        act(member, "proposal-objected", proposal_id=proposal, reason="le coût"),
    )
    assert objected["fields"] == {"reason": "le coût"}
    both_see(
        everyone,
        "objection-resolved",
        act(member, "objection-resolved", proposal_id=proposal, resolution="aides de l'agence"),
    )
    both_see(everyone, "proposal-endorsed", act(member, "proposal-endorsed", proposal_id=proposal))
    both_see(everyone, "proposal-validated", act(facilitator, "proposal-validated", proposal_id=proposal))

    meeting = str(scenario.meeting())
    both_see(
        everyone,
        "meeting-held",
        act(facilitator, "meeting-held", meeting_id=meeting, held_on="2026-03-12", attendance=9, excused=0),
    )
    both_see(
        everyone, "minutes-recorded", act(facilitator, "minutes-recorded", meeting_id=meeting, text="relevé")
    )

    recorded = [a["act"] for a in dialogues.acts(scenario.id)]
    assert recorded[-11:] == [
        "contribution-posted",
        "contribution-clustered",
        "contribution-endorsed",
        "proposal-drafted",
        "proposal-endorsed",
        "proposal-objected",
        "objection-resolved",
        "proposal-endorsed",
        "proposal-validated",
        "meeting-held",
        "minutes-recorded",
    ]


def test_amending_and_withdrawing_a_proposal_live(live: LiveClient, scenario: Scenario) -> None:
    proposal = str(scenario.drafted_proposal())
    stakeholder = live("stakeholder")
    join(stakeholder)
    amended = both_see(
        [stakeholder],
        "proposal-amended",
        act(
            stakeholder,
            "proposal-amended",
            proposal_id=proposal,
            text="nouveau texte",
            rationale="plus clair",
        ),
    )
    assert amended["fields"] == {"rationale": "plus clair"}
    both_see(
        [stakeholder],
        "proposal-withdrawn",
        act(stakeholder, "proposal-withdrawn", proposal_id=proposal, reason="fusionnée"),
    )


def test_acts_recorded_over_http_reach_the_room(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp, web_app
) -> None:
    client = live("facilitator")
    join(client)
    client.get_received(NAMESPACE)
    recorded = dialogues.post_contribution(MEMBERS[0], scenario.id, kind="question", text="et l'hiver ?")
    web_app.extensions["live_feed"].pump()  # what the follower thread does on its next tick
    assert [(a["act"], a["position"]) for a in received(client)] == [
        ("contribution-posted", recorded.position)
    ]


def test_acts_of_another_dialogue_do_not_reach_the_room(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp, web_app
) -> None:
    client = live("facilitator")
    join(client)
    client.get_received(NAMESPACE)
    other = Scenario(dialogues, slug="other-dialogue")
    other.contribution()
    web_app.extensions["live_feed"].pump()
    assert received(client) == []


def test_a_moved_meeting_reaches_the_room_with_its_new_date_and_place(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp, web_app
) -> None:
    meeting = scenario.meeting()
    client = live(MEMBERS[0])
    join(client)
    client.get_received(NAMESPACE)
    dialogues.reschedule_meeting(
        scenario.facilitator,
        scenario.id,
        meeting,
        starts_at="2026-03-19T18:00",
        place="mairie",
        reason="salle prise",
    )
    web_app.extensions["live_feed"].pump()
    [moved] = received(client)
    assert moved["act"] == "meeting-rescheduled" and moved["subject_id"] == str(meeting)
    assert moved["fields"] == {"starts_at": "2026-03-19T18:00:00", "place": "mairie", "reason": "salle prise"}
