"""The JSON API /api/v1: acts and queries, Basic auth, JSON-only writes, errors, OpenAPI document."""

import base64
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from application.dialogues import DialogueApp
from domain.roles import Role
from tests.builders import ACCOUNTS, DAY, Scenario, ensure_accounts
from tests.web.conftest import PASSWORD, make_web_app
from web import close_app
from web.api import views
from web.schemas import ACT_FORMS
from web.schemas import queries as q

API = "/api/v1"


def basic(login: str, password: str = PASSWORD) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}


@pytest.fixture
def scenario(dialogues: DialogueApp) -> Scenario:
    return Scenario(dialogues, slug="sevre")


@pytest.fixture
def accounts(dialogues: DialogueApp) -> None:
    """An account, password PASSWORD, for each role of the scenario."""
    ensure_accounts(dialogues, *ACCOUNTS.values(), organisers=(ACCOUNTS[Role.CONVENOR],))


def post_act(client: FlaskClient, act: str, body: Any, login: str, slug: str = "sevre") -> Any:
    return client.post(f"{API}/dialogues/{slug}/acts/{act}", json=body, headers=basic(login))


def test_an_account_opens_a_dialogue_with_basic_auth_and_reads_it(
    client: FlaskClient, dialogues: DialogueApp, accounts: None
) -> None:
    body = {"slug": "vallee", "title": "La vallée", "territory": "T", "subject": "S"}

    opened = client.post(f"{API}/dialogues", json=body, headers=basic("convenor"))
    listed = client.get(f"{API}/dialogues", headers=basic("convenor")).get_json()
    status = client.get(f"{API}/dialogues/vallee", headers=basic("convenor")).get_json()

    assert opened.status_code == 201 and opened.headers["Location"] == f"{API}/dialogues/vallee"
    assert set(opened.get_json()) == {"id", "position", "positions"}
    assert [(d["slug"], d["roles"]) for d in listed["dialogues"]] == [("vallee", ["convenor"])]
    assert status["stage"] == "framing" and not status["indicators"][0]["met"]


def test_the_list_of_dialogues_comes_a_page_at_a_time_from_the_read_model_on_both_stores(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_web_app(database_url)
    try:
        dialogues: DialogueApp = app.extensions["dialogues"]
        ensure_accounts(dialogues, *ACCOUNTS.values(), organisers=(ACCOUNTS[Role.CONVENOR],))
        client = app.test_client()
        for slug in ("un", "deux"):
            body = {"slug": slug, "title": slug.title(), "territory": "T", "subject": "S"}
            assert client.post(f"{API}/dialogues", json=body, headers=basic("convenor")).status_code == 201
        Scenario(dialogues, slug="trois").to_collective_work()
        monkeypatch.setattr(views, "PAGE_SIZE", 2)

        first = client.get(f"{API}/dialogues", headers=basic("convenor")).get_json()
        second = client.get(f"{API}/dialogues?page=2", headers=basic("convenor")).get_json()
        beyond = client.get(f"{API}/dialogues?page=3", headers=basic("convenor")).get_json()
        refused = client.get(f"{API}/dialogues?page=0", headers=basic("convenor"))
    finally:
        close_app(app)

    assert [(d["slug"], d["title"], d["roles"]) for d in first["dialogues"]] == [
        ("un", "Un", ["convenor"]),
        ("deux", "Deux", ["convenor"]),
    ]
    assert first["next_page"] == 2
    assert [(d["slug"], d["stage"], d["closed"]) for d in second["dialogues"]] == [
        ("trois", "collective_work", False)
    ]
    assert second["next_page"] is None and beyond == {"dialogues": [], "next_page": None}
    assert refused.status_code == 400 and "page" in refused.get_json()["errors"]


def test_the_list_of_dialogues_kept_by_the_page_cache_is_each_accounts_own(
    client: FlaskClient, dialogues: DialogueApp, accounts: None
) -> None:
    Scenario(dialogues, slug="trois").to_collective_work()
    body = {"slug": "un", "title": "Un", "territory": "T", "subject": "S"}
    assert client.post(f"{API}/dialogues", json=body, headers=basic("convenor")).status_code == 201

    def listed(login: str) -> list[tuple[str, list[str]]]:
        answer = client.get(f"{API}/dialogues", headers=basic(login)).get_json()
        return [(d["slug"], d["roles"]) for d in answer["dialogues"]]

    logins = ("convenor", "facilitator", "convenor")
    by_convenor, by_facilitator, by_convenor_again = (listed(login) for login in logins)
    un = dialogues.dialogue_id("un")
    dialogues.grant_role("convenor", un, grantee_id="facilitator", role=Role.FACILITATOR)
    after_grant = listed("facilitator")

    assert by_convenor == by_convenor_again == [("trois", ["convenor"]), ("un", ["convenor"])]
    assert by_facilitator == [("trois", ["facilitator"])]
    assert after_grant == [("trois", ["facilitator"]), ("un", ["facilitator"])]


def test_acts_of_the_three_stages_through_to_a_decision(
    client: FlaskClient, scenario: Scenario, accounts: None
) -> None:
    convenor, facilitator = ACCOUNTS[Role.CONVENOR], ACCOUNTS[Role.FACILITATOR]
    topic = post_act(client, "topic-added", {"topic": "étiage"}, convenor)
    scenario.to_collective_work()
    posted = post_act(client, "contribution-posted", {"kind": "idea", "text": "des bassines"}, "stakeholder")
    meeting = post_act(
        client,
        "meeting-scheduled",
        {
            "instance_id": str(scenario.consultation_group()),
            "title": "Atelier",
            "starts_at": f"{DAY}T18:00",
            "place": "mairie",
            "agenda": ["diagnostic"],
        },
        facilitator,
    )
    held = post_act(
        client,
        "meeting-held",
        {"meeting_id": meeting.get_json()["id"], "held_on": DAY, "attendance": 9, "excused": 0},
        facilitator,
    )
    proposal_id = scenario.presented()
    decision = post_act(
        client,
        "decision-adopted",
        {
            "body": "conseil_municipal",
            "body_name": "Conseil municipal",
            "deliberation_reference": "DEL-1",
            "adopted_on": DAY,
            "votes": {"for": 10, "against": 1, "abstentions": 0},
            "outcomes": [{"proposal_id": str(proposal_id), "outcome": "adopted"}],
        },
        ACCOUNTS[Role.DECISION_MAKER],
    )
    communicated = post_act(
        client,
        "decision-communicated",
        {
            "decision_id": decision.get_json()["id"],
            "channels": ["site"],
            "communicated_on": DAY,
            "message": "adopté",
        },
        convenor,
    )

    statuses = [r.status_code for r in (topic, posted, meeting, held, decision, communicated)]
    assert statuses == [201] * 6, [r.get_json() for r in (topic, posted, meeting, held, decision)]
    acts = client.get(f"{API}/dialogues/sevre/acts?act=decision-adopted", headers=basic(convenor))
    assert [a["act"] for a in acts.get_json()["acts"]] == ["decision-adopted"]


def test_the_acts_listing_pages_with_after_and_limit(
    client: FlaskClient, scenario: Scenario, accounts: None
) -> None:
    scenario.framework_defined()
    headers = basic("convenor")

    first = client.get(f"{API}/dialogues/sevre/acts?limit=2", headers=headers).get_json()
    after = first["next_after"]
    second = client.get(f"{API}/dialogues/sevre/acts?limit=2&after={after}", headers=headers).get_json()

    assert len(first["acts"]) == 2 and after == first["acts"][-1]["position"]
    assert second["acts"][0]["position"] > after
    bad = client.get(f"{API}/dialogues/sevre/acts?limit=0&act=nope", headers=headers)
    assert bad.status_code == 400 and set(bad.get_json()["errors"]) == {"limit", "act"}


def test_the_dialogue_and_its_acts_are_read_from_the_read_models_as_the_log_holds_them(
    client: FlaskClient, dialogues: DialogueApp, scenario: Scenario, accounts: None
) -> None:
    scenario.validated_proposal()
    dialogues.advance_stage(ACCOUNTS[Role.CONVENOR], scenario.id, waiver="la traduction attendra")
    headers = basic("convenor")

    status = client.get(f"{API}/dialogues/sevre", headers=headers).get_json()
    acts, after = [], 0
    while after is not None:
        page = client.get(f"{API}/dialogues/sevre/acts?limit=7&after={after}", headers=headers).get_json()
        acts += page["acts"]
        after = page["next_after"]

    with client.application.test_request_context(headers={"Accept-Language": "fr"}):
        assert status == q.Status().dump(dialogues.status(scenario.id))
        assert acts == q.ActList().dump({"acts": list(dialogues.acts(scenario.id))})["acts"]
    assert [w["waiver"] for w in status["waivers"]] == ["la traduction attendra"]
    assert status["counts"]["proposals"] == 1 and len(acts) > 7


def test_me_and_acts_available_with_basic_auth(
    client: FlaskClient, scenario: Scenario, accounts: None
) -> None:
    me = client.get(f"{API}/me", headers=basic("stakeholder")).get_json()
    available = client.get(f"{API}/dialogues/sevre/acts-available", headers=basic("stakeholder")).get_json()

    assert me["login"] == "stakeholder" and me["dialogues"][0]["roles"] == ["stakeholder"]
    comments = ("comment-posted", "comment-edited", "comment-withdrawn")  # on the public pages, or here
    assert available == {
        "acts": [{"act": act, "roles": ["stakeholder"]} for act in (*comments, "participation-confirmed")]
    }


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), (basic("convenor", "wrong password"), 401), ({"Authorization": "Basic %%%"}, 401)],
)
def test_without_valid_credentials_it_is_401(
    client: FlaskClient, scenario: Scenario, accounts: None, headers: dict[str, str], status: int
) -> None:
    response = client.get(f"{API}/dialogues/sevre", headers=headers)

    assert response.status_code == status and "errors" in response.get_json()


def test_the_browser_session_authenticates_too(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    client = signed_in("convenor")

    response = client.post(f"{API}/dialogues/sevre/acts/topic-added", json={"topic": "eau"})

    assert response.status_code == 201


def test_a_form_post_is_refused_the_api_only_takes_json(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    client = signed_in("convenor")
    url = f"{API}/dialogues/sevre/acts/topic-added"

    form = client.post(url, data={"topic": "eau"})
    text = client.post(url, data='{"topic": "eau"}', content_type="text/plain")
    not_json = client.post(url, data="{topic", content_type="application/json")
    not_object = client.post(url, json=["eau"])

    assert [r.status_code for r in (form, text, not_json, not_object)] == [400] * 4
    assert "application/json" in form.get_json()["errors"]["_schema"][0]


@pytest.mark.parametrize(
    ("login", "act", "body", "status", "field"),
    [
        ("convenor", "topic-added", {"topic": 3}, 400, "topic"),
        ("convenor", "topic-added", {}, 400, "topic"),
        ("convenor", "framework-defined", {"calendar": [{"label": 1}]}, 400, "calendar[0].label"),
        ("convenor", "topic-added", {"topic": "   "}, 422, "topic"),
        ("convenor", "approach-made-public", {"channels": ["x"], "published_on": DAY}, 422, "_schema"),
        ("facilitator", "participation-confirmed", {"stakeholder_id": "?", "confirmed_on": DAY}, 400, None),
        ("stakeholder", "topic-added", {"topic": "eau"}, 403, "_schema"),
        ("stakeholder", "topic-added", {}, 403, "_schema"),
        ("convenor", "no-such-act", {}, 404, "_schema"),
        ("convenor", "dialogue-opened", {}, 404, "_schema"),
    ],
)
def test_errors_are_json_with_the_field(
    client: FlaskClient,
    scenario: Scenario,
    accounts: None,
    login: str,
    act: str,
    body: Any,
    status: int,
    field: str | None,
) -> None:
    response = post_act(client, act, body, login)

    assert response.status_code == status, response.get_json()
    errors = response.get_json()["errors"]
    assert all(isinstance(m, list) for m in errors.values())
    if field is not None:
        assert field in errors


def test_an_unknown_dialogue_is_404(client: FlaskClient, accounts: None) -> None:
    assert post_act(client, "topic-added", {"topic": "x"}, "convenor", slug="nope").status_code == 404
    assert client.get(f"{API}/dialogues/nope", headers=basic("convenor")).status_code == 404


def test_opening_a_taken_slug_is_a_409_conflict(
    client: FlaskClient, scenario: Scenario, accounts: None
) -> None:
    body = {"slug": "sevre", "title": "T", "territory": "T", "subject": "S"}

    response = client.post(f"{API}/dialogues", json=body, headers=basic("convenor"))

    assert response.status_code == 409 and "_schema" in response.get_json()["errors"]


def test_the_openapi_document_is_valid_and_lists_every_act(client: FlaskClient) -> None:
    document = client.get(f"{API}/openapi.json").get_json()

    validate(document)
    operations = {
        op["operationId"]: op
        for path in document["paths"].values()
        for op in path.values()
        if "operationId" in op
    }
    accounts = {"account-created", "account-disabled"} | {
        "invitation-sent",
        "invitation-resent",
        "invitation-cancelled",
    }
    assert set(operations) == {*ACT_FORMS, "dialogue-opened", *accounts}
    decision = operations["decision-adopted"]
    assert decision["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AdoptDecision"
    }
    assert {"201", "400", "401", "403", "404", "409", "422"} <= set(decision["responses"])
    recorded = document["components"]["schemas"]["Recorded"]["properties"]
    assert (
        recorded["position"]["type"] == "integer"
        and "act's own position" in recorded["position"]["description"]
    )
    assert (
        recorded["positions"]["items"] == {"type": "integer"}
        and "in log order" in recorded["positions"]["description"]
    )
    outcome = document["components"]["schemas"]["Outcome"]["properties"]["outcome"]
    assert outcome["enum"] == ["adopted", "adopted_with_changes", "rejected", "deferred"]
