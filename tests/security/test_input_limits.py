"""Input limits on the API and the forms, on both stores: the body's size, each field's bound and
characters, the nesting of JSON; what the schema can check is a 400 naming the field, nothing recorded.

The bounds are those of ``web.schemas.fields``; ``tests/live/test_live_limits.py`` tries them on /live.
"""

import base64
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from marshmallow import fields

from application.dialogues import DialogueApp
from tests.bounds import HEAVY, ID, bound
from tests.builders import ACCOUNTS, Scenario
from tests.web.conftest import PASSWORD, csrf_token, make_web_app, sign_in
from web import close_app
from web.schemas import ACT_FORMS, OPEN_DIALOGUE
from web.schemas.fields import ITEMS, LONG, SHORT

API = "/api/v1/dialogues/sevre/acts/"
EN = {"Accept-Language": "en"}


@pytest.fixture
def site(database_url: str) -> Iterator[Flask]:
    """The web app with the default limits on either store; the dialogue ``sevre`` in collective work."""
    app = make_web_app(database_url)
    dialogues: DialogueApp = app.extensions["dialogues"]
    dialogues.create_administrator("root", PASSWORD)
    for login in ACCOUNTS.values():
        dialogues.create_account("root", login=login, password=PASSWORD)
    scenario = Scenario(dialogues, slug="sevre")
    scenario.to_collective_work()
    app.config["SCENARIO"] = scenario
    yield app
    close_app(app)


@pytest.fixture
def recorded(site: Flask) -> Callable[[], int]:
    """The log's last position now."""
    dialogues: DialogueApp = site.extensions["dialogues"]
    return lambda: int(dialogues.recorder.max_notification_id() or 0)


def basic(login: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{PASSWORD}".encode()).decode(), **EN}


def post(site: Flask, act: str, body: Any, login: str = "stakeholder") -> Any:
    data = body if isinstance(body, (str, bytes)) else None
    return site.test_client().post(
        API + act,
        json=None if data is not None else body,
        data=data,
        content_type="application/json",
        headers=basic(login),
    )


def test_the_default_body_limit_refuses_a_ten_megabyte_contribution(
    site: Flask, recorded: Callable[[], int]
) -> None:
    before = recorded()
    client = site.test_client()
    sign_in(client, "stakeholder")
    form = "/workspace/dialogues/sevre/acts/contribution-posted"
    token = csrf_token(client, form)

    api = post(site, "contribution-posted", {"kind": "idea", "text": "x" * 10_000_000})
    page = client.post(
        form,
        data={"csrf_token": token, "kind": "idea", "text": "x" * 2_000_000},
        headers={"Accept-Language": "fr"},
    )

    assert api.status_code == 413
    assert api.get_json() == {
        "errors": {"_schema": ["What was sent is larger than the 1024 KiB the server accepts."]}
    }
    assert page.status_code == 413
    assert "Ce qui a été envoyé dépasse les 1024 Kio acceptés par le serveur." in page.get_data(as_text=True)
    assert recorded() == before


@pytest.mark.parametrize(
    ("act", "body", "field", "message"),
    [
        (
            "contribution-posted",
            {"kind": "idea", "text": "x" * (LONG + 1)},
            "text",
            "“Text”: at most 20000 characters.",
        ),
        ("contribution-posted", {"kind": "idea", "text": "\ud800"}, "text", "not allowed here (U+D800)."),
        ("contribution-posted", {"kind": "idea", "text": "a\x00b"}, "text", "not allowed here (U+0000)."),
        ("contribution-posted", {"kind": "idea", "text": "a\x1bb"}, "text", "not allowed here (U+001B)."),
        ("proposal-drafted", {"title": "x" * (SHORT + 1)}, "title", "“Title”: at most 200 characters."),
        ("proposal-drafted", {"title": "Partage\r\nen étiage"}, "title", "not allowed here (U+000D)."),
        ("proposal-drafted", {"topic": "a\tb"}, "topic", "not allowed here (U+0009)."),
        (
            "proposal-drafted",
            {"contribution_ids": [ID] * (ITEMS + 1)},
            "contribution_ids",
            "“Contributions”: at most 200 entries.",
        ),
        (
            "proposal-drafted",
            {"co_authors": ["x" * (SHORT + 1)]},
            "co_authors[0]",
            "“Co-authors (one login a line)”: at most 200 characters.",
        ),
        ("dysfunction-reported", {"weak_point": "\u2028"}, "weak_point", "not allowed here (U+2028)."),
    ],
)
def test_a_field_over_its_bound_or_holding_a_forbidden_character_is_a_400_naming_it(
    site: Flask, recorded: Callable[[], int], act: str, body: dict[str, Any], field: str, message: str
) -> None:
    before = recorded()
    login = "facilitator" if act == "dysfunction-reported" else "stakeholder"

    response = post(site, act, body, login)

    assert response.status_code == 400, response.get_json()
    assert message in response.get_json()["errors"][field][0]
    assert recorded() == before


def test_a_long_text_keeps_its_line_breaks_and_tabs_and_a_text_at_its_bound_is_recorded(
    site: Flask, recorded: Callable[[], int]
) -> None:
    start = "Premier point\r\n\tdétail\n"
    text = start + HEAVY * (LONG - len(start))

    response = post(site, "contribution-posted", {"kind": "idea", "text": text})

    assert response.status_code == 201, response.get_json()
    dialogues: DialogueApp = site.extensions["dialogues"]
    assert len(text) == LONG and recorded() == response.get_json()["position"]
    assert dialogues.repository.get(UUID(response.get_json()["id"])).text == text


@pytest.mark.parametrize("body", ["[" * 50_000, '{"kind": ' + "[" * 50_000 + "]" * 50_000 + "}"])
def test_json_nested_too_deeply_is_a_400_naming_the_body(
    site: Flask, recorded: Callable[[], int], body: str
) -> None:
    before = recorded()

    response = post(site, "contribution-posted", body)

    assert response.status_code == 400
    assert response.get_json() == {"errors": {"_schema": ["The data is nested too deeply to be read."]}}
    assert recorded() == before


def test_the_forms_refuse_a_nul_and_a_line_break_in_a_title_next_to_the_field(
    site: Flask, recorded: Callable[[], int]
) -> None:
    before = recorded()
    client = site.test_client()
    sign_in(client, "stakeholder")
    form = "/workspace/dialogues/sevre/acts/contribution-posted"

    nul = client.post(
        form, headers=EN, data={"csrf_token": csrf_token(client, form), "kind": "idea", "text": "a\x00"}
    )
    page = nul.get_data(as_text=True)
    organiser = site.test_client()
    sign_in(organiser, "convenor")  # an organiser: others may not open a dialogue at all
    opened = organiser.post(
        "/workspace/open",
        headers=EN,
        data={
            "csrf_token": csrf_token(organiser, "/workspace/open"),
            "slug": "x",
            "title": "a\r\nb",
            "territory": "t",
            "subject": "s",
        },
    )

    assert nul.status_code == 400
    assert (
        "“Text” holds a character that is not allowed here (U+0000)."
        in page[page.index('data-field="text"') :]
    )
    assert opened.status_code == 400 and "(U+000D)" in opened.get_data(as_text=True)
    assert recorded() == before


def test_the_forms_draw_each_texts_bound_as_its_maxlength(site: Flask) -> None:
    client = site.test_client()
    sign_in(client, "stakeholder")

    page = client.get("/workspace/dialogues/sevre/acts/proposal-drafted").get_data(as_text=True)

    assert 'name="title" id="f-title" value="" required maxlength="200"' in page
    assert 'maxlength="20000"' in page[page.index('name="text"') :]


# --- defect 12: counts, dates, optional contact ----------------------------------


def test_a_percent_of_three_and_a_half_is_refused_not_rounded(
    site: Flask, recorded: Callable[[], int]
) -> None:
    action_id = site.config["SCENARIO"].action_with_operator()
    before = recorded()

    responses = {
        value: post(
            site,
            "progress-reported",
            {"action_id": str(action_id), "percent": value, "note": "n"},
            "operator",
        )
        for value in (3.5, "3", True, 101, -1)
    }

    assert {value: r.status_code for value, r in responses.items()} == dict.fromkeys(responses, 400)
    assert all("percent" in r.get_json()["errors"] for r in responses.values())
    assert recorded() == before


def test_a_malformed_date_is_a_400_from_the_schema(site: Flask, recorded: Callable[[], int]) -> None:
    before = recorded()

    response = post(site, "steering-review-held", {"held_on": "12/03/2026", "summary": "s"}, "facilitator")

    assert response.status_code == 400
    assert response.get_json()["errors"] == {
        "held_on": ["“Held on” is not a valid date: write it as YYYY-MM-DD."]
    }
    assert recorded() == before


def test_a_stakeholder_is_identified_without_email_nor_phone(site: Flask) -> None:
    body = {"name": "Jeanne Martin", "category": "resident", "organisation": "Riverains"}

    response = post(site, "stakeholder-identified", body, "convenor")

    assert response.status_code == 201, response.get_json()
    dialogues: DialogueApp = site.extensions["dialogues"]
    person = dialogues.people([response.get_json()["id"]])[response.get_json()["id"]]
    assert (person["name"], person["email"], person["phone"]) == ("Jeanne Martin", "", "")


# --- one declaration: forms, API, OpenAPI ------------------------------------------


def test_the_openapi_document_gives_every_bound_the_schemas_apply(site: Flask) -> None:
    document = site.test_client().get("/api/v1/openapi.json").get_json()
    components = document["components"]["schemas"]
    forms = {
        **{f.schema.__name__: f.schema for f in ACT_FORMS.values()},
        "OpenDialogue": OPEN_DIALOGUE.schema,
    }

    unbounded = []
    for name, schema in forms.items():
        for field, item in schema().fields.items():
            described = components[name]["properties"][field]
            length = bound(item)
            if length is not None:
                key = "maxItems" if described.get("type") == "array" else "maxLength"
                assert described[key] == length.max, (name, field)
            elif isinstance(item, (fields.String, fields.List)) and not {"enum", "format"} & set(described):
                unbounded.append(f"{name}.{field}")
    percent = components["ReportProgress"]["properties"]["percent"]
    assert unbounded == []
    assert (percent["minimum"], percent["maximum"]) == (0, 100)
