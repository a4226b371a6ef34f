"""A person's erasure in the web UI.

``/admin/accounts/<login>/erase``: an administrator reads what the erasure deletes (the account's
profile, each record of the person in dialogues), picks the ground, then erases (the keys deleted,
the ``person-erased`` act recorded, the register beside the key-encryption key written).
``/admin/dialogues/<slug>/stakeholders`` lists the stakeholders identified without an account, each
erased from ``/admin/stakeholders/<id>/erase`` the same way.
``/account/erasure``: a signed-in person asks to be erased; the administrators see the request on
``/admin/erasures`` and handle it (erase, or turn it down).
"""

from typing import Any
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from web import limits
from web.auth.forms import GROUND_LABELS, ErasureForm, RequestForm
from web.auth.views import administrator_required, login_required
from web.extensions import dialogues
from web.public.paging import dialogues_page

bp = Blueprint("erasure", __name__)


@bp.route("/admin/accounts/<login>/erase", methods=["GET", "POST"])
@administrator_required
@limits.writes
def erase(login: str) -> Any:
    """The erasure's confirmation: the person's records first, then the ground, then the erasure."""
    preview = dialogues().erasure_preview(g.account["login"], login)
    back = (url_for("auth.accounts"), _("Back to the accounts"))
    return _confirm(preview, login, url_for("erasure.erase", login=login), back)


@bp.route("/admin/stakeholders/<uuid:stakeholder_id>/erase", methods=["GET", "POST"])
@administrator_required
@limits.writes
def erase_stakeholder(stakeholder_id: UUID) -> Any:
    """The same confirmation for a stakeholder without an account (one with an account: the account's)."""
    preview = dialogues().stakeholder_erasure_preview(g.account["login"], stakeholder_id)
    if preview["login"]:
        return redirect(url_for("erasure.erase", login=preview["login"]), 303)
    [record] = preview["records"]
    back = (url_for("erasure.stakeholders", slug=record["slug"]), _("Back to the stakeholders"))
    action = url_for("erasure.erase_stakeholder", stakeholder_id=stakeholder_id)
    return _confirm(preview, record["name"] or record["organisation"], action, back)


def _confirm(preview: dict[str, Any], subject: str, action: str, back: tuple[str, str]) -> Any:
    """The confirmation page of ``preview``; on a valid POST, the erasure, then the register."""
    form = ErasureForm()
    if form.validate_on_submit():
        person = UUID(preview["person_id"])
        dialogues().erase_person(person, by=g.account["login"], reason=form.reason.data or "")
        flash(
            _("%(login)s erased: their name, e-mail address and phone can no longer be read.", login=subject),
            "info",
        )
        return redirect(url_for("erasure.requests"), 303)
    status = 400 if form.errors else 200
    page = render_template(
        "erasure/confirm.html", form=form, preview=preview, subject=subject, action=action, back=back
    )
    return page, status


@bp.get("/admin/dialogues/<slug>/stakeholders")
@administrator_required
def stakeholders(slug: str) -> str:
    """The dialogue's stakeholders without an account, each with the link to erase them."""
    app = dialogues()
    dialogue_id = app.dialogue_id(slug)
    found = app.stakeholders_without_account(g.account["login"], dialogue_id)
    return render_template("erasure/stakeholders.html", stakeholders=found, slug=slug)


@bp.route("/admin/erasures", methods=["GET"])
@administrator_required
def requests() -> str:
    """The pending requests and the erasure register as the database holds it."""
    app = dialogues()
    return render_template(
        "erasure/requests.html",
        requests=app.erasure_requests(g.account["login"]),
        dialogues=dialogues_page(),
        register=list(reversed(app.erasures())),
        grounds=GROUND_LABELS,
        form=RequestForm(),
    )


@bp.post("/admin/erasures/<login>/decline")
@administrator_required
@limits.writes
def decline(login: str) -> Response:
    dialogues().decline_erasure(g.account["login"], login)
    flash(_("The request of %(login)s was turned down.", login=login), "info")
    return redirect(url_for("erasure.requests"), 303)


@bp.route("/account/erasure", methods=["GET", "POST"])
@login_required
@limits.writes
def ask() -> Any:
    """The signed-in person asks the administrators to erase them."""
    form = RequestForm()
    if form.validate_on_submit():
        if dialogues().request_erasure(g.account["login"]):
            flash(_("Your request was sent to the platform's administrators."), "info")
        else:
            flash(_("Your request is already with the platform's administrators."), "info")
        return redirect(url_for("erasure.ask"), 303)
    pending = any(r["login"] == g.account["login"] for r in dialogues().requests.pending())
    return render_template("erasure/ask.html", form=form, pending=pending)
