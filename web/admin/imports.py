"""``/admin/dialogues/<slug>/import``: stakeholders of a CSV file, previewed with each line's errors
(line, column, reason) and recorded only once confirmed, each line the acts of the forms."""

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from application.stakeholder_import import COLUMNS, LineError, StakeholderImport, open_import
from web import limits
from web.admin.pages import bp, mail_composer
from web.auth.views import login_required
from web.extensions import dialogues
from web.schemas import ACT_FORMS
from web.schemas.messages import flatten

REASONS = {
    "missing-column": _l("missing column"),
    "required": _l("required"),
    "category": _l("not one of %(choices)s"),
    "email": _l("not an e-mail address"),
    "same-address": _l("the same address as line %(line)s"),
    "same-person": _l("the same name and organisation as line %(line)s"),
    "known-address": _l("a stakeholder of the dialogue has this address already"),
    "known-person": _l("a stakeholder of this name and organisation is in the dialogue already"),
    "instance": _l("no instance of this name in the dialogue"),
    "role": _l("not one of %(choices)s"),
    "yes-or-no": _l("yes or no"),
    "email-to-invite": _l("required to invite"),
    "too-many-lines": _l("more than %(max)s lines"),
    "unreadable": _l("not readable as CSV"),
    "refused": "%(message)s",  # worded by the form's schema
}
TEXT_CELLS = ("name", "organisation", "email", "phone")
"""The cells held to the bounds of the stakeholder's form (its schema: length, characters)."""
IDENTIFY = ACT_FORMS["stakeholder-identified"].schema()


def reason(error: LineError) -> str:
    return str(REASONS[error.code]) % dict(error.params)


def refused_cells(cells: dict[str, str]) -> dict[str, str]:
    """The text cells the form of the act would refuse, each with its message in the reader's language."""
    try:
        IDENTIFY.load({c: cells[c] for c in TEXT_CELLS if cells[c]}, partial=True)
    except ValidationError as error:
        return {column: messages[0] for column, messages in flatten(error.messages).items()}
    return {}


@bp.route("/dialogues/<slug>/import", methods=["GET", "POST"])
@login_required
@limits.writes
def import_stakeholders(slug: str) -> Any:
    """GET: the form; POST a file: its preview; POST ``text`` with ``confirm``: the acts recorded."""
    app = dialogues()
    dialogue_id = app.dialogue_id(slug)
    app.check_role(g.account["login"], dialogue_id, "stakeholder-identified")
    if request.method == "GET":
        return render_template("admin/import.html", slug=slug, checked=None, columns=COLUMNS)
    text = request.form.get("text")
    if text is None:
        upload = request.files.get("file")
        try:
            text = upload.read().decode("utf-8") if upload else ""
        except UnicodeDecodeError:
            text = ""
        if not text.strip():
            flash(_("“File”: choose a CSV file in UTF-8."), "error")
            return render_template("admin/import.html", slug=slug, checked=None, columns=COLUMNS), 400
    checked = open_import(app, g.account["login"], dialogue_id, text, refused_cells)
    if checked.errors or "confirm" not in request.form:
        status = 400 if checked.errors else 200
        return render_template(
            "admin/import.html", slug=slug, checked=checked, text=text, columns=COLUMNS, reason=reason
        ), status
    return _record(slug, checked)


def _record(slug: str, checked: StakeholderImport) -> Any:
    count = checked.record(mail_composer())
    flash(_("%(count)d stakeholders recorded.", count=count), "success")
    return redirect(url_for("workspace.dialogue", slug=slug), 303)
