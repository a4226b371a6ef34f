"""The accounts API (``/api/v1/accounts``, ``/api/v1/invitations``): its routes join the API's blueprint.

Administrators create, list and disable accounts; organisers, administrators and a
dialogue's convenors invite (the same as ``/admin/invitations``). Errors as the rest of the API:
400 naming the field, 403, 404, 409 (a login or address taken), 422 (an invitation no longer pending).
"""

from typing import Any
from uuid import UUID

from flask import g, request

from application.errors import NotAuthorisedError
from web import limits
from web.admin.pages import mail_composer
from web.api.views import PAGE_QUERY, PAGE_SIZE, bp, json_body
from web.auth.views import login_required
from web.extensions import dialogues
from web.schemas import accounts as s


def _administrator() -> None:
    if not g.account["administrator"]:
        raise NotAuthorisedError("only a platform administrator may do this", code="administrators-only")


@bp.get("/accounts")
@login_required
def account_list() -> Any:
    _administrator()
    return s.AccountList().dump({"accounts": dialogues().accounts()})


@bp.post("/accounts")
@login_required
@limits.writes
def create_account() -> Any:
    _administrator()
    data = s.NewAccount().load(json_body())
    dialogues().create_account(g.account["login"], **data)
    login = dialogues().account(data["login"])["login"]
    return s.Created().dump({"id": login}), 201, {"Location": f"{bp.url_prefix}/accounts/{login}"}


@bp.post("/accounts/<login>/disable")
@login_required
@limits.writes
def disable_account(login: str) -> Any:
    dialogues().disable_account(g.account["login"], login)
    return s.Created().dump({"id": login}), 200


@bp.get("/invitations")
@login_required
def invitation_list() -> Any:
    """The invitations the account manages, newest first, ``PAGE_SIZE`` a page (``?page=``, from 1;
    ``next_page`` is null on the last): only the page's invitations are read."""
    number = PAGE_QUERY.load(request.args)["page"]
    listed, more = dialogues().invitations_page(g.account["login"], number, PAGE_SIZE)
    return s.InvitationList().dump({"invitations": listed, "next_page": number + 1 if more else None})


@bp.post("/invitations")
@login_required
@limits.writes
def invite() -> Any:
    data = s.NewInvitation().load(json_body())
    app = dialogues()
    slug = data.pop("dialogue", None)
    invitation_id = app.invite_person(
        g.account["login"],
        dialogue_id=None if slug is None else app.dialogue_id(slug),
        compose=mail_composer(),
        **data,
    )
    return s.Created().dump({"id": str(invitation_id)}), 201


@bp.post("/invitations/<uuid:invitation_id>/resend")
@login_required
@limits.writes
def resend_invitation(invitation_id: UUID) -> Any:
    dialogues().resend_invitation(g.account["login"], invitation_id, mail_composer())
    return s.Created().dump({"id": str(invitation_id)}), 200


@bp.post("/invitations/<uuid:invitation_id>/cancel")
@login_required
@limits.writes
def cancel_invitation(invitation_id: UUID) -> Any:
    dialogues().cancel_invitation(g.account["login"], invitation_id)
    return s.Created().dump({"id": str(invitation_id)}), 200
