"""The report form of an item: ``/dialogues/<slug>/report/<kind>/<item_id>``, for a signed-in
citizen or account (a reason from the list, a note); once a person per item, counted by
``REPORT_RATE_LIMIT`` (per person and per client address). The public moderation log of a
dialogue: ``/dialogues/<slug>/moderation`` (counts and reasons, never a text nor a person)."""

from typing import Any
from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from application.errors import ApplicationError, NotFoundError
from domain.errors import DomainError, InvalidActError, RepeatedActError
from domain.moderation import NOTE_MAX, REPORT_REASONS
from web import limits
from web.consultation.citizens import signed_in_citizen
from web.extensions import brought_up_to, dialogues
from web.i18n.domain_messages import invalid_value, refusal
from web.moderation.blueprint import bp
from web.schemas.messages import flatten
from web.schemas.moderation import ReportItem
from web.schemas.registry import ACT_FORMS


def dialogue_of(slug: str) -> UUID:
    try:
        return dialogues().dialogue_id(slug)
    except NotFoundError:
        abort(404)


def reporter() -> str | None:
    """Who reports: the signed-in account, else the signed-in citizen; None if neither."""
    if g.get("account") is not None:
        return str(g.account["login"])
    citizen = signed_in_citizen()
    return None if citizen is None else citizen.actor_id


def item_url(slug: str, page: tuple[str, dict[str, str]], kind: str, item_id: str) -> str:
    endpoint, arguments = page
    values: dict[str, Any] = {"slug": slug, **arguments}
    return url_for(endpoint, **values) + f"#{kind}-{item_id}"


@bp.route("/dialogues/<slug>/report/<kind>/<item_id>", methods=["GET", "POST"])
def report(slug: str, kind: str, item_id: str) -> Any:
    dialogue_id = dialogue_of(slug)
    item = dialogues().reportable(dialogue_id, kind, item_id)
    if item is None:
        abort(404)
    back = item_url(slug, item["page"], kind, item["item_id"])
    by = reporter()
    errors: dict[str, str] = {}
    typed = {"reason": request.form.get("reason", ""), "text": request.form.get("text", "")}
    status = 200
    if request.method == "POST" and by is not None:
        limits.spend_report(by)
        try:
            data = ReportItem().load({"item_kind": kind, "item_id": item_id, **typed})
            recorded = ACT_FORMS["item-reported"].record(dialogues(), by, dialogue_id, data)
        except ValidationError as error:
            errors, status = {k: " ".join(v) for k, v in flatten(error.messages).items()}, 400
        except InvalidActError as error:
            errors = {error.field: invalid_value(error)}
            status = 409 if isinstance(error, RepeatedActError) else 400
        except (DomainError, ApplicationError) as error:
            errors, status = {"_": refusal(error)}, 422
        else:
            brought_up_to(recorded.position)
            flash(_("Your report is sent to the moderators of this dialogue."), "info")
            return redirect(back, 303)
    return render_template(
        "moderation/report.html", slug=slug, item=item, back=back, reporter=by, errors=errors, typed=typed,
        reasons=REPORT_REASONS, note_max=NOTE_MAX,
    ), status  # fmt: skip


@bp.get("/dialogues/<slug>/moderation")
def log(slug: str) -> Any:
    """The public moderation log: reports by reason, items hidden and shredded with their reasons."""
    found = dialogues().moderation_log(dialogue_of(slug))
    if found is None:
        abort(404)
    return render_template("moderation/log.html", slug=slug, log=found)
