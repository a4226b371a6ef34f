"""What the questionnaires' forms read and show: an answer read from a form (question index ->
value), a refusal's field tied to its control, the results drawn as charts."""

from typing import Any

from flask import Request
from flask_babel import gettext as _
from markupsafe import Markup

from web.public import charts


def answers_from(form: Any, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """The answer a form holds: ``q-<i>`` for each question (a multiple choice's boxes share it);
    blank ones left out."""
    answers: dict[str, Any] = {}
    for index, question in enumerate(questions):
        name = f"q-{index}"
        if question["kind"] == "multiple":
            chosen = [value for value in form.getlist(name) if value]
            if chosen:
                answers[str(index)] = chosen
            continue
        value = form.get(name, "")
        if value.strip():
            answers[str(index)] = int(value) if question["kind"] == "scale" and value.isdigit() else value
    return answers


def anchor(field: str, questions: list[dict[str, Any]]) -> str:
    """The id of the control a refusal's field names: ``answers[2]`` -> its first control."""
    if field.startswith("answers[") and field.endswith("]") and field[8:-1].isdigit():
        index = int(field[8:-1])
        if index < len(questions):
            return f"q-{index}" if questions[index]["kind"] in ("short", "long") else f"q-{index}-0"
    return ""


def chart(questionnaire_id: str, result: dict[str, Any]) -> Markup:
    """A question's counts as horizontal bars, described for screen readers (a table says the same)."""
    bars = [charts.Bar(str(c["choice"]), int(c["count"])) for c in result["counts"]]
    title = result["prompt"]
    desc = _("Number of answers per choice; the table below gives the same figures.")
    return charts.bar_chart(f"chart-{questionnaire_id[:8]}-{result['question']}", title, desc, bars)


def texts_page(request: Request) -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) <= 10_000 else 1
