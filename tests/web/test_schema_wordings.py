"""Marshmallow's own messages, next to a form's field and in the API's 400, in the request's language."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from markupsafe import escape
from marshmallow import Schema, ValidationError

from application.dialogues import DialogueApp
from domain.stakeholder import CATEGORIES
from tests.builders import Scenario
from tests.web.conftest import csrf_token
from tests.web.test_api_v1 import API
from web.api.views import ActsQuery
from web.schemas import ACT_FORMS, OPEN_DIALOGUE
from web.schemas.live import Join, LiveAct, Page
from web.schemas.messages import PATTERNS, translated

LANGUAGES = [("fr", {"Accept-Language": "fr"}), ("fr", {}), ("en", {"Accept-Language": "en"})]
"""The language expected, and the request's headers: French when asked for, and by default."""
LOADED: list[type[Schema]] = [
    *(form.schema for form in ACT_FORMS.values()),
    OPEN_DIALOGUE.schema,
    Join,
    LiveAct,
    Page,
    ActsQuery,
]
"""Every schema that loads what a client sends (forms, API, live events)."""
BAD: list[Any] = [
    *[None, "", "x" * 300, "x" * 20_001, "a\x00b", "\ud800", -1, 1.5, True, 10**9],
    *[[], [None], ["x"], ["x"] * 201, [{}], [{"x": 1}], {}, {"x": 1}, "x"],
]
"""Values to give each field, in the hope of every message marshmallow has for it."""


@pytest.fixture
def convenor(signed_in: Callable[..., FlaskClient], dialogues: DialogueApp) -> FlaskClient:
    """A client signed in as the convenor of the dialogue ``sevre``, in framing."""
    Scenario(dialogues, slug="sevre")
    return signed_in("convenor")


def leaves(messages: Any) -> Iterator[str]:
    """The messages of marshmallow's nested errors, as it words them."""
    if isinstance(messages, str):
        yield messages
        return
    for nested in messages.values() if isinstance(messages, dict) else messages:
        yield from leaves(nested)


def given_messages() -> set[str]:
    """What the schemas say of wrong bodies, and of each field given each of ``BAD``."""
    payloads: list[Any] = [{}, {"unknown": 1}, "not an object", []]
    found: set[str] = set()
    for schema in LOADED:
        fields = [item.data_key or name for name, item in schema().fields.items()]
        for payload in [*payloads, *({name: value} for name in fields for value in BAD)]:
            try:
                schema().load(payload)
            except ValidationError as error:
                found.update(leaves(error.messages))
    return found


def test_every_message_the_schemas_give_reads_in_french_and_as_marshmallow_words_it_in_english(
    web_app: Flask,
) -> None:
    given = given_messages()
    with web_app.test_request_context("/"):
        with force_locale("en"):
            english = {message: translated(message) for message in given}
        with force_locale("fr"):
            french = {message: translated(message) for message in given}

    assert len(given) > 15
    assert english == {message: message for message in given}
    assert sorted(message for message in given if french[message] == message) == []


def test_every_template_is_one_the_schemas_give() -> None:
    given = given_messages()

    assert [t for pattern, t in PATTERNS if not any(pattern.fullmatch(m) for m in given)] == []


def test_the_values_in_a_message_are_kept(web_app: Flask) -> None:
    english = [
        "Must be greater than or equal to 1 and less than or equal to 500.",
        "Must be greater than or equal to 0.",
        "Must be one of: a, b.",
        "not one of marshmallow's",
    ]
    with web_app.test_request_context("/"), force_locale("fr"):
        french = [translated(message) for message in english]

    assert french == [
        "La valeur doit être comprise entre 1 et 500.",
        "La valeur doit être supérieure ou égale à 0.",
        "La valeur doit être l'une des suivantes : a, b.",
        "not one of marshmallow's",
    ]


API_WORDINGS = {
    "fr": {
        "topic": ["Ce n'est pas un texte valide."],
        "extra": ["Champ inconnu."],
        "limit": ["La valeur doit être comprise entre 1 et 500."],
        "after": ["Ce n'est pas un nombre entier valide."],
        "missing": ["Ce champ est obligatoire."],
    },
    "en": {
        "topic": ["Not a valid string."],
        "extra": ["Unknown field."],
        "limit": ["Must be greater than or equal to 1 and less than or equal to 500."],
        "after": ["Not a valid integer."],
        "missing": ["Missing data for required field."],
    },
}


@pytest.mark.parametrize(("language", "headers"), LANGUAGES)
def test_the_api_words_marshmallows_messages_in_the_requests_language(
    convenor: FlaskClient, language: str, headers: dict[str, str]
) -> None:
    client, url = convenor, f"{API}/dialogues/sevre/acts/topic-added"

    body = client.post(url, json={"topic": 3, "extra": 1}, headers=headers)
    query = client.get(f"{API}/dialogues/sevre/acts?limit=0&after=x", headers=headers)
    missing = client.post(url, json={}, headers=headers)

    wording = API_WORDINGS[language]
    assert (body.status_code, body.get_json()) == (
        400,
        {"errors": {"topic": wording["topic"], "extra": wording["extra"]}},
    )
    assert (query.status_code, query.get_json()) == (
        400,
        {"errors": {"limit": wording["limit"], "after": wording["after"]}},
    )
    assert missing.get_json() == {"errors": {"topic": wording["missing"]}}


FORM_WORDINGS = {
    "fr": "La valeur doit être l'une des suivantes : {choices}.",
    "en": "Must be one of: {choices}.",
}


@pytest.mark.parametrize(("language", "headers"), LANGUAGES)
def test_a_form_shows_marshmallows_message_next_to_the_field_in_the_requests_language(
    convenor: FlaskClient, language: str, headers: dict[str, str]
) -> None:
    client = convenor
    url = "/workspace/dialogues/sevre/acts/stakeholder-identified"
    form = {"name": "N", "email": "e", "phone": "p", "organisation": "O", "category": "rant"}

    response = client.post(url, data={**form, "csrf_token": csrf_token(client, url)}, headers=headers)

    page = response.get_data(as_text=True)
    errors = page[page.index('id="f-category-errors"') :]
    message = FORM_WORDINGS[language].format(choices=", ".join(CATEGORIES))
    assert response.status_code == 400
    assert f"<li>{escape(message)}</li>" in errors[: errors.index("</ul>")]
