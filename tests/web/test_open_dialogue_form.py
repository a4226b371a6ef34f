"""The workspace's form to open a dialogue: the account that opens it becomes its convenor."""

from collections.abc import Callable

from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.web.conftest import csrf_token

EN = {"Accept-Language": "en"}
FORM = {"slug": "bocage", "title": "Le bocage", "territory": "Canton", "subject": "Les haies"}


def test_the_workspace_links_to_the_form(signed_in: Callable[..., FlaskClient]) -> None:
    client = signed_in("ana")

    page = client.get("/workspace", headers=EN).get_data(as_text=True)

    assert 'href="/workspace/open"' in page and "Open a dialogue" in page


def test_an_account_opens_a_dialogue_and_becomes_its_convenor(
    signed_in: Callable[..., FlaskClient], dialogues: DialogueApp
) -> None:
    client = signed_in("ana")
    data = {**FORM, "csrf_token": csrf_token(client, "/workspace/open")}

    response = client.post("/workspace/open", data=data, headers=EN)

    assert response.status_code == 303
    assert response.headers["Location"] == "/workspace/dialogues/bocage"
    assert dialogues.roles_in("ana", dialogues.dialogue_id("bocage")) == ["convenor"]
    page = client.get("/workspace/dialogues/bocage", headers=EN).get_data(as_text=True)
    assert "Recorded: Open a dialogue (position " in page and "Le bocage" in page


def test_a_missing_field_and_a_taken_slug_are_shown_on_the_form(
    signed_in: Callable[..., FlaskClient],
) -> None:
    client = signed_in("ana")
    token = csrf_token(client, "/workspace/open")

    missing = client.post("/workspace/open", data={**FORM, "title": "", "csrf_token": token}, headers=EN)
    client.post("/workspace/open", data={**FORM, "csrf_token": token})
    taken = client.post("/workspace/open", data={**FORM, "csrf_token": token}, headers=EN)

    assert missing.status_code == 422  # the domain names the empty field
    assert 'id="f-title-errors"' in missing.get_data(as_text=True)
    assert taken.status_code == 409
    assert 'id="f-slug-errors"' in taken.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/workspace/open")

    assert response.status_code == 302 and "/login" in response.headers["Location"]
