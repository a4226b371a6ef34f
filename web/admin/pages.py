"""``/admin``: invitations (organisers, administrators, a dialogue's convenors) and the mails written.

On the embedded default (no ``SMTP_URL``) mails are ``.eml`` files in ``MAIL_DIR``;
administrators read them at ``/admin/mail``, each opened as its text and links.
"""

import re
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any
from uuid import UUID

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from application.errors import ConflictError, NotAuthorisedError
from domain.errors import InvalidActError
from domain.roles import GRANTED_ROLES, Role
from projections.transparency_log.page import Page
from web import limits
from web.admin.mails import compose
from web.auth.forms import InvitationForm
from web.auth.views import administrator_required, login_required, show_error
from web.extensions import dialogues, listed_dialogues
from web.i18n.domain_messages import invalid_value
from web.i18n.labels import ROLES
from web.public.paging import INVITATIONS_PAGE, LISTINGS, page_numbers

bp = Blueprint("admin", __name__, url_prefix="/admin")

CHOICE_AT_MOST = 100
"""Beyond this many dialogues, an administrator's invitation form offers none to choose from (a list
too long to read): each dialogue's workspace page links to the form for that dialogue."""
MAIL_FILE = re.compile(r"\d{8}-\d{6}-[0-9a-f]{8}\.eml")
LINK = re.compile(r"https?://\S+")


def mail_composer() -> Any:
    """``compose`` for the application: the web's wording, links from PUBLIC_URL."""
    public_url, secret = current_app.config["PUBLIC_URL"], current_app.config["SECRET_KEY"]
    return lambda mail: compose(mail, public_url, secret)


def _dialogues_to_invite_into(slug: str | None) -> list[tuple[str, str]] | None:
    """(slug, title) of the dialogues where the account may grant roles (None: an administrator's, more
    than ``CHOICE_AT_MOST``); with ``slug`` (``?dialogue=``, the link of a dialogue's workspace page),
    that one only: NotFoundError if there is none so named, NotAuthorisedError if the account may not
    grant roles there."""
    app = dialogues()
    login = g.account["login"]
    if slug is not None:
        dialogue_id = app.dialogue_id(slug)
        app.check_role(login, dialogue_id, "role-granted")
        return [(d["slug"], d["title"]) for d in listed_dialogues([dialogue_id])]
    if g.account["administrator"]:
        ids = app.dialogue_ids()
        return (
            [(d["slug"], d["title"]) for d in listed_dialogues(ids)] if len(ids) <= CHOICE_AT_MOST else None
        )
    return [(d["slug"], d["title"]) for d in app.dialogues_of(login) if Role.CONVENOR.value in d["roles"]]


def _invitation_form(slug: str | None) -> InvitationForm:
    form = InvitationForm()
    anyone = g.account["administrator"] or g.account["organiser"]
    into = _dialogues_to_invite_into(slug)
    if into is None:
        form.dialogue.description = _(
            "To invite a person into a dialogue, open the dialogue's workspace page and follow"
            " “Invite a person into this dialogue”."
        )
        into = []
    if not anyone and not into:
        raise NotAuthorisedError("only an organiser or a convenor may invite", code="organisers-only")
    none = [SelectChoice("", _("None: an account only"))] if anyone else []
    form.dialogue.choices = none + [SelectChoice(each, title) for each, title in into]
    if slug is not None and not form.is_submitted():
        form.dialogue.data = slug
    roles = [SelectChoice(role.value, str(ROLES[role.value])) for role in GRANTED_ROLES]
    form.role.choices = [SelectChoice("", _("None")), *roles]
    return form


@bp.route("/invitations", methods=["GET", "POST"])
@login_required
@limits.writes
def invitations() -> Any:
    """The invitation form and the invitations sent; ``?dialogue=<slug>``: the form to invite into that
    dialogue (its workspace page links here)."""
    into = request.args.get("dialogue") or None
    form = _invitation_form(into)
    if form.validate_on_submit():
        app = dialogues()
        slug = form.dialogue.data or None
        try:
            app.invite_person(
                g.account["login"],
                email=form.email.data or "",
                name=form.name.data or "",
                language=form.language.data or "fr",
                dialogue_id=None if slug is None else app.dialogue_id(slug),
                role=form.role.data or None,
                compose=mail_composer(),
            )
        except InvalidActError as error:
            show_error(form, error.field, invalid_value(error))
        except ConflictError:
            show_error(form, "email", _("An account has this e-mail address already."))
        else:
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "info")
            return redirect(url_for("admin.invitations", dialogue=into), 303)
    page, listing = _invitations_page(), LISTINGS["invitations"]
    return render_template("admin/invitations.html", form=form, page=page, listing=listing, into=into)


def _invitations_page() -> Page:
    """Page ``?invitations=`` of the invitations the account manages, newest first: their ids from the
    log's invitations sent, only the page's invitations read and their addresses opened."""
    number = page_numbers(request.args)["invitations"]
    return Page(number, *dialogues().invitations_page(g.account["login"], number, INVITATIONS_PAGE))


@bp.post("/invitations/<uuid:invitation_id>/resend")
@login_required
@limits.writes
def resend(invitation_id: UUID) -> Response:
    dialogues().resend_invitation(g.account["login"], invitation_id, mail_composer())
    flash(_("Invitation sent again, with a new link."), "info")
    return redirect(url_for("admin.invitations"), 303)


@bp.post("/invitations/<uuid:invitation_id>/cancel")
@login_required
@limits.writes
def cancel(invitation_id: UUID) -> Response:
    dialogues().cancel_invitation(g.account["login"], invitation_id)
    flash(_("Invitation cancelled: its link no longer works."), "info")
    return redirect(url_for("admin.invitations"), 303)


def _mail_dir() -> Path:
    return Path(current_app.config["MAIL_DIR"])


def _read(path: Path) -> EmailMessage:
    parsed: EmailMessage = message_from_bytes(path.read_bytes(), policy=default)
    return parsed


@bp.get("/mail")
@administrator_required
def mail() -> str:
    """The mails written to ``MAIL_DIR``, newest first."""
    files = sorted(_mail_dir().glob("*.eml"), reverse=True) if _mail_dir().is_dir() else []
    listed = [{"name": path.name, "message": _read(path)} for path in files if MAIL_FILE.fullmatch(path.name)]
    return render_template("admin/mail.html", mails=listed)


@bp.get("/mail/<name>")
@administrator_required
def mail_message(name: str) -> str:
    path = _mail_dir() / name
    if not MAIL_FILE.fullmatch(name) or not path.is_file():
        abort(404)
    message = _read(path)
    body = message.get_body(preferencelist=("plain",))
    text = "" if body is None else body.get_content()
    return render_template(
        "admin/mail_message.html", name=name, message=message, text=text, links=LINK.findall(text)
    )
