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

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from flask import Flask
from flask.testing import FlaskClient

from application import credentials
from application.base import ADMINISTRATOR_ACTS
from application.demo.files import pdf
from application.dialogues import DialogueApp
from domain.acts import ACTS
from domain.roles import GRANTED_ROLES, Role
from domain.stages import Stage
from tests.builders import ACCOUNTS, Scenario
from tests.web.conftest import PASSWORD, csrf_token, make_web_app, sign_in
from web import close_app
from web.documents.uploads import FILE_ACTS
from web.live.namespace import NAMESPACE
from web.schemas.live import LIVE_ACTS

PROBE = "authorisation-probe"
ANONYMOUS, NO_ROLE, ADMINISTRATOR = "anonymous", "no role", "administrator"
PRINCIPALS = [ANONYMOUS, NO_ROLE, ADMINISTRATOR, *(role.value for role in GRANTED_ROLES)]
"""A citizen is no account: their acts, posted on a consultation's page, are refused to every account
here (tests/application/test_authorisation.py tries them as a citizen)."""
LOGINS = {
    NO_ROLE: "outsider",
    ADMINISTRATOR: "root",
    **{role.value: ACCOUNTS[role] for role in GRANTED_ROLES},
}
SLUGS = {Stage.FRAMING: "in-framing", Stage.COLLECTIVE_WORK: "in-collective-work"}
SLUGS[Stage.DECISION_AND_FOLLOW_UP] = "in-decision"
RECORDED_APART = "dialogue-opened"
"""Opening a dialogue is ``POST /api/v1/dialogues``: for organisers (a platform role), made its convenor."""
ORGANISER, NON_MEMBER = "organiser", "stakeholder elsewhere"
"""Two more principals: an account holding the platform role organiser (no role in any dialogue), and a
stakeholder of the dialogue in collective work who sits on no instance."""
LOGINS |= {ORGANISER: "organiser", NON_MEMBER: "stakeholder-elsewhere"}


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
        others = [LOGINS[p] for p in [*PRINCIPALS[1:], ORGANISER, NON_MEMBER] if p != ADMINISTRATOR]
        dialogues.create_accounts("root", logins=others, password=PASSWORD)
        dialogues.grant_platform_role("root", LOGINS[ORGANISER], "organiser")
        Scenario(dialogues, slug=SLUGS[Stage.FRAMING])
        working = Scenario(dialogues, slug=SLUGS[Stage.COLLECTIVE_WORK])
        working.to_collective_work()
        working.meeting()
        dialogues.grant_role(working.convenor, working.id, grantee_id=LOGINS[NON_MEMBER], role="stakeholder")
        Scenario(dialogues, slug=SLUGS[Stage.DECISION_AND_FOLLOW_UP]).to_decision()
        clients = {ANONYMOUS: app.test_client()}
        for principal in [*PRINCIPALS[1:], ORGANISER, NON_MEMBER]:
            clients[principal] = app.test_client()
            assert sign_in(clients[principal], LOGINS[principal]).status_code == 303  # type: ignore[attr-defined]
        yield World(app, dialogues, clients)
    close_app(app)


def expect(act: str, principal: str, status: int, errors: dict[str, list[str]]) -> None:
    """Allowed: past the role check, refused by the schema (the probe among its errors). Denied: 401/403,
    or 404 to an account outside a dialogue not yet made public (the one in framing), as for no dialogue."""
    if allowed(act, principal):
        assert status == 400 and PROBE in errors, errors
    elif principal == NO_ROLE and slug_for(act) == SLUGS[Stage.FRAMING]:
        assert status == 404, errors
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
@pytest.mark.parametrize("act", sorted(FILE_ACTS))
def test_http_api_with_a_file(world: World, act: str, principal: str) -> None:
    """A multipart body holding a file: the same answers, and no file stored for whom may not."""
    client = world.clients[principal]
    blobs = world.dialogues.blobs.count()
    data = {PROBE: "yes", "file": (io.BytesIO(pdf("Probe", ["probe"])), "probe.pdf")}

    response = client.post(
        f"/api/v1/dialogues/{slug_for(act)}/acts/{act}",
        data=data,
        content_type="multipart/form-data",
        headers={"X-CSRFToken": csrf_token(client)},
    )

    expect(act, principal, response.status_code, response.get_json()["errors"])
    assert world.dialogues.blobs.count() == blobs


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


@pytest.mark.parametrize("principal", [*PRINCIPALS, ORGANISER])
def test_opening_a_dialogue_is_for_organisers_only(world: World, principal: str) -> None:
    """A platform role, whatever roles the account holds in dialogues; anonymous 401, others 403."""
    response = world.clients[principal].post("/api/v1/dialogues", json={PROBE: True})

    organisers = (ORGANISER, Role.CONVENOR.value)  # tests/builders.py makes the convenor one
    expected = 401 if principal == ANONYMOUS else 400 if principal in organisers else 403
    assert response.status_code == expected
    if principal in organisers:
        assert PROBE in response.get_json()["errors"]


def test_a_stakeholder_outside_the_meetings_instance_may_not_post_into_it_on_any_path(world: World) -> None:
    """Joining the live session is refused to a non-member; so is an act naming its meeting (API, live)."""
    slug = SLUGS[Stage.COLLECTIVE_WORK]
    meeting = next(p["id"] for p in world.dialogues.parts(world.dialogues.dialogue_id(slug))["meeting"])
    fields = {"kind": "idea", "text": "à la séance", "meeting_id": meeting}
    before = world.dialogues.recorder.max_notification_id()
    client = world.clients[NON_MEMBER]

    api = client.post(f"/api/v1/dialogues/{slug}/acts/contribution-posted", json=fields)
    socket = world.app.extensions["socketio"].test_client(
        world.app, namespace=NAMESPACE, flask_test_client=client
    )
    try:
        joined = socket.emit(
            "join", {"dialogue": slug, "session": meeting}, namespace=NAMESPACE, callback=True
        )
        live = socket.emit(
            "act",
            {"dialogue": slug, "act": "contribution-posted", "fields": fields},
            namespace=NAMESPACE,
            callback=True,
        )
    finally:
        socket.disconnect(NAMESPACE)

    assert (api.status_code, joined["status"], live["status"]) == (403, 403, 403)
    assert "Groupe eau" in api.get_json()["errors"]["_schema"][0]
    assert world.dialogues.recorder.max_notification_id() == before
    member = world.clients[Role.STAKEHOLDER.value]
    assert member.post(f"/api/v1/dialogues/{slug}/acts/contribution-posted", json=fields).status_code == 201


# --- who reads what (docs/security.md, "Who sees what") --------------------------------------------

READERS = [ANONYMOUS, NO_ROLE, ADMINISTRATOR, ORGANISER, Role.STAKEHOLDER.value, Role.AUDITOR.value]


READS = {
    "public page": "/dialogues/{}",
    "open data": "/dialogues/{}/open-data.json",
    "status": "/api/v1/dialogues/{}",
    "acts": "/api/v1/dialogues/{}/acts",
    "workspace": "/workspace/dialogues/{}",
    "audit trail": "/audit/dialogues/{}",
}
"""Each read of one dialogue: the public pages, the API, the workspace, the audit pages."""


PUBLIC_DIALOGUE = {
    ANONYMOUS: {
        "public page": 200,
        "open data": 200,
        "status": 401,
        "acts": 401,
        "workspace": 302,
        "audit trail": 302,
    },
    NO_ROLE: {
        "public page": 200,
        "open data": 200,
        "status": 200,
        "acts": 403,
        "workspace": 403,
        "audit trail": 403,
    },
    ORGANISER: {
        "public page": 200,
        "open data": 200,
        "status": 200,
        "acts": 403,
        "workspace": 403,
        "audit trail": 403,
    },
    "stakeholder": {
        "public page": 200,
        "open data": 200,
        "status": 200,
        "acts": 200,
        "workspace": 200,
        "audit trail": 403,
    },
    "auditor": {
        "public page": 200,
        "open data": 200,
        "status": 200,
        "acts": 200,
        "workspace": 200,
        "audit trail": 200,
    },
    ADMINISTRATOR: {
        "public page": 200,
        "open data": 200,
        "status": 200,
        "acts": 200,
        "workspace": 200,
        "audit trail": 200,
    },
}
"""What each principal gets of a dialogue whose approach is public."""
NOT_YET_PUBLIC = {
    ANONYMOUS: {
        "public page": 404,
        "open data": 404,
        "status": 401,
        "acts": 401,
        "workspace": 302,
        "audit trail": 302,
    },
    NO_ROLE: {
        "public page": 404,
        "open data": 404,
        "status": 404,
        "acts": 404,
        "workspace": 404,
        "audit trail": 404,
    },
    ORGANISER: {
        "public page": 404,
        "open data": 404,
        "status": 404,
        "acts": 404,
        "workspace": 404,
        "audit trail": 404,
    },
    "stakeholder": {
        "public page": 200,
        "open data": 404,
        "status": 200,
        "acts": 200,
        "workspace": 200,
        "audit trail": 403,
    },
    "auditor": {
        "public page": 200,
        "open data": 404,
        "status": 200,
        "acts": 200,
        "workspace": 200,
        "audit trail": 200,
    },
    ADMINISTRATOR: {
        "public page": 200,
        "open data": 404,
        "status": 200,
        "acts": 200,
        "workspace": 200,
        "audit trail": 200,
    },
}
"""Before: nothing shows to the public nor to accounts without a role in it; members preview its page."""


@pytest.mark.parametrize("principal", READERS)
@pytest.mark.parametrize(
    ("stage", "expected"), [(Stage.COLLECTIVE_WORK, PUBLIC_DIALOGUE), (Stage.FRAMING, NOT_YET_PUBLIC)]
)
def test_who_reads_what_of_a_dialogue(
    world: World, principal: str, stage: Stage, expected: dict[str, dict[str, int]]
) -> None:
    before = world.dialogues.recorder.max_notification_id()
    client = world.clients[principal]

    got = {name: client.get(path.format(SLUGS[stage])).status_code for name, path in READS.items()}

    assert got == expected[principal]
    assert world.dialogues.recorder.max_notification_id() == before


@pytest.mark.parametrize("principal", READERS)
def test_the_lists_of_dialogues_show_a_dialogue_once_its_approach_is_public(
    world: World, principal: str
) -> None:
    """The home page to everyone; the API's list to an account, with those where it holds a role."""
    home = world.clients[principal].get("/").get_data(as_text=True)
    listed = world.clients[principal].get("/api/v1/dialogues")

    assert f'href="/dialogues/{SLUGS[Stage.FRAMING]}"' not in home
    assert f'href="/dialogues/{SLUGS[Stage.COLLECTIVE_WORK]}"' in home
    if principal == ANONYMOUS:
        assert listed.status_code == 401
        return
    slugs = {d["slug"] for d in listed.get_json()["dialogues"]}
    member = principal in (ADMINISTRATOR, "stakeholder", "auditor")
    assert (SLUGS[Stage.FRAMING] in slugs) is member
    assert SLUGS[Stage.COLLECTIVE_WORK] in slugs


def test_the_matrix_has_both_answers_for_every_act() -> None:
    """Each act is allowed to someone and denied to someone: neither column is vacuous. A citizen's act
    is denied to every account here; a citizen does it on the consultation's page
    (tests/web/test_consultation_pages.py). Comments are the participants' acts as well as citizens'."""
    citizens = {act for act, spec in ACTS.items() if spec.roles == {Role.CITIZEN}}
    assert {"comment-posted", "comment-edited", "comment-withdrawn"}.isdisjoint(citizens)
    for act in set(ACTS) - {RECORDED_APART} - citizens:
        answers = {allowed(act, principal) for principal in PRINCIPALS}
        assert answers == {True, False}, act
