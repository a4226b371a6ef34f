"""``POST /transparency/cosignatures``: a listed witness's cosignature is checked, stored, shown; else a 400.

Stored on both stores; shown in the served checkpoint and on ``/transparency``,
which warns when the latest head has waited too long for one.
"""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask
from flask.testing import FlaskClient

from application.settings import SettingsError
from projections import merkle_note
from tests.builders import Scenario
from tests.transparency import c2sp_reference as ref
from tests.webapp import make_web_app
from web import close_app

WITNESS = "prefecture.example/witness"
PRIVATE = Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32)
PUBLIC = PRIVATE.public_key().public_bytes_raw()
VKEY = str(merkle_note.verifier_key(WITNESS, PUBLIC, merkle_note.COSIGNATURE))


def make_site(url: str, folder: Path, **config: Any) -> Flask:
    app = make_web_app(
        url, SIGNING_KEY_FILE=str(folder / "log.pem"), HEAD_EVERY=5, WITNESS_KEYS=VKEY, **config
    )
    Scenario(app.extensions["dialogues"]).framework_defined()
    return app


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_site(database_url, tmp_path)
    yield app
    close_app(app)


def cosigned(
    client: FlaskClient, timestamp: int | None = None, key: Ed25519PrivateKey = PRIVATE
) -> dict[str, Any]:
    """A cosignature of the latest checkpoint, as a witness posts it."""
    note = client.get("/transparency/checkpoint").get_data(as_text=True)
    text = ref.open_note(note)[0]
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = key.sign(merkle_note.cosigned_message(text, timestamp))
    line = merkle_note.cosignature(WITNESS, PUBLIC, timestamp, signature).line()
    return {"tree_size": ref.read_checkpoint(text)[1], "cosignature": line}


def test_a_listed_witness_s_cosignature_is_stored_served_and_shown(site: Flask) -> None:
    client = site.test_client()
    body = cosigned(client, timestamp=int(time.time()) - 60)
    answer = client.post("/transparency/cosignatures", json=body)  # no CSRF token: a witness is no browser
    assert answer.status_code == 201, answer.get_json()
    note = client.get("/transparency/checkpoint").get_data(as_text=True)
    assert ref.note_verifies(note, ref.read_vkey(VKEY))
    assert body["cosignature"] in note
    page = client.get("/transparency", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert WITNESS in page and "contresigné le" in page
    older = cosigned(client, timestamp=int(time.time()) - 3600)
    assert client.post("/transparency/cosignatures", json=older).status_code == 201
    assert body["cosignature"] in client.get("/transparency/checkpoint").get_data(
        as_text=True
    )  # the newer kept


def changed(body: dict[str, Any], **values: Any) -> dict[str, Any]:
    return {**body, **values}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: {"cosignature": b["cosignature"]}, "tree_size"),
        (lambda b: changed(b, tree_size="12"), "tree_size"),
        (lambda b: changed(b, tree_size=999_999), "tree_size"),
        (lambda b: changed(b, cosignature=None), "cosignature"),
        (lambda b: changed(b, cosignature="— prefecture.example/witness !!!"), "cosignature"),
        (
            lambda b: changed(b, cosignature=b["cosignature"].replace(WITNESS, "other.example/w")),
            "cosignature",
        ),
        (
            lambda b: changed(b, cosignature=b["cosignature"][:20] + "A" + b["cosignature"][21:]),
            "cosignature",
        ),
        (lambda b: ["not", "an", "object"], "_schema"),
    ],
)
def test_bad_cosignatures_are_refused_naming_the_field(site: Flask, change: Any, field: str) -> None:
    client = site.test_client()
    answer = client.post("/transparency/cosignatures", json=change(cosigned(client)))
    assert answer.status_code == 400
    assert list(answer.get_json()["errors"]) == [field]
    note = client.get("/transparency/checkpoint").get_data(as_text=True)
    assert len(ref.open_note(note)[1]) == 1  # the log's own signature only: nothing stored


def test_a_cosignature_from_another_key_or_the_future_is_refused(site: Flask) -> None:
    client = site.test_client()
    other = Ed25519PrivateKey.generate()
    assert client.post("/transparency/cosignatures", json=cosigned(client, key=other)).status_code == 400
    future = cosigned(client, timestamp=int(time.time()) + 3600)
    assert client.post("/transparency/cosignatures", json=future).get_json()["errors"]["cosignature"]


def test_a_large_body_is_refused(site: Flask) -> None:
    client = site.test_client()
    body = changed(cosigned(client), padding="x" * 10_000)
    answer = client.post("/transparency/cosignatures", json=body)
    assert answer.status_code == 400 and "_schema" in answer.get_json()["errors"]


def test_posting_is_rate_limited(tmp_path: Path) -> None:
    app = make_site(f"sqlite:///{tmp_path}/db.sqlite3", tmp_path, COSIGNATURE_RATE_LIMIT="3 per minute")
    try:
        client = app.test_client()
        answers = [client.post("/transparency/cosignatures", json={}).status_code for _ in range(4)]
        assert answers == [400, 400, 400, 429]
    finally:
        close_app(app)


def test_the_page_warns_when_no_witness_cosigned_the_latest_head_in_time(tmp_path: Path) -> None:
    app = make_site(f"sqlite:///{tmp_path}/db.sqlite3", tmp_path, WITNESS_WARN_AFTER=1)
    try:
        client = app.test_client()
        warning = "aucun témoin n\N{RIGHT SINGLE QUOTATION MARK}a encore contresigné"
        french = {"Accept-Language": "fr"}
        assert warning not in client.get("/transparency", headers=french).get_data(
            as_text=True
        )  # just signed
        time.sleep(1.2)
        assert warning in client.get("/transparency", headers=french).get_data(as_text=True)
        assert client.post("/transparency/cosignatures", json=cosigned(client)).status_code == 201
        assert warning not in client.get("/transparency", headers=french).get_data(as_text=True)
    finally:
        close_app(app)


@pytest.mark.parametrize(
    "setting",
    [
        {"WITNESS_KEYS": "not-a-key"},
        {"WITNESS_KEYS": str(merkle_note.verifier_key(WITNESS, PUBLIC, merkle_note.ED25519))},
        {"WITNESS_WARN_AFTER": "soon"},
    ],
)
def test_a_wrong_witness_setting_stops_the_start_naming_it(tmp_path: Path, setting: dict[str, str]) -> None:
    with pytest.raises(SettingsError, match=next(iter(setting))):
        make_web_app(
            f"sqlite:///{tmp_path}/db.sqlite3", SIGNING_KEY_FILE=str(tmp_path / "log.pem"), **setting
        )
