"""A public consultation's page: its question, period, scope, counts, contributions (paged, sorted
by date or by support) and synthesis; the forms a signed-in citizen posts there (a contribution, a
support, following it by mail or not), each refused with the field named (400, or 409 for a second
support).

``/dialogues/<slug>/consultations/<id>`` (endpoint ``consultation.page``).
"""

from typing import Any
from uuid import UUID

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from application.consultation import SORTS
from application.errors import ApplicationError, NotFoundError
from domain.consultation import TEXT_MAX
from domain.errors import DomainError, InvalidActError, RepeatedActError
from web import limits
from web.comments.threads import CommentForm, reader, thread
from web.consultation.blueprint import bp
from web.consultation.citizens import HONEYPOT, signed_in_citizen
from web.extensions import brought_up_to, dialogues
from web.i18n.domain_messages import invalid_value, refusal

PAGE_ARG_MAX = 10_000


def _dialogue_id(slug: str) -> UUID:
    try:
        return dialogues().dialogue_id(slug)
    except NotFoundError:
        abort(404)


def _page(slug: str, consultation_id: str, errors: dict[str, str], typed: dict[str, str], status: int) -> Any:
    return consultation_page(slug, consultation_id, errors=errors, typed=typed, status=status)


def consultation_page(
    slug: str,
    consultation_id: str,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
    comment_form: tuple[str, CommentForm] | None = None,
) -> Any:
    """The page, with a refused form's errors: a contribution's, or a comment's on one contribution
    (``comment_form``: the contribution's id and the form)."""
    dialogue_id = _dialogue_id(slug)
    sort = request.args.get("sort", "date")
    page_arg = request.args.get("page", "1")
    page = int(page_arg) if page_arg.isdigit() and int(page_arg) <= PAGE_ARG_MAX else 1
    citizen = signed_in_citizen()
    found = dialogues().consultation_page(
        dialogue_id, consultation_id, sort=sort if sort in SORTS else "date", page=page,
        viewer="" if citizen is None else citizen.actor_id,
    )  # fmt: skip
    if found is None:
        abort(404)
    refused_on, refused = comment_form or ("", None)
    who = reader(citizen)
    threads = {
        c["contribution_id"]: thread(
            dialogue_id,
            "contribution",
            c["contribution_id"],
            who=who,
            honeypot=HONEYPOT,
            page=1,
            form=refused if c["contribution_id"] == refused_on else None,
        )
        for c in found["contributions"]
    }
    return render_template(
        "consultation/page.html", slug=slug, dialogue_title=found["dialogue_title"], consultation=found,
        citizen=citizen, dialogue_id=dialogue_id, threads=threads,
        errors=errors or {}, typed=typed or {}, text_max=TEXT_MAX, honeypot=HONEYPOT,
    ), status  # fmt: skip


@bp.route("/dialogues/<slug>/consultations/<consultation_id>")
def page(slug: str, consultation_id: str) -> Any:
    return _page(slug, consultation_id, {}, {}, 200)


def _citizen_or_sign_up(slug: str, consultation_id: str) -> Any:
    citizen = signed_in_citizen()
    if citizen is None:
        return None, redirect(url_for("consultation.sign_up", next=request.path), 303)
    return citizen, None


def _after(slug: str, consultation_id: str, position: int, message: str) -> Response:
    brought_up_to(position)
    flash(message, "info")
    return redirect(url_for("consultation.page", slug=slug, consultation_id=consultation_id), 303)


@bp.route("/dialogues/<slug>/consultations/<consultation_id>/contributions", methods=["POST"])
def contribute(slug: str, consultation_id: str) -> Any:
    citizen, elsewhere = _citizen_or_sign_up(slug, consultation_id)
    if elsewhere is not None:
        return elsewhere
    typed = {"kind": request.form.get("kind", ""), "text": request.form.get("text", "")}
    if request.form.get(HONEYPOT, "").strip():
        return _page(slug, consultation_id, {HONEYPOT: _("This field must stay empty.")}, typed, 400)
    limits.spend_citizen_write(citizen.actor_id)
    try:
        recorded = dialogues().contribute_as_citizen(
            citizen.actor_id, _dialogue_id(slug), consultation_id=consultation_id, **typed
        )
    except InvalidActError as error:
        return _page(slug, consultation_id, {error.field: invalid_value(error)}, typed, 400)
    except (DomainError, ApplicationError) as error:
        return _page(slug, consultation_id, {"_": refusal(error)}, typed, 422)
    return _after(slug, consultation_id, recorded.position, _("Your contribution is published."))


@bp.route(
    "/dialogues/<slug>/consultations/<consultation_id>/contributions/<contribution_id>/support",
    methods=["POST"],
)
def support(slug: str, consultation_id: str, contribution_id: str) -> Any:
    citizen, elsewhere = _citizen_or_sign_up(slug, consultation_id)
    if elsewhere is not None:
        return elsewhere
    limits.spend_citizen_write(citizen.actor_id)
    try:
        recorded = dialogues().support_citizen_contribution(
            citizen.actor_id,
            _dialogue_id(slug),
            consultation_id=consultation_id,
            contribution_id=contribution_id,
        )
    except InvalidActError as error:
        status = 409 if isinstance(error, RepeatedActError) else 400
        return _page(slug, consultation_id, {error.field: invalid_value(error)}, {}, status)
    except (DomainError, ApplicationError) as error:
        return _page(slug, consultation_id, {"_": refusal(error)}, {}, 422)
    return _after(slug, consultation_id, recorded.position, _("Your support is recorded."))


@bp.route("/dialogues/<slug>/consultations/<consultation_id>/follow", methods=["POST"])
def follow(slug: str, consultation_id: str) -> Any:
    """``follow``: ``yes`` (mailed when it closes and when its synthesis is published) or ``no``."""
    citizen, elsewhere = _citizen_or_sign_up(slug, consultation_id)
    if elsewhere is not None:
        return elsewhere
    choice = request.form.get("follow", "")
    if choice not in ("yes", "no"):
        return _page(slug, consultation_id, {"_": _("“follow”: choose yes or no.")}, {}, 400)
    limits.spend_citizen_write(citizen.actor_id)
    app, dialogue_id = dialogues(), _dialogue_id(slug)
    try:
        if choice == "yes":
            app.follow_consultation(citizen.actor_id, dialogue_id, consultation_id)
        else:
            app.unfollow_consultation(citizen.actor_id, dialogue_id, consultation_id)
    except InvalidActError:
        abort(404)
    if choice == "yes":
        flash(_("You follow this consultation."), "info")
    else:
        flash(_("You no longer follow this consultation."), "info")
    return redirect(url_for("consultation.page", slug=slug, consultation_id=consultation_id), 303)


@bp.route(
    "/dialogues/<slug>/consultations/<consultation_id>/contributions/<contribution_id>/edit",
    methods=["GET", "POST"],
)
def edit(slug: str, consultation_id: str, contribution_id: str) -> Any:
    """The author's page of their contribution: a new version (while open), or its withdrawal (a tick
    confirms it)."""
    citizen, elsewhere = _citizen_or_sign_up(slug, consultation_id)
    if elsewhere is not None:
        return elsewhere
    dialogue_id = _dialogue_id(slug)
    own = dialogues().own_contribution(dialogue_id, consultation_id, contribution_id, citizen.actor_id)
    if own is None:
        abort(404)
    errors: dict[str, str] = {}
    typed = {"text": request.form.get("text", own["text"] or "")}
    status = 200
    if request.method == "POST":
        limits.spend_citizen_write(citizen.actor_id)
        ids = {"consultation_id": consultation_id, "contribution_id": contribution_id}
        withdraw = request.form.get("withdraw") == "yes"
        try:
            if withdraw and request.form.get("confirm") != "yes":
                raise InvalidActError("confirm", "tick it to confirm", code="required")
            recorded = (
                dialogues().withdraw_citizen_contribution(citizen.actor_id, dialogue_id, **ids)
                if withdraw
                else dialogues().edit_citizen_contribution(
                    citizen.actor_id, dialogue_id, text=typed["text"], **ids
                )
            )
        except InvalidActError as error:
            errors, status = {error.field: invalid_value(error)}, 400
        except (DomainError, ApplicationError) as error:
            errors, status = {"_": refusal(error)}, 422
        else:
            message = (
                _("Your contribution is withdrawn.") if withdraw else _("Your new version is published.")
            )
            return _after(slug, consultation_id, recorded.position, message)
    return render_template(
        "consultation/edit.html", slug=slug, consultation_id=consultation_id, own=own, errors=errors,
        typed=typed, text_max=TEXT_MAX,
    ), status  # fmt: skip
