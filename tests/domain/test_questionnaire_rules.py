"""A questionnaire's declaration and its answers: each refusal names the field."""

from typing import Any

import pytest

from domain.errors import InvalidActError
from domain.questionnaire import LONG_MAX, check_answers, check_questions

QUESTIONS: list[dict[str, Any]] = [
    {"prompt": "Canal", "kind": "single", "required": True, "options": ["Presse", "Mairie"]},
    {"prompt": "Usages", "kind": "multiple", "required": False, "options": ["Jardin", "Élevage", "Baignade"]},
    {"prompt": "Satisfaction", "kind": "scale", "required": True},
    {"prompt": "Remarque", "kind": "long", "required": False},
]


def refused(check: Any, *arguments: Any) -> str:
    with pytest.raises(InvalidActError) as raised:
        check(*arguments)
    return raised.value.field


def test_questions_keep_their_order_kinds_and_options() -> None:
    checked = check_questions(QUESTIONS)
    assert [q["kind"] for q in checked] == ["single", "multiple", "scale", "long"]
    assert checked[1]["options"] == ["Jardin", "Élevage", "Baignade"]
    assert checked[2]["options"] == [] and checked[2]["required"] is True


@pytest.mark.parametrize(
    ("questions", "field"),
    [
        ([], "questions"),
        ("Canal", "questions"),
        ([{**QUESTIONS[0], "options": ["Presse"]}], "questions[0].options"),
        ([QUESTIONS[0], QUESTIONS[1], {**QUESTIONS[1], "options": ["a", "a"]}], "questions[2].options"),
        ([QUESTIONS[0], {**QUESTIONS[2], "options": ["a", "b"]}], "questions[1].options"),
        ([{**QUESTIONS[0], "kind": "ranking"}], "questions[0].kind"),
        ([{**QUESTIONS[0], "prompt": "  "}], "questions[0].prompt"),
        ([{**QUESTIONS[0], "required": "yes"}], "questions[0].required"),
        ([{**QUESTIONS[0], "options": ["x" * 201, "y"]}], "questions[0].options"),
        ([QUESTIONS[0]] * 31, "questions"),
    ],
)
def test_a_wrong_declaration_is_refused_naming_its_field(questions: Any, field: str) -> None:
    assert refused(check_questions, questions) == field


def test_an_answer_splits_choices_from_texts() -> None:
    questions = check_questions(QUESTIONS)
    choices, texts = check_answers(
        questions, {"0": "Mairie", "1": ["Baignade", "Jardin"], "2": "4", "3": "  Merci  "}
    )
    assert choices == {"0": "Mairie", "1": ["Jardin", "Baignade"], "2": 4}
    assert texts == {"3": "Merci"}


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"2": 3}, "answers[0]"),
        ({"0": "Presse"}, "answers[2]"),
        ({"0": "Radio", "2": 3}, "answers[0]"),
        ({"0": "Presse", "1": ["Jardin", "Piscine"], "2": 3}, "answers[1]"),
        ({"0": "Presse", "2": 6}, "answers[2]"),
        ({"0": "Presse", "2": True}, "answers[2]"),
        ({"0": "Presse", "2": 3, "3": "x" * (LONG_MAX + 1)}, "answers[3]"),
        ({"0": "Presse", "2": 3, "9": "?"}, "answers[9]"),
        (["Presse"], "answers"),
    ],
)
def test_a_wrong_answer_is_refused_naming_its_question(answers: Any, field: str) -> None:
    assert refused(check_answers, check_questions(QUESTIONS), answers) == field
