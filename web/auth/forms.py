"""The forms of the accounts' pages (each carries its CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from application.accounts import NAME_LENGTH
from application.addresses import ADDRESS as ADDRESS_PATTERN
from application.addresses import MAX_LENGTH as MAX_EMAIL
from application.credentials import MAX_LENGTH, MIN_LENGTH
from domain.erasure import GROUNDS
from web.i18n.languages import LANGUAGES

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


OPTIONAL = Optional()
ADDRESS = [
    REQUIRED,
    Length(max=MAX_EMAIL),
    Regexp(ADDRESS_PATTERN, message=_l("Write an e-mail address, as name@example.org.")),
]


class ProfileFields:
    """An account's e-mail address and display name (personal data: sealed, erasable)."""

    email = EmailField(_l("E-mail address"), validators=[OPTIONAL, *ADDRESS[1:]])
    display_name = StringField(
        _l("Display name"),
        validators=[OPTIONAL, Length(max=NAME_LENGTH)],
        description=_l("Shown to the organisers, never in the public record of acts."),
    )


class NewAccountForm(AccountForm, ProfileFields):
    pass


class InvitationForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=ADDRESS)
    name = StringField(_l("Name (optional)"), validators=[OPTIONAL, Length(max=NAME_LENGTH)])
    language = SelectField(
        _l("Language of the mail"), choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()]
    )
    dialogue = SelectField(_l("Dialogue (optional)"), choices=[], validate_choice=True)
    role = SelectField(_l("Role in the dialogue"), choices=[], validate_choice=True)


class AcceptForm(FlaskForm):
    login = StringField(
        _l("Login"),
        validators=[REQUIRED, Length(max=64)],
        description=_l("Lowercase letters, digits, dots, hyphens; public: no name or e-mail address."),
    )
    display_name = StringField(_l("Display name"), validators=[OPTIONAL, Length(max=NAME_LENGTH)])
    password = PasswordField(_l("Password"), validators=[REQUIRED, Length(min=MIN_LENGTH, max=MAX_LENGTH)])
    confirmation = PasswordField(
        _l("Password again"),
        validators=[REQUIRED, EqualTo("password", message=_l("The two passwords differ."))],
    )


class ForgottenForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=ADDRESS)


class ResetForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"), validators=[REQUIRED, Length(min=MIN_LENGTH, max=MAX_LENGTH)]
    )
    confirmation = PasswordField(
        _l("New password again"),
        validators=[REQUIRED, EqualTo("new_password", message=_l("The two new passwords differ."))],
    )


GROUND_LABELS = {
    "request": _l("The person asked for it"),
    "consent-withdrawn": _l("The person withdrew their consent"),
    "no-longer-needed": _l("The data is no longer needed"),
    "objection": _l("The person objected to the processing"),
    "unlawful": _l("The data was processed unlawfully"),
    "legal-obligation": _l("A legal obligation"),
}


class ErasureForm(FlaskForm):
    reason = SelectField(
        _l("Ground of the erasure"),
        choices=[SelectChoice("", _l("Choose a ground"))]
        + [SelectChoice(ground, GROUND_LABELS[ground]) for ground in GROUNDS],
        validators=[DataRequired(message=_l("Choose the ground of the erasure."))],
        description=_l(
            "Recorded in the erasure register. Write no personal data anywhere: there is no free text."
        ),
    )


class RequestForm(FlaskForm):  # an erasure request (web/erasure/pages.py)
    """Nothing to fill in: the button and its CSRF token."""
