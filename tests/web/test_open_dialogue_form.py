"""The workspace's form to open a dialogue: the account that opens it becomes its convenor."""

from collections.abc import Callable

from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.web.conftest import csrf_token

EN = {"Accept-Language": "en"}
FORM = {"slug": "bocage", "title": "Le bocage", "territory": "Canton", "subject": "Les haies"}


def test_the_workspace_links_to_the_form(signed_in: Callable[..., FlaskClient]) -> None:
    client = signed_in("ana", organiser=True)

    page = client.get("/workspace", headers=EN).get_data(as_text=True)

    assert 'href="/workspace/open"' in page and "Open a dialogue" in page


def test_an_account_opens_a_dialogue_and_becomes_its_convenor(
    signed_in: Callable[..., FlaskClient], dialogues: DialogueApp
) -> None:
    client = signed_in("ana", organiser=True)
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
    client = signed_in("ana", organiser=True)
    token = csrf_token(client, "/workspace/open")

    missing = client.post("/workspace/open", data={**FORM, "title": "", "csrf_token": token}, headers=EN)
    client.post("/workspace/open", data={**FORM, "csrf_token": token})
    taken = client.post("/workspace/open", data={**FORM, "csrf_token": token}, headers=EN)

    assert missing.status_code == 400  # left empty: missing, as the schema says
    assert '<a href="#f-title">Fill in “Title”.</a>' in missing.get_data(as_text=True)
    assert 'id="f-title-errors"' in missing.get_data(as_text=True)
    assert taken.status_code == 409
    assert 'id="f-slug-errors"' in taken.get_data(as_text=True)


def test_without_the_organiser_role_there_is_no_link_and_the_form_is_403(
    signed_in: Callable[..., FlaskClient], dialogues: DialogueApp
) -> None:
    client = signed_in("bob")
    token = csrf_token(client, "/workspace")

    page = client.get("/workspace", headers=EN).get_data(as_text=True)
    shown = client.get("/workspace/open", headers=EN)
    posted = client.post("/workspace/open", data={**FORM, "csrf_token": token}, headers=EN)
    api = client.post("/api/v1/dialogues", json=FORM, headers=EN)

    assert 'href="/workspace/open"' not in page
    assert shown.status_code == posted.status_code == api.status_code == 403
    assert "Only an organiser opens a dialogue" in posted.get_data(as_text=True)
    assert api.get_json() == {
        "errors": {
            "_schema": [
                "Only an organiser opens a dialogue: a platform administrator gives this role to an account."
            ]
        }
    }
    assert dialogues.dialogue_ids() == []


def test_an_administrator_makes_an_account_an_organiser_on_the_accounts_page_and_back(
    signed_in: Callable[..., FlaskClient], dialogues: DialogueApp
) -> None:
    client = signed_in("bob")
    admin = signed_in("admin", administrator=True)
    token = csrf_token(admin, "/accounts")

    granted = admin.post("/accounts/bob/organiser", data={"action": "grant", "csrf_token": token}, headers=EN)
    listed = admin.get("/accounts", headers=EN).get_data(as_text=True)
    opened = client.post(
        "/workspace/open", data={**FORM, "csrf_token": csrf_token(client, "/workspace/open")}, headers=EN
    )
    revoked = admin.post(
        "/accounts/bob/organiser", data={"action": "revoke", "csrf_token": token}, headers=EN
    )

    assert granted.status_code == opened.status_code == revoked.status_code == 303
    assert "Revoke the organiser role of bob" in listed
    assert dialogues.roles_in("bob", dialogues.dialogue_id("bocage")) == ["convenor"]
    assert client.get("/workspace/open").status_code == 403
    own = csrf_token(client, "/workspace")
    assert (
        client.post("/accounts/bob/organiser", data={"action": "grant", "csrf_token": own}).status_code == 403
    )


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/workspace/open")

    assert response.status_code == 302 and "/login" in response.headers["Location"]
