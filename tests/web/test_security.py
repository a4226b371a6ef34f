"""Security basics: CSRF on every form, security headers, session cookie flags, the secret key."""

from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.web.conftest import PASSWORD, csrf_token, make_web_app
from web import close_app


def test_a_form_posted_without_its_csrf_token_is_refused(client: FlaskClient, dialogues: DialogueApp) -> None:
    dialogues.create_administrator("root", PASSWORD)

    response = client.post(
        "/login", data={"login": "root", "password": PASSWORD}, headers={"Accept-Language": "en"}
    )

    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)
    assert client.get("/workspace").status_code == 302


def test_a_form_posted_with_another_sessions_token_is_refused(
    signed_in: Callable[..., FlaskClient], client: FlaskClient
) -> None:
    other = signed_in("alice")
    token = csrf_token(other, "/workspace")

    response = client.post("/login", data={"login": "alice", "password": PASSWORD, "csrf_token": token})

    assert response.status_code == 400


def test_signing_out_and_switching_language_need_the_token_too(signed_in: Callable[..., FlaskClient]) -> None:
    client = signed_in("alice")

    assert client.post("/logout").status_code == 400
    assert client.post("/language", data={"language": "en"}).status_code == 400
    assert client.get("/workspace").status_code == 200


@pytest.mark.parametrize("path", ["/", "/login", "/dialogues/nowhere", "/api/v1/me"])
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers

    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(signed_in: Callable[..., FlaskClient]) -> None:
    client = signed_in("root")
    for path in ("/", "/login", "/workspace", "/accounts", "/password"):
        page = client.get(path).get_data(as_text=True)
        assert "<script" not in page and "style=" not in page and "<style" not in page, path


def test_the_session_cookie_is_httponly_lax_and_secure_outside_tests(sqlite_url: str) -> None:
    app = make_web_app(sqlite_url, TESTING=False)
    try:
        client = app.test_client()
        client.post("/language", data={"language": "en"})  # refused, but a session (for CSRF) is set
        client.get("/login")
        cookie = client.get_cookie("session")
        assert cookie is not None
        assert cookie.http_only and cookie.same_site == "Lax" and cookie.secure
    finally:
        close_app(app)


def test_the_session_cookie_is_not_secure_in_tests(client: FlaskClient) -> None:
    client.get("/login")
    cookie = client.get_cookie("session")
    assert cookie is not None and not cookie.secure and cookie.http_only


def test_without_a_secret_key_one_is_made_once_and_kept(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    keys = []
    for _ in range(2):
        app = make_web_app(sqlite_url, SECRET_KEY=None)
        keys.append(app.config["SECRET_KEY"])
        close_app(app)

    key_file = tmp_path / "var" / "secret_key"
    assert keys[0] == keys[1] == key_file.read_text().strip()
    assert len(keys[0]) >= 32
    assert key_file.stat().st_mode & 0o077 == 0
