"""The JSON API at /api/v1: every act and query, validated and described by ``web.schemas``.

Authentication: the browser session of the sign-in page, or HTTP Basic with a
login and password (for scripts). A wrong Basic password is a 401 at once.

CSRF: this blueprint is exempt from Flask-WTF's token check, and in exchange
every write must be sent as ``Content-Type: application/json`` (else 400), but the acts whose body
holds a file (``document-attached``, ``document-superseded``): ``multipart/form-data``, with HTTP
Basic, or with the session and its CSRF token (``X-CSRFToken``).
A cross-site page can only make a browser send forms or ``text/plain``
without a CORS preflight, and no CORS is granted, so a JSON write can only
come from this site's own scripts or from a client outside a browser.

A write answers 201 ``{"id", "position", "positions"}``: the id of what the act
concerns (the part it created...), the act's own position in the log (the one to
ask ``/transparency/proof/inclusion`` or the replay for), and the positions of
every act the request recorded, in log order, the act's own among them (closing
a consent round that validates its proposal records two acts; the dialogue's
bookkeeping of a new part is no act). The workspace's forms say the same
positions once recorded, the ``act`` events of ``/live`` in their ack.


Errors are ``{"errors": {field: [message]}}``, worded in the request's language:

* 400: the body is not JSON, is nested too deeply, or fails the act's schema:
  anything the schema can check, naming the field (``votes.for``,
  ``outcomes[0].outcome``): a type, a choice, a length or number of entries
  over its bound, a character not allowed (a control character or a lone
  surrogate; in a one-line text also a tab or a line break), a date or date
  and time not in ISO form, a count that is not a whole number in its range.
  The bounds are :mod:`web.schemas.fields`'s, and the OpenAPI document gives
  them (``maxLength``, ``maxItems``, ``maximum``).
* 401; 403 a role refusal (decided before the body is read); 404 no such
  dialogue or act; 409 a conflict; 413 a body over ``MAX_CONTENT_LENGTH``.
* 422: a refusal of the domain, which depends on the dialogue's state (a stage,
  a part, a rule of the instance): the field when it names one, else ``_schema``.
  The domain checks again what the schema checks; that never reaches it here.
* 429 too many failed sign-ins, or writes of the account (one budget with the
  forms and ``/live``: :mod:`web.limits`).
"""

import base64
import binascii
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from flask import Blueprint, g, request
from flask_babel import force_locale, gettext
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from application.errors import NotFoundError
from domain.acts import RECORDED_ACTS
from domain.errors import InvalidActError
from projections.audit_trail import AuditTrailProjection
from projections.stage import StageProjection
from projections.store import Sql
from web import limits
from web.api import jsonparse
from web.api.openapi import openapi_document
from web.auth.views import login_required
from web.documents import uploads
from web.errors import GENERAL, error_response, note
from web.extensions import dialogues, listed_dialogues, projected
from web.i18n.domain_messages import invalid_value
from web.public.pagecache import Part, Positions, cached
from web.schemas import ACT_FORMS, OPEN_DIALOGUE
from web.schemas import queries as q
from web.schemas.messages import flatten
from web.security import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_LIMIT = 500
PAGE_SIZE = 20
"""Dialogues (or invitations) a page of a list."""
RECORDED = q.Recorded()
"""The answer of a write, one instance for every request."""
DIALOGUE_LIST = q.DialogueList()


class ActsQuery(Schema):
    act = fields.String(validate=validate.OneOf(sorted(RECORDED_ACTS)))  # the platform's too
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**63 - 1))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=MAX_LIMIT))


class PageQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=q.MAX_PAGE))


PAGE_QUERY = PageQuery()


@bp.before_request
def authenticate_and_require_json() -> Any:
    header = request.headers.get("Authorization", "")
    if header[:6].lower() == "basic ":
        g.account = _basic_account(header[6:])
        if g.account is None:
            response, status = error_response(401, {GENERAL: [gettext("Wrong login or password.")]})
            return response, status, {"WWW-Authenticate": 'Basic realm="api"'}
    if _uploads_file():
        uploads.allow_upload()
        if header[:6].lower() != "basic ":  # a browser's session: from a page of this site only
            csrf.protect()
        return None
    if request.method in WRITES and request.mimetype != "application/json":
        return error_response(400, {GENERAL: [gettext("Send the body as Content-Type: application/json.")]})
    return None


def _uploads_file() -> bool:
    """A multipart write of an act whose body holds a file (``POST .../acts/document-attached``)."""
    act = (request.view_args or {}).get("act")
    return request.method in WRITES and request.mimetype == "multipart/form-data" and act in uploads.FILE_ACTS


def _basic_account(encoded: str) -> dict[str, Any] | None:
    try:
        login, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    account_id = limits.authenticate(login, password)
    return None if account_id is None else dialogues().account(account_id)


@bp.errorhandler(ValidationError)
def invalid_body(error: ValidationError) -> tuple[Any, int]:
    note(error, "invalid-input")
    return error_response(400, flatten(error.messages))


@bp.errorhandler(InvalidActError)
def refused_value(error: InvalidActError) -> tuple[Any, int]:
    note(error, "invalid-value")
    return error_response(422, {error.field: [invalid_value(error)]})


def one_read(view: Callable[..., Any]) -> Callable[..., Any]:
    """Each dialogue read from the store once per request: the role check and the act see one state."""

    @wraps(view)
    def reading_once(*args: Any, **kwargs: Any) -> Any:
        with dialogues().one_read():
            return view(*args, **kwargs)

    return reading_once


def json_body() -> dict[str, Any]:
    try:
        body = jsonparse.loads(request.get_data())
    except jsonparse.TooDeepError:
        raise ValidationError(str(jsonparse.TOO_DEEP)) from None
    except ValueError:  # not JSON, not UTF-8
        body = None
    if not isinstance(body, dict):
        raise ValidationError(gettext("The body must be a JSON object."))
    return body


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    with force_locale("en"):
        return openapi_document()


@bp.get("/me")
@login_required
def me() -> Any:
    """The signed-in account and its dialogues with its roles; 401 when signed out."""
    return q.Me().dump({**g.account, "dialogues": dialogues().dialogues_of(g.account["login"])})


@bp.get("/dialogues")
@login_required
def dialogue_list() -> Any:
    """The dialogues the account may see: public ones, those where it holds a role (administrators: all),
    in the order they were opened, ``PAGE_SIZE`` a page (``?page=``, from 1; ``next_page`` is null on the
    last). The page's dialogues are read from the ``stage`` read model, a query for the page, kept by the
    page cache (``cached``) under the dialogues and roles of the account's page."""
    number = PAGE_QUERY.load(request.args)["page"]
    page = dialogues().dialogues_listed_for(g.account)[(number - 1) * PAGE_SIZE :][: PAGE_SIZE + 1]

    def answer(_reached: Positions) -> Part:
        roles = {str(dialogue_id): held for dialogue_id, held in page[:PAGE_SIZE]}
        found = [{**d, "roles": roles[d["id"]]} for d in listed_dialogues(list(roles))]
        next_page = number + 1 if len(page) > PAGE_SIZE else None
        return Part(DIALOGUE_LIST.dump({"dialogues": found, "next_page": next_page}))

    # The answer depends on the account by the page of dialogues it sees and its roles there only.
    return cached(answer, also=tuple((dialogue_id, tuple(roles)) for dialogue_id, roles in page)).content


@bp.post("/dialogues")
@login_required
@limits.writes
def open_dialogue() -> Any:
    dialogues().check_organiser(g.account["login"])
    data = OPEN_DIALOGUE.load(json_body())
    recorded = dialogues().open_dialogue(g.account["login"], **data)
    return RECORDED.dump(recorded), 201, {"Location": f"{bp.url_prefix}/dialogues/{data['slug']}"}


@bp.get("/dialogues/<slug>")
@login_required
def status(slug: str) -> Any:
    """The dialogue's stage, exit indicators, counts and waivers, from the ``stage`` read model.

    As public as the dialogue's public page (404 until its approach is public, but to its members).
    """
    app = dialogues()
    app.check_visible(g.account["login"], app.dialogue_id(slug))

    def answer(_reached: Positions) -> Part:
        view = projected(slug, StageProjection.view)
        by_kind = view["counts"]
        counts = {
            **{key: by_kind[key] for key in ("stakeholders", "instances", "meetings", "decisions")},
            **{key: sum(by_kind[key].values()) for key in ("proposals", "actions")},  # by status in the view
        }
        return Part(q.Status().dump({**view, "id": view["dialogue_id"], "counts": counts}))

    return cached(answer).content


@bp.get("/dialogues/<slug>/acts")
@login_required
def acts(slug: str) -> Any:
    """Recorded acts in log order after position ``after``, at most ``limit``, of one ``act`` or all.

    Read from the ``audit_trail`` read model; for the accounts holding a role in the dialogue and the
    administrators (403 for other accounts, as the workspace's pages).
    """
    app = dialogues()
    app.check_member(g.account["login"], app.dialogue_id(slug))
    query = ActsQuery().load(request.args)

    def acts_of(sql: Sql, dialogue_id: UUID) -> list[dict[str, Any]] | None:
        if StageProjection.listed(sql, dialogue_id) is None:
            return None
        return AuditTrailProjection.query(sql, dialogue_id=dialogue_id, **query)

    def answer(_reached: Positions) -> Part:
        found = projected(slug, acts_of)
        next_after = found[-1]["position"] if len(found) == query["limit"] else None
        return Part(q.act_list(found, next_after))

    return cached(answer).content


@bp.get("/dialogues/<slug>/acts-available")
@login_required
@one_read
def acts_available(slug: str) -> Any:
    app = dialogues()
    dialogue_id = app.dialogue_id(slug)
    app.check_visible(g.account["login"], dialogue_id)
    return q.ActsAvailable().dump({"acts": app.acts_available(g.account["login"], dialogue_id)})


@bp.post("/dialogues/<slug>/acts/<act>")
@login_required
@limits.writes
@one_read
def record_act(slug: str, act: str) -> Any:
    """Check the account's role, validate the body with the act's schema, record: 201, id and position."""
    app = dialogues()
    dialogue_id = app.dialogue_id(slug, fresh=False)  # the act reads it as it records
    form = ACT_FORMS.get(act)
    if form is None:
        msg = f"no act {act} (dialogue-opened is POST /api/v1/dialogues)"
        raise NotFoundError(msg, code="no-api-act", params={"name": act})
    app.check_role(g.account["login"], dialogue_id, act, recorded_next=True)
    body = uploads.multipart_data() if request.mimetype == "multipart/form-data" else json_body()
    data = form.load(body)
    recorded = form.record(app, g.account["login"], dialogue_id, data)
    return RECORDED.dump(recorded), 201
