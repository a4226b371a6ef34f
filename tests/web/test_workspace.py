"""The workspace: each account sees its dialogues, its roles, and the acts it may perform now."""

import time
from collections.abc import Callable
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.builders import ensure_accounts
from web.extensions import WAIT_SECONDS

EN = {"Accept-Language": "en"}


@pytest.fixture
def vallee(dialogues: DialogueApp) -> UUID:
    """Two dialogues in framing; alice is a stakeholder of the first only."""
    ensure_accounts(dialogues, "conv", "alice", organisers=("conv",))
    dialogue_id = dialogues.open_dialogue(
        "conv", slug="vallee", title="La vallée", territory="T", subject="S"
    ).id
    dialogues.open_dialogue("conv", slug="plateau", title="Le plateau", territory="T", subject="S")
    dialogues.grant_role("conv", dialogue_id, grantee_id="alice", role="stakeholder")
    return dialogue_id


def acts_listed(page: str) -> set[str]:
    return {part.split('"', 1)[0] for part in page.split('data-act="')[1:]}


def test_a_stakeholder_sees_only_their_dialogues_with_their_roles(
    signed_in: Callable[..., FlaskClient], vallee: UUID
) -> None:
    client = signed_in("alice")

    page = client.get("/workspace", headers=EN).get_data(as_text=True)

    assert "La vallée" in page and "Le plateau" not in page
    assert "My roles: Stakeholder" in page


def test_a_stakeholder_sees_the_acts_they_may_perform_now_and_what_is_missing(
    signed_in: Callable[..., FlaskClient], vallee: UUID
) -> None:
    client = signed_in("alice")

    page = client.get("/workspace/dialogues/vallee", headers=EN).get_data(as_text=True)

    assert acts_listed(page) == {"participation-confirmed"}
    assert "Confirm a participation" in page
    assert "Expected results, objects and perimeter formalised" in page
    assert "approach not made public" in page  # what is missing, with the domain's detail


def test_the_checklist_shows_an_act_just_recorded_as_the_dialogue_itself_says(
    signed_in: Callable[..., FlaskClient], vallee: UUID, dialogues: DialogueApp
) -> None:
    """The checklist comes from the stage read model, read once it holds the log up to the page."""
    client = signed_in("alice")
    before = client.get("/workspace/dialogues/vallee", headers=EN).get_data(as_text=True)

    define_framework(dialogues, vallee)
    after = client.get("/workspace/dialogues/vallee", headers=EN).get_data(as_text=True)

    met, unmet = checklist_of(dialogues, vallee)
    assert (after.count('class="met"'), after.count('class="unmet"')) == (met, unmet)
    assert before.count('class="met"') == met - 1


def test_with_the_read_models_left_behind_the_checklist_comes_from_the_dialogue_at_once(
    signed_in: Callable[..., FlaskClient], vallee: UUID, dialogues: DialogueApp, web_app: Flask
) -> None:
    client = signed_in("alice")
    client.get("/workspace/dialogues/vallee")  # the read models caught up here
    web_app.extensions["projections_follow"] = True  # as with a runner of their own, which stopped
    define_framework(dialogues, vallee)

    began = time.monotonic()
    page = client.get("/workspace/dialogues/vallee", headers=EN).get_data(as_text=True)
    seconds = time.monotonic() - began

    assert (page.count('class="met"'), page.count('class="unmet"')) == checklist_of(dialogues, vallee)
    assert seconds < WAIT_SECONDS


def define_framework(dialogues: DialogueApp, dialogue_id: UUID) -> None:
    dialogues.define_framework(
        "conv",
        dialogue_id,
        expected_results=["un plan d'action partagé"],
        objects=["répartition des prélèvements"],
        perimeter="le bassin versant",
        excluded=[],
        calendar=[{"label": "lancement", "date": "2026-03-12"}],
    )


def checklist_of(dialogues: DialogueApp, dialogue_id: UUID) -> tuple[int, int]:
    """(met, unmet) exit indicators, as the dialogue's own events say."""
    indicators = dialogues.status(dialogue_id)["indicators"]
    met = sum(1 for i in indicators if i["met"])
    return met, len(indicators) - met


def test_the_convenor_sees_the_framing_acts_of_the_convenor(
    signed_in: Callable[..., FlaskClient], vallee: UUID
) -> None:
    client = signed_in("conv")

    listed = acts_listed(client.get("/workspace/dialogues/vallee").get_data(as_text=True))

    assert {"framework-defined", "role-granted", "stage-advanced", "approach-made-public"} <= listed
    assert "meeting-scheduled" not in listed and "participation-confirmed" not in listed


def test_a_dialogue_where_the_account_holds_no_role_is_not_found_before_its_approach_is_public(
    signed_in: Callable[..., FlaskClient], vallee: UUID
) -> None:
    client = signed_in("alice")

    response = client.get("/workspace/dialogues/plateau", headers=EN)
    live = client.get("/workspace/dialogues/plateau/live", headers=EN)

    assert response.status_code == live.status_code == 404  # once public, 403: tests/security


def test_an_administrator_may_grant_roles_in_every_dialogue(
    signed_in: Callable[..., FlaskClient], vallee: UUID
) -> None:
    client = signed_in("root")

    index = client.get("/workspace").get_data(as_text=True)
    page = client.get("/workspace/dialogues/plateau").get_data(as_text=True)

    assert "/workspace/dialogues/plateau" in index
    assert acts_listed(page) == {"role-granted", "role-revoked"}


def test_the_api_gives_the_same_acts_as_the_page(signed_in: Callable[..., FlaskClient], vallee: UUID) -> None:
    client = signed_in("alice")

    me = client.get("/api/v1/me").get_json()
    acts = client.get("/api/v1/dialogues/vallee/acts-available").get_json()

    assert me["login"] == "alice"
    assert [(d["slug"], d["roles"]) for d in me["dialogues"]] == [("vallee", ["stakeholder"])]
    comments = ("comment-posted", "comment-edited", "comment-withdrawn")  # the page: under the public items
    assert acts == {
        "acts": [{"act": act, "roles": ["stakeholder"]} for act in (*comments, "participation-confirmed")]
    }
