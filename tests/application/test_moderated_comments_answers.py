"""Comments and questionnaires' free texts moderated, on both stores: found by the registry (their
author, key and page), hidden then shown again, shredded (the key deleted: the text reads as gone);
a hidden or shredded comment is not edited any more (no key made anew for a shredded one)."""

from uuid import UUID

import pytest

from application.dialogues import DialogueApp
from domain.errors import InvalidActError, RuleError
from tests.application.test_moderation_acts import MODERATOR, scenario_grant
from tests.builders import ACCOUNTS, Role, Scenario

FACILITATOR = ACCOUNTS[Role.FACILITATOR]


def comment_on_a_proposal(app: DialogueApp) -> tuple[Scenario, str, str]:
    scenario = Scenario(app)
    scenario.consultation()
    proposal = str(scenario.drafted_proposal())
    scenario_grant(app, scenario, MODERATOR)
    comment = app.post_comment(FACILITATOR, scenario.id, target="proposal", target_id=proposal, text="Avis")
    return scenario, proposal, str(comment.id)


def test_a_comment_hidden_shown_again_then_shredded_and_its_author_edits_it_no_more(app: DialogueApp) -> None:
    scenario, proposal, comment = comment_on_a_proposal(app)
    lucie = scenario.citizen("Lucie")
    with pytest.raises(InvalidActError) as own:
        app.report_item(FACILITATOR, scenario.id, item_kind="comment", item_id=comment, reason="spam")
    assert own.value.field == "item_id"
    with pytest.raises(InvalidActError) as unknown:
        app.report_item(lucie, scenario.id, item_kind="comment", item_id=str(UUID(int=7)), reason="spam")
    assert unknown.value.field == "item_id"
    app.report_item(lucie, scenario.id, item_kind="comment", item_id=comment, reason="abusive")
    [queued] = app.moderation_queue(scenario.id)
    assert (queued["kind"], queued["text"], queued["shreddable"]) == ("comment", "Avis", True)
    assert queued["page"] == ("public.item", {"name": "proposals", "item_id": proposal})

    app.hide_item(MODERATOR, scenario.id, item_kind="comment", item_id=comment, reason="abusive")
    rows = [{"comment_id": comment, "sealed_text": app._get(UUID(comment)).sealed_text}]
    assert app.comment_texts(rows, scenario.id) == {comment: None}
    assert app.comment_texts(rows) == {comment: "Avis"}  # hidden, not shredded
    with pytest.raises(RuleError) as hidden:
        app.edit_comment(FACILITATOR, scenario.id, UUID(comment), text="Autre avis")
    assert hidden.value.code == "comment-moderated"
    app.unhide_item(MODERATOR, scenario.id, item_kind="comment", item_id=comment)
    assert app.comment_texts(rows, scenario.id) == {comment: "Avis"}

    app.shred_item(MODERATOR, scenario.id, item_kind="comment", item_id=comment, ground="unlawful-content")
    assert app.comment_texts(rows) == {comment: None}
    with pytest.raises(RuleError) as shredded:
        app.edit_comment(FACILITATOR, scenario.id, UUID(comment), text="Autre avis")
    assert shredded.value.code == "comment-moderated"
    assert not app.vault.held([comment])  # the refused edit made no key anew


def test_an_answer_text_found_hidden_and_shredded_without_its_respondent(app: DialogueApp) -> None:
    scenario = Scenario(app)
    questionnaire = str(scenario.questionnaire())
    scenario_grant(app, scenario, MODERATOR)
    paul = scenario.citizen("Paul")
    app.answer_questionnaire(
        paul, scenario.id, questionnaire_id=questionnaire, answers={"0": "Presse", "2": "3", "4": "Remarque"}
    )
    [(text_id, held)] = app._dialogue(scenario.id).answer_texts.items()
    assert held["questionnaire_id"] == questionnaire and held["respondent"] != paul
    lucie = scenario.citizen("Lucie")
    app.report_item(lucie, scenario.id, item_kind="answer", item_id=text_id, reason="personal-data")
    [queued] = app.moderation_queue(scenario.id)
    assert (queued["kind"], queued["text"]) == ("answer", "Remarque")
    assert queued["page"] == ("questionnaires.page", {"questionnaire_id": questionnaire})
    row = {"text_id": text_id, "question": 4, "sealed_text": held["sealed_text"]}

    app.hide_item(MODERATOR, scenario.id, item_kind="answer", item_id=text_id, reason="personal-data")
    [hidden] = app.answer_texts([row], scenario.id)
    assert hidden["text"] is None and hidden["moderation"]["state"] == "hidden"
    app.shred_item(MODERATOR, scenario.id, item_kind="answer", item_id=text_id, ground="personal-data")
    [shredded] = app.answer_texts([row])
    assert shredded["text"] is None and shredded["moderation"] is None
    assert app.answer_texts([row], scenario.id)[0]["moderation"]["state"] == "shredded"
