"""The authorisation matrix, HTTP and Socket.IO: every act x every role, anonymous, no role, administrator.

Generated from ``domain.acts.ACTS``, the table the application decides with:
a principal may perform an act when it holds one of the act's roles (and a
platform administrator, in no role, the ``ADMINISTRATOR_ACTS``). Each act is
tried in a dialogue at a stage where it belongs, one dialogue per stage, built
once for the module, through ``POST /api/v1/dialogues/<slug>/acts/<act>`` and
the ``act`` event of ``/live``.

The body is ``{PROBE: true}``, a field no act has: an allowed principal passes
the role check and is refused by the act's schema (400, ``PROBE`` among the
fields in error: the schema is only read after the role check), so
nothing is ever recorded; a denied one gets 403 (401 anonymous) whatever it sent.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from flask import Flask
from flask.testing import FlaskClient

from application import credentials
from application.base import ADMINISTRATOR_ACTS
from application.dialogues import DialogueApp
from domain.acts import ACTS
from domain.roles import Role
from domain.stages import Stage
from tests.builders import ACCOUNTS, Scenario
from tests.web.conftest import PASSWORD, make_web_app, sign_in
from web import close_app
from web.live import NAMESPACE
from web.schemas.live import LIVE_ACTS

PROBE = "authorisation-probe"
ANONYMOUS, NO_ROLE, ADMINISTRATOR = "anonymous", "no role", "administrator"
PRINCIPALS = [ANONYMOUS, NO_ROLE, ADMINISTRATOR, *(role.value for role in Role)]
LOGINS = {NO_ROLE: "outsider", ADMINISTRATOR: "root", **{role.value: ACCOUNTS[role] for role in Role}}
SLUGS = {Stage.FRAMING: "in-framing", Stage.COLLECTIVE_WORK: "in-collective-work"}
SLUGS[Stage.DECISION_AND_FOLLOW_UP] = "in-decision"
RECORDED_APART = "dialogue-opened"
"""Opening a dialogue is ``POST /api/v1/dialogues``: any account may, and becomes its convenor."""


def allowed(act: str, principal: str) -> bool:
    """The catalogue's answer."""
    if principal == ADMINISTRATOR:
        return act in ADMINISTRATOR_ACTS
    return principal != ANONYMOUS and principal != NO_ROLE and Role(principal) in ACTS[act].roles


def slug_for(act: str) -> str:
    """The dialogue at the first stage where the act belongs."""
    return SLUGS[next(stage for stage in Stage if stage in ACTS[act].stages)]


@dataclass
class World:
    app: Flask
    dialogues: DialogueApp
    clients: dict[str, FlaskClient]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One web app, a dialogue in each stage, a client signed in for each principal."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(credentials, "HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))
        folder: Path = tmp_path_factory.mktemp("matrix")
        app = make_web_app(f"sqlite:///{folder}/matrix.sqlite3")
        dialogues: DialogueApp = app.extensions["dialogues"]
        dialogues.create_administrator("root", PASSWORD)
        dialogues.create_accounts(
            "root", logins=[LOGINS[p] for p in PRINCIPALS[1:] if p != ADMINISTRATOR], password=PASSWORD
        )
        Scenario(dialogues, slug=SLUGS[Stage.FRAMING])
        Scenario(dialogues, slug=SLUGS[Stage.COLLECTIVE_WORK]).to_collective_work()
        Scenario(dialogues, slug=SLUGS[Stage.DECISION_AND_FOLLOW_UP]).to_decision()
        clients = {ANONYMOUS: app.test_client()}
        for principal in PRINCIPALS[1:]:
            clients[principal] = app.test_client()
            assert sign_in(clients[principal], LOGINS[principal]).status_code == 303  # type: ignore[attr-defined]
        yield World(app, dialogues, clients)
    close_app(app)


def expect(act: str, principal: str, status: int, errors: dict[str, list[str]]) -> None:
    """Allowed: past the role check, refused by the schema (the probe among its errors). Denied: 401/403."""
    if allowed(act, principal):
        assert status == 400 and PROBE in errors, errors
    else:
        assert status == (401 if principal == ANONYMOUS else 403), errors


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("act", sorted(set(ACTS) - {RECORDED_APART}))
def test_http_api(world: World, act: str, principal: str) -> None:
    before = world.dialogues.recorder.max_notification_id()

    response = world.clients[principal].post(
        f"/api/v1/dialogues/{slug_for(act)}/acts/{act}", json={PROBE: True}
    )

    expect(act, principal, response.status_code, response.get_json()["errors"])
    assert world.dialogues.recorder.max_notification_id() == before


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("act", sorted(set(ACTS) - {RECORDED_APART}))
def test_live_socket(world: World, act: str, principal: str) -> None:
    """Anonymous cannot connect; acts that are not live ones are refused as such, to every role."""
    socket = world.app.extensions["socketio"].test_client(
        world.app, namespace=NAMESPACE, flask_test_client=world.clients[principal]
    )
    if principal == ANONYMOUS:
        assert not socket.is_connected(NAMESPACE)
        return
    try:
        payload = {"dialogue": slug_for(act), "act": act, "fields": {PROBE: True}}
        ack = socket.emit("act", payload, namespace=NAMESPACE, callback=True)
    finally:
        socket.disconnect(NAMESPACE)

    assert ack["ok"] is False
    if act in LIVE_ACTS:
        expect(act, principal, ack["status"], ack["errors"])
    else:
        assert (ack["status"], list(ack["errors"])) == (400, ["act"])


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_opening_a_dialogue_is_open_to_any_account_not_to_anonymous(world: World, principal: str) -> None:
    response = world.clients[principal].post("/api/v1/dialogues", json={PROBE: True})

    assert response.status_code == (401 if principal == ANONYMOUS else 400)
    if principal != ANONYMOUS:
        assert PROBE in response.get_json()["errors"]


def test_the_matrix_has_both_answers_for_every_act() -> None:
    """Each act is allowed to someone and denied to someone: neither column is vacuous."""
    for act in set(ACTS) - {RECORDED_APART}:
        answers = {allowed(act, principal) for principal in PRINCIPALS}
        assert answers == {True, False}, act
