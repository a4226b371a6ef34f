"""A document at and over its bounds (``tests.bounds.uploads``): accepted at them, refused beyond
naming the field, never a 5xx, and nothing stored when refused."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from application.dialogues import DialogueApp
from domain.roles import Role
from tests.bounds import uploads
from tests.builders import ACCOUNTS, Scenario
from tests.web.conftest import make_web_app
from tests.web.test_api_v1 import basic
from web import close_app

LIMIT = 4096
SLUG = "uploads"


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("uploads")
    app = make_web_app(f"sqlite:///{folder}/uploads.sqlite3", WRITE_RATE_LIMIT="100000 per minute")
    dialogues: DialogueApp = app.extensions["dialogues"]
    dialogues.blobs.max_bytes = LIMIT
    Scenario(dialogues, SLUG)
    yield app
    close_app(app)


@pytest.mark.parametrize(("what", "fields", "status", "field"), list(uploads(LIMIT)), ids=lambda v: v)
def test_a_document_at_and_over_its_bounds(
    web_app: Flask, what: str, fields: dict[str, Any], status: int, field: str | None
) -> None:
    dialogues: DialogueApp = web_app.extensions["dialogues"]
    blobs, acts = dialogues.blobs.count(), dialogues.recorder.max_notification_id()
    body = {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in fields.items()}

    answer = web_app.test_client().post(
        f"/api/v1/dialogues/{SLUG}/acts/document-attached",
        data=body,
        content_type="multipart/form-data",
        headers=basic(ACCOUNTS[Role.CONVENOR]),
    )

    assert answer.status_code == status, (what, answer.get_json())
    if field is not None:
        assert field in answer.get_json()["errors"], what
        assert (dialogues.blobs.count(), dialogues.recorder.max_notification_id()) == (blobs, acts)
