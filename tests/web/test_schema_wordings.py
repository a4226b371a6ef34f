"""Marshmallow's messages worded again with the field's label, next to a form's field and in the API's 400,
in the request's language."""

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


def test_every_message_the_schemas_give_is_worded_again_with_the_fields_label_in_both_languages(
    web_app: Flask,
) -> None:
    given = given_messages()
    with web_app.test_request_context("/"):
        with force_locale("en"):
            english = {message: translated(message, "topic") for message in given}
        with force_locale("fr"):
            french = {message: translated(message, "topic") for message in given}

    assert len(given) > 15
    assert sorted(m for m in given if "“Topic”" not in english[m]) == []
    assert sorted(m for m in given if "«\u00a0Thème\u00a0»" not in french[m]) == []


def test_every_template_is_one_the_schemas_give() -> None:
    given = given_messages()

    assert [t for pattern, t in PATTERNS if not any(pattern.fullmatch(m) for m in given)] == []


def test_the_values_in_a_message_are_kept_and_choices_shown_by_their_labels(web_app: Flask) -> None:
    english = [
        ("Must be greater than or equal to 1 and less than or equal to 500.", "votes.for"),
        ("Must be greater than or equal to 0.", "outcomes[0].attendance"),
        ("Must be one of: conseil_municipal, b.", "body"),
        ("not one of marshmallow's", "body"),
        ("Not a valid UUID.", "_schema"),
    ]
    with web_app.test_request_context("/"), force_locale("fr"):
        french = [translated(message, key) for message, key in english]

    assert french == [
        "«\u00a0Voix pour\u00a0» doit être compris entre 1 et 500.",
        "«\u00a0Participants présents\u00a0» doit valoir au moins 0.",
        "«\u00a0Instance\u00a0»\u00a0: choisissez parmi\u00a0: conseil municipal, b.",
        "not one of marshmallow's",
        "Ce qui a été envoyé n'a pas la forme qu'attend cet acte.",
    ]


API_WORDINGS = {
    "fr": {
        "topic": ["«\u00a0Thème\u00a0» doit être un texte."],
        "extra": ["«\u00a0extra\u00a0» n'est pas un champ de cet acte."],
        "limit": ["«\u00a0limit\u00a0» doit être compris entre 1 et 500."],
        "after": ["«\u00a0after\u00a0» doit être un nombre entier, par exemple 12."],
        "missing": ["Renseignez «\u00a0Thème\u00a0»."],
    },
    "en": {
        "topic": ["“Topic” must be a text."],
        "extra": ["“extra” is not a field of this act."],
        "limit": ["“limit” must be between 1 and 500."],
        "after": ["“after” must be a whole number, such as 12."],
        "missing": ["Fill in “Topic”."],
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
    "fr": "«\u00a0Catégorie\u00a0»\u00a0: choisissez parmi\u00a0: élu, administration, association, "
    "acteur économique,",
    "en": "“Category”: choose one of: elected official, administration, association, economic actor,",
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
    assert response.status_code == 400
    assert f"<li>{escape(FORM_WORDINGS[language])}" in errors[: errors.index("</ul>")]
    assert not [key for key in CATEGORIES if "_" in key and key in errors[: errors.index("</ul>")]]
