"""The position an act is answered with is the act's own, on every path: API, forms, live.

The API's case goes through every act of the catalogue: the demo (which records
each of them, with valid values) is played through ``POST /api/v1/...`` as a
client would send it, on both stores. Each answer's ``position`` must be an
event of the act asked for, its ``positions`` every act the request recorded,
in log order, and together the answers must name every act of the log once:
no bookkeeping event (``PartAttached``), no act left out (the proposal that a
closing consent round validates).
"""

import base64
import json
import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application import demo
from application.act_methods import ACT_METHODS, ActMethod
from application.base import Recorded
from application.dialogues import DialogueApp
from application.documents import Upload
from domain.acts import ACTS
from domain.citizen import ACTOR_PREFIX
from tests.builders import Scenario
from tests.live.conftest import connect, ensure_account
from tests.web.conftest import csrf_token, make_web_app, sign_in
from web import close_app
from web.live.namespace import NAMESPACE
from web.schemas import OPEN_DIALOGUE

EN = {"Accept-Language": "en"}


class ThroughTheApi:
    """A DialogueApp whose acts are the API's: each act is one JSON POST, answers kept."""

    def __init__(self, app: DialogueApp, client: FlaskClient):
        self.app = app
        self.client = client
        self.answers: list[tuple[str, Recorded]] = []

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            name == "consultation_day"
        ):  # the demo's day of a consultation's act: the app's, which the API calls
            setattr(self.app, name, value)
        else:
            super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if name == "consultation_day":
            delattr(self.app, name)
        else:
            super().__delattr__(name)

    def __getattr__(self, name: str) -> Any:
        if name == OPEN_DIALOGUE.method.__name__:
            return lambda account_id, **fields: self.post("dialogue-opened", account_id, None, fields)
        return getattr(self.app, name)

    def post(self, act: str, account_id: str, dialogue_id: UUID | None, fields: dict[str, Any]) -> Recorded:
        if dialogue_id is None:
            path = "/api/v1/dialogues"
        else:
            path = f"/api/v1/dialogues/{self.app.status(dialogue_id)['slug']}/acts/{act}"
        credentials = base64.b64encode(f"{account_id}:{demo.PASSWORD}".encode()).decode()
        headers = {"Authorization": f"Basic {credentials}"}
        upload = fields.get("file")
        if isinstance(upload, Upload):  # a document: a multipart body
            form = {**fields, "file": (upload.stream, upload.filename)}
            response = self.client.post(path, data=form, content_type="multipart/form-data", headers=headers)
        else:
            response = self.client.post(
                path, json=json.loads(json.dumps(fields, default=str)), headers=headers
            )
        answer = response.get_json()
        assert response.status_code == 201, (act, answer)
        recorded = Recorded(UUID(answer["id"]), answer["position"], tuple(answer["positions"]))
        self.answers.append((act, recorded))
        return recorded


@pytest.fixture
def web_app(database_url: str) -> Iterator[Flask]:
    app = make_web_app(database_url, WRITE_RATE_LIMIT="100000 per minute")
    yield app
    close_app(app)


def test_every_act_of_the_catalogue_answers_its_own_position_and_every_act_it_recorded(
    web_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    app: DialogueApp = web_app.extensions["dialogues"]
    api = ThroughTheApi(app, web_app.test_client())
    act_of = {id(method): act for act, method in ACT_METHODS.items()}
    record = ActMethod.record

    def through_the_api(
        method: ActMethod, on: Any, account_id: str, dialogue_id: UUID, fields: dict[str, Any]
    ) -> Recorded:
        if on is not api:  # the API's own call, on the application
            return record(method, on, account_id, dialogue_id, fields)
        if account_id.startswith(ACTOR_PREFIX):  # a citizen acts on the consultation's page, not the API
            recorded = record(method, app, account_id, dialogue_id, fields)
            api.answers.append((act_of[id(method)], recorded))
            return recorded
        return api.post(act_of[id(method)], account_id, dialogue_id, dict(fields))

    monkeypatch.setattr(ActMethod, "record", through_the_api)  # the player's every act is a POST
    demo.record_demo(api)  # type: ignore[arg-type]

    act_at = {line["position"]: line["act"] for line in app.acts()}
    assert {act for act, _ in api.answers} == set(ACTS)
    for act, recorded in api.answers:
        assert act_at[recorded.position] == act, (act, recorded)
        assert recorded.position in recorded.positions
        assert all(position in act_at for position in recorded.positions), (act, recorded)
    answered = [position for _, recorded in api.answers for position in recorded.positions]
    assert answered == sorted(act_at)  # in log order, each act once, none left out
    closing = [recorded for act, recorded in api.answers if act == "consent-round-closed"]
    assert ["consent-round-closed", "proposal-validated"] in [
        [act_at[p] for p in r.positions] for r in closing
    ]


FORM = "/workspace/dialogues/{slug}/acts/{act}"
FLASHED = re.compile(r"Recorded: [^<]*\((?:position|positions) ([\d, ]+) in the log\)\.")


def form_post(client: FlaskClient, slug: str, act: str, data: dict[str, str]) -> list[int]:
    """Post the act's form; the positions the page it leads to says were recorded."""
    path = FORM.format(slug=slug, act=act)
    response = client.post(path, data={**data, "csrf_token": csrf_token(client, path)}, headers=EN)
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    [flashed] = FLASHED.findall(page)
    return [int(position) for position in flashed.split(", ")]


def signed_in(web_app: Flask, login: str) -> FlaskClient:
    ensure_account(web_app.extensions["dialogues"], login)
    client = web_app.test_client()
    assert sign_in(client, login).status_code == 303  # type: ignore[attr-defined]
    return client


def test_a_form_says_the_position_of_the_act_it_recorded_and_of_each_act(web_app: Flask) -> None:
    app: DialogueApp = web_app.extensions["dialogues"]
    scenario = Scenario(app, slug="sevre")
    scenario.endorsed_proposal()  # by a majority of the group: closing the round validates it
    scenario.consent_round()
    facilitator = signed_in(web_app, scenario.facilitator)

    scheduled = form_post(
        facilitator,
        "sevre",
        "meeting-scheduled",
        {
            "instance_id": str(scenario.consultation_group()),
            "title": "Atelier",
            "starts_at": "2026-04-01T18:00",
            "place": "Mairie",
            "agenda": "accueil",
        },
    )
    closed = form_post(
        facilitator, "sevre", "consent-round-closed", {"meeting_id": str(scenario.live_session())}
    )

    act_at = {line["position"]: line["act"] for line in app.acts()}
    assert [act_at[p] for p in scheduled] == ["meeting-scheduled"]  # not the event that indexes the meeting
    assert [act_at[p] for p in closed] == ["consent-round-closed", "proposal-validated"]


def test_a_live_act_that_creates_a_part_is_answered_with_the_act_s_own_position(web_app: Flask) -> None:
    app: DialogueApp = web_app.extensions["dialogues"]
    scenario = Scenario(app, slug="live-dialogue")
    fields = {
        "instance_id": str(scenario.consultation_group()),
        "topic": "prélèvements",
        "title": "Partage en étiage",
        "text": "réduire les prélèvements",
    }
    scenario.to_collective_work()
    socket = connect(web_app, "stakeholder")
    try:
        payload = {"dialogue": "live-dialogue", "act": "proposal-drafted", "fields": fields}
        ack = socket.emit("act", payload, namespace=NAMESPACE, callback=True)
    finally:
        socket.disconnect(NAMESPACE)

    act_at = {line["position"]: line["act"] for line in app.acts()}
    assert ack["ok"] is True, ack
    assert act_at[ack["position"]] == "proposal-drafted" and ack["positions"] == [ack["position"]]
    assert app.recorder.max_notification_id() == ack["position"] + 1  # the event that indexes it, after
