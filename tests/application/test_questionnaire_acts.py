"""Questionnaires: drafted, edited while a draft, opened, answered once by each person of its
audience (recorded under a token, never the account), closed; on both stores."""

from typing import Any

import pytest

from application.dialogues import DialogueApp
from application.errors import NotAuthorisedError
from domain.errors import InvalidActError, RepeatedActError, RuleError
from tests.builders import ACCOUNTS, Role, Scenario

ANSWER: dict[str, Any] = {"0": "Mairie", "1": ["Jardin"], "2": 4, "4": "Plus de réunions le soir"}


def events_at(app: DialogueApp, position: int) -> Any:
    return app.mapper.to_domain_event(app.recorder.select_notifications(position, 1)[0])


def test_a_citizen_answers_once_under_a_token_and_the_texts_are_sealed(app: DialogueApp) -> None:
    scenario = Scenario(app)
    questionnaire_id = str(scenario.questionnaire())
    citizen = scenario.citizen()

    recorded = app.answer_questionnaire(
        citizen, scenario.id, questionnaire_id=questionnaire_id, answers=ANSWER
    )

    event = events_at(app, recorded.position)
    stored = repr(vars(event))
    assert citizen not in stored and "Lucie" not in stored
    assert "Plus de réunions" not in stored
    assert event.actor_id.startswith("respondent:") and event.actor_role == "respondent"
    assert event.choices == {"0": "Mairie", "1": ["Jardin"], "2": 4}
    [(index, sealed)] = event.sealed_texts.items()
    assert index == "4"
    [opened] = app.answer_texts([{"text_id": sealed["text_id"], "sealed_text": sealed["sealed_text"]}])
    assert opened["text"] == "Plus de réunions le soir"
    assert app.has_answered(scenario.id, questionnaire_id, citizen)
    with pytest.raises(RepeatedActError) as again:
        app.answer_questionnaire(citizen, scenario.id, questionnaire_id=questionnaire_id, answers=ANSWER)
    assert again.value.field == "questionnaire_id"

    assert app.shred_answer_text(sealed["text_id"]) is True
    [shredded] = app.answer_texts([{"text_id": sealed["text_id"], "sealed_text": sealed["sealed_text"]}])
    assert shredded["text"] is None


def test_two_people_get_two_tokens_and_a_participant_may_answer_too(app: DialogueApp) -> None:
    scenario = Scenario(app)
    questionnaire_id = str(scenario.questionnaire())
    first = app.answer_questionnaire(
        scenario.citizen("Paul"), scenario.id, questionnaire_id=questionnaire_id, answers=ANSWER
    )
    second = app.answer_questionnaire(
        ACCOUNTS[Role.STAKEHOLDER],
        scenario.id,
        questionnaire_id=questionnaire_id,
        answers={"0": "Presse", "2": 1},
    )
    assert events_at(app, first.position).actor_id != events_at(app, second.position).actor_id
    found = app.questionnaire(scenario.id, questionnaire_id)
    assert found is not None and found["answers"] == 2 and "respondents" not in found


def test_required_questions_and_the_audience_are_enforced(app: DialogueApp) -> None:
    scenario = Scenario(app)
    consultation_id = str(scenario.consultation())
    drafted = app.draft_questionnaire(
        scenario.facilitator, scenario.id, title="Pour les habitants", purpose="consultation",
        consultation_id=consultation_id, audience="citizens", questions=Scenario.QUESTIONS,  # type: ignore[arg-type]
    )  # fmt: skip
    questionnaire_id = str(drafted.id)
    with pytest.raises(RuleError):  # still a draft
        app.answer_questionnaire(
            scenario.citizen(), scenario.id, questionnaire_id=questionnaire_id, answers=ANSWER
        )
    app.open_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id)
    with pytest.raises(RuleError) as audience:
        app.answer_questionnaire(
            ACCOUNTS[Role.STAKEHOLDER], scenario.id, questionnaire_id=questionnaire_id, answers=ANSWER
        )
    assert audience.value.code == "not-in-audience"
    with pytest.raises(InvalidActError) as required:
        app.answer_questionnaire(
            scenario.citizen(), scenario.id, questionnaire_id=questionnaire_id, answers={"0": "Presse"}
        )
    assert required.value.field == "answers[2]"
    with pytest.raises(NotAuthorisedError):  # an auditor answers nothing
        app.answer_questionnaire(
            ACCOUNTS[Role.AUDITOR], scenario.id, questionnaire_id=questionnaire_id, answers=ANSWER
        )


def test_a_draft_is_edited_whole_then_opened_then_closed_once(app: DialogueApp) -> None:
    scenario = Scenario(app)
    consultation_id = str(scenario.consultation())
    declaration: dict[str, Any] = {
        "title": "Avis", "purpose": "consultation", "consultation_id": consultation_id, "audience": "both",
        "questions": Scenario.QUESTIONS[:1],
    }  # fmt: skip
    questionnaire_id = str(app.draft_questionnaire(scenario.facilitator, scenario.id, **declaration).id)
    app.edit_questionnaire(
        scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id,
        **{**declaration, "questions": Scenario.QUESTIONS[2:4]},
    )  # fmt: skip
    found = app.questionnaire(scenario.id, questionnaire_id)
    assert found is not None and [q["kind"] for q in found["questions"]] == ["scale", "short"]
    with pytest.raises(InvalidActError) as wrong:
        app.edit_questionnaire(
            scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id,
            **{**declaration, "questions": [{"prompt": "x", "kind": "single", "required": True}]},
        )  # fmt: skip
    assert wrong.value.field == "questions[0].options"
    app.open_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id)
    with pytest.raises(RuleError):
        app.edit_questionnaire(
            scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id, **declaration
        )
    app.close_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id)
    with pytest.raises(RuleError):
        app.close_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id)
    with pytest.raises(RuleError):
        app.answer_questionnaire(
            scenario.citizen(), scenario.id, questionnaire_id=questionnaire_id, answers={"0": 3}
        )


def test_the_evaluation_questionnaire_opens_in_stage_three_only(app: DialogueApp) -> None:
    scenario = Scenario(app)
    scenario.framing_done()
    questionnaire_id = str(
        app.draft_questionnaire(
            scenario.facilitator, scenario.id, title="Évaluation", purpose="evaluation",
            audience="participants",
            questions=Scenario.QUESTIONS[2:3],  # type: ignore[arg-type]
        ).id
    )  # fmt: skip
    with pytest.raises(RuleError) as early:
        app.open_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id)
    assert early.value.code == "evaluation-in-stage-3"
    with pytest.raises(InvalidActError) as unknown:
        app.open_questionnaire(scenario.facilitator, scenario.id, questionnaire_id="nope")
    assert unknown.value.field == "questionnaire_id"
