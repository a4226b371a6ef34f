"""Moderation of comments and questionnaires' answers on both stores, end to end: of two comments on
a proposal, one reported through its "Report" link is hidden (the proposal's page shows the public
reason, never the text), the other shredded: its text is in no page, open data, API answer, export,
table, nor the raw database file (SQLite) or ``pg_dump`` (PostgreSQL), and ``dialogue verify``
passes on the store and on an export. A free text of an answer shredded is gone from the results
page and their open data."""

import base64
import json
from pathlib import Path

from flask import Flask

from application.dialogues import DialogueApp
from domain.roles import Role
from tests.builders import ACCOUNTS, PASSWORD, Scenario
from tests.transparency.tamper_helpers import dialogue, every_file_text, every_text, verified_export
from tests.transparency.test_moderation_shredding import decide, raw_bytes, site  # noqa: F401
from tests.web.test_consultation_pages import signed_up
from tests.webapp import csrf_token

HIDDEN = "Commentaire-a-masquer-JB52"
SHREDDED = "Commentaire-illicite-TX18"
ANSWER = "Reponse-illicite-VU63"


def every_answer(site: Flask, slug: str, proposal: str, questionnaire: str) -> str:  # noqa: F811
    """The public pages, open data and API answers that could hold a comment's or an answer's text."""
    client = site.test_client()
    auditor = {
        "Authorization": "Basic " + base64.b64encode(f"{ACCOUNTS[Role.AUDITOR]}:{PASSWORD}".encode()).decode()
    }
    q = f"/dialogues/{slug}/questionnaires/{questionnaire}"
    paths = [
        f"/dialogues/{slug}/proposals/{proposal}", f"/dialogues/{slug}/moderation", f"/dialogues/{slug}",
        f"/dialogues/{slug}/open-data/comments.csv", f"/dialogues/{slug}/open-data/comments.json",
        q, f"{q}/texts/4", f"{q}/results.json", f"{q}/texts.csv",
    ]  # fmt: skip
    answers = [client.get(path) for path in paths]
    answers += [client.get(f"/api/v1/dialogues/{slug}{tail}", headers=auditor) for tail in ("", "/acts")]
    assert all(answer.status_code == 200 for answer in answers), [a.status_code for a in answers]
    return "\n".join(answer.get_data(as_text=True) for answer in answers)


def test_comments_hidden_and_shredded_and_an_answer_shredded_on_both_stores(
    site: Flask,  # noqa: F811
    database_url: str,
    tmp_path: Path,
) -> None:
    app: DialogueApp = site.extensions["dialogues"]
    scenario = Scenario(app)
    proposal = str(scenario.drafted_proposal())
    questionnaire = str(scenario.questionnaire())
    slug = app.status(scenario.id)["slug"]
    posted = {
        text: str(app.post_comment(author, scenario.id, target="proposal", target_id=proposal, text=text).id)
        for author, text in ((ACCOUNTS[Role.FACILITATOR], HIDDEN), (ACCOUNTS[Role.STAKEHOLDER], SHREDDED))
    }
    paul = scenario.citizen("Paul")
    app.answer_questionnaire(
        paul, scenario.id, questionnaire_id=questionnaire, answers={"0": "Mairie", "2": "4", "4": ANSWER}
    )
    app.close_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=questionnaire)
    [text_id] = app._dialogue(scenario.id).answer_texts

    reporter = site.test_client()
    signed_up(reporter, app, "lucie@example.org", "Lucie")
    page = f"/dialogues/{slug}/proposals/{proposal}"
    report = f"/dialogues/{slug}/report/comment/{posted[HIDDEN]}"
    assert f'href="{report}"' in reporter.get(page).get_data(as_text=True)  # a link beside each comment
    assert (
        f'/report/answer/{text_id}"' in reporter.get(f"/dialogues/{slug}/questionnaires/{questionnaire}").text
    )
    sent = reporter.post(report, data={"reason": "abusive", "csrf_token": csrf_token(reporter, report)})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"#comment-{posted[HIDDEN]}")
    lucie = scenario.citizen("Lucie B.")
    app.report_item(lucie, scenario.id, item_kind="comment", item_id=posted[SHREDDED], reason="unlawful")
    app.report_item(lucie, scenario.id, item_kind="answer", item_id=text_id, reason="personal-data")
    assert {i["kind"] for i in app.moderation_queue(scenario.id) if i["pending"]} == {"comment", "answer"}
    before = every_answer(site, slug, proposal, questionnaire)
    assert HIDDEN in before and SHREDDED in before and ANSWER in before  # there to be found

    hiding = {"item_id": posted[HIDDEN], "reason": "abusive", "explanation": "Propos injurieux"}
    decide(site, slug, "item-hidden", {"item_kind": "comment", **hiding})
    decide(site, slug, "item-shredded", {"item_kind": "comment", "item_id": posted[SHREDDED],
                                         "ground": "unlawful-content"})  # fmt: skip
    decide(
        site, slug, "item-shredded", {"item_kind": "answer", "item_id": text_id, "ground": "personal-data"}
    )

    after = every_answer(site, slug, proposal, questionnaire)
    assert HIDDEN not in after and SHREDDED not in after and ANSWER not in after
    shown = site.test_client().get(page).get_data(as_text=True)
    assert "Masqué par la modération" in shown and "Propos injurieux" in shown
    assert "Contenu supprimé pour motif légal" in shown
    results = site.test_client().get(f"/dialogues/{slug}/questionnaires/{questionnaire}").text
    assert "Contenu supprimé pour motif légal" in results
    opendata = json.loads(site.test_client().get(f"/dialogues/{slug}/open-data/comments.json").text)
    states = {c["comment_id"]: (c["moderation"], c["text"]) for c in opendata["comments"]}
    assert states == {posted[HIDDEN]: ("hidden", ""), posted[SHREDDED]: ("shredded", "")}
    [hidden] = [i for i in app.moderation_queue(scenario.id) if i["item_id"] == posted[HIDDEN]]
    assert hidden["text"] == HIDDEN  # the moderators still read a hidden text

    assert dialogue(database_url, "projections", "rebuild").exit_code == 0
    rebuilt = every_answer(site, slug, proposal, questionnaire)
    assert SHREDDED not in rebuilt and ANSWER not in rebuilt and HIDDEN not in rebuilt
    out = verified_export(database_url, scenario.id, tmp_path / "export")
    exported_text = every_file_text(out)
    stored_text, stored_bytes = every_text(database_url), raw_bytes(database_url)
    for text in (SHREDDED, ANSWER):
        assert text not in exported_text and text not in stored_text and text.encode() not in stored_bytes
