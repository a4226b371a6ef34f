"""Live sessions over Socket.IO: opened by a facilitator, joined by the instance's members, every act
recorded first, then broadcast; a restarted server finds the session as it was."""

from flask import Flask
from flask_socketio import SocketIOTestClient

from application.dialogues import DialogueApp
from tests.builders import MEMBERS, Scenario
from tests.live.conftest import LiveClient, act, connect, join, received
from tests.live.test_live_acts import both_see
from tests.web.conftest import make_web_app
from web import close_app
from web.live.namespace import NAMESPACE


def joined(*clients: SocketIOTestClient, session: object = None) -> list[dict]:
    acks = [join(client, session=session) for client in clients]
    for client in clients:
        client.get_received(NAMESPACE)
    return acks


def session_presence(client: SocketIOTestClient) -> list[dict]:
    return [p for p in received(client, "presence") if "session" in p]


def test_a_facilitator_opens_a_session_that_members_join_with_a_presence_of_its_own(
    live: LiveClient, scenario: Scenario
) -> None:
    meeting = str(scenario.meeting())
    facilitator, member, technician = live("facilitator"), live(MEMBERS[0]), live("technician")
    joined(facilitator, member, technician)
    opened = both_see(
        [facilitator, member, technician],
        "live-session-opened",
        act(facilitator, "live-session-opened", meeting_id=meeting),
    )
    assert opened["subject_id"] == meeting and opened["summary"]["fr"] == "Séance en direct ouverte"

    ack = join(facilitator, session=meeting)
    assert ack["ok"] and ack["session"]["open"] is True and ack["session"]["agenda"] == ["diagnostic"]
    assert join(member, session=meeting)["ok"]
    assert session_presence(facilitator)[-1] == {
        "dialogue": "live-dialogue",
        "session": meeting,
        "present": ["facilitator", MEMBERS[0]],
    }
    assert received(technician, "presence")[-1]["present"] == [
        "facilitator",
        MEMBERS[0],
        "technician",
    ]  # the dialogue's

    refused = join(technician, session=meeting)  # a technician of the dialogue, not a member of the instance
    assert (
        refused["status"] == 403
        and "les membres de «\u00a0Groupe eau\u00a0»" in refused["errors"]["_schema"][0]
    )
    assert received(technician, "error")[-1]["status"] == 403
    assert session_presence(facilitator) == []

    member.disconnect(NAMESPACE)
    assert session_presence(facilitator)[-1]["present"] == ["facilitator"]


def test_an_outsider_cannot_join_a_session_nor_anyone_a_closed_one(
    live: LiveClient, scenario: Scenario
) -> None:
    meeting = scenario.meeting()
    assert join(live("outsider"), session=meeting)["status"] == 403
    closed = join(live(MEMBERS[0]), session=meeting)
    assert (
        closed["status"] == 409
        and "Aucune séance en direct de «\u00a0Atelier diagnostic\u00a0» n'est ouverte."
        in closed["errors"]["_schema"]
    )


def test_the_board_of_a_session_clusters_names_and_turns_a_cluster_into_a_proposal(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp
) -> None:
    meeting = str(scenario.live_session())
    facilitator, stakeholder = live("facilitator"), live("stakeholder")
    joined(facilitator, stakeholder, session=meeting)
    everyone = [facilitator, stakeholder]

    posted = [
        both_see(
            everyone,
            "contribution-posted",
            act(stakeholder, "contribution-posted", kind=kind, text=text, meeting_id=meeting),
        )
        for kind, text in [("observation", "les puits baissent"), ("idea", "des cuves")]
    ]
    assert posted[0]["fields"]["meeting_id"] == meeting
    ids = [p["subject_id"] for p in posted]
    for contribution in ids:
        both_see(
            everyone,
            "contribution-clustered",
            act(facilitator, "contribution-clustered", contribution_id=contribution, cluster="eau"),
        )
    named = both_see(
        everyone,
        "cluster-named",
        act(facilitator, "cluster-named", meeting_id=meeting, cluster="eau", name="La ressource"),
    )
    assert named["fields"] == {"cluster": "eau", "name": "La ressource"}
    assert named["summary"]["en"] == 'Cluster "eau" named "La ressource"'
    both_see(
        everyone, "contribution-endorsed", act(stakeholder, "contribution-endorsed", contribution_id=ids[1])
    )

    drafted = both_see(
        everyone,
        "proposal-drafted",
        act(
            facilitator,
            "proposal-drafted",
            instance_id=str(scenario.consultation_group()),
            topic="La ressource",
            title="La ressource",
            text="- les puits baissent\n- des cuves",
            contribution_ids=ids,
        ),
    )
    assert drafted["fields"]["contribution_ids"] == ids
    assert join(stakeholder, session=meeting)["session"]["clusters"] == {"eau": "La ressource"}


def test_the_agenda_pointer_and_the_minutes_draft(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp
) -> None:
    meeting = str(scenario.live_session())
    facilitator, member = live("facilitator"), live(MEMBERS[1])
    joined(facilitator, member, session=meeting)
    moved = both_see(
        [facilitator, member],
        "agenda-pointer-moved",
        act(facilitator, "agenda-pointer-moved", meeting_id=meeting, item=0),
    )
    assert moved["fields"] == {"item": 0, "label": "diagnostic"}
    assert moved["summary"]["fr"] == "Ordre du jour\u00a0: point en discussion «\u00a0diagnostic\u00a0»"
    drafted = both_see(
        [facilitator, member],
        "minutes-drafted",
        act(facilitator, "minutes-drafted", meeting_id=meeting, text="premier jet"),
    )
    assert drafted["fields"] == {"text": "premier jet"}
    both_see(
        [facilitator, member],
        "minutes-drafted",
        act(facilitator, "minutes-drafted", meeting_id=meeting, text="second jet"),
    )
    session = join(member, session=meeting)["session"]
    assert (session["pointer"], session["minutes_draft"]) == (0, "second jet")

    both_see(
        [facilitator, member],
        "live-session-closed",
        act(facilitator, "live-session-closed", meeting_id=meeting),
    )
    assert act(facilitator, "agenda-pointer-moved", meeting_id=meeting, item=0)["status"] == 422


def test_a_consent_round_tallies_live_and_its_outcome_follows_the_instance_s_rule(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp
) -> None:
    meeting = str(scenario.live_session())
    proposal = str(scenario.drafted_proposal())
    facilitator, stakeholder, member = live("facilitator"), live("stakeholder"), live(MEMBERS[0])
    everyone = [facilitator, stakeholder, member]
    joined(*everyone, session=meeting)

    opened = both_see(
        everyone,
        "consent-round-opened",
        act(facilitator, "consent-round-opened", meeting_id=meeting, proposal_id=proposal),
    )
    assert opened["fields"] == {
        "proposal_id": proposal,
        "title": "Partage en étiage",
        "rule": "majority",
        "members": sorted(["stakeholder", *MEMBERS]),
        "endorsers": [],
        "objections": {},
    }
    both_see(everyone, "proposal-endorsed", act(stakeholder, "proposal-endorsed", proposal_id=proposal))
    objected = both_see(
        everyone,
        "proposal-objected",
        act(member, "proposal-objected", proposal_id=proposal, reason="le coût"),
    )
    assert (objected["actor_id"], objected["fields"]) == (MEMBERS[0], {"reason": "le coût"})
    tally = join(member, session=meeting)["session"]["round"]
    assert (tally["endorsers"], tally["objections"]) == (["stakeholder"], {MEMBERS[0]: "le coût"})

    failed = both_see(
        everyone, "consent-round-closed", act(facilitator, "consent-round-closed", meeting_id=meeting)
    )
    assert failed["fields"] == {
        "proposal_id": proposal,
        "outcome": "not_validated",
        "rule": "majority",
        "members": 3,
        "endorsements": 1,
        "objections": 1,
    }
    assert failed["summary"]["fr"] == (
        "Tour de consentement clos\u00a0: «\u00a0Partage en étiage\u00a0» non validée "
        "(majorité\u00a0: 1 soutien, 1 objection, 3 membres)"
    )

    both_see(
        everyone,
        "consent-round-opened",
        act(facilitator, "consent-round-opened", meeting_id=meeting, proposal_id=proposal),
    )
    both_see(everyone, "proposal-endorsed", act(member, "proposal-endorsed", proposal_id=proposal))
    ack = act(facilitator, "consent-round-closed", meeting_id=meeting)
    payloads = [received(client) for client in everyone]
    for seen in payloads:
        assert [p["act"] for p in seen] == ["consent-round-closed", "proposal-validated"]
        assert ack["position"] == seen[0]["position"]  # the act's own, then every act it recorded
        assert ack["positions"] == [p["position"] for p in seen]
    assert payloads[0][0]["fields"]["outcome"] == "validated"
    assert (
        dialogues.parts(scenario.id)["proposal"]
        and act(member, "proposal-endorsed", proposal_id=proposal)["status"] == 422
    )


def test_a_stakeholder_cannot_run_the_session(live: LiveClient, scenario: Scenario) -> None:
    meeting = str(scenario.live_session())
    stakeholder = live("stakeholder")
    joined(stakeholder, session=meeting)
    for name, fields in [
        ("live-session-closed", {}),
        ("agenda-pointer-moved", {"item": 0}),
        ("cluster-named", {"cluster": "eau", "name": "x"}),
        ("consent-round-opened", {"proposal_id": str(scenario.drafted_proposal())}),
        ("consent-round-closed", {}),
        ("minutes-drafted", {"text": "x"}),
    ]:
        ack = act(stakeholder, name, meeting_id=meeting, **fields)
        assert ack["status"] == 403 and "réservé aux rôles Animateur" in ack["errors"]["_schema"][0], name
    assert [event["name"] for event in stakeholder.get_received(NAMESPACE)] == ["error"] * 6  # and no act


def test_malformed_session_payloads_name_the_field(live: LiveClient, scenario: Scenario) -> None:
    meeting = str(scenario.live_session())
    facilitator = live("facilitator")
    assert join(facilitator, session="not-a-uuid")["errors"] == {
        "session": ["«\u00a0Séance en direct\u00a0»\u00a0: choisissez un élément de ce dialogue."]
    }
    assert act(facilitator, "agenda-pointer-moved", meeting_id=meeting, item="first")["errors"] == {
        "item": [
            "«\u00a0Point de l'ordre du jour (0 pour le premier)\u00a0» "
            "doit être un nombre entier, par exemple 12."
        ]
    }
    beyond = act(facilitator, "agenda-pointer-moved", meeting_id=meeting, item=3)
    assert beyond["status"] == 422 and beyond["errors"] == {
        "item": ["les points de l'ordre du jour sont numérotés de 0 à 0"]
    }
    assert act(facilitator, "consent-round-opened", meeting_id=meeting)["errors"] == {
        "proposal_id": ["Renseignez «\u00a0Proposition\u00a0»."]
    }
    not_a_meeting = act(facilitator, "live-session-opened", meeting_id=str(scenario.drafted_proposal()))
    assert not_a_meeting["status"] == 422 and "meeting_id" in not_a_meeting["errors"]
    assert act(facilitator, "live-session-opened", meeting_id=meeting)["status"] == 422  # open already
    no_round = act(facilitator, "consent-round-closed", meeting_id=meeting)
    assert no_round["errors"] == {"_schema": ["Aucun tour de consentement n'est ouvert."]}


def test_a_restarted_server_finds_the_open_session_its_pointer_and_its_tally(
    live: LiveClient, scenario: Scenario, web_app: Flask, sqlite_url: str
) -> None:
    meeting = str(scenario.live_session())
    proposal = str(scenario.drafted_proposal())
    facilitator, member = live("facilitator"), live(MEMBERS[0])
    joined(facilitator, member, session=meeting)
    assert act(facilitator, "agenda-pointer-moved", meeting_id=meeting, item=0)["ok"]
    assert act(facilitator, "cluster-named", meeting_id=meeting, cluster="eau", name="La ressource")["ok"]
    assert act(facilitator, "consent-round-opened", meeting_id=meeting, proposal_id=proposal)["ok"]
    assert act(member, "proposal-endorsed", proposal_id=proposal)["ok"]
    assert act(facilitator, "minutes-drafted", meeting_id=meeting, text="en cours")["ok"]
    for client in (facilitator, member):
        client.disconnect(NAMESPACE)
    close_app(web_app)

    restarted = make_web_app(sqlite_url)
    try:
        ack = join(connect(restarted, MEMBERS[1]), since=0, session=meeting)
    finally:
        close_app(restarted)
    assert ack["ok"]
    assert ack["session"] == {
        "meeting_id": meeting,
        "title": "Atelier diagnostic",
        "instance_id": str(scenario.consultation_group()),
        "agenda": ["diagnostic"],
        "open": True,
        "anonymous": False,
        "dot_vote": None,
        "pointer": 0,
        "timer": None,
        "hands": [],
        "clusters": {"eau": "La ressource"},
        "minutes_draft": "en cours",
        "round": {
            "proposal_id": proposal,
            "title": "Partage en étiage",
            "text": "réduire les prélèvements de 10 % en étiage",
            "rule": "majority",
            "needed": 2,
            "members": sorted(["stakeholder", *MEMBERS]),
            "endorsers": [MEMBERS[0]],
            "objections": {},
        },
    }


def test_a_member_who_joins_another_session_or_leaves_drops_out_of_the_sessions_presence(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp
) -> None:
    first = str(scenario.live_session())
    second = dialogues.schedule_meeting(
        "facilitator",
        scenario.id,
        instance_id=scenario.consultation_group(),
        title="Atelier plan d'action",
        starts_at="2026-05-12T18:30",
        place="mairie",
        agenda=["plan"],
    ).id
    dialogues.open_live_session("facilitator", scenario.id, second)
    facilitator, member = live("facilitator"), live(MEMBERS[0])
    joined(facilitator, member, session=first)
    assert join(facilitator, session=second)["ok"]  # the facilitator moves on to the second session
    assert session_presence(member)[-1] == {
        "dialogue": "live-dialogue",
        "session": first,
        "present": [MEMBERS[0]],
    }

    assert join(member, session=second)["ok"]
    assert session_presence(facilitator)[-1]["present"] == ["facilitator", MEMBERS[0]]
    left = member.emit("leave", {}, namespace=NAMESPACE, callback=True)
    assert left == {"ok": True, "left": str(second)}
    assert received(facilitator, "presence") == [  # the member stays in the dialogue's room
        {"dialogue": "live-dialogue", "session": str(second), "present": ["facilitator"]}
    ]
    assert member.emit("leave", {}, namespace=NAMESPACE, callback=True) == {"ok": True, "left": None}

    assert join(member, session=second)["ok"]
    facilitator.get_received(NAMESPACE)
    member.disconnect(NAMESPACE)  # the page was left
    presences = received(facilitator, "presence")
    assert {"dialogue": "live-dialogue", "session": str(second), "present": ["facilitator"]} in presences
    assert {"dialogue": "live-dialogue", "present": ["facilitator"]} in presences
