"""The schemas of the questionnaires' acts: the facilitator's (drafted, edited, opened, closed:
the whole questionnaire, its questions in order) and the answer (question index -> value), which
the questionnaire's page and the API post."""

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from domain.questionnaire import (
    AUDIENCES,
    INTRO_MAX,
    KINDS,
    LONG_MAX,
    OPTION_MAX,
    OPTIONS_MAX,
    PROMPT_MAX,
    PURPOSES,
    QUESTIONS_MAX,
    TITLE_MAX,
)
from web.i18n.catalogue import N_
from web.schemas import fields as f

NOT_AN_ANSWER = N_("Not a valid answer.")
INDEX = re.compile(r"[0-9]{1,2}")


class Question(Schema):
    prompt = f.bounded_text(PROMPT_MAX, multiline=False)
    kind = f.choice(KINDS)
    required = fields.Boolean(load_default=False)
    options = fields.List(
        f.bounded_text(OPTION_MAX, multiline=False),
        load_default=list,
        validate=validate.Length(max=OPTIONS_MAX, error=f.TOO_MANY),
    )


class DraftQuestionnaire(Schema):
    title = f.bounded_text(TITLE_MAX, multiline=False)
    intro = f.bounded_text(INTRO_MAX, required=False)
    purpose = f.choice(PURPOSES)
    consultation_id = f.part("consultation", required=False)
    audience = f.choice(AUDIENCES)
    questions = fields.List(
        fields.Nested(Question),
        required=True,
        validate=validate.Length(min=1, max=QUESTIONS_MAX, error=f.TOO_MANY),
        metadata={"widget": "questions"},
    )


class EditQuestionnaire(DraftQuestionnaire):
    questionnaire_id = f.part("questionnaire")


class OnQuestionnaire(Schema):
    questionnaire_id = f.part("questionnaire")


class Answers(fields.Field[dict[str, Any]]):
    """Question index -> an option, a list of options, a scale point or a text; bounded here, checked
    against the questions by the domain."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dict[str, Any]:
        if not isinstance(value, dict) or len(value) > QUESTIONS_MAX:
            raise ValidationError(NOT_AN_ANSWER)
        answers: dict[str, Any] = {}
        for key, answer in value.items():
            if not isinstance(key, str) or not INDEX.fullmatch(key):
                raise ValidationError(NOT_AN_ANSWER)
            answers[key] = self._one(answer)
        return answers

    @staticmethod
    def _one(answer: Any) -> Any:
        if isinstance(answer, bool) or answer is None:
            raise ValidationError(NOT_AN_ANSWER)
        if isinstance(answer, int):
            return answer
        if isinstance(answer, list):
            if len(answer) > OPTIONS_MAX or not all(
                isinstance(a, str) and len(a) <= OPTION_MAX for a in answer
            ):
                raise ValidationError(NOT_AN_ANSWER)
            return answer
        if not isinstance(answer, str) or len(answer) > LONG_MAX:
            raise ValidationError(f.TOO_LONG.format(max=LONG_MAX))
        f.Characters(multiline=True)(answer)
        return answer


class AnswerQuestionnaire(Schema):
    questionnaire_id = f.part("questionnaire")
    answers = Answers(required=True, metadata={"widget": "answers"})
