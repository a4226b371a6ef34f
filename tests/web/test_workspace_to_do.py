"""A dialogue's workspace page says what to do: each item a link to the form that does it, the part
already picked; then the acts by stage, the public page and the live board; auditors find the audit."""

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.builders import MEMBERS, Scenario
from tests.webapp import csrf_token

EN = {"Accept-Language": "en"}
PAGE = "/workspace/dialogues/sevre"


@pytest.fixture
def scenario(dialogues: DialogueApp) -> Scenario:
    return Scenario(dialogues, slug="sevre")


def section(page: str, name: str) -> str:
    start = page.index(f'id="{name}-section"')
    return page[start : page.index("</section>", start)]


def test_a_stakeholder_is_asked_to_endorse_or_object_and_the_link_opens_the_form_with_the_proposal_picked(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    proposal_id = str(scenario.drafted_proposal())
    client = signed_in(MEMBERS[1])

    to_do = section(client.get(PAGE, headers=EN).get_data(as_text=True), "to-do")
    link = f"/workspace/dialogues/sevre/acts/proposal-endorsed?proposal_id={proposal_id}"
    form = client.get(link, headers=EN).get_data(as_text=True)

    assert "Proposal “Partage en étiage”:" in to_do
    assert f'href="{link}"' in to_do and "proposal-objected?proposal_id=" in to_do
    assert f'<option value="{proposal_id}" selected>' in form


def test_nothing_awaits_an_author_of_the_only_proposal(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    scenario.drafted_proposal()
    client = signed_in("stakeholder")

    to_do = section(client.get(PAGE, headers=EN).get_data(as_text=True), "to-do")

    assert "Nothing awaits me in this dialogue now." in to_do


def test_the_acts_are_grouped_by_stage_without_a_role_after_each(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    scenario.to_collective_work()
    client = signed_in("facilitator")

    acts = section(client.get(PAGE, headers=EN).get_data(as_text=True), "acts")

    assert re.findall(r"<h3>(.*?)</h3>", acts) == [
        "Framing and preparation of the process",
        "Collective work",
        "Throughout the dialogue",
    ]
    assert "role:" not in acts
    assert acts.index('data-act="topic-added"') < acts.index('data-act="meeting-scheduled"')


def test_the_page_links_the_live_board_and_once_made_public_the_public_page(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    client = signed_in("facilitator")
    before = client.get(PAGE, headers=EN).get_data(as_text=True)
    scenario.framing_done()
    after = client.get(PAGE, headers=EN).get_data(as_text=True)

    assert 'href="/workspace/dialogues/sevre/live"' in before and 'href="/dialogues/sevre"' not in before
    assert "No public page yet" in before
    assert 'href="/dialogues/sevre">Public page</a>' in after


def test_the_menu_links_the_audit_for_an_auditor_only(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    auditor = signed_in("auditor").get("/workspace", headers=EN).get_data(as_text=True)
    facilitator = signed_in("facilitator").get("/workspace", headers=EN).get_data(as_text=True)

    assert '<a href="/audit">Audit</a>' in auditor
    assert '<a href="/audit">' not in facilitator


def test_the_menu_links_the_audit_once_the_role_is_granted_and_no_more_once_revoked(
    signed_in: Callable[..., FlaskClient], scenario: Scenario, dialogues: DialogueApp
) -> None:
    client = signed_in("newcomer")
    pages = [client.get("/workspace", headers=EN).get_data(as_text=True)]
    dialogues.grant_role(scenario.convenor, scenario.id, grantee_id="newcomer", role="auditor")
    pages.append(client.get("/workspace", headers=EN).get_data(as_text=True))
    dialogues.revoke_role(scenario.convenor, scenario.id, grantee_id="newcomer", role="auditor")
    pages.append(client.get("/workspace", headers=EN).get_data(as_text=True))

    assert ['<a href="/audit">Audit</a>' in page for page in pages] == [False, True, False]


def test_the_organisers_page_links_the_import_of_stakeholders_and_the_others_do_not(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    scenario.consultation_group()
    link = '<a href="/admin/dialogues/sevre/import" data-import>Import stakeholders from a file</a>'
    for login in ("convenor", "facilitator"):
        client = signed_in(login)
        assert link in client.get(PAGE, headers=EN).get_data(as_text=True), login
        assert client.get("/admin/dialogues/sevre/import", headers=EN).status_code == 200, login
    for login in ("stakeholder", "steering", "auditor"):
        assert "data-import" not in signed_in(login).get(PAGE, headers=EN).get_data(as_text=True), login


def test_a_live_pages_refresh_leaves_the_message_of_an_act_to_the_page_opened_next(
    signed_in: Callable[..., FlaskClient], scenario: Scenario
) -> None:
    client = signed_in("convenor")
    form = f"{PAGE}/acts/topic-added"
    answer = client.post(form, data={"topic": "haies", "csrf_token": csrf_token(client, form)}, headers=EN)
    assert answer.status_code == 303  # its message waits for the next page

    fetched = client.get(PAGE, headers={**EN, "Sec-Fetch-Mode": "cors"}).get_data(as_text=True)
    opened = client.get(PAGE, headers={**EN, "Sec-Fetch-Mode": "navigate"}).get_data(as_text=True)

    assert "Recorded: " not in fetched  # a script's fetch (the live refresh), not a navigation
    assert "Recorded: " in opened
