"""Citizens: sign-up at a public address, confirmation by the link mailed to them, sign-in again by
a new link, sign-out, the terms of use.

A signed-in citizen is ``session["citizen"]`` (their actor id, ``citizen:<id>``) with a server-side
session as an account's (``web.auth.sessions``: signing out or erasure ends it for every copy of the
cookie), checked on each request against the store (an erased citizen is signed out). Anti-abuse:
a honeypot field that a person leaves empty, per-address and per-client rate limits
(``web.limits``), length limits.
"""

from typing import Any

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from application.citizens import TERMS_VERSION, CitizenView
from application.errors import NotFoundError
from domain.errors import InvalidActError
from projections.consultations import open_on
from web import limits
from web.admin.mails import compose
from web.auth import sessions
from web.auth.sessions import CITIZEN
from web.auth.signing import LinkRefusedError, open_token
from web.consultation.blueprint import bp
from web.extensions import dialogues, read
from web.i18n.domain_messages import invalid_value
from web.i18n.labels import choice_label, field_label

HONEYPOT = "website"
"""A field hidden from people (and from assistive technologies): a robot that fills it is refused."""


def signed_in_citizen() -> CitizenView | None:
    """The citizen signed in on this browser, confirmed; None otherwise."""
    if "citizen_view" not in g:
        actor = session.get(CITIZEN)
        found = None if actor is None else dialogues().citizen(actor)
        if actor is not None and (found is None or not found.confirmed):
            sessions.end_citizen()
            found = None
        g.citizen_view = found
    citizen: CitizenView | None = g.citizen_view
    return citizen


@bp.app_context_processor
def citizen_frame() -> dict[str, Any]:
    return {"signed_in_citizen": signed_in_citizen, "choice_label": choice_label, "field_label": field_label}


def _composer() -> Any:
    public_url, secret = current_app.config["PUBLIC_URL"], current_app.config["SECRET_KEY"]
    return lambda mail: compose(mail, public_url, secret)


def _refused_by_honeypot() -> bool:
    return bool(request.form.get(HONEYPOT, "").strip())


@bp.route("/citizens/sign-up", methods=["GET", "POST"])
def sign_up() -> Any:
    errors: dict[str, str] = {}
    typed = {"email": "", "pseudonym": "", "accepts_terms": False}
    status = 200
    if request.method == "POST":
        typed = {
            "email": request.form.get("email", "")[:300],
            "pseudonym": request.form.get("pseudonym", "")[:100],
            "accepts_terms": request.form.get("accepts_terms") == "yes",
        }
        if _refused_by_honeypot():
            errors[HONEYPOT] = _("This field must stay empty.")
        else:
            limits.spend_citizen_sign_up(str(typed["email"]))
            try:
                dialogues().sign_up_citizen(
                    email=str(typed["email"]), pseudonym=str(typed["pseudonym"]),
                    accepts_terms=bool(typed["accepts_terms"]), language=str(get_locale()),
                    compose=_composer(),
                )  # fmt: skip
            except InvalidActError as error:
                errors[error.field] = invalid_value(error)
            else:
                return redirect(url_for("consultation.mail_sent"), 303)
        status = 400
    return render_template(
        "consultation/sign_up.html", errors=errors, typed=typed, next=request.args.get("next", "")
    ), status


@bp.route("/citizens/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    errors: dict[str, str] = {}
    if request.method == "POST":
        email = request.form.get("email", "")[:300]
        if _refused_by_honeypot():
            errors[HONEYPOT] = _("This field must stay empty.")
        else:
            limits.spend_citizen_sign_up(email)
            try:
                dialogues().send_citizen_link(email=email, language=str(get_locale()), compose=_composer())
            except InvalidActError as error:
                errors[error.field] = invalid_value(error)
            else:
                return redirect(url_for("consultation.mail_sent"), 303)
        return render_template("consultation/sign_in.html", errors=errors), 400
    return render_template("consultation/sign_in.html", errors=errors)


@bp.route("/citizens/mail-sent")
def mail_sent() -> str:
    return render_template("consultation/mail_sent.html")


@bp.route("/citizens/confirm/<signed>", methods=["GET", "POST"])
def confirm(signed: str) -> Any:
    """GET shows a button (a mail scanner that opens the link confirms nothing); POST confirms. The
    link's token is signed (``web.auth.signing``): an altered or too old one opens nothing."""
    try:
        token = open_token(current_app.config["SECRET_KEY"], "citizen", signed)
    except LinkRefusedError:
        return render_template("consultation/confirm.html", token=None), 404
    if request.method == "GET":
        if not dialogues().citizen_link_holds(token):
            return render_template("consultation/confirm.html", token=None), 404
        return render_template("consultation/confirm.html", token=signed)
    try:
        citizen = dialogues().confirm_citizen(token)
    except NotFoundError:
        return render_template("consultation/confirm.html", token=None), 404
    except InvalidActError as error:
        return render_template("consultation/confirm.html", token=None, error=invalid_value(error)), 409
    sessions.start_citizen(citizen.actor_id)
    flash(
        _(
            "Welcome, %(pseudonym)s: you can now take part in the open consultations.",
            pseudonym=citizen.pseudonym,
        ),
        "info",
    )
    return redirect(url_for("consultation.citizen_home"), 303)


@bp.route("/citizens/me")
def citizen_home() -> Any:
    """The citizen's page: the consultations open on the consultation day, from the ``consultations``
    read model (no dialogue read)."""
    citizen = signed_in_citizen()
    if citizen is None:
        return redirect(url_for("consultation.sign_in"), 303)
    with read() as sql:
        found = open_on(sql, dialogues().consultation_day().isoformat())
    return render_template("consultation/me.html", citizen=citizen, open=found)


@bp.route("/citizens/sign-out", methods=["POST"])
def sign_out() -> Response:
    sessions.end_citizen()
    return redirect(url_for("public.index"), 303)


@bp.route("/citizens/terms")
def terms() -> str:
    return render_template("consultation/terms.html", version=TERMS_VERSION)
