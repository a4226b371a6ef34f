"""The moderators' queue of a dialogue: ``/workspace/dialogues/<slug>/moderation``, the items reported
or moderated, grouped by item (those with reports awaiting a decision first), each with its text,
its reports (reason, note, date) and the moderator's acts, each confirmed by a tick before it is
recorded: hide (a public reason), show again, keep, shred (a legal ground; an item sealed under its
own key only). The acts post to ``/workspace/dialogues/<slug>/moderation/<act>``."""

from typing import Any
from uuid import UUID

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from application.errors import ApplicationError, NotAuthorisedError
from domain.errors import DomainError, InvalidActError
from domain.moderation import EXPLANATION_MAX, REPORT_REASONS, SHRED_GROUNDS
from domain.roles import Role
from web import limits
from web.auth.views import login_required
from web.extensions import brought_up_to, dialogues
from web.i18n.domain_messages import invalid_value, refusal
from web.i18n.labels import field_label
from web.moderation.blueprint import bp
from web.moderation.reports import dialogue_of
from web.schemas.messages import flatten
from web.schemas.registry import ACT_FORMS

MODERATOR_ACTS = ("item-hidden", "item-unhidden", "item-kept", "item-shredded")
CONFIRM = "confirm"
"""The tick that confirms a moderator's act: without it, nothing is recorded (400 naming it)."""


def _moderator(slug: str) -> UUID:
    dialogue_id = dialogue_of(slug)
    login = g.account["login"]
    if Role.MODERATOR.value not in dialogues().roles_in(login, dialogue_id):
        raise NotAuthorisedError(
            f"{login} is not a moderator of this dialogue", code="act-not-allowed",
            params={"act": "item-hidden", "allowed": [Role.MODERATOR.value]},
        )  # fmt: skip
    return dialogue_id


def _queue(slug: str, dialogue_id: UUID, problem: dict[str, str] | None, status: int) -> Any:
    return render_template(
        "moderation/queue.html", slug=slug, items=dialogues().moderation_queue(dialogue_id),
        reasons=REPORT_REASONS, grounds=SHRED_GROUNDS, explanation_max=EXPLANATION_MAX,
        problem=problem or {}, confirm=CONFIRM,
    ), status  # fmt: skip


@bp.get("/workspace/dialogues/<slug>/moderation")
@login_required
def queue(slug: str) -> Any:
    return _queue(slug, _moderator(slug), None, 200)


@bp.post(
    "/workspace/dialogues/<slug>/moderation/<any("
    + ", ".join(f'"{a}"' for a in MODERATOR_ACTS)
    + "):decision>"
)
@login_required
@limits.writes
def decide(slug: str, decision: str) -> Any:
    act = decision
    dialogue_id = _moderator(slug)
    form = {key: value for key, value in request.form.items() if key not in ("csrf_token", CONFIRM)}
    item_id = form.get("item_id", "")
    if request.form.get(CONFIRM) != "yes":
        message = _("%(field)s: tick it to confirm.", field=_("I confirm"))
        return _queue(slug, dialogue_id, {"item_id": item_id, "act": act, "message": message}, 400)
    try:
        data = ACT_FORMS[act].load(form)
        recorded = ACT_FORMS[act].record(dialogues(), g.account["login"], dialogue_id, data)
    except ValidationError as error:
        messages = flatten(error.messages)
        message = "; ".join(f"{field_label(k)}: {' '.join(v)}" for k, v in messages.items())
        return _queue(slug, dialogue_id, {"item_id": item_id, "act": act, "message": message}, 400)
    except InvalidActError as error:
        message = f"{field_label(error.field)}: {invalid_value(error)}"
        return _queue(slug, dialogue_id, {"item_id": item_id, "act": act, "message": message}, 400)
    except (DomainError, ApplicationError) as error:
        return _queue(slug, dialogue_id, {"item_id": item_id, "act": act, "message": refusal(error)}, 422)
    brought_up_to(recorded.position)
    done = {
        "item-hidden": _("The item is hidden; its page shows the reason."),
        "item-unhidden": _("The item is shown again."),
        "item-kept": _("The item is kept; its reports are dealt with."),
        "item-shredded": _("The item is shredded: its text can no longer be read anywhere."),
    }
    flash(done[act], "info")
    return redirect(url_for("moderation.queue", slug=slug), 303)
