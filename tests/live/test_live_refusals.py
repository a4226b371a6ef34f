"""Socket events obey the authorisation of HTTP; malformed payloads and floods get an ``error`` event."""

from flask import Flask

from tests.builders import Scenario
from tests.live.conftest import LiveClient, act, join, received
from web.live.namespace import NAMESPACE


def test_a_stakeholder_cannot_cluster(live: LiveClient, scenario: Scenario) -> None:
    stakeholder = live("stakeholder")
    join(stakeholder)
    stakeholder.get_received(NAMESPACE)
    ack = act(
        stakeholder, "contribution-clustered", contribution_id=str(scenario.contribution()), cluster="X"
    )
    assert ack["ok"] is False and ack["status"] == 403
    assert "réservé aux rôles Animateur" in ack["errors"]["_schema"][0]
    assert received(stakeholder, "error") == [{k: ack[k] for k in ("event", "status", "errors")}]
    assert received(stakeholder) == []


def test_an_outsider_cannot_join_nor_act(live: LiveClient, scenario: Scenario) -> None:
    outsider = live("outsider")
    ack = join(outsider)
    assert ack["ok"] is False and ack["status"] == 403
    assert received(outsider, "error")[0]["errors"] == {"_schema": [ack["errors"]["_schema"][0]]}
    ack = act(outsider, "contribution-posted", kind="idea", text="intrus")
    assert ack["status"] == 403


def test_an_anonymous_client_cannot_connect(web_app: Flask, scenario: Scenario) -> None:
    client = web_app.extensions["socketio"].test_client(web_app, namespace=NAMESPACE)
    assert not client.is_connected(NAMESPACE)


def test_an_unknown_dialogue_is_not_found(live: LiveClient, scenario: Scenario) -> None:
    ack = join(live("stakeholder"), dialogue="nowhere")
    assert ack["status"] == 404


def test_malformed_payloads_name_the_problem(live: LiveClient, scenario: Scenario) -> None:
    client = live("stakeholder")
    assert client.emit("join", "not an object", namespace=NAMESPACE, callback=True)["status"] == 400
    assert join(client, since=-1)["errors"] == {
        "since": ["«\u00a0Position dans le journal\u00a0» doit valoir au moins 0."]
    }
    assert "dialogue" in client.emit("join", {}, namespace=NAMESPACE, callback=True)["errors"]
    assert "dialogue" in client.emit("join", namespace=NAMESPACE, callback=True)["errors"]

    unknown = act(client, "dialogue-closed", summary="x")
    assert unknown["status"] == 400 and "act" in unknown["errors"]
    missing = act(client, "contribution-posted", kind="idea")
    assert missing["status"] == 400 and missing["errors"] == {"text": ["Renseignez «\u00a0Texte\u00a0»."]}
    bad_kind = act(client, "contribution-posted", kind="rant", text="x")
    assert bad_kind["status"] == 400 and "kind" in bad_kind["errors"]
    not_a_part = act(client, "contribution-endorsed", contribution_id="not-a-uuid")
    assert not_a_part["status"] == 400 and "contribution_id" in not_a_part["errors"]
    no_such = act(client, "contribution-endorsed", contribution_id="00000000-0000-0000-0000-000000000000")
    assert no_such["status"] == 422 and "contribution_id" in no_such["errors"]
    payload = {"dialogue": "live-dialogue", "act": "contribution-posted", "fields": ["kind", "text"]}
    assert "fields" in client.emit("act", payload, namespace=NAMESPACE, callback=True)["errors"]
    errors = received(client, "error")
    assert len(errors) == 10 and {e["event"] for e in errors} == {"join", "act"}


def test_a_flooding_client_is_refused_while_others_go_on(live: LiveClient, scenario: Scenario) -> None:
    flooder, other = live("stakeholder"), live("facilitator")
    acks = [join(flooder) for _ in range(30)]
    refused = [ack for ack in acks if not ack["ok"]]
    assert refused and all(ack["status"] == 429 for ack in refused)
    assert "Trop d'événements" in refused[0]["errors"]["_schema"][0]
    assert flooder.is_connected(NAMESPACE)
    assert join(other)["ok"]
