"""The pages a one-time link opens: an invitation's (open one's account), a password reset's.

Their routes join the ``auth`` blueprint. A link's token is signed (``web.auth.signing``): one
altered, made for the other purpose or too old opens a page saying so, before the store is asked.
Asking for a reset answers the same whether or not an account has the address, and is
rate-limited per client address and per address asked.
"""

from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from application.errors import ConflictError, NotFoundError
from domain.errors import InvalidActError
from web import limits
from web.admin.mails import compose
from web.auth import sessions
from web.auth.forms import AcceptForm, ForgottenForm, ResetForm
from web.auth.signing import LinkRefusedError, open_token
from web.auth.views import bp, show_error
from web.extensions import dialogues
from web.i18n.domain_messages import invalid_value, refusal


def _link_gone(why: str = "gone") -> tuple[str, int]:
    """The answer to a link used up, expired, cancelled, never issued (``gone``), or whose signature
    is too old (``expired``) or does not hold (``altered``: mistyped, cut, or changed)."""
    return render_template("auth/link_gone.html", why=why), 404


def _opened(purpose: str, signed: str) -> str | tuple[str, int]:
    """The application's token of a link, or the page that says why the link does not open."""
    try:
        return open_token(current_app.config["SECRET_KEY"], purpose, signed)
    except LinkRefusedError as refused:
        return _link_gone("expired" if refused.expired else "altered")


@bp.route("/invitations/<signed>", methods=["GET", "POST"])
def accept_invitation(signed: str) -> Any:
    """The invitee chooses a login, a display name and a password; then they are signed in."""
    token = _opened("invitation", signed)
    if not isinstance(token, str):
        return token
    app = dialogues()
    try:
        invitation = app.invitation_of_link(token)
    except NotFoundError:
        return _link_gone()
    form = AcceptForm(display_name=invitation["name"])
    if form.validate_on_submit():
        try:
            login = app.accept_invitation(
                token,
                login=form.login.data or "",
                password=form.password.data or "",
                display_name=form.display_name.data or "",
            )
        except InvalidActError as error:
            show_error(form, error.field, invalid_value(error))
        except ConflictError as error:  # the login, or the address, taken meanwhile
            show_error(form, "login" if error.code == "login-taken" else "email", refusal(error))
        except NotFoundError:
            return _link_gone()
        else:
            sessions.start(login)
            flash(_("Welcome, your account is open."), "info")
            return redirect(url_for("workspace.index"), 303)
    return render_template("auth/accept.html", form=form, invitation=invitation)


@bp.route("/password/forgotten", methods=["GET", "POST"])
def forgotten_password() -> Any:
    form = ForgottenForm()
    if form.validate_on_submit():
        address = form.email.data or ""
        limits.spend_reset(address)
        public_url, secret = current_app.config["PUBLIC_URL"], current_app.config["SECRET_KEY"]
        try:
            dialogues().request_password_reset(
                address, language=str(get_locale()), compose=lambda mail: compose(mail, public_url, secret)
            )
        except InvalidActError as error:
            show_error(form, error.field, invalid_value(error))
        else:
            flash(
                _("If an account has this address, a link to choose a new password was sent to it."), "info"
            )
            return redirect(url_for("auth.login"), 303)
    return render_template("auth/forgotten.html", form=form)


@bp.route("/password/reset/<signed>", methods=["GET", "POST"])
def reset_password(signed: str) -> Any:
    """A new password; every session of the account ends, and this browser is signed in anew."""
    token = _opened("reset", signed)
    if not isinstance(token, str):
        return token
    app = dialogues()
    if not app.reset_link_holds(token):
        return _link_gone()
    form = ResetForm()
    if form.validate_on_submit():
        try:
            login = app.reset_password(token, form.new_password.data or "")
        except InvalidActError as error:
            show_error(form, error.field, invalid_value(error))
        except NotFoundError:
            return _link_gone()
        else:
            sessions.start(login)
            flash(_("Your password is changed."), "info")
            return redirect(url_for("workspace.index"), 303)
    return render_template("auth/reset.html", form=form)
