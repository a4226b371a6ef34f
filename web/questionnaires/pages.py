"""A questionnaire's public page: its questions and its number of answers while open, with the
answer form for the people of its audience; its results once closed, each question as a chart
and a table, its texts without their authors a page at a time.

``/dialogues/<slug>/questionnaires`` (the list), ``/dialogues/<slug>/questionnaires/<id>`` (the
page, endpoint ``questionnaires.page``), its ``/answers`` (the form's POST) and its
``/texts/<question>`` (the texts of one question, paged).
"""

from typing import Any
from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from application.errors import ApplicationError, NotFoundError
from domain.errors import DomainError, InvalidActError, RepeatedActError
from domain.questionnaire import LONG_MAX, SHORT_MAX
from projections.questionnaires import TEXTS_PAGE, answer_texts, public_questionnaire, public_questionnaires
from web import limits
from web.consultation.citizens import signed_in_citizen
from web.extensions import brought_up_to, dialogues, read
from web.i18n.domain_messages import invalid_value, refusal
from web.questionnaires.answers import anchor, answers_from, chart, texts_page
from web.questionnaires.blueprint import bp


def _dialogue_id(slug: str) -> UUID:
    try:
        return dialogues().dialogue_id(slug)
    except NotFoundError:
        abort(404)


def respondent(questionnaire: dict[str, Any], dialogue_id: UUID) -> str | None:
    """Who answers from this browser: the signed-in account holding a role here (participants), or
    the signed-in citizen (citizens); None if neither may."""
    audience = questionnaire["audience"]
    account = g.get("account")
    if (
        audience != "citizens"
        and account is not None
        and dialogues().answers_as_participant(dialogue_id, account["login"])
    ):
        return str(account["login"])
    citizen = signed_in_citizen()
    if audience != "participants" and citizen is not None:
        return citizen.actor_id
    return None


def signed_in() -> bool:
    """Whether someone is signed in (an account or a citizen): they may report a text."""
    return g.get("account") is not None or signed_in_citizen() is not None


def _found(slug: str, questionnaire_id: str, after: int = 0) -> tuple[UUID, dict[str, Any]]:
    dialogue_id = _dialogue_id(slug)
    with read(after) as sql:
        found = public_questionnaire(sql, str(dialogue_id), questionnaire_id)
        if found is not None and found["results"] is not None:
            for result in found["results"]:
                if result["kind"] in ("short", "long"):
                    rows = answer_texts(sql, questionnaire_id, result["question"])
                    result["texts"] = dialogues().answer_texts(rows, dialogue_id)
    if found is None:
        abort(404)
    return dialogue_id, found


def _page(
    slug: str, questionnaire_id: str, errors: list[tuple[str, str]], typed: dict[str, Any], status: int
) -> Any:
    dialogue_id, questionnaire = _found(slug, questionnaire_id)
    who = respondent(questionnaire, dialogue_id) if questionnaire["state"] == "open" else None
    answered = who is not None and dialogues().has_answered(dialogue_id, questionnaire_id, who)
    return render_template(
        "questionnaires/page.html", slug=slug, dialogue_title=dialogues().title(dialogue_id), q=questionnaire,
        respondent=who, answered=answered, errors=errors, invalid={a for a, _m in errors if a},
        typed=typed, chart=chart, signed_in=signed_in(), short_max=SHORT_MAX, long_max=LONG_MAX,
        texts_page_size=TEXTS_PAGE,
    ), status  # fmt: skip


@bp.get("/dialogues/<slug>/questionnaires")
def index(slug: str) -> Any:
    dialogue_id = _dialogue_id(slug)
    with read() as sql:
        listed = public_questionnaires(sql, str(dialogue_id))
    return render_template(
        "questionnaires/index.html", slug=slug, dialogue_title=dialogues().title(dialogue_id), listed=listed
    )


@bp.get("/dialogues/<slug>/questionnaires/<questionnaire_id>")
def page(slug: str, questionnaire_id: str) -> Any:
    return _page(slug, questionnaire_id, [], {}, 200)


@bp.post("/dialogues/<slug>/questionnaires/<questionnaire_id>/answers")
def answer(slug: str, questionnaire_id: str) -> Any:
    dialogue_id, questionnaire = _found(slug, questionnaire_id)
    who = respondent(questionnaire, dialogue_id)
    if who is None:
        if questionnaire["audience"] == "participants":
            return redirect(url_for("auth.login", next=request.path), 303)
        return redirect(url_for("consultation.sign_up", next=request.path), 303)
    if who.startswith("citizen:"):
        limits.spend_citizen_write(who)
    else:
        limits.spend_write(who)
    typed = answers_from(request.form, questionnaire["questions"])
    try:
        recorded = dialogues().answer_questionnaire(
            who, dialogue_id, questionnaire_id=questionnaire_id, answers=typed
        )
    except InvalidActError as error:
        status = 409 if isinstance(error, RepeatedActError) else 400
        refused = [(anchor(error.field, questionnaire["questions"]), invalid_value(error))]
        return _page(slug, questionnaire_id, refused, typed, status)
    except (DomainError, ApplicationError) as error:
        return _page(slug, questionnaire_id, [("", refusal(error))], typed, 422)
    brought_up_to(recorded.position)
    flash(_("Your answer is recorded. Thank you."), "info")
    return redirect(url_for("questionnaires.page", slug=slug, questionnaire_id=questionnaire_id), 303)


@bp.get("/dialogues/<slug>/questionnaires/<questionnaire_id>/texts/<int:question>")
def texts(slug: str, questionnaire_id: str, question: int) -> Any:
    dialogue_id, questionnaire = _found(slug, questionnaire_id)
    results = questionnaire["results"]
    if results is None or question >= len(results) or results[question]["kind"] not in ("short", "long"):
        abort(404)
    number = texts_page(request)
    with read() as sql:
        shown = dialogues().answer_texts(answer_texts(sql, questionnaire_id, question, number), dialogue_id)
    result = results[question]
    pages = max(1, -(-int(result["answered"]) // TEXTS_PAGE))
    return render_template(
        "questionnaires/texts.html", slug=slug, q=questionnaire, result=result, texts=shown, page=number,
        pages=pages, signed_in=signed_in(),
    )  # fmt: skip


def back(slug: str, questionnaire_id: str) -> Response:
    return redirect(url_for("questionnaires.page", slug=slug, questionnaire_id=questionnaire_id), 303)


@bp.app_template_global()
def public_questionnaires_of(dialogue_id: Any, consultation_id: str | None = None) -> list[dict[str, Any]]:
    """The questionnaires a public page lists: the dialogue's (opened), or one consultation's."""
    with read() as sql:
        listed = public_questionnaires(sql, str(dialogue_id))
    if consultation_id is None:
        return listed
    return [q for q in listed if q["consultation_id"] == consultation_id]
