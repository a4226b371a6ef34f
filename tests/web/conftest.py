"""Fixtures of the web tests: a Flask app on a fresh store, its test client, signed-in clients."""

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.builders import PASSWORD, ensure_accounts
from tests.smtp import smtp_server
from tests.webapp import compiled_catalogues, csrf_token, dialogues, make_web_app, sign_in, web_app

__all__ = [
    "PASSWORD",
    "compiled_catalogues",
    "csrf_token",
    "dialogues",
    "make_web_app",
    "sign_in",
    "smtp_server",
    "web_app",
]


@pytest.fixture
def client(web_app: Flask) -> FlaskClient:
    return web_app.test_client()


@pytest.fixture
def signed_in(web_app: Flask, dialogues: DialogueApp) -> Callable[..., FlaskClient]:
    """A client signed in as a new account (created by an administrator made on the console)."""

    def client_of(login: str, *, administrator: bool = False, organiser: bool = False) -> FlaskClient:
        if administrator:
            ensure_accounts(dialogues)
            dialogues.create_account("root", login=login, password=PASSWORD, administrator=True)
        else:
            ensure_accounts(dialogues, login, organisers=(login,) if organiser else ())
        client = web_app.test_client()
        response = sign_in(client, login)
        assert response.status_code == 303, response  # type: ignore[attr-defined]
        return client

    return client_of
