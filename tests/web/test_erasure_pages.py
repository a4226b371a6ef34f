"""Erasure in the web UI, on both stores: the administrator's confirmation lists the person's
records first and needs a ground (a 400 naming it otherwise); a signed-in person asks to be
erased, and the request waits on the administrators' page until handled."""

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from uuid import UUID

import pytest
from flask import Flask

from application.dialogues import DialogueApp
from domain.account import account_id_for
from tests.builders import ensure_accounts
from tests.web.conftest import PASSWORD, csrf_token, make_web_app, sign_in
from web import close_app

EN = {"Accept-Language": "en"}


@pytest.fixture
def site(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("KEY_ENCRYPTION_KEY_FILE", str(tmp_path / "keys" / "kek.b64"))
    app = make_web_app(database_url)
    dialogues: DialogueApp = app.extensions["dialogues"]
    dialogues.create_administrator("root", PASSWORD)
    dialogues.create_account(
        "root", login="camille", password=PASSWORD, email="camille@example.org", display_name="Camille Martin"
    )
    yield app
    close_app(app)


def test_the_administrator_reads_what_goes_then_erases_with_a_ground(site: Flask) -> None:
    dialogues: DialogueApp = site.extensions["dialogues"]
    admin = site.test_client()
    sign_in(admin, "root")
    accounts = admin.get("/accounts", headers=EN).get_data(as_text=True)
    assert 'href="/admin/accounts/camille/erase"' in accounts

    page = admin.get("/admin/accounts/camille/erase", headers=EN).get_data(as_text=True)
    assert page.index("Camille Martin") < page.index("Ground of the erasure")  # the items first
    assert "camille@example.org" in page

    token = csrf_token(admin, "/admin/accounts/camille/erase")
    refused = admin.post(
        "/admin/accounts/camille/erase", data={"csrf_token": token, "reason": ""}, headers=EN
    )
    assert refused.status_code == 400
    assert "Choose the ground of the erasure." in refused.get_data(as_text=True)
    assert not dialogues.profile("camille")["erased"]

    done = admin.post(
        "/admin/accounts/camille/erase", data={"csrf_token": token, "reason": "request"}, headers=EN
    )
    assert done.status_code == 303
    assert dialogues.profile("camille")["erased"]
    [act] = dialogues.erasures()
    assert act["actor_id"] == "root" and act["person_id"] == str(account_id_for("camille"))
    register = admin.get("/admin/erasures", headers=EN).get_data(as_text=True)
    assert str(account_id_for("camille")) in register and "The person asked for it" in register


def test_a_person_asks_to_be_erased_and_the_administrator_sees_it(site: Flask) -> None:
    dialogues: DialogueApp = site.extensions["dialogues"]
    person = site.test_client()
    sign_in(person, "camille")
    assert person.get("/admin/erasures", headers=EN).status_code == 403
    token = csrf_token(person, "/account/erasure")
    assert person.post("/account/erasure", data={"csrf_token": token}).status_code == 303
    assert "Your request is with" in person.get("/account/erasure", headers=EN).get_data(as_text=True)
    assert not dialogues.profile("camille")["erased"]  # the administrator handles it

    admin = site.test_client()
    sign_in(admin, "root")
    waiting = admin.get("/admin/erasures", headers=EN).get_data(as_text=True)
    assert "camille asked on" in waiting and 'href="/admin/accounts/camille/erase"' in waiting
    token = csrf_token(admin, "/admin/accounts/camille/erase")
    admin.post("/admin/accounts/camille/erase", data={"csrf_token": token, "reason": "request"})
    assert "No request is waiting." in admin.get("/admin/erasures", headers=EN).get_data(as_text=True)


def test_only_administrators_erase(site: Flask) -> None:
    person = site.test_client()
    sign_in(person, "camille")
    assert person.get("/admin/accounts/root/erase").status_code == 403
    token = csrf_token(person, "/account/erasure")
    response = person.post("/admin/accounts/root/erase", data={"csrf_token": token, "reason": "request"})
    assert response.status_code == 403
    assert site.test_client().get("/account/erasure").status_code == 302  # to sign in


@pytest.fixture
def vallee(site: Flask) -> tuple[UUID, UUID, UUID]:
    """A dialogue, a stakeholder without an account and one held by camille's account: their ids."""
    dialogues: DialogueApp = site.extensions["dialogues"]
    ensure_accounts(dialogues, "conv", organisers=("conv",))
    dialogue_id = dialogues.open_dialogue(
        "conv", slug="vallee", title="La vallée", territory="T", subject="S"
    ).id
    identify = partial(dialogues.identify_stakeholder, "conv", dialogue_id, category="association")
    jeanne = identify(name="Jeanne Marais", email="jeanne@example.org", organisation="Les amis du marais").id
    camille = identify(name="Camille Martin", stakeholder_account_id="camille", organisation="Eau vive").id
    return dialogue_id, jeanne, camille


def test_a_stakeholder_without_an_account_is_erased_from_the_dialogues_list(
    site: Flask, vallee: tuple[UUID, UUID, UUID]
) -> None:
    dialogues: DialogueApp = site.extensions["dialogues"]
    dialogue_id, person, _held = vallee
    admin = site.test_client()
    sign_in(admin, "root")
    listed = admin.get("/admin/erasures", headers=EN).get_data(as_text=True)
    assert 'href="/admin/dialogues/vallee/stakeholders"' in listed
    people = admin.get("/admin/dialogues/vallee/stakeholders", headers=EN).get_data(as_text=True)
    assert "Jeanne Marais" in people and "Camille Martin" not in people  # her account holds her
    form = f"/admin/stakeholders/{person}/erase"
    assert f'href="{form}"' in people

    page = admin.get(form, headers=EN).get_data(as_text=True)
    assert page.index("Jeanne Marais") < page.index("Ground of the erasure")
    token = csrf_token(admin, form)
    assert admin.post(form, data={"csrf_token": token, "reason": ""}, headers=EN).status_code == 400
    done = admin.post(form, data={"csrf_token": token, "reason": "request"}, headers=EN)
    assert done.status_code == 303
    assert "Jeanne Marais erased" in admin.get(done.location, headers=EN).get_data(as_text=True)

    assert dialogues.stakeholders(dialogue_id)[0]["erased"]
    [act] = dialogues.erasures()
    assert act["person_id"] == str(person) and act["actor_id"] == "root"
    after = admin.get("/admin/dialogues/vallee/stakeholders", headers=EN).get_data(as_text=True)
    assert "Jeanne Marais" not in after and "[erased]" in after
    assert admin.get(form, headers=EN).status_code == 200  # nothing left to erase: the form shows [erased]
    assert admin.post(form, data={"csrf_token": token, "reason": "request"}).status_code == 404


def test_only_administrators_reach_a_dialogues_stakeholders_and_an_account_holder_goes_to_the_account(
    site: Flask, vallee: tuple[UUID, UUID, UUID]
) -> None:
    dialogue_id, _person, held = vallee
    facilitator = site.test_client()
    sign_in(facilitator, "conv")
    assert facilitator.get("/admin/dialogues/vallee/stakeholders").status_code == 403
    assert facilitator.get(f"/admin/stakeholders/{held}/erase").status_code == 403
    admin = site.test_client()
    sign_in(admin, "root")
    moved = admin.get(f"/admin/stakeholders/{held}/erase")
    assert moved.status_code == 303 and moved.location.endswith("/admin/accounts/camille/erase")
    assert admin.get(f"/admin/stakeholders/{dialogue_id}/erase").status_code == 404
