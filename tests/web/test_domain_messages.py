"""What the domain says reaches the pages in the reader's language: indicator details and refusals."""

import re
from collections.abc import Callable, Iterator
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from domain.base import Actor
from domain.errors import InvalidActError, RoleError, WrongStageError
from domain.roles import Role
from tests.builders import ACCOUNTS, Scenario, ensure_accounts
from tests.web.conftest import csrf_token
from tests.web.public_site import MAIN, demo_site
from web.i18n.domain_messages import INVALID_VALUES, indicator_detail, invalid_value, refusal

EN = {"Accept-Language": "en"}
FR = {"Accept-Language": "fr"}


def details(page: str) -> list[str]:
    return re.findall(r'<span class="detail">(.*?)</span>', page)


@pytest.fixture
def vallee(dialogues: DialogueApp) -> UUID:
    """A dialogue in framing with an instance without members; alice is one of its stakeholders."""
    ensure_accounts(dialogues, "conv", "alice", organisers=("conv",))
    dialogue_id = dialogues.open_dialogue(
        "conv", slug="vallee", title="La vallée", territory="T", subject="S"
    ).id
    dialogues.grant_role("conv", dialogue_id, grantee_id="alice", role="stakeholder")
    dialogues.design_instance(
        "conv",
        dialogue_id,
        kind="consultation_group",
        name="Groupe vide",
        function="F",
        composition="C",
        functioning_rule="consensus",
        facilitation="A",
        schedule="S",
    )
    return dialogue_id


def test_the_workspace_shows_indicator_details_in_french_by_default(
    signed_in: Callable[..., FlaskClient], vallee: UUID
) -> None:
    page = signed_in("alice").get("/workspace/dialogues/vallee").get_data(as_text=True)

    assert "résultats attendus, objets et périmètre non définis" in details(page)
    assert (
        "aucun comité de pilotage conçu\u00a0; l&#39;instance «\u00a0Groupe vide\u00a0» n&#39;a aucun membre"
        in details(page)
    )
    assert (
        "dispositif non validé par le comité de pilotage\u00a0; démarche non rendue publique" in page
    )  # what is missing
    assert "approach not made public" not in page


def test_the_workspace_shows_indicator_details_in_english_on_request(
    signed_in: Callable[..., FlaskClient], vallee: UUID
) -> None:
    page = signed_in("alice").get("/workspace/dialogues/vallee", headers=EN).get_data(as_text=True)

    assert "no steering committee designed; instance “Groupe vide” has no members" in details(page)
    assert "démarche non rendue publique" not in page


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "aucun comité de pilotage conçu\u00a0; l'instance «\u00a0Groupe vide\u00a0» n'a aucun membre"),
        (EN, "no steering committee designed; instance “Groupe vide” has no members"),
    ],
)
def test_the_api_gives_indicator_details_in_the_readers_language(
    signed_in: Callable[..., FlaskClient], vallee: UUID, headers: dict[str, str], detail: str
) -> None:
    status = signed_in("alice").get("/api/v1/dialogues/vallee", headers=headers).get_json()

    assert {i["name"]: i["detail"] for i in status["indicators"]}["instances-defined"] == detail


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    yield from demo_site(tmp_path_factory.mktemp("messages"))


def test_the_public_page_shows_indicator_details_in_the_readers_language(site: Flask) -> None:
    client = site.test_client()

    french = details(client.get(MAIN, headers=FR).get_data(as_text=True))
    english = details(client.get(MAIN, headers=EN).get_data(as_text=True))

    assert french and len(french) == len(english)
    assert any(re.fullmatch(r"\d+ propositions? adoptées? par les décideurs", d) for d in french)
    assert any(re.fullmatch(r"\d+ proposals? adopted by the decision-makers", d) for d in english)


@pytest.mark.parametrize(
    ("language", "count", "detail"),
    [
        ("fr", 1, "1 proposition validée par son instance"),
        ("fr", 3, "3 propositions validées par leur instance"),
        ("en", 1, "1 proposal validated by its instance"),
        ("en", 3, "3 proposals validated by their instance"),
    ],
)
def test_a_counted_indicator_detail_agrees_in_number_in_each_language(
    web_app: Flask, language: str, count: int, detail: str
) -> None:
    indicator = {
        "name": "proposals-validated",
        "met": True,
        "detail": "english",
        "notes": [{"code": "proposals-validated", "params": {"count": count}}],
    }

    with web_app.test_request_context("/", headers={"Accept-Language": language}):
        assert indicator_detail(indicator) == detail


@pytest.fixture
def scenario(dialogues: DialogueApp) -> Scenario:
    return Scenario(dialogues, slug="sevre")


@pytest.mark.parametrize(
    ("headers", "message"),
    [(FR, "est obligatoire"), (EN, "is required")],
)
def test_a_refused_value_is_shown_next_to_its_field_in_the_readers_language(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, headers: dict[str, str], message: str
) -> None:
    client = signed_in("convenor")
    form = "/workspace/dialogues/sevre/acts/launch-meeting-held"

    response = client.post(
        form,
        headers=headers,
        data={
            "csrf_token": csrf_token(client, form),
            "held_on": "2026-03-12",
            "attendance": "40",
            "summary": " ",
        },
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    field = page[page.index('data-field="summary"') :]
    assert message in field


def test_refusals_are_translated_and_unknown_codes_keep_the_domains_english(web_app: Flask) -> None:
    with pytest.raises(RoleError) as wrong_role:
        Actor("alice", Role.STAKEHOLDER).check_role("decision-adopted", Role.DECISION_MAKER)
    wrong_stage = WrongStageError(
        "english",
        code="wrong-stage",
        params={"act": "topic-added", "stages": ["framing"], "stage": "collective_work"},
    )

    with web_app.test_request_context("/", headers=FR):
        assert refusal(wrong_role.value) == (
            "«\u00a0Enregistrer la décision de l'instance légitime\u00a0» est réservé aux rôles "
            "Représentant de l'instance légitime, pas Acteur local."
        )
        assert refusal(wrong_stage).startswith(
            "«\u00a0Ajouter un thème\u00a0» relève de l'étape «\u00a0Définition du cadre"
        )
        assert invalid_value(InvalidActError("f", "is required", code="required")) == "est obligatoire"
        assert invalid_value(InvalidActError("f", "some English rule", code="unknown")) == "some English rule"
        assert invalid_value(InvalidActError("f", "some English rule")) == "some English rule"
        assert refusal(WrongStageError("no code")) == "no code"
    with web_app.test_request_context("/", headers=EN):
        assert refusal(wrong_role.value) == (
            "“Record the decision of the legitimate body” is for the roles Decision-maker, not Stakeholder."
        )
        assert str(INVALID_VALUES["count"]) == "must be a whole number (0 or more)"


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (FR, "Indicateurs de sortie non remplis\u00a0: Résultats attendus, objets et périmètre formalisés"),
        (EN, "Exit indicators not met: Expected results, objects and perimeter formalised"),
    ],
)
def test_unmet_exit_indicators_refuse_the_stage_in_the_readers_language(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, headers: dict[str, str], message: str
) -> None:
    client = signed_in("convenor")
    form = "/workspace/dialogues/sevre/acts/stage-advanced"

    response = client.post(form, headers=headers, data={"csrf_token": csrf_token(client, form), "waiver": ""})

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert "exit indicators not met" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (FR, "«\u00a0Soumettre le dispositif\u00a0»\u00a0: définissez d&#39;abord le cadre."),
        (EN, "“Submit the design”: define the framework first."),
    ],
)
def test_a_rule_of_the_domain_refuses_in_the_readers_language_on_pages_and_in_the_api(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, headers: dict[str, str], message: str
) -> None:
    client = signed_in("facilitator")
    form = "/workspace/dialogues/sevre/acts/design-submitted"

    page = client.post(form, headers=headers, data={"csrf_token": csrf_token(client, form), "summary": "s"})
    api = client.post("/api/v1/dialogues/sevre/acts/design-submitted", headers=headers, json={"summary": "s"})

    assert page.status_code == 422 and message in page.get_data(as_text=True)
    assert api.status_code == 422
    assert api.get_json()["errors"]["_schema"] == [message.replace("&#39;", "'")]


@pytest.mark.parametrize(
    ("headers", "wording"),
    [
        (FR, "aucune issue pour la proposition présentée «\u00a0{}\u00a0»"),
        (EN, "no outcome for the presented proposal “{}”"),
    ],
)
def test_a_missing_outcome_names_the_presented_proposal_by_its_title(
    dialogues: DialogueApp, signed_in: Callable[..., FlaskClient], headers: dict[str, str], wording: str
) -> None:
    scenario = Scenario(dialogues, slug="sevre")
    title = dialogues.repository.get(scenario.presented()).title
    client = signed_in(ACCOUNTS[Role.DECISION_MAKER])
    body = {
        "body": "conseil_municipal",
        "body_name": "Conseil municipal de Niort",
        "deliberation_reference": "DEL-2026-042",
        "adopted_on": "2026-03-12",
        "votes": {"for": 20, "against": 3, "abstentions": 2},
        "outcomes": [],
    }

    response = client.post("/api/v1/dialogues/sevre/acts/decision-adopted", json=body, headers=headers)

    assert response.status_code == 422
    assert response.get_json() == {"errors": {"outcomes": [wording.format(title)]}}
