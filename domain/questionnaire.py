"""Questionnaires: what a questionnaire declares (its ordered questions, their kinds, options and
whether each is required), who answers it, and what an answer may hold.

A question is ``{"prompt", "kind", "required", "options"}``: ``single`` and ``multiple`` choices
among its ``options``, ``scale`` (a whole number from 1 to 5), ``short`` and ``long`` texts. An
answer is ``{"<question's index>": value}``: an option (single), a list of options (multiple), a
number (scale), a text (short, long); a question left out is unanswered. Each refusal names the
field: ``questions[2].options``, ``answers[1]``.
"""

from typing import Any, NotRequired, TypedDict

from domain.base import check_choice, check_text
from domain.errors import InvalidActError

KINDS = ("single", "multiple", "scale", "short", "long")
CHOICE_KINDS = ("single", "multiple")
TEXT_KINDS = ("short", "long")
PURPOSES = ("consultation", "evaluation")
"""What a questionnaire serves: a public consultation, or the process evaluation of stage 3."""
AUDIENCES = ("citizens", "participants", "both")
"""Who answers it: signed-up citizens, the dialogue's participants (accounts holding a role), or both."""
STATES = ("draft", "open", "closed")

SCALE = tuple(str(point) for point in range(1, 6))
TITLE_MAX = 200
INTRO_MAX = 2000
PROMPT_MAX = 500
OPTION_MAX = 200
QUESTIONS_MAX = 30
OPTIONS_MAX = 12
SHORT_MAX = 200
LONG_MAX = 2000


class QuestionFields(TypedDict):
    """One question of a questionnaire, in its order."""

    prompt: str
    kind: str
    required: bool
    options: NotRequired[list[str]]


def _bounded(field: str, value: Any, most: int, *, required: bool = True) -> str:
    """A text (``check_text``) of at most ``most`` characters once stripped."""
    if isinstance(value, str) and len(value.strip()) > most:
        raise InvalidActError(
            field, f"must be at most {most} characters", code="too-long", params={"count": most}
        )
    return check_text(field, value, required=required)


def check_title(value: Any) -> str:
    return _bounded("title", value, TITLE_MAX)


def check_intro(value: Any) -> str:
    return _bounded("intro", value, INTRO_MAX, required=False)


def check_options(field: str, kind: str, value: Any) -> list[str]:
    """A choice question's options: 2 to ``OPTIONS_MAX`` distinct texts; none for the other kinds."""
    if value is None:
        value = []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidActError(field, "must be a list of texts", code="texts")
    options = [_bounded(field, option, OPTION_MAX) for option in value]
    if kind not in CHOICE_KINDS:
        if options:
            raise InvalidActError(field, "only a choice question has options", code="no-options")
        return []
    if not 2 <= len(options) <= OPTIONS_MAX:
        raise InvalidActError(
            field, f"give 2 to {OPTIONS_MAX} options", code="options-count", params={"count": OPTIONS_MAX}
        )
    if len(set(options)) != len(options):
        raise InvalidActError(field, "each option only once", code="repeated-option")
    return options


def check_question(index: int, value: Any) -> dict[str, Any]:
    at = f"questions[{index}]"
    if not isinstance(value, dict):
        raise InvalidActError(at, "must be a question", code="question")
    kind = check_choice(f"{at}.kind", value.get("kind"), KINDS)
    required = value.get("required", False)
    if not isinstance(required, bool):
        raise InvalidActError(f"{at}.required", "must be true or false", code="boolean")
    return {
        "prompt": _bounded(f"{at}.prompt", value.get("prompt"), PROMPT_MAX),
        "kind": kind,
        "required": required,
        "options": check_options(f"{at}.options", kind, value.get("options")),
    }


def check_questions(value: Any) -> list[dict[str, Any]]:
    """The questions, in their order: 1 to ``QUESTIONS_MAX``."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidActError("questions", "must be a list of questions", code="texts")
    if not 1 <= len(value) <= QUESTIONS_MAX:
        raise InvalidActError(
            "questions", f"give 1 to {QUESTIONS_MAX} questions", code="questions-count",
            params={"count": QUESTIONS_MAX},
        )  # fmt: skip
    return [check_question(index, question) for index, question in enumerate(value)]


def _answer(field: str, question: dict[str, Any], value: Any) -> Any:
    """One question's answer checked, or None when left blank."""
    kind = question["kind"]
    if value is None or value == "" or value == []:
        return None
    if kind == "single":
        return check_choice(field, value, question["options"])
    if kind == "multiple":
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise InvalidActError(field, "must be a list of options", code="texts")
        chosen = {check_choice(field, option, question["options"]) for option in value}
        return [option for option in question["options"] if option in chosen]
    if kind == "scale":
        if isinstance(value, bool) or str(value) not in SCALE:
            raise InvalidActError(field, "must be a whole number from 1 to 5", code="scale")
        return int(value)
    most = SHORT_MAX if kind == "short" else LONG_MAX
    return _bounded(field, value, most, required=False) or None


def check_answers(questions: list[dict[str, Any]], value: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """An answer to these questions: the choices and scale points (question index -> value), the
    texts apart (question index -> text); required questions answered, nothing else given."""
    if not isinstance(value, dict):
        raise InvalidActError("answers", "must map each question to its answer", code="answers")
    known = {str(index) for index in range(len(questions))}
    for key in value:
        if str(key) not in known:
            raise InvalidActError(
                f"answers[{key}]", "is not a question of this questionnaire", code="no-question"
            )
    choices: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for index, question in enumerate(questions):
        field = f"answers[{index}]"
        answer = _answer(field, question, value.get(str(index)))
        if answer is None:
            if question["required"]:
                raise InvalidActError(field, "must be answered", code="required-answer")
            continue
        (texts if question["kind"] in TEXT_KINDS else choices)[str(index)] = answer
    if not choices and not texts:
        raise InvalidActError("answers", "answer at least one question", code="empty-answer")
    return choices, texts
