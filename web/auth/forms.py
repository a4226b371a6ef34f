"""The forms of the accounts' pages (each carries its CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from application.credentials import MAX_LENGTH, MIN_LENGTH

REQUIRED = DataRequired(message=_l("This field is required."))
"""Worded as the act forms word a missing field (WTForms' own French says "requis")."""


class LoginForm(FlaskForm):
    login = StringField(_l("Login"), validators=[REQUIRED, Length(max=64)])
    password = PasswordField(_l("Password"), validators=[REQUIRED, Length(max=MAX_LENGTH)])
    next = HiddenField()


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[REQUIRED])
    new_password = PasswordField(
        _l("New password"), validators=[REQUIRED, Length(min=MIN_LENGTH, max=MAX_LENGTH)]
    )
    confirmation = PasswordField(
        _l("New password again"),
        validators=[REQUIRED, EqualTo("new_password", message=_l("The two new passwords differ."))],
    )


class AccountForm(FlaskForm):
    login = StringField(
        _l("Login"),
        validators=[REQUIRED, Length(max=64)],
        description=_l("Lowercase letters, digits, dots, hyphens; public: no name or e-mail address."),
    )
    password = PasswordField(
        _l("First password"), validators=[REQUIRED, Length(min=MIN_LENGTH, max=MAX_LENGTH)]
    )
    administrator = BooleanField(_l("Platform administrator"))
