"""Behind nginx (TRUSTED_PROXIES=1): each client is known by its own address, not by the proxy's.

Every request then comes from 127.0.0.1; without the setting, the failed
sign-ins of one client would count against every other one.
"""

import pytest
from flask import Flask

from application.dialogues import DialogueApp
from tests.web.conftest import PASSWORD, csrf_token, make_web_app
from web import close_app

CLIENT, OTHER = "203.0.113.7", "198.51.100.20"


def sign_in_from(app: Flask, address: str, login: str, password: str) -> int:
    """The status of a sign-in that nginx forwards for the client at ``address``."""
    client = app.test_client()
    form = {"login": login, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=form, headers={"X-Forwarded-For": address}).status_code


@pytest.mark.parametrize(("proxies", "other_signs_in"), [(1, 303), (0, 429)])
def test_failed_sign_ins_count_against_the_forwarded_address(
    sqlite_url: str, proxies: int, other_signs_in: int
) -> None:
    app = make_web_app(sqlite_url, TRUSTED_PROXIES=proxies, LOGIN_RATE_LIMIT="2 per minute")
    try:
        dialogues: DialogueApp = app.extensions["dialogues"]
        dialogues.create_administrator("root", PASSWORD)
        for attempt in range(2):
            assert sign_in_from(app, CLIENT, f"nobody-{attempt}", "not the password") == 401
        assert sign_in_from(app, CLIENT, "root", PASSWORD) == 429
        assert sign_in_from(app, OTHER, "root", PASSWORD) == other_signs_in
    finally:
        close_app(app)
