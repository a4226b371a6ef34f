"""The workspace of a signed-in account: its dialogues, in each what it may do now, and a form per act."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from marshmallow import ValidationError

from application.dialogues import DialogueApp
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from application.recorded import Recorded
from domain.errors import DomainError, InvalidActError
from projections.stage import StageProjection
from web import extensions, limits
from web.auth.views import login_required
from web.errors import GENERAL
from web.extensions import dialogues
from web.i18n.domain_messages import invalid_value, refusal
from web.i18n.labels import ACTS as ACT_LABELS
from web.i18n.labels import field_label
from web.public.paging import dialogues_page
from web.schemas import ACT_FORMS, OPEN_DIALOGUE
from web.schemas.messages import flatten
from web.workspace.actforms import (
    accounts_to_pick,
    blocked,
    check_accounts,
    controls,
    part_kinds,
    read,
    summary,
)

bp = Blueprint("workspace", __name__, url_prefix="/workspace")
CHECKLIST_WAIT_SECONDS = 0.5
"""How long the dialogue page waits for the read models; then it reads the checklist from the dialogue."""


@bp.get("")
@login_required
def index() -> Any:
    app = dialogues()
    login = g.account["login"]
    every = dialogues_page() if g.account["administrator"] else None
    return render_template("workspace/index.html", mine=app.dialogues_of(login), every=every)


@bp.route("/open", methods=["GET", "POST"])
@login_required
@limits.writes
def open_dialogue() -> Any:
    """An organiser opens a dialogue: it becomes its convenor, and goes to the dialogue's page (else 403)."""
    app = dialogues()
    app.check_organiser(g.account["login"])
    schema = OPEN_DIALOGUE.schema()
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        try:
            data = schema.load(read(schema, request.form))
            recorded = app.open_dialogue(g.account["login"], **data)
        except ValidationError as error:
            errors, status = flatten(error.messages), 400
        except InvalidActError as error:
            errors, status = {error.field: [invalid_value(error)]}, 422
        except ConflictError as error:
            errors, status = {"slug": [refusal(error)]}, 409
        else:
            flash_recorded("dialogue-opened", recorded)
            return redirect(url_for("workspace.dialogue", slug=app.status(recorded.id)["slug"]), 303)
    drawn = controls(schema, {}, request.form, errors)
    page = render_template(
        "workspace/open.html",
        controls=drawn,
        values=request.form,
        errors=errors,
        summary=summary(drawn, errors),
    )
    return page, status


@bp.get("/dialogues/<slug>")
@login_required
def dialogue(slug: str) -> Any:
    """Stage, exit-indicator checklist, what is missing, and the acts the account may perform now."""
    app = dialogues()
    login = g.account["login"]
    dialogue_id = app.dialogue_id(slug)
    app.check_member(login, dialogue_id)
    roles = app.roles_in(login, dialogue_id)
    position = _position(app)
    view = None
    if extensions.brought_up_to(position, CHECKLIST_WAIT_SECONDS):  # they hold every act up to the page's
        with extensions.read() as sql:
            view = StageProjection.view(sql, dialogue_id)
    status = view or app.status(dialogue_id)  # the read models behind (the runner stopped, say)
    groups = [  # comments are written under each item of the public pages (web.comments)
        {**group, "acts": [act for act in group["acts"] if not act.startswith("comment-")]}
        for group in app.acts_by_stage(login, dialogue_id)
    ]
    groups = [group for group in groups if group["acts"]]
    return render_template(
        "workspace/dialogue.html",
        position=position,
        status=status,
        roles=roles,
        missing=[i for i in status["indicators"] if not i["met"]],
        to_do=[_shown(item) for item in app.to_do(login, dialogue_id)],
        groups=groups,
        public=app.visible_to(None, dialogue_id),
        may_import=any("stakeholder-identified" in group["acts"] for group in groups),
        may_invite=any("role-granted" in group["acts"] for group in groups),
    )


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    """An item of the to-do list as the page shows it: what it is about, and the form's field to pick it."""
    kind = item["kind"]
    if kind is None:
        return {**item, "what": None, "field": None}
    what = _("Adjustment") if kind == "dysfunction" else field_label(f"{kind}_id")
    return {**item, "what": what, "field": f"{kind}_id"}


@bp.app_context_processor
def menu() -> dict[str, Any]:
    """``audits_a_dialogue()``: whether the signed-in account audits a dialogue (the menu links the audit)."""

    def audits_a_dialogue() -> bool:
        account = g.get("account")
        if not account:
            return False
        return bool(account["administrator"]) or auditor_somewhere(account["login"])

    return {"audits_a_dialogue": audits_a_dialogue}


def auditor_somewhere(login: str) -> bool:
    """Whether the account audits a dialogue: from the log's list of the dialogues and their roles (no
    dialogue read), at every page of every account (the menu's link)."""
    return any("auditor" in roles for _dialogue_id, roles in dialogues().roles_held(login))


@bp.get("/dialogues/<slug>/live")
@login_required
def live(slug: str) -> Any:
    """The live board: contributions grouped by cluster, kept up to date over Socket.IO (web/live/)."""
    app = dialogues()
    login = g.account["login"]
    dialogue_id = app.dialogue_id(slug)
    app.check_member(login, dialogue_id)
    available = {a["act"] for a in app.acts_available(login, dialogue_id)}
    return render_template(
        "workspace/live.html", slug=slug, title=app.title(dialogue_id), available=sorted(available)
    )


def submitted(slug: str, act: str, record: Callable[[], Recorded]) -> tuple[Any, dict[str, list[str]], int]:
    """Record a form's act (``record`` loads its values and records them): once recorded, the way back
    to the dialogue's page, saying so; else no way, the errors by field and the answer's status."""
    try:
        recorded = record()
    except ValidationError as error:
        return None, flatten(error.messages), 400
    except InvalidActError as error:
        return None, {error.field: [invalid_value(error)]}, 422
    except (DomainError, ConflictError) as error:
        return None, {GENERAL: [refusal(error)]}, 409 if isinstance(error, ConflictError) else 422
    flash_recorded(act, recorded)
    return redirect(url_for("workspace.dialogue", slug=slug), 303), {}, 200


def flash_recorded(act: str, recorded: Recorded) -> None:
    """Say what was recorded and where in the log: the act's own position, or every act's (closing
    a consent round may validate its proposal), as the API's ``positions``."""
    positions = recorded.positions
    listed = ", ".join(str(position) for position in positions)
    label = ACT_LABELS.get(act, act)
    flash(
        ngettext(
            "Recorded: %(act)s (position %(positions)s in the log).",
            "Recorded: %(act)s (positions %(positions)s in the log).",
            len(positions),
            act=label,
            positions=listed,
        ),
        "info",
    )


def _position(app: DialogueApp) -> int:
    """The log's last position, read before the page's data: the page shows at least the acts up to it."""
    return int(app.recorder.max_notification_id() or 0)


def _check_available(app: DialogueApp, login: str, dialogue_id: UUID, act: str) -> None:
    """403 unless the account may perform the act now (its roles, the dialogue's stage)."""
    if act not in {a["act"] for a in app.acts_available(login, dialogue_id)}:
        msg = f"{act} is not open to {login} in this dialogue now"
        raise NotAuthorisedError(msg, code="act-not-open", params={"act": act})


DONE_ELSEWHERE = {
    "questionnaire-drafted": "questionnaires.manage",  # the builder: web.questionnaires
    "questionnaire-edited": "questionnaires.manage",
    "questionnaire-answered": "questionnaires.index",  # on the questionnaire's page
    "comment-posted": "public.dialogue",  # under each item of the public pages: web.comments
    "comment-edited": "public.dialogue",
    "comment-withdrawn": "public.dialogue",
}
"""Acts whose workspace form address sends to the page where they are done: the endpoint."""


@bp.route("/dialogues/<slug>/acts/<act>", methods=["GET", "POST"])
@login_required
@limits.writes
def act_form(slug: str, act: str) -> Any:
    """The form of one act, drawn from its schema; on success back to the dialogue with a message."""
    app = dialogues()
    login = g.account["login"]
    dialogue_id = app.dialogue_id(slug)
    form = ACT_FORMS.get(act)
    if form is None:
        raise NotFoundError(f"no act {act}", code="no-act", params={"name": act})
    if act.startswith("document-"):  # a file: web.workspace.documents
        return redirect(url_for("workspace_documents.form", slug=slug, act=act), 303)
    if act in DONE_ELSEWHERE:
        return redirect(url_for(DONE_ELSEWHERE[act], slug=slug), 303)
    _check_available(app, login, dialogue_id, act)
    errors: dict[str, list[str]] = {}
    status = 200
    position = _position(app)
    parts = {
        **app.parts(dialogue_id, part_kinds(form.schema())),
        "account": accounts_to_pick(app.accounts_to_pick(login, dialogue_id)),
    }
    if request.method == "POST":

        def record() -> Recorded:
            data = form.load(read(form.schema(), request.form))
            check_accounts(form.schema(), data, parts)
            return form.record(app, login, dialogue_id, data)

        back, errors, status = submitted(slug, act, record)
        if back is not None:
            return back
    values = request.form if request.method == "POST" else request.args  # a link may pick a part
    drawn = controls(form.schema(), parts, values, errors)
    page = render_template(
        "workspace/act.html",
        position=position,
        slug=slug,
        act=act,
        title=app.title(dialogue_id),
        controls=drawn,
        values=values,
        errors=errors,
        summary=summary(drawn, errors),
        blocked=blocked(drawn),
    )
    return page, status
