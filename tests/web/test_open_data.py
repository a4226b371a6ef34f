"""Open-data downloads of a dialogue's transparency log: JSON and CSV."""

import csv
import io
import json
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.demo_story import ACTIONS, PROPOSALS
from tests.web.public_site import MAIN, demo_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    yield from demo_site(tmp_path_factory.mktemp("open-data"))


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


def rows(client: FlaskClient, section: str) -> list[dict[str, str]]:
    response = client.get(f"{MAIN}/open-data/{section}.csv")
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
    assert len(dialogue["meetings"]) == 8
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
    assert len(rows(client, "meetings")) == 8
    composition = rows(client, "composition")
    assert {"instance", "category", "members"} <= set(composition[0])
    members = rows(client, "members")
    assert sum(int(c["members"]) for c in composition) == len(members)


def test_the_page_lists_the_downloads_and_the_licence(client: FlaskClient) -> None:
    html = client.get(MAIN).get_data(as_text=True)
    assert f'href="{MAIN}/open-data.json"' in html
    assert f'href="{MAIN}/open-data/proposals.csv"' in html
    assert "Licence Ouverte" in html
