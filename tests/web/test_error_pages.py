"""One handler per error family: the right status, a page for browsers, JSON under /api/."""

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from domain.errors import InvalidActError, RuleError
from domain.roles import Role
from tests.builders import ACCOUNTS, Scenario
from tests.web.conftest import make_web_app
from web import close_app

EN = {"Accept-Language": "en"}
ERRORS = {
    "not-found": NotFoundError("no dialogue 42"),
    "not-authorised": NotAuthorisedError("stakeholder may not"),
    "conflict": ConflictError("someone changed this"),
    "invalid": InvalidActError("title", "is required"),
    "refused": RuleError("the decision belongs to the legitimate body"),
}


@pytest.fixture
def raising_app(sqlite_url: str) -> Iterator[Flask]:
    """An app with a page and an API route that raise each error family."""
    app = make_web_app(sqlite_url)

    @app.get("/raise/<name>")
    @app.get("/api/v1/raise/<name>")
    def raise_error(name: str) -> None:
        raise ERRORS[name]

    yield app
    close_app(app)


@pytest.mark.parametrize(
    ("name", "status", "errors"),
    [
        ("not-found", 404, {"_schema": ["no dialogue 42"]}),
        ("not-authorised", 403, {"_schema": ["stakeholder may not"]}),
        ("conflict", 409, {"_schema": ["someone changed this"]}),
        ("invalid", 400, {"title": ["is required"]}),
        ("refused", 422, {"_schema": ["the decision belongs to the legitimate body"]}),
    ],
)
def test_each_error_family_has_its_status_as_a_page_and_as_json(
    raising_app: Flask, name: str, status: int, errors: dict[str, list[str]]
) -> None:
    client = raising_app.test_client()

    page = client.get(f"/raise/{name}", headers=EN)
    api = client.get(f"/api/v1/raise/{name}")

    assert page.status_code == api.status_code == status
    assert page.mimetype == "text/html"
    for messages in errors.values():
        assert messages[0] in page.get_data(as_text=True)
    assert api.get_json() == {"errors": errors}


def test_an_unknown_dialogue_is_a_404_page(client: FlaskClient) -> None:
    response = client.get("/dialogues/nowhere", headers=EN)

    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<h1>Not found" in page and "Back to the dialogues" in page


def test_an_unknown_page_is_a_404_page_and_json_under_the_api(client: FlaskClient) -> None:
    page = client.get("/no/such/page")
    api = client.get("/api/v1/no/such/thing")

    assert page.status_code == 404 and "Introuvable" in page.get_data(as_text=True)
    assert api.status_code == 404 and list(api.get_json()["errors"]) == ["_schema"]


def test_a_wrong_method_is_a_405_not_a_500(client: FlaskClient) -> None:
    assert client.delete("/").status_code == 405


def test_the_public_pages_list_a_dialogue_once_its_approach_is_public_and_show_the_stage(
    client: FlaskClient, dialogues: DialogueApp, signed_in: Callable[..., FlaskClient]
) -> None:
    scenario = Scenario(dialogues, slug="vallee")
    scenario.design_validated()
    member = signed_in(ACCOUNTS[Role.STAKEHOLDER])

    hidden_index = client.get("/", headers=EN).get_data(as_text=True)
    hidden = client.get("/dialogues/vallee", headers=EN)
    preview = member.get("/dialogues/vallee", headers=EN).get_data(as_text=True)
    scenario.framing_done()  # approach-made-public
    index = client.get("/", headers=EN).get_data(as_text=True)
    page = client.get("/dialogues/vallee", headers=EN).get_data(as_text=True)

    assert 'href="/dialogues/vallee"' not in hidden_index and hidden.status_code == 404
    assert "Not met" in preview and "approach not made public" in preview  # its members see it before
    assert 'href="/dialogues/vallee"' in index and "Partager l&#39;eau du bassin" in index
    assert "Framing and preparation of the process" in page
