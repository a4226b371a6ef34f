"""Not found, not allowed, a conflict: worded in the request's language (French by default), pages and API."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from application.dialogues import DialogueApp
from domain.roles import Role
from tests.builders import ACCOUNTS, Scenario, ensure_accounts
from tests.web.conftest import csrf_token, sign_in
from tests.web.test_api_v1 import API, basic

LANGUAGES = [("fr", {"Accept-Language": "fr"}), ("fr", {}), ("en", {"Accept-Language": "en"})]
"""The language expected, and the request's headers: French when asked for, and by default."""
OPENED = {"slug": "sevre", "title": "T", "territory": "T", "subject": "S"}
"""A dialogue to open with the slug of the scenario's: taken."""

PAGES = {
    "fr": {
        404: "Ce dialogue n'existe pas.",
        403: "L'acte «\u00a0Ajouter un thème\u00a0» ne vous est pas ouvert dans ce dialogue pour le moment.",
        409: "Un dialogue porte déjà le nom court «\u00a0sevre\u00a0».",
    },
    "en": {
        404: "This dialogue does not exist.",
        403: "The act “Add a topic” is not open to you in this dialogue at the moment.",
        409: "A dialogue already has the short name “sevre”.",
    },
}
ANSWERS = {
    "fr": {
        **PAGES["fr"],
        403: "Votre rôle ne permet pas cet acte\u00a0: «\u00a0Ajouter un thème\u00a0» est réservé aux rôles "
        "Porteur de la démarche, Animateur.",
    },
    "en": {
        **PAGES["en"],
        403: "Your role does not allow this act: “Add a topic” is for the roles Convenor, Facilitator.",
    },
}


STAKEHOLDER = ACCOUNTS[Role.STAKEHOLDER]


@pytest.fixture
def stakeholder(web_app: Flask, dialogues: DialogueApp) -> FlaskClient:
    """A client signed in as the stakeholder of the dialogue ``sevre`` (every account of its roles made)."""
    Scenario(dialogues, slug="sevre")
    ensure_accounts(dialogues, organisers=(STAKEHOLDER,))  # to open a dialogue whose slug is taken
    client = web_app.test_client()
    assert sign_in(client, STAKEHOLDER).status_code == 303  # type: ignore[attr-defined]
    return client


@pytest.mark.parametrize(("language", "headers"), LANGUAGES)
def test_a_page_words_not_found_not_allowed_and_a_conflict_in_the_requests_language(
    stakeholder: FlaskClient, language: str, headers: dict[str, str]
) -> None:
    client = stakeholder
    form = {**OPENED, "csrf_token": csrf_token(client, "/workspace/open")}

    responses = {
        404: client.get("/workspace/dialogues/nowhere", headers=headers),
        403: client.get("/workspace/dialogues/sevre/acts/topic-added", headers=headers),
        409: client.post("/workspace/open", data=form, headers=headers),
    }

    for status, response in responses.items():
        assert response.status_code == status
        assert str(escape(PAGES[language][status])) in response.get_data(as_text=True), status


@pytest.mark.parametrize(("language", "headers"), LANGUAGES)
def test_the_api_words_not_found_not_allowed_and_a_conflict_in_the_requests_language(
    stakeholder: FlaskClient, language: str, headers: dict[str, str]
) -> None:
    client, auth = stakeholder, {**headers, **basic(STAKEHOLDER)}

    responses = {
        404: client.get(f"{API}/dialogues/nowhere", headers=auth),
        403: client.post(f"{API}/dialogues/sevre/acts/topic-added", json={"topic": "eau"}, headers=auth),
        409: client.post(f"{API}/dialogues", json=OPENED, headers=auth),
    }

    for status, response in responses.items():
        assert (response.status_code, response.get_json()) == (
            status,
            {"errors": {"_schema": [ANSWERS[language][status]]}},
        )
