"""The pages a one-time link opens: an invitation's (open one's account), a password reset's.

Their routes join the ``auth`` blueprint. Asking for a reset answers the same whether or
not an account has the address, and is rate-limited per client address and per address asked.
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
from web.auth.views import bp, show_error
from web.extensions import dialogues
from web.i18n.domain_messages import invalid_value, refusal


def _link_gone() -> tuple[str, int]:
    """The answer to a link used up, expired, cancelled or never issued."""
    return render_template("auth/link_gone.html"), 404


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Any:
    """The invitee chooses a login, a display name and a password; then they are signed in."""
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
        public_url = current_app.config["PUBLIC_URL"]
        try:
            dialogues().request_password_reset(
                address, language=str(get_locale()), compose=lambda mail: compose(mail, public_url)
            )
        except InvalidActError as error:
            show_error(form, error.field, invalid_value(error))
        else:
            flash(
                _("If an account has this address, a link to choose a new password was sent to it."), "info"
            )
            return redirect(url_for("auth.login"), 303)
    return render_template("auth/forgotten.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Any:
    """A new password; every session of the account ends, and this browser is signed in anew."""
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
