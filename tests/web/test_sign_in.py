"""Signing in and out; what an anonymous visitor gets on the workspace and the API."""

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.web.conftest import PASSWORD, csrf_token, sign_in


def test_signing_in_with_the_right_password_opens_the_workspace(
    client: FlaskClient, dialogues: DialogueApp
) -> None:
    dialogues.create_administrator("root", PASSWORD)
    dialogues.create_account("root", login="alice", password=PASSWORD)

    response = sign_in(client, "alice")

    assert response.status_code == 303
    assert response.headers["Location"] == "/workspace"
    page = client.get("/workspace", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Signed in as alice" in page


def test_a_wrong_password_or_an_unknown_login_is_refused_with_the_same_message(
    client: FlaskClient, dialogues: DialogueApp
) -> None:
    dialogues.create_administrator("root", PASSWORD)
    headers = {"Accept-Language": "en"}

    for login, password in (("root", "not the password"), ("nobody", PASSWORD)):
        token = csrf_token(client)
        response = client.post(
            "/login", data={"login": login, "password": password, "csrf_token": token}, headers=headers
        )
        assert response.status_code == 401
        assert "Unknown login or wrong password." in response.get_data(as_text=True)
    assert client.get("/workspace").status_code == 302


def test_an_empty_form_shows_the_fields_in_error_not_a_server_error(client: FlaskClient) -> None:
    response = client.post(
        "/login", data={"csrf_token": csrf_token(client)}, headers={"Accept-Language": "en"}
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page and "This field is required." in page


def test_signing_in_goes_back_to_the_page_asked_for_but_never_to_another_site(
    signed_in: Callable[..., FlaskClient], client: FlaskClient
) -> None:
    signed_in("root")
    for target, expected in (
        ("/workspace?x=1", "/workspace?x=1"),
        ("https://evil.example/", "/workspace"),
    ):
        data = {"login": "root", "password": PASSWORD, "next": target, "csrf_token": csrf_token(client)}
        response = client.post("/login", data=data)
        assert response.headers["Location"] == expected


def test_signing_out_ends_the_session(signed_in: Callable[..., FlaskClient]) -> None:
    client = signed_in("alice")
    assert client.get("/workspace").status_code == 200

    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/workspace")})

    assert response.status_code == 303
    assert client.get("/workspace").status_code == 302


def test_a_disabled_account_is_signed_out_at_its_next_request(
    signed_in: Callable[..., FlaskClient], dialogues: DialogueApp
) -> None:
    client = signed_in("alice")

    dialogues.disable_account("root", "alice")

    assert client.get("/workspace").status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_answers_401(client: FlaskClient) -> None:
    page = client.get("/workspace")
    api = client.get("/api/v1/me")

    assert page.status_code == 302
    assert page.headers["Location"] == "/login?next=/workspace"
    assert api.status_code == 401
    assert api.is_json and "errors" in api.get_json()


def test_a_password_is_changed_with_the_current_one(
    signed_in: Callable[..., FlaskClient], dialogues: DialogueApp
) -> None:
    client = signed_in("alice")
    new = "another long passphrase"
    token = csrf_token(client, "/password")

    wrong = client.post(
        "/password",
        data={"current_password": "not it", "new_password": new, "confirmation": new, "csrf_token": token},
        headers={"Accept-Language": "en"},
    )
    right = client.post(
        "/password",
        data={"current_password": PASSWORD, "new_password": new, "confirmation": new, "csrf_token": token},
    )

    assert "This is not your current password." in wrong.get_data(as_text=True)
    assert right.status_code == 303
    assert dialogues.authenticate("alice", new) == "alice"


def test_an_empty_field_is_worded_as_on_the_act_forms(client: FlaskClient) -> None:
    token = csrf_token(client)
    data = {"login": "", "password": "", "csrf_token": token}
    french = client.post("/login", data=data, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    english = client.post("/login", data=data, headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert french.count("Ce champ est obligatoire.") == 2 and "requis" not in french
    assert english.count("This field is required.") == 2


def test_a_new_secret_key_opens_only_the_cookies_it_or_its_fallbacks_signed(
    signed_in: Callable[..., FlaskClient], web_app: Flask
) -> None:
    client = signed_in("alice")
    assert client.get("/workspace").status_code == 200
    old = web_app.secret_key

    web_app.secret_key = "a new key " * 4
    assert client.get("/workspace").status_code == 302

    web_app.config["SECRET_KEY_FALLBACKS"] = [old]
    assert client.get("/workspace").status_code == 200
