"""Comments on the public pages: under a proposal, an agreement and each contribution of the public;
posted, replied to, edited and withdrawn by signed-in participants and citizens; each refusal names
its field on the page drawn again; the honeypot and the rate limit refuse robots."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from domain.roles import Role
from tests.builders import ACCOUNTS, MEMBERS, Scenario
from tests.web.test_api_v1 import basic
from tests.web.test_consultation_pages import signed_up
from tests.webapp import csrf_token, make_web_app, sign_in
from web import close_app

EN = {"Accept-Language": "en"}
STAKEHOLDER, FACILITATOR = ACCOUNTS[Role.STAKEHOLDER], ACCOUNTS[Role.FACILITATOR]


@pytest.fixture
def scenario(dialogues: DialogueApp) -> Scenario:
    return Scenario(dialogues, slug="veze")


def client_of(web_app: Flask, login: str) -> FlaskClient:
    client = web_app.test_client()
    assert sign_in(client, login).status_code == 303  # type: ignore[attr-defined]
    return client


def post(client: FlaskClient, page: str, **fields: str) -> object:
    return client.post(
        "/dialogues/veze/comments", data={"csrf_token": csrf_token(client, page), **fields}, headers=EN
    )


def test_participants_comment_and_reply_under_a_proposal(
    web_app: Flask, scenario: Scenario, dialogues: DialogueApp
) -> None:
    proposal = str(scenario.drafted_proposal())
    page = f"/dialogues/veze/proposals/{proposal}"
    facilitator, stakeholder = client_of(web_app, FACILITATOR), client_of(web_app, STAKEHOLDER)

    first = post(facilitator, page, target="proposal", target_id=proposal, text="Quel débit de référence ?")
    assert first.status_code == 303 and "#comment-" in first.headers["Location"]
    parent = first.headers["Location"].rsplit("#comment-", 1)[1]
    reply = post(
        stakeholder, page, target="proposal", target_id=proposal, parent_id=parent, text="Le module."
    )
    assert reply.status_code == 303

    shown = web_app.test_client().get(page, headers=EN).get_data(as_text=True)
    assert "Quel débit de référence ?" in shown and "Le module." in shown
    assert "2 comments" in shown and 'class="replies"' in shown
    assert "Stakeholder" in shown and STAKEHOLDER not in shown.split('id="comments-')[1]  # never the login
    assert "Sign in to comment" in shown


def test_a_reply_to_a_reply_is_refused_naming_the_field_on_the_page(
    web_app: Flask, scenario: Scenario, dialogues: DialogueApp
) -> None:
    proposal = str(scenario.drafted_proposal())
    page = f"/dialogues/veze/proposals/{proposal}"
    first = dialogues.post_comment(
        FACILITATOR, scenario.id, target="proposal", target_id=proposal, text="Q"
    ).id
    reply = dialogues.post_comment(
        STAKEHOLDER, scenario.id, target="proposal", target_id=proposal, text="R", parent_id=str(first)
    ).id
    client = client_of(web_app, FACILITATOR)
    before = dialogues.recorder.max_notification_id()

    refused = post(client, page, target="proposal", target_id=proposal, parent_id=str(reply), text="Encore")
    too_long = post(client, page, target="proposal", target_id=proposal, text="x" * 2001)

    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert 'class="error-summary"' in body and "one level of replies" in body
    assert too_long.status_code == 400
    assert f'id="c-{proposal}-text-errors"' in too_long.get_data(as_text=True)
    assert 'aria-invalid="true"' in too_long.get_data(as_text=True)
    assert dialogues.recorder.max_notification_id() == before


def test_the_author_edits_then_withdraws_and_no_one_else_may(
    web_app: Flask, scenario: Scenario, dialogues: DialogueApp
) -> None:
    proposal = str(scenario.drafted_proposal())
    page = f"/dialogues/veze/proposals/{proposal}"
    posted = dialogues.post_comment(
        STAKEHOLDER, scenario.id, target="proposal", target_id=proposal, text="V1"
    ).id
    author, other = client_of(web_app, STAKEHOLDER), client_of(web_app, FACILITATOR)
    edit = f"/dialogues/veze/comments/{posted}/edit"

    assert other.get(edit).status_code == 404
    assert 'href="' + edit + '"' in author.get(page).get_data(as_text=True)
    assert "V1" in author.get(edit).get_data(as_text=True)
    edited = author.post(edit, data={"csrf_token": csrf_token(author, edit), "text": "V2"})
    assert edited.status_code == 303
    shown = web_app.test_client().get(page, headers=EN).get_data(as_text=True)
    assert "V2" in shown and "V1" not in shown and ">edited<" in shown

    withdraw = f"/dialogues/veze/comments/{posted}/withdraw"
    assert other.post(withdraw, data={"csrf_token": csrf_token(other, page)}).status_code == 404
    assert author.post(withdraw, data={"csrf_token": csrf_token(author, page)}).status_code == 303
    french = web_app.test_client().get(page, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Commentaire retiré par son auteur" in french and "V2" not in french


def test_a_citizen_comments_a_proposal_and_a_contribution_while_the_consultation_is_open(
    web_app: Flask, scenario: Scenario, dialogues: DialogueApp
) -> None:
    consultation = scenario.consultation()
    contribution = str(scenario.citizen_contribution())
    proposal = str(scenario.drafted_proposal())
    client = web_app.test_client()
    signed_up(client, dialogues, "lucie@example.org", "Lucie")
    page = f"/dialogues/veze/proposals/{proposal}"
    consultation_page = f"/dialogues/veze/consultations/{consultation}"

    on_proposal = post(client, page, target="proposal", target_id=proposal, text="Et les jardins ?")
    on_contribution = post(
        client, consultation_page, target="contribution", target_id=contribution, text="Aussi"
    )
    robot = post(client, page, target="proposal", target_id=proposal, text="spam", website="http://spam")

    assert on_proposal.status_code == 303 and on_contribution.status_code == 303
    assert on_contribution.headers["Location"].startswith(consultation_page)
    assert robot.status_code == 400
    shown = web_app.test_client().get(consultation_page, headers=EN).get_data(as_text=True)
    assert "Aussi" in shown and "Lucie" in shown and "lucie@example.org" not in shown
    dialogues.close_consultation(FACILITATOR, scenario.id, consultation_id=str(consultation))
    closed = client.get(page, headers=EN).get_data(as_text=True)
    assert "Et les jardins ?" in closed and 'action="/dialogues/veze/comments"' not in closed


def test_a_shredded_comment_shows_its_removal_and_an_agreement_page_its_comments(
    web_app: Flask, scenario: Scenario, dialogues: DialogueApp
) -> None:
    agreement = str(scenario.drafted_agreement())
    posted = dialogues.post_comment(
        STAKEHOLDER, scenario.id, target="agreement", target_id=agreement, text="Texte illicite"
    ).id
    dialogues.shred_comment_text(posted)
    page = web_app.test_client().get(f"/dialogues/veze/agreements/{agreement}", headers=EN)

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Plan d'action provisoire" in text.replace("&#39;", "'")
    assert "Content removed for a legal reason." in text and "Texte illicite" not in text


def test_anonymous_may_not_post_and_the_auditor_sees_no_form(web_app: Flask, scenario: Scenario) -> None:
    proposal = str(scenario.drafted_proposal())
    page = f"/dialogues/veze/proposals/{proposal}"
    anonymous = web_app.test_client()
    assert post(anonymous, page, target="proposal", target_id=proposal, text="?").status_code == 403
    auditor = client_of(web_app, ACCOUNTS[Role.AUDITOR])
    assert 'action="/dialogues/veze/comments"' not in auditor.get(page).get_data(as_text=True)
    assert post(auditor, page, target="proposal", target_id=proposal, text="?").status_code == 403


def test_comments_past_the_rate_limit_are_refused(sqlite_url: str) -> None:
    app = make_web_app(sqlite_url, WRITE_RATE_LIMIT="2 per minute")
    try:
        dialogues: DialogueApp = app.extensions["dialogues"]
        proposal = str(Scenario(dialogues, slug="veze").drafted_proposal())
        page = f"/dialogues/veze/proposals/{proposal}"
        client = client_of(app, MEMBERS[0])
        answers = [
            post(client, page, target="proposal", target_id=proposal, text=f"n° {n}").status_code
            for n in range(3)
        ]
        assert answers == [303, 303, 429]
    finally:
        close_app(app)


def test_the_open_data_holds_the_comments_without_logins_nor_withdrawn_or_removed_texts(
    web_app: Flask, scenario: Scenario, dialogues: DialogueApp
) -> None:
    scenario.consultation()
    proposal = str(scenario.drafted_proposal())
    lucie = scenario.citizen("Lucie")
    kept = dialogues.post_comment(lucie, scenario.id, target="proposal", target_id=proposal, text="Gardé").id
    dialogues.post_comment(STAKEHOLDER, scenario.id, target="proposal", target_id=proposal, text="Réponse",
                           parent_id=str(kept))  # fmt: skip
    withdrawn = dialogues.post_comment(
        FACILITATOR, scenario.id, target="proposal", target_id=proposal, text="Retiré"
    ).id
    dialogues.withdraw_comment(FACILITATOR, scenario.id, withdrawn)
    shredded = dialogues.post_comment(
        lucie, scenario.id, target="proposal", target_id=proposal, text="Illicite"
    ).id
    dialogues.shred_comment_text(shredded)
    client = web_app.test_client()

    data = client.get("/dialogues/veze/open-data/comments.json").get_json()
    csv = client.get("/dialogues/veze/open-data/comments.csv").get_data(as_text=True)

    comments = data["comments"]
    assert [(c["author"], c["author_kind"], c["text"], c["withdrawn"], c["removed"]) for c in comments] == [
        ("Lucie", "citizen", "Gardé", False, False),
        ("", "participant", "Réponse", False, False),
        ("", "participant", "", True, False),
        ("Lucie", "citizen", "", False, True),
    ]
    assert comments[1]["parent_id"] == str(kept) and comments[1]["author_role"] == "stakeholder"
    assert "author_id" not in comments[0]  # no login (the test's logins are the roles' names)
    for leaked in (lucie, "Retiré", "Illicite", "@example.org"):
        assert leaked not in csv and leaked not in str(data)
    assert csv.splitlines()[0].startswith("comment_id,target,target_id,parent_id")
    assert client.get("/dialogues/nowhere/open-data/comments.json").status_code == 404


def test_a_participant_comments_through_the_api_and_a_bad_field_is_named(
    web_app: Flask, scenario: Scenario
) -> None:
    proposal = str(scenario.drafted_proposal())
    client = web_app.test_client()
    url = "/api/v1/dialogues/veze/acts/comment-posted"
    created = client.post(url, json={"target": "proposal", "target_id": proposal, "text": "Par l'API"},
                          headers=basic(FACILITATOR))  # fmt: skip
    refused = client.post(url, json={"target": "meeting", "target_id": proposal, "text": "?"},
                          headers=basic(FACILITATOR))  # fmt: skip

    assert created.status_code == 201
    assert refused.status_code == 400 and "target" in refused.get_json()["errors"]


def test_a_citizens_comments_past_their_rate_limit_are_refused_and_a_refusal_shows_on_its_contribution(
    sqlite_url: str,
) -> None:
    app = make_web_app(sqlite_url, CITIZEN_WRITE_RATE_LIMIT="2 per minute")
    try:
        dialogues: DialogueApp = app.extensions["dialogues"]
        scenario = Scenario(dialogues, slug="veze")
        consultation = scenario.consultation()
        contribution = str(scenario.citizen_contribution())
        page = f"/dialogues/veze/consultations/{consultation}"
        client = app.test_client()
        signed_up(client, dialogues, "jeanne@example.org", "Jeanne")

        empty = post(client, page, target="contribution", target_id=contribution, text="")
        refused = empty.get_data(as_text=True)
        assert empty.status_code == 400
        assert f'id="c-{contribution}-text-errors"' in refused and '<details class="reply" open>' in refused
        answers = [post(client, page, target="contribution", target_id=contribution, text="Oui").status_code
                   for _ in range(2)]  # fmt: skip
        assert answers == [303, 429]
    finally:
        close_app(app)
