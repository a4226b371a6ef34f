"""Signing in and out, one's password, and the administrators' accounts page.

The signed-in account is ``g.account`` (plain data, or None), loaded on every
request: a disabled account is signed out at once.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from domain.account import ORGANISER, normalise_login
from domain.errors import InvalidActError
from web import limits
from web.auth import sessions
from web.auth.forms import LoginForm, NewAccountForm, PasswordForm
from web.extensions import dialogues
from web.i18n.domain_messages import invalid_value
from web.i18n.languages import safe_next

bp = Blueprint("auth", __name__)

F = TypeVar("F", bound=Callable[..., Any])


@bp.before_app_request
def load_account() -> None:
    g.account = None
    login = session.get("login")
    if login is None:
        return
    read, account = sessions.signed_in_account(login)
    if not read:
        try:
            account = dialogues().account(login)
        except NotFoundError:
            account = None
    if account is None or account["disabled"]:
        session.pop("login", None)
        return
    g.account = account


def login_required(view: F) -> F:
    """Anonymous: 401 under /api/, else to the sign-in page and back."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.account is None:
            if request.path.startswith("/api/"):
                abort(401, description=_("Sign in first."))
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def administrator_required(view: F) -> F:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not g.account["administrator"]:
            raise NotAuthorisedError("only a platform administrator may do this", code="administrators-only")
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def show_error(form: FlaskForm, field: str, message: str) -> None:
    """Show a refusal of the application next to the form's field (or above the form)."""
    form_field = getattr(form, field, None)
    if form_field is None:
        form.form_errors.append(message)
    else:
        form_field.errors = [*form_field.errors, message]


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        account_id = limits.authenticate(form.login.data or "", form.password.data or "")
        if account_id is not None:
            sessions.start(account_id)  # a new session for the signed-in account
            return redirect(safe_next(form.next.data, url_for("workspace.index")), 303)
        flash(_("Unknown login or wrong password."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    sessions.end()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.index"), 303)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> Any:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            dialogues().change_password(
                g.account["login"],
                current_password=form.current_password.data or "",
                new_password=form.new_password.data or "",
            )
        except InvalidActError as error:
            if error.field == "current_password":
                show_error(form, error.field, _("This is not your current password."))
            else:
                show_error(form, error.field, invalid_value(error))
        else:
            sessions.end_others(g.account["login"])
            flash(_("Your password is changed."), "info")
            return redirect(url_for("workspace.index"), 303)
    return render_template("auth/password.html", form=form)


@bp.route("/accounts", methods=["GET", "POST"])
@administrator_required
@limits.writes
def accounts() -> Any:
    """Administrators list the accounts and create new ones."""
    form = NewAccountForm()
    if form.validate_on_submit():
        try:
            dialogues().create_account(
                g.account["login"],
                login=form.login.data or "",
                password=form.password.data or "",
                administrator=bool(form.administrator.data),
                email=form.email.data or "",
                display_name=form.display_name.data or "",
            )
        except InvalidActError as error:
            show_error(form, error.field, invalid_value(error))
        except ConflictError as error:
            if error.code == "email-taken":
                show_error(form, "email", _("An account has this e-mail address already."))
            else:
                show_error(form, "login", _("This login is taken."))
        else:
            flash(_("Account %(login)s created.", login=normalise_login(form.login.data or "")), "info")
            return redirect(url_for("auth.accounts"), 303)
    return render_template("auth/accounts.html", form=form, accounts=dialogues().accounts())


@bp.post("/accounts/<login>/organiser")
@administrator_required
def organiser(login: str) -> Response:
    """Grant (``action=grant``) or revoke (``action=revoke``) the platform role that opens dialogues."""
    if request.form.get("action") == "grant":
        dialogues().grant_platform_role(g.account["login"], login, ORGANISER)
        flash(_("%(login)s may now open dialogues (organiser).", login=login), "info")
    else:
        dialogues().revoke_platform_role(g.account["login"], login, ORGANISER)
        flash(_("%(login)s may no longer open dialogues.", login=login), "info")
    return redirect(url_for("auth.accounts"), 303)


@bp.post("/accounts/<login>/disable")
@administrator_required
@limits.writes
def disable(login: str) -> Response:
    dialogues().disable_account(g.account["login"], login)
    flash(_("Account %(login)s disabled.", login=login), "info")
    return redirect(url_for("auth.accounts"), 303)
