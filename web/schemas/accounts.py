"""The accounts API's schemas: what administrators send to create, and organisers to invite.

Bounded as every act's (:mod:`web.schemas.fields`): the OpenAPI document gives the bounds,
and a body beyond them is a 400 naming the field.
"""

from marshmallow import Schema, fields, validate

from application.accounts import NAME_LENGTH
from application.addresses import MAX_LENGTH as MAX_EMAIL
from application.credentials import MAX_LENGTH as MAX_PASSWORD
from domain.invitation import LANGUAGES
from domain.roles import GRANTED_ROLES
from web.schemas import fields as f


def _bounded(limit: int, *, required: bool) -> fields.String:
    bounds = [validate.Length(max=limit, error=f.TOO_LONG), f.Characters(multiline=False)]
    return fields.String(required=required, validate=bounds)


class NewAccount(Schema):
    login = _bounded(64, required=True)
    password = fields.String(
        required=True, validate=validate.Length(max=MAX_PASSWORD, error=f.TOO_LONG), load_only=True
    )
    email = _bounded(MAX_EMAIL, required=False)
    display_name = _bounded(NAME_LENGTH, required=False)
    administrator = f.flag(required=False)


class NewInvitation(Schema):
    email = _bounded(MAX_EMAIL, required=True)
    name = _bounded(NAME_LENGTH, required=False)
    language = fields.String(load_default="fr", validate=validate.OneOf(LANGUAGES))
    dialogue = _bounded(f.SHORT, required=False)
    role = fields.String(validate=validate.OneOf([role.value for role in GRANTED_ROLES]))


class Account(Schema):
    login = fields.String()
    display_name = fields.String()
    email = fields.String()
    administrator = fields.Boolean()
    organiser = fields.Boolean()
    disabled = fields.Boolean()
    erased = fields.Boolean()
    created_by = fields.String()
    created_at = fields.String()


class AccountList(Schema):
    accounts = fields.List(fields.Nested(Account))


class Invitation(Schema):
    id = fields.UUID()
    email = fields.String()
    name = fields.String()
    status = fields.String(metadata={"enum": ["pending", "accepted", "expired", "cancelled"]})
    dialogue = fields.String(allow_none=True)
    role = fields.String(allow_none=True)
    invited_by = fields.String()
    expires_at = fields.String()
    times_sent = fields.Integer()
    accepted_by = fields.String(allow_none=True)


class InvitationList(Schema):
    invitations = fields.List(fields.Nested(Invitation))
    next_page = fields.Integer(allow_none=True)


class Created(Schema):
    id = fields.String(metadata={"description": "The account's login, or the invitation's id"})
