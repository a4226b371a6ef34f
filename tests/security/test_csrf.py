"""CSRF: every form POST of the site needs its session's token; the API takes JSON only, never a form.

The routes are read from the app's URL map, so that a new form is covered
without being listed here. Each is posted by a signed-in administrator who
holds the convenor role of a dialogue, without a token and with a wrong one:
400 naming ``csrf_token``, and nothing recorded.
"""

from collections.abc import Callable
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.builders import Scenario
from tests.web.conftest import csrf_token

API = "/api/v1/"
VALUES = {
    "slug": "sevre",
    "act": "topic-added",
    "login": "alice",
    "token": "a-token",
    "signed": "a-signed-token",
    "invitation_id": UUID(int=1),
    "notification_id": "a-notification",
    "consultation_id": UUID(int=2),
    "contribution_id": UUID(int=3),
    "stakeholder_id": UUID(int=4),
    "kind": "contribution",
    "item_id": UUID(int=4),
    "decision": "item-hidden",
    "questionnaire_id": UUID(int=4),
    "comment_id": UUID(int=4),
}
"""What goes in the routes' variable parts."""
ONE_CLICK = {"notifications.unsubscribe"}
"""POSTs a mail client sends without a session (RFC 8058): the signed token in the URL is the
proof, tested in tests/web/test_notifications_pages.py."""


def form_posts(app: Flask) -> list[str]:
    """The paths of every form POST of the site (the API aside)."""
    paths = []
    for rule in app.url_map.iter_rules():
        if (
            "POST" in (rule.methods or ())
            and not rule.rule.startswith(API)
            and rule.endpoint not in ONE_CLICK
        ):
            paths.append(rule.build({name: VALUES[name] for name in rule.arguments})[1])  # type: ignore[index]
    return sorted(paths)


@pytest.fixture
def convenor(signed_in: Callable[..., FlaskClient], dialogues: DialogueApp) -> FlaskClient:
    client = signed_in("root")
    dialogues.create_account("root", login="alice", password="a long enough passphrase")
    Scenario(dialogues, slug="sevre")
    dialogues.grant_role("root", dialogues.dialogue_id("sevre"), grantee_id="root", role="convenor")
    return client


def test_the_url_map_has_the_forms_this_test_is_about(web_app: Flask) -> None:
    assert {
        "/login", "/logout", "/workspace/open", "/workspace/dialogues/sevre/acts/topic-added",
        "/dialogues/sevre/comments", f"/dialogues/sevre/comments/{UUID(int=4)}/withdraw",
    } <= set(form_posts(web_app))  # fmt: skip


@pytest.mark.parametrize("token", [None, "wrong-token"], ids=["no token", "wrong token"])
def test_every_form_post_without_the_sessions_token_is_refused(
    web_app: Flask, convenor: FlaskClient, dialogues: DialogueApp, token: str | None
) -> None:
    data = {"topic": "eau", "login": "root", "password": "x", "language": "en", "slug": "nouveau"}
    if token is not None:
        data["csrf_token"] = token
    before = dialogues.recorder.max_notification_id()

    statuses = {path: convenor.post(path, data=data).status_code for path in form_posts(web_app)}

    assert statuses == dict.fromkeys(statuses, 400)
    assert dialogues.recorder.max_notification_id() == before
    assert convenor.get("/workspace").status_code == 200  # still signed in: /logout was refused too
    assert dialogues.account("alice")["disabled"] is False


def test_the_same_form_with_the_sessions_token_is_accepted(
    convenor: FlaskClient, dialogues: DialogueApp
) -> None:
    """The other side: what the refusals above show is the token's doing."""
    path = "/workspace/dialogues/sevre/acts/topic-added"
    before = dialogues.recorder.max_notification_id()

    response = convenor.post(path, data={"topic": "eau", "csrf_token": csrf_token(convenor, path)})

    assert response.status_code == 303
    assert dialogues.recorder.max_notification_id() == before + 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("topic=eau", "application/x-www-form-urlencoded"), ('{"topic": "eau"}', "text/plain")],
    ids=["form", "text/plain"],
)
def test_the_api_refuses_what_another_site_could_make_a_browser_send(
    convenor: FlaskClient, dialogues: DialogueApp, body: str, content_type: str
) -> None:
    """A cross-site page can send a form or text/plain with the session cookie, never JSON (no CORS)."""
    before = dialogues.recorder.max_notification_id()

    response = convenor.post(f"{API}dialogues/sevre/acts/topic-added", data=body, content_type=content_type)

    assert response.status_code == 400
    assert "application/json" in response.get_json()["errors"]["_schema"][0]
    assert dialogues.recorder.max_notification_id() == before
    assert "Access-Control-Allow-Origin" not in response.headers
