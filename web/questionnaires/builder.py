"""The facilitator's questionnaires in the workspace: their list (open a draft, close an open one)
and the builder, an ordered list of question rows to add, remove or move up, without JavaScript:
each of those buttons posts the form and gets it back changed; "Save the draft" records
``questionnaire-drafted`` (a new one) or ``questionnaire-edited`` (a draft again).

``/workspace/dialogues/<slug>/questionnaires`` (endpoint ``questionnaires.manage``), its ``/new``
and ``/<id>/edit`` (``questionnaires.build``).
"""

import re
from typing import Any

from flask import abort, g, render_template, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from domain.questionnaire import AUDIENCES, CHOICE_KINDS, KINDS, PURPOSES, QUESTIONS_MAX
from web import limits
from web.auth.views import login_required
from web.extensions import dialogues
from web.i18n.labels import choice_label, field_label
from web.questionnaires.blueprint import bp
from web.schemas.registry import ACT_FORMS
from web.workspace.pages import submitted

PATH = re.compile(r"questions\[(?P<row>[0-9]+)\](?:\.(?P<field>[a-z_]+))?")
EMPTY_ROW: dict[str, Any] = {"prompt": "", "kind": "single", "required": False, "options": []}


def rows_from(form: MultiDict[str, str]) -> list[dict[str, Any]]:
    """The question rows the form holds, in their order (at most one more than allowed)."""
    count = form.get("rows", "0")
    rows = []
    for row in range(min(int(count) if count.isdigit() else 0, QUESTIONS_MAX + 1)):
        at = f"questions-{row}-"
        kind = form.get(at + "kind", "single")
        options = [line.strip() for line in form.get(at + "options", "").splitlines() if line.strip()]
        required = form.get(at + "required") == "on"
        prompt = form.get(at + "prompt", "")
        rows.append({"prompt": prompt, "kind": kind, "required": required, "options": options})
        if kind not in CHOICE_KINDS:
            rows[-1]["options"] = []
    return rows


def changed(rows: list[dict[str, Any]], form: MultiDict[str, str]) -> bool:
    """Apply the row button pressed, if any (add, remove, up): True if one was."""
    if "add" in form and len(rows) < QUESTIONS_MAX:
        rows.append(dict(EMPTY_ROW))
        return True
    for action in ("remove", "up"):
        value = form.get(action, "")
        if value.isdigit() and int(value) < len(rows):
            row = int(value)
            if action == "remove":
                del rows[row]
            elif row > 0:
                rows[row - 1], rows[row] = rows[row], rows[row - 1]
            return True
    return "add" in form


def anchor(key: str) -> str:
    """The id of the control an error's field names: ``questions[2].options`` -> ``questions-2-options``."""
    found = PATH.fullmatch(key)
    if found is None:
        return key if key in ("title", "intro", "purpose", "consultation_id", "audience") else ""
    return f"questions-{found['row']}-{found['field'] or 'prompt'}"


def summary(errors: dict[str, list[str]]) -> list[tuple[str, str]]:
    items = []
    for key, messages in errors.items():
        found = PATH.fullmatch(key)
        if found is not None:
            label = _("Question %(number)s", number=int(found["row"]) + 1)
            if found["field"]:
                label = f"{label}, {field_label(found['field'])}"
        else:
            label = field_label(key)
        for message in messages:
            text = message if label in message else _("%(field)s: %(message)s", field=label, message=message)
            items.append((anchor(key), text))
    return items


def _declaration(form: MultiDict[str, str], rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": form.get("title", ""), "intro": form.get("intro", ""), "purpose": form.get("purpose", ""),
        "audience": form.get("audience", ""), "questions": rows,
    }  # fmt: skip
    if data["purpose"] == "consultation" and form.get("consultation_id"):
        data["consultation_id"] = form.get("consultation_id")
    return data


@bp.route("/workspace/dialogues/<slug>/questionnaires", methods=["GET"])
@login_required
def manage(slug: str) -> Any:
    app = dialogues()
    dialogue_id = app.dialogue_id(slug)
    return render_template(
        "questionnaires/manage.html", slug=slug, title=app.title(dialogue_id),
        listed=app.questionnaires(dialogue_id), choice_label=choice_label,
    )  # fmt: skip


@bp.route("/workspace/dialogues/<slug>/questionnaires/new", methods=["GET", "POST"])
@bp.route("/workspace/dialogues/<slug>/questionnaires/<questionnaire_id>/edit", methods=["GET", "POST"])
@login_required
@limits.writes
def build(slug: str, questionnaire_id: str | None = None) -> Any:
    app = dialogues()
    login = g.account["login"]
    dialogue_id = app.dialogue_id(slug)
    act = "questionnaire-drafted" if questionnaire_id is None else "questionnaire-edited"
    if act not in {a["act"] for a in app.acts_available(login, dialogue_id)}:
        abort(403)
    consultations = app.parts(dialogue_id, ["consultation"])["consultation"]
    values: dict[str, Any] = {
        "title": "", "intro": "", "purpose": "consultation" if consultations else "evaluation",
        "consultation_id": consultations[0]["id"] if consultations else "", "audience": "citizens",
    }  # fmt: skip
    rows: list[dict[str, Any]] = [dict(EMPTY_ROW)]
    if questionnaire_id is not None:
        found = app.questionnaire(dialogue_id, questionnaire_id)
        if found is None or found["state"] != "draft":
            abort(404)
        values = {k: found[k] or "" for k in ("title", "intro", "purpose", "consultation_id", "audience")}
        rows = [dict(q) for q in found["questions"]]
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        values = {
            k: request.form.get(k, "") for k in ("title", "intro", "purpose", "consultation_id", "audience")
        }
        rows = rows_from(request.form)
        if not changed(rows, request.form):
            form = ACT_FORMS[act]
            data = _declaration(request.form, rows)
            if questionnaire_id is not None:
                data["questionnaire_id"] = questionnaire_id

            def record() -> Any:
                return form.record(app, login, dialogue_id, form.load(data))

            back, errors, status = submitted(slug, act, record)
            if back is not None:
                return back
    return render_template(
        "questionnaires/builder.html", slug=slug, title=app.title(dialogue_id), act=act, values=values,
        rows=rows, errors=errors, summary=summary(errors), invalid={anchor(k) for k in errors},
        kinds=KINDS, purposes=PURPOSES, audiences=AUDIENCES, consultations=consultations,
        choice_label=choice_label, questions_max=QUESTIONS_MAX,
    ), status  # fmt: skip
