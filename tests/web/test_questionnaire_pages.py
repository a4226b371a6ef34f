"""Questionnaires' pages: a citizen and a participant answer once, each refusal tied to its
question; the results (charts, tables, texts without authors) and their open data only once
closed; the facilitator's builder adds, moves and removes rows without JavaScript, and names a
wrong field."""

import json

from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.builders import ACCOUNTS, Role, Scenario
from tests.web.test_api_v1 import basic
from tests.web.test_consultation_pages import signed_up
from tests.webapp import csrf_token, sign_in


def opened(dialogues: DialogueApp) -> tuple[Scenario, str, str]:
    scenario = Scenario(dialogues)
    questionnaire_id = str(scenario.questionnaire())
    slug = dialogues.status(scenario.id)["slug"]
    return scenario, slug, f"/dialogues/{slug}/questionnaires/{questionnaire_id}"


def answer(client: FlaskClient, page: str, **fields: object) -> object:
    return client.post(f"{page}/answers", data={**fields, "csrf_token": csrf_token(client, page)})


def test_a_citizen_answers_once_and_sees_the_results_only_once_closed(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    scenario, slug, page = opened(dialogues)
    client = web_app.test_client()
    assert client.get(f"{page}/results.json").status_code == 404  # nothing before closing
    signed_up(client, dialogues, "lucie@example.org", "Lucie")
    form = client.get(page).get_data(as_text=True)
    assert "<legend>1. Comment avez-vous connu la consultation ?" in form and 'name="q-1"' in form

    missing = answer(client, page, **{"q-0": "Mairie", "q-4": "Des réunions le soir"})
    assert missing.status_code == 400  # type: ignore[attr-defined]
    refused = missing.get_data(as_text=True)  # type: ignore[attr-defined]
    assert 'href="#q-2-0"' in refused and "cette question demande une réponse" in refused
    assert "Des réunions le soir" in refused  # what was typed is kept
    done = answer(
        client,
        page,
        **{"q-0": "Mairie", "q-1": ["Jardin", "Baignade"], "q-2": "4", "q-4": "Des réunions le soir"},
    )
    assert done.status_code == 303  # type: ignore[attr-defined]
    again = answer(client, page, **{"q-0": "Presse", "q-2": "1"})
    assert again.status_code == 409  # type: ignore[attr-defined]
    shown = client.get(page).get_data(as_text=True)
    assert "1 réponse" in shown and "Des réunions le soir" not in shown and "<svg" not in shown

    dialogues.close_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=page.rsplit("/", 1)[1])
    results = web_app.test_client().get(page).get_data(as_text=True)
    assert "<svg" in results and "<table>" in results and "Des réunions le soir" in results
    assert "Lucie" not in results and "moyenne" in results
    data = json.loads(web_app.test_client().get(f"{page}/results.json").get_data(as_text=True))
    assert data["answers"] == 1 and data["texts"] == [
        {"question": 4, "prompt": "Une remarque ?", "text": "Des réunions le soir"}
    ]
    assert "Lucie" not in json.dumps(data) and "citizen:" not in json.dumps(data)
    counts = web_app.test_client().get(f"{page}/results.csv").get_data(as_text=True)
    assert "Mairie,1" in counts.replace('"', "")
    assert "Des réunions le soir" in web_app.test_client().get(f"{page}/texts.csv").get_data(as_text=True)
    listed = web_app.test_client().get(f"/dialogues/{slug}/questionnaires").get_data(as_text=True)
    assert "Votre avis sur la consultation" in listed


def test_a_participant_answers_signed_in_and_an_anonymous_visitor_is_sent_to_sign_up(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    _scenario, _slug, page = opened(dialogues)
    anonymous = web_app.test_client()
    sent = answer(anonymous, page, **{"q-0": "Presse", "q-2": "3"})
    assert sent.status_code == 303 and "/citizens/sign-up" in sent.headers["Location"]  # type: ignore[attr-defined]
    client = web_app.test_client()
    sign_in(client, ACCOUNTS[Role.STAKEHOLDER])
    assert answer(client, page, **{"q-0": "Presse", "q-2": "3"}).status_code == 303  # type: ignore[attr-defined]
    assert "Vous avez répondu à ce questionnaire" in client.get(page).get_data(as_text=True)


def test_the_builder_adds_moves_removes_rows_and_names_a_wrong_option(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    scenario = Scenario(dialogues)
    consultation_id = str(scenario.consultation())
    slug = dialogues.status(scenario.id)["slug"]
    client = web_app.test_client()
    sign_in(client, scenario.facilitator)
    new = f"/workspace/dialogues/{slug}/questionnaires/new"
    base = {
        "csrf_token": csrf_token(client, new), "title": "Avis", "purpose": "consultation",
        "consultation_id": consultation_id, "audience": "citizens", "rows": "2",
        "questions-0-prompt": "Premier", "questions-0-kind": "single", "questions-0-options": "Oui",
        "questions-1-prompt": "Second", "questions-1-kind": "scale",
    }  # fmt: skip
    added = client.post(new, data={**base, "add": "1"}).get_data(as_text=True)
    assert 'name="questions-2-prompt"' in added and 'value="Premier"' in added
    moved = client.post(new, data={**base, "up": "1"}).get_data(as_text=True)
    assert moved.index('value="Second"') < moved.index('value="Premier"')
    removed = client.post(new, data={**base, "remove": "0"}).get_data(as_text=True)
    assert 'value="Premier"' not in removed and 'name="questions-1-prompt"' not in removed

    wrong = client.post(new, data={**base, "save": "1"})
    assert wrong.status_code == 422
    refused = wrong.get_data(as_text=True)
    assert 'href="#questions-0-options"' in refused and 'id="questions-0-options-errors"' in refused
    saved = client.post(new, data={**base, "questions-0-options": "Oui\nNon", "save": "1"})
    assert saved.status_code == 303
    [drafted] = dialogues.questionnaires(scenario.id)
    assert [q["kind"] for q in drafted["questions"]] == ["single", "scale"]
    assert drafted["questions"][0]["options"] == ["Oui", "Non"]
    manage = f"/workspace/dialogues/{slug}/questionnaires"
    assert "Avis" in client.get(manage).get_data(as_text=True)
    opening = client.post(
        f"/workspace/dialogues/{slug}/acts/questionnaire-opened",
        data={"questionnaire_id": drafted["questionnaire_id"], "csrf_token": csrf_token(client, manage)},
    )
    assert opening.status_code == 303
    assert dialogues.questionnaires(scenario.id)[0]["state"] == "open"


def test_the_api_names_a_wrong_question_and_a_participant_answers_through_it(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    scenario = Scenario(dialogues)
    consultation_id = str(scenario.consultation())
    slug = dialogues.status(scenario.id)["slug"]
    client = web_app.test_client()
    declaration = {
        "title": "Avis", "purpose": "consultation", "consultation_id": consultation_id,
        "audience": "participants",
        "questions": [*Scenario.QUESTIONS[2::-2], {**Scenario.QUESTIONS[0], "options": ["x"]}],
    }  # fmt: skip
    acts = f"/api/v1/dialogues/{slug}/acts"
    wrong = client.post(
        f"{acts}/questionnaire-drafted", json=declaration, headers=basic(scenario.facilitator)
    )
    assert wrong.status_code in (400, 422) and "questions[2].options" in wrong.get_json()["errors"]
    declaration["questions"] = declaration["questions"][:2]
    drafted = client.post(
        f"{acts}/questionnaire-drafted", json=declaration, headers=basic(scenario.facilitator)
    )
    assert drafted.status_code == 201, drafted.get_json()
    questionnaire_id = drafted.get_json()["id"]
    opened = client.post(
        f"{acts}/questionnaire-opened",
        json={"questionnaire_id": questionnaire_id},
        headers=basic(scenario.facilitator),
    )
    assert opened.status_code == 201
    body = {"questionnaire_id": questionnaire_id, "answers": {"0": 5, "1": "Voisins"}}
    stakeholder = basic(ACCOUNTS[Role.STAKEHOLDER])
    assert client.post(f"{acts}/questionnaire-answered", json=body, headers=stakeholder).status_code == 201
    again = client.post(f"{acts}/questionnaire-answered", json=body, headers=stakeholder)
    assert again.status_code == 422 and "questionnaire_id" in again.get_json()["errors"]  # the API's word
    bad = client.post(
        f"{acts}/questionnaire-answered",
        json={**body, "answers": {"0": 9}},
        headers=basic(ACCOUNTS[Role.EXPERT]),
    )
    assert bad.status_code in (400, 422) and "answers[0]" in bad.get_json()["errors"]
