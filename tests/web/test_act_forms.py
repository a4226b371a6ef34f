"""The workspace's act forms: drawn from the act schemas, role-checked, errors next to the fields."""

import re
from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from domain.acts import ACTS
from domain.roles import Role
from domain.stages import Stage
from tests.builders import ACCOUNTS, DAY, MEMBERS, Scenario
from tests.web.conftest import csrf_token
from web.schemas import ACT_FORMS
from web.workspace.actforms import part_kinds
from web.workspace.pages import DONE_ELSEWHERE

EN = {"Accept-Language": "en"}
FORM = "/workspace/dialogues/sevre/acts/"


ACCOUNTS_FORMS = sorted(
    act for act in ACT_FORMS if Role.CITIZEN not in ACTS[act].roles and act not in DONE_ELSEWHERE
)
"""The acts of the workspace's forms; a citizen posts theirs on the consultation's page
(``tests/web/test_consultation_pages.py``)."""


@pytest.fixture
def scenario(dialogues: DialogueApp) -> Scenario:
    return Scenario(dialogues, slug="sevre")


def test_anonymous_is_sent_to_sign_in(client: FlaskClient, scenario: Scenario) -> None:
    response = client.get(FORM + "topic-added")

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_stakeholder_may_not_open_the_decision_form(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    scenario.presented()
    client = signed_in("stakeholder")

    assert client.get(FORM + "decision-adopted", headers=EN).status_code == 403
    posted = client.post(FORM + "decision-adopted", data={"csrf_token": csrf_token(client, "/workspace")})
    assert posted.status_code == 403


def test_a_decision_maker_records_the_decision_from_the_form(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, dialogues: DialogueApp
) -> None:
    proposal_id = scenario.presented()
    client = signed_in("decision_maker")
    dialogue_page = client.get("/workspace/dialogues/sevre", headers=EN).get_data(as_text=True)
    page = client.get(FORM + "decision-adopted", headers=EN).get_data(as_text=True)

    response = client.post(
        FORM + "decision-adopted",
        headers=EN,
        data={
            "csrf_token": csrf_token(client, FORM + "decision-adopted"),
            "body": "conseil_municipal",
            "body_name": "Conseil municipal de Niort",
            "deliberation_reference": "DEL-7",
            "adopted_on": DAY,
            "votes.for": "12",
            "votes.against": "2",
            "votes.abstentions": "1",
            "outcomes-0-proposal_id": str(proposal_id),
            "outcomes-0-outcome": "adopted_with_changes",
            "outcomes-0-justification": "montant revu",
        },
    )

    assert FORM + "decision-adopted" in dialogue_page
    assert "Partage en étiage" in page and 'name="outcomes-0-outcome"' in page
    assert response.status_code == 303 and response.headers["Location"].endswith("/workspace/dialogues/sevre")
    flashed = client.get("/workspace/dialogues/sevre", headers=EN).get_data(as_text=True)
    assert "Recorded: Record the decision of the legitimate body (position " in flashed
    assert dialogues.status(scenario.id)["counts"]["decisions"] == 1


def test_a_schema_error_is_shown_next_to_its_field_and_what_was_typed_is_kept(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    scenario.presented()
    client = signed_in("decision_maker")

    response = client.post(
        FORM + "decision-adopted",
        headers=EN,
        data={
            "csrf_token": csrf_token(client, FORM + "decision-adopted"),
            "body": "conseil_municipal",
            "body_name": "Conseil <municipal>",
            "deliberation_reference": "DEL-7",
            "adopted_on": DAY,
            "votes.for": "douze",
            "votes.against": "2",
            "votes.abstentions": "1",
        },
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    assert 'value="Conseil &lt;municipal&gt;"' in page and 'value="douze"' in page
    votes = page[page.index('data-field="votes"') :]
    assert "“Votes for” must be a whole number, such as 12." in votes[: votes.index('data-field="outcomes"')]


def test_a_domain_refusal_is_shown_next_to_the_field_it_names(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    client = signed_in("convenor")

    response = client.post(
        FORM + "launch-meeting-held",
        headers=EN,
        data={
            "csrf_token": csrf_token(client, FORM + "launch-meeting-held"),
            "held_on": "2026-03-12",
            "attendance": "40",
            "summary": "   ",
        },
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    field = page[page.index('data-field="summary"') :]
    assert "is required" in field
    assert 'value="2026-03-12"' in page


def test_a_malformed_date_is_refused_by_the_schema_next_to_its_field(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    """What the schema can check is a 400 from it, as in the API (docs/security.md, "Input limits")."""
    client = signed_in("convenor")

    response = client.post(
        FORM + "launch-meeting-held",
        headers=EN,
        data={
            "csrf_token": csrf_token(client, FORM + "launch-meeting-held"),
            "held_on": "12/03/2026",
            "attendance": "40",
            "summary": "salle comble",
        },
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    field = page[page.index('data-field="held_on"') : page.index('data-field="attendance"')]
    assert 'value="12/03/2026"' in field and "“Held on” is not a valid date: write it as YYYY-MM-DD." in field
    assert "salle comble" in page


def test_a_list_typed_one_a_line_is_recorded_as_a_list(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, dialogues: DialogueApp
) -> None:
    client = signed_in("convenor")

    response = client.post(
        FORM + "framework-defined",
        data={
            "csrf_token": csrf_token(client, FORM + "framework-defined"),
            "expected_results": "un plan\n\n un diagnostic \n",
            "objects": "l'eau",
            "perimeter": "le bassin",
            "excluded": "le barrage",
            "calendar-0-label": "lancement",
            "calendar-0-date": DAY,
        },
    )

    assert response.status_code == 303
    assert dialogues.status(scenario.id)["indicators"][0]["met"] is True  # framework-formalised
    acts = [a["act"] for a in dialogues.acts(scenario.id)]
    assert acts[-1] == "framework-defined"


def reach(scenario: Scenario, stage: Stage) -> None:
    if stage is Stage.COLLECTIVE_WORK:
        scenario.to_collective_work()
    elif stage is Stage.DECISION_AND_FOLLOW_UP:
        scenario.presented()


@pytest.mark.parametrize("act", ACCOUNTS_FORMS)
def test_every_act_form_renders_for_an_account_allowed_to_do_it(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, act: str
) -> None:
    spec = ACTS[act]
    stage = next(s for s in Stage if s in spec.stages)
    role = next(r for r in Role if r in spec.roles)
    reach(scenario, stage)
    client = signed_in(ACCOUNTS[role])

    response = client.get(FORM + act, follow_redirects=True)  # a file's form: web.workspace.documents
    page = response.get_data(as_text=True)

    assert response.status_code == 200, page
    if 'id="blocked"' in page:  # nothing to pick for a required part yet: why, and no form
        assert 'class="act-form"' not in page
        return
    for name in ACT_FORMS[act].schema().fields:
        assert f'data-field="{name}"' in page


def options(page: str, name: str) -> dict[str, bool]:
    """The options of a select (or the boxes of a list of checkboxes) named ``name``: value -> chosen."""
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    if select is not None:
        return {v: bool(s) for v, s in re.findall(r'<option value="([^"]+)"( selected)?', select.group(0))}
    boxes = re.findall(rf'<input type="checkbox" name="{name}" value="([^"]+)"( checked)?', page)
    return {v: bool(s) for v, s in boxes}


def suggestions(page: str, name: str) -> set[str]:
    """The logins suggested to the text field ``name`` (its datalist)."""
    found = re.search(rf'<datalist id="f-{name}-choices">(.*?)</datalist>', page, re.S)
    assert found is not None, f"no suggestions for {name}"
    return set(re.findall(r'<option value="([^"]+)"', found.group(1)))


def test_the_grantee_is_suggested_among_the_dialogues_accounts_or_all_to_an_administrator(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    signed_in("newcomer")
    client = signed_in("convenor")
    admin = signed_in("admin", administrator=True)

    page = client.get(FORM + "role-granted", headers=EN).get_data(as_text=True)
    every = admin.get(FORM + "role-granted", headers=EN).get_data(as_text=True)

    assert suggestions(page, "grantee_id") == {*ACCOUNTS.values(), *MEMBERS}  # not newcomer, nor root
    assert suggestions(every, "grantee_id") == {"root", "newcomer", "admin", *ACCOUNTS.values(), *MEMBERS}


def test_a_grantee_typed_by_login_in_any_case_is_granted_an_unknown_one_refused_naming_the_field(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, dialogues: DialogueApp
) -> None:
    signed_in("newcomer")
    client = signed_in("convenor")
    form = FORM + "role-granted"

    typed = client.post(
        form,
        headers=EN,
        data={"csrf_token": csrf_token(client, form), "grantee_id": "NewComer", "role": "expert"},
    )
    before = dialogues.recorder.max_notification_id()
    ghost = client.post(
        form,
        headers=EN,
        data={"csrf_token": csrf_token(client, form), "grantee_id": "ghost", "role": "expert"},
    )

    assert typed.status_code == 303
    assert dialogues.roles_in("newcomer", scenario.id) == ["expert"]
    page = ghost.get_data(as_text=True)
    assert ghost.status_code == 422
    shown = page[page.index('data-field="grantee_id"') : page.index('data-field="role"')]
    assert "no account has the login “ghost”" in shown and 'value="ghost"' in shown
    assert dialogues.recorder.max_notification_id() == before


def test_the_operator_is_picked_among_the_operators_and_co_authors_among_the_role_holders(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    scenario.action()
    convenor = signed_in("convenor")

    assigned = convenor.get(FORM + "operator-assigned", headers=EN).get_data(as_text=True)
    revoked = convenor.get(FORM + "role-revoked", headers=EN).get_data(as_text=True)

    assert options(assigned, "operator_id") == {ACCOUNTS[Role.OPERATOR]: False}
    holders = {*ACCOUNTS.values(), "stakeholder-2", "stakeholder-3"}
    assert set(options(revoked, "grantee_id")) == holders


def test_co_authors_are_checked_among_the_role_holders_and_recorded_by_id(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, dialogues: DialogueApp
) -> None:
    scenario.to_collective_work()
    client = signed_in(ACCOUNTS[Role.STAKEHOLDER])
    form = FORM + "proposal-drafted"
    instance = next(
        p["id"] for p in dialogues.parts(scenario.id)["instance"] if p["label"].startswith("Groupe")
    )

    assert "stakeholder-2" in options(client.get(form, headers=EN).get_data(as_text=True), "co_authors")
    response = client.post(
        form,
        data={
            "csrf_token": csrf_token(client, form),
            "instance_id": instance,
            "topic": "eau",
            "title": "Partager",
            "text": "t",
            "co_authors": ["stakeholder-2", "stakeholder-3"],
        },
    )

    assert response.status_code == 303, response.get_data(as_text=True)
    [proposal] = dialogues.parts(scenario.id)["proposal"]
    assert set(dialogues.repository.get(UUID(proposal["id"])).authors) >= {"stakeholder-2", "stakeholder-3"}


@pytest.mark.parametrize(
    ("act", "data", "field"),
    [("role-revoked", {"grantee_id": "ghost", "role": "expert"}, "grantee_id")],
)
def test_an_account_the_form_did_not_offer_is_refused_naming_its_field_and_kept(
    signed_in: Callable[..., FlaskClient],
    scenario: Scenario,
    dialogues: DialogueApp,
    act: str,
    data: dict[str, Any],
    field: str,
) -> None:
    client = signed_in("convenor")

    response = client.post(
        FORM + act, headers=EN, data={"csrf_token": csrf_token(client, FORM + act), **data}
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    assert options(page, field)["ghost"] is True
    shown = page[page.index(f'data-field="{field}"') : page.index('data-field="role"')]
    assert "“ghost” is not one of the accounts offered here" in shown
    assert dialogues.roles_in("ghost", scenario.id) == []


def test_the_api_grants_to_an_existing_account_only_its_login_in_any_case(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, dialogues: DialogueApp
) -> None:
    signed_in("newcomer")
    client = signed_in("convenor")
    before = dialogues.recorder.max_notification_id()

    unknown = client.post(
        "/api/v1/dialogues/sevre/acts/role-granted",
        json={"grantee_id": "not-yet-an-account", "role": "expert"},
        headers=EN,
    )
    capitals = client.post(
        "/api/v1/dialogues/sevre/acts/role-granted", json={"grantee_id": "NEWCOMER", "role": "expert"}
    )

    assert unknown.status_code == 422
    assert unknown.get_json() == {"errors": {"grantee_id": ["no account has the login “not-yet-an-account”"]}}
    assert capitals.status_code == 201 and capitals.get_json()["position"] == before + 1  # the refusal: none
    assert dialogues.roles_in("newcomer", scenario.id) == ["expert"]


def test_a_form_reads_only_the_parts_it_offers_each_listed_as_among_all(
    dialogues: DialogueApp, scenario: Scenario
) -> None:
    scenario.presented()
    every = dialogues.parts(scenario.id)

    assert part_kinds(ACT_FORMS["decision-adopted"].schema()) == {"presented"}
    assert part_kinds(ACT_FORMS["contribution-posted"].schema()) == {"meeting"}
    assert every["presented"] and every["proposal"] and every["role_holder"]
    for act in ("decision-adopted", "contribution-posted", "proposal-drafted", "operator-assigned"):
        kinds = part_kinds(ACT_FORMS[act].schema())
        assert dialogues.parts(scenario.id, kinds) == {kind: every[kind] for kind in kinds}
