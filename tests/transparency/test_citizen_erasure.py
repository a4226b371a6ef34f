"""A citizen erased on both stores, end to end: the texts they wrote (a contribution, a comment, the
free text of an answer to a questionnaire, a report's note) are shredded with them: in no page, open
data, API answer, export, table, nor the raw database file (SQLite) or ``pg_dump`` (PostgreSQL),
while another citizen's comment stays and ``dialogue verify`` passes on the store and on an export."""

from pathlib import Path
from uuid import UUID

from flask import Flask

from application.dialogues import DialogueApp
from tests.builders import Scenario
from tests.transparency.tamper_helpers import dialogue, every_file_text, every_text, verified_export
from tests.transparency.test_moderation_comments_answers import every_answer
from tests.transparency.test_moderation_shredding import every_answer as every_contribution
from tests.transparency.test_moderation_shredding import raw_bytes, site  # noqa: F401

CONTRIBUTION = "Contribution-de-Lucie-RM27"
COMMENT = "Commentaire-de-Lucie-HD64"
ANSWER = "Reponse-de-Lucie-PB35"
KEPT = "Commentaire-de-Paul-WC81"
NOTE = "Signalement-de-Lucie-FN40"


def test_erasing_a_citizen_shreds_their_contributions_comments_and_answers_on_both_stores(
    site: Flask,  # noqa: F811
    database_url: str,
    tmp_path: Path,
) -> None:
    app: DialogueApp = site.extensions["dialogues"]
    scenario = Scenario(app)
    consultation = str(scenario.consultation())
    proposal = str(scenario.drafted_proposal())
    questionnaire = str(scenario.questionnaire())
    slug = app.status(scenario.id)["slug"]
    lucie, paul = scenario.citizen("Lucie"), scenario.citizen("Paul")
    app.contribute_as_citizen(
        lucie, scenario.id, consultation_id=consultation, kind="observation", text=CONTRIBUTION
    )
    for author, text in ((lucie, COMMENT), (paul, KEPT)):
        app.post_comment(author, scenario.id, target="proposal", target_id=proposal, text=text)
    for author, text in ((lucie, ANSWER), (paul, "")):
        answers = {"0": "Mairie", "2": "4"} | ({"4": text} if text else {})
        app.answer_questionnaire(author, scenario.id, questionnaire_id=questionnaire, answers=answers)
    app.close_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=questionnaire)
    reported = str(app.post_comment(scenario.facilitator, scenario.id, target="proposal",
                                    target_id=proposal, text="Réponse de l'animatrice").id)  # fmt: skip
    app.report_item(lucie, scenario.id, item_kind="comment", item_id=reported, reason="abusive", text=NOTE)
    [note] = [r["report_id"] for r in app._dialogue(scenario.id).moderated("comment", reported)["reports"]]
    assert NOTE in str(app.moderation_queue(scenario.id))  # the moderators read it

    def shown() -> str:
        return every_answer(site, slug, proposal, questionnaire) + every_contribution(
            site, slug, consultation
        )

    before = shown()
    assert all(text in before for text in (CONTRIBUTION, COMMENT, ANSWER, KEPT))  # there to be found

    app.erase_person(UUID(lucie.removeprefix("citizen:")))

    after = shown()
    assert CONTRIBUTION not in after and COMMENT not in after and ANSWER not in after
    assert KEPT in after  # another citizen's text stays
    assert NOTE not in str(app.moderation_queue(scenario.id)) and not app.vault.held([note])
    assert (
        "Contenu supprimé pour motif légal"
        in site.test_client().get(f"/dialogues/{slug}/proposals/{proposal}").text
    )
    assert dialogue(database_url, "projections", "rebuild").exit_code == 0
    rebuilt = every_answer(site, slug, proposal, questionnaire)
    assert COMMENT not in rebuilt and ANSWER not in rebuilt and KEPT in rebuilt
    out = verified_export(database_url, scenario.id, tmp_path / "export")
    exported_text = every_file_text(out)
    stored_text, stored_bytes = every_text(database_url), raw_bytes(database_url)
    for text in (CONTRIBUTION, COMMENT, ANSWER, NOTE):
        assert text not in exported_text and text not in stored_text and text.encode() not in stored_bytes
