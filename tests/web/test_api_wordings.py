"""The API's own refusals (credentials, body, unknown URL, method) in the request's language."""

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.web.conftest import csrf_token
from tests.web.test_api_v1 import API, basic

LANGUAGES = [("fr", {"Accept-Language": "fr"}), ("fr", {}), ("en", {"Accept-Language": "en"})]
"""The language expected, and the request's headers: French when asked for, and by default."""
WORDINGS = {
    "fr": {
        401: "Identifiant ou mot de passe incorrect.",
        "signed out": "Veuillez d'abord vous connecter.",
        "form": "Envoyez le corps de la requête en Content-Type: application/json.",
        "list": "Le corps de la requête doit être un objet JSON.",
        404: "Introuvable",
        405: "Méthode non autorisée",
    },
    "en": {
        401: "Wrong login or password.",
        "signed out": "Sign in first.",
        "form": "Send the body as Content-Type: application/json.",
        "list": "The body must be a JSON object.",
        404: "Not found",
        405: "Method not allowed",
    },
}


@pytest.mark.parametrize(("language", "headers"), LANGUAGES)
def test_the_apis_own_refusals_are_worded_in_the_requests_language(
    signed_in: Callable[..., FlaskClient], client: FlaskClient, language: str, headers: dict[str, str]
) -> None:
    signed_in("alice", organiser=True)  # the account, used with HTTP Basic by an anonymous client
    auth = {**headers, **basic("alice")}

    answers = {
        401: client.get(f"{API}/me", headers={**headers, **basic("alice", "wrong password")}),
        "signed out": client.get(f"{API}/me", headers=headers),
        "form": client.post(f"{API}/dialogues", data={"slug": "x"}, headers=auth),
        "list": client.post(f"{API}/dialogues", json=["x"], headers=auth),
        404: client.get(f"{API}/nowhere", headers=auth),
        405: client.delete(f"{API}/me", json={}, headers=auth),
    }

    assert {name: answer.get_json() for name, answer in answers.items()} == {
        name: {"errors": {"_schema": [wording]}} for name, wording in WORDINGS[language].items()
    }
    assert [answer.status_code for answer in answers.values()] == [401, 401, 400, 400, 404, 405]


def test_the_language_switch_words_the_api_for_the_browser_session(
    signed_in: Callable[..., FlaskClient],
) -> None:
    client = signed_in("alice")
    french = {"Accept-Language": "fr"}
    client.post("/language", data={"language": "en", "next": "/", "csrf_token": csrf_token(client)})

    answer = client.post(f"{API}/dialogues", data={"slug": "x"}, headers=french)

    assert answer.get_json() == {"errors": {"_schema": [WORDINGS["en"]["form"]]}}
