"""Every act's form and API refuse bad input in plain words: each message names its field by its label,
never "UUID", a raw key of a choice (``conseil_municipal``) or a dotted path (``votes.for``)."""

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from marshmallow import Schema, fields, validate

from application.dialogues import DialogueApp
from domain.acts import ACTS
from domain.roles import Role
from domain.stages import Stage
from tests.builders import ACCOUNTS, Scenario
from tests.web.conftest import csrf_token
from tests.web.test_act_forms import FORM, reach
from tests.web.test_api_v1 import API
from web.i18n.fieldlabels import CHOICES
from web.schemas import ACT_FORMS
from web.workspace.pages import DONE_ELSEWHERE

LANGUAGES = {"fr": {"Accept-Language": "fr"}, "en": {"Accept-Language": "en"}}
RAW_KEYS = [key for key in CHOICES if "_" in key]
"""The choices whose id is not a word: none may show."""
WRONG = "x\x00"
"""Wrong in every field: not a number, a date, an id or a choice, and no text holds a NUL."""
NB = "\u00a0"
PATH = re.compile(r"\w\.\w|\[\d+\]")
SHOWN = re.compile(r'<div class="error-summary".*?</div>|<ul class="errors".*?</ul>', re.S)


ACCOUNTS_FORMS = sorted(
    act for act in ACT_FORMS if Role.CITIZEN not in ACTS[act].roles and act not in DONE_ELSEWHERE
)
"""The acts of the workspace's forms; a citizen posts theirs on the consultation's page
(``tests/web/test_consultation_pages.py``)."""


def bad(schema: Schema) -> dict[str, Any]:
    """A body giving every field of ``schema`` a value of the wrong kind, nested fields included."""
    body: dict[str, Any] = {}
    for name, item in schema.fields.items():
        inner = item.inner if isinstance(item, fields.List) else item
        if isinstance(inner, fields.Nested):
            value: Any = bad(inner.schema)
            body[name] = [value] if isinstance(item, fields.List) else value
        else:
            body[name] = [WRONG] if isinstance(item, fields.List) else WRONG
    return body


def typed(schema: Schema) -> dict[str, str]:
    """What a form sends when each input holds WRONG: rows as ``name-0-sub``, votes as ``votes.for``."""
    form = {}
    for name, item in schema.fields.items():
        inner = item.inner if isinstance(item, fields.List) else item
        if isinstance(inner, fields.Nested):
            separator = "-0-" if isinstance(item, fields.List) else "."
            form.update({f"{name}{separator}{sub}": WRONG for sub in inner.schema.fields})
        else:
            form[name] = WRONG
    return form


def plain(messages: list[str], schema: Schema) -> None:
    """No message says UUID, a raw key or a path; each of a choice's labels is offered, not its id."""
    text = "\n".join(messages)
    assert messages
    assert "UUID" not in text
    assert [key for key in RAW_KEYS if key in text] == []
    assert PATH.findall(text) == [], text
    for item in schema.fields.values():
        choice = next((v for v in item.validators if isinstance(v, validate.OneOf)), None)
        assert (
            choice is None
            or str(choice.choices[0]) not in text
            or str(choice.choices[0]) in str(CHOICES.get(str(choice.choices[0]), ""))
        )


@pytest.fixture
def scenario(dialogues: DialogueApp) -> Scenario:
    return Scenario(dialogues, slug="sevre")


def form_of(client: FlaskClient, act: str) -> str:
    """The path of the act's form: the acts' form sends a document act to its own, that takes a file."""
    answer = client.get(FORM + act)
    return answer.location if answer.status_code == 303 else FORM + act


@pytest.mark.parametrize("act", ACCOUNTS_FORMS)
def test_every_form_and_the_api_refuse_in_plain_words(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, act: str
) -> None:
    spec = ACTS[act]
    reach(scenario, next(s for s in Stage if s in spec.stages))
    client = signed_in(ACCOUNTS[next(r for r in Role if r in spec.roles)])
    schema = ACT_FORMS[act].schema()
    form = form_of(client, act)

    for headers in LANGUAGES.values():
        for data in ({}, typed(schema)):
            token = csrf_token(client, form)
            response = client.post(form, data={**data, "csrf_token": token}, headers=headers)
            page = response.get_data(as_text=True)
            assert response.status_code in (400, 422), act
            shown = [html.unescape(re.sub(r"<[^>]+>", " ", found)) for found in SHOWN.findall(page)]
            plain(shown, schema)
        for body in ({}, bad(schema)):
            answer = client.post(f"{API}/dialogues/sevre/acts/{act}", json=body, headers=headers)
            assert answer.status_code in (400, 422), act
            errors = answer.get_json()["errors"]
            plain([m for messages in errors.values() for m in messages], schema)
            assert set(errors) <= {"_schema", *schema.fields, *(k for k in errors if PATH.search(k))}


def test_the_decision_form_names_the_votes_and_lists_the_bodies_by_their_labels(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    scenario.presented()
    client = signed_in("decision_maker")
    url = FORM + "decision-adopted"
    data = {"body": "x", "votes.for": "douze", "csrf_token": csrf_token(client, url)}

    page = html.unescape(client.post(url, data=data, headers=LANGUAGES["fr"]).get_data(as_text=True))

    assert f"«{NB}Voix pour{NB}» doit être un nombre entier, par exemple 12." in page
    assert (
        "«_Instance_»_: choisissez parmi_: conseil municipal, conseil communautaire,".replace("_", NB) in page
    )


def test_an_empty_meeting_form_asks_for_each_required_field_by_its_label(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    scenario.to_collective_work()
    client = signed_in("facilitator")
    url = FORM + "meeting-scheduled"

    response = client.post(url, data={"csrf_token": csrf_token(client, url)}, headers=LANGUAGES["fr"])
    page = html.unescape(response.get_data(as_text=True))

    assert "<title>Erreur\u00a0: " in page
    assert "identifiant" not in page
    assert f'<a href="#f-instance_id">Renseignez «{NB}Instance{NB}».</a>' in page
    assert f'<a href="#f-title">Renseignez «{NB}Titre{NB}».</a>' in page


def test_a_form_that_cannot_be_done_now_says_why_instead_of_offering_to_record(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    scenario.to_decision()  # in the last stage, nothing presented to the decision-makers yet
    client = signed_in("decision_maker")

    before = client.get(FORM + "decision-adopted", headers=LANGUAGES["en"]).get_data(as_text=True)
    scenario.presented()
    after = client.get(FORM + "decision-adopted", headers=LANGUAGES["en"]).get_data(as_text=True)

    assert "No proposal is awaiting a decision: the results must first be presented." in before
    assert 'class="act-form"' not in before and 'id="blocked"' not in after
    assert 'class="act-form"' in after
