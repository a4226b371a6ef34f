"""The forms of comments, posted from the public pages by a signed-in participant or citizen: a
comment or a reply (``POST /dialogues/<slug>/comments``), a new version of one's own
(``/dialogues/<slug>/comments/<id>/edit``), its withdrawal (``.../withdraw``).

Each write is counted like the author's other writes (an account's ``WRITE_RATE_LIMIT``, a
citizen's ``CITIZEN_WRITE_RATE_LIMIT``); a filled honeypot, a field out of its bounds or a reply to a
reply is refused naming the field (400), and the item's page is drawn again with the form's errors.
"""

from typing import Any
from uuid import UUID

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from application.errors import ApplicationError, NotAuthorisedError, NotFoundError
from domain.comment import TEXT_MAX
from domain.errors import DomainError, InvalidActError
from web import limits
from web.comments.threads import CommentForm, reader
from web.consultation.citizens import HONEYPOT, signed_in_citizen
from web.extensions import brought_up_to, dialogues
from web.i18n.domain_messages import invalid_value, refusal
from web.schemas.comments import EditComment, PostComment
from web.schemas.messages import flatten

bp = Blueprint("comments", __name__)

NAMES = {"proposal": "proposals", "agreement": "agreements"}
"""The public list of the items whose page shows their comments."""


def _dialogue_id(slug: str) -> UUID:
    try:
        return dialogues().dialogue_id(slug)
    except NotFoundError:
        abort(404)


def _writer() -> str:
    """The signed-in account or citizen, their write counted; 403 for whom is neither."""
    who = reader(signed_in_citizen())
    if who is None:
        abort(403)
    if g.get("account"):
        limits.spend_write(who)
    else:
        limits.spend_citizen_write(who)
    return who


def _item_url(slug: str, dialogue_id: UUID, target: str, target_id: str, anchor: str) -> str:
    """The public page of the item a comment is on, at ``anchor``; 400 naming ``target`` otherwise."""
    if target in NAMES:
        return url_for("public.item", slug=slug, name=NAMES[target], item_id=target_id, _anchor=anchor)
    consultation = dialogues().consultation_of(dialogue_id, target_id) if target == "contribution" else None
    if consultation is None:
        abort(400)
    return url_for("consultation.page", slug=slug, consultation_id=consultation, _anchor=anchor)


def _item_page(
    slug: str, dialogue_id: UUID, target: str, target_id: str, form: CommentForm, status: int
) -> Any:
    """The item's page drawn again with the refused form."""
    from web.consultation.pages import consultation_page
    from web.public.items import item_page

    if target in NAMES:
        return item_page(slug, NAMES[target], target_id, comment_form=form, status=status)
    consultation = dialogues().consultation_of(dialogue_id, target_id) if target == "contribution" else None
    if consultation is None:
        abort(400)
    return consultation_page(slug, consultation, comment_form=(target_id, form), status=status)


def _refused(error: ValidationError | DomainError | ApplicationError) -> tuple[dict[str, str], int]:
    """The errors by field and the status of a refused comment."""
    if isinstance(error, ValidationError):
        return {key: " ".join(messages) for key, messages in flatten(error.messages).items()}, 400
    if isinstance(error, InvalidActError):
        return {error.field: invalid_value(error)}, 400
    if isinstance(error, NotAuthorisedError):
        return {"_": refusal(error)}, 403
    return {"_": refusal(error)}, 422


@bp.post("/dialogues/<slug>/comments")
def post(slug: str) -> Any:
    """A comment or a reply; back to its item's page, at the comment."""
    dialogue_id = _dialogue_id(slug)
    who = _writer()
    typed = {name: request.form.get(name, "") for name in ("target", "target_id", "parent_id", "text")}
    target, target_id = typed["target"], typed["target_id"]
    form = CommentForm(typed["parent_id"], typed)
    if request.form.get(HONEYPOT, "").strip():
        errors = {HONEYPOT: _("This field must stay empty.")}
        return _item_page(
            slug, dialogue_id, target, target_id, CommentForm(form.parent_id, typed, errors), 400
        )
    try:
        data = PostComment().load({k: v for k, v in typed.items() if v or k != "parent_id"})
        recorded = dialogues().post_comment(who, dialogue_id, **data)
    except (ValidationError, DomainError, ApplicationError) as error:
        errors, status = _refused(error)
        if "target" in errors or "target_id" in errors:
            abort(400)  # not a form a page drew: nothing to draw it again on
        return _item_page(
            slug, dialogue_id, target, target_id, CommentForm(form.parent_id, typed, errors), status
        )
    brought_up_to(recorded.position)
    flash(_("Your comment is published."), "info")
    return redirect(_item_url(slug, dialogue_id, target, target_id, f"comment-{recorded.id}"), 303)


@bp.route("/dialogues/<slug>/comments/<comment_id>/edit", methods=["GET", "POST"])
def edit(slug: str, comment_id: str) -> Any:
    """The author's form of a new version of their comment."""
    dialogue_id = _dialogue_id(slug)
    found = _own(dialogue_id, comment_id)
    errors: dict[str, str] = {}
    status = 200
    typed = found["text"] or ""
    if request.method == "POST":
        who = _writer()
        typed = request.form.get("text", "")
        try:
            data = EditComment().load({"comment_id": comment_id, "text": typed})
            recorded = dialogues().edit_comment(who, dialogue_id, **data)
        except (ValidationError, DomainError, ApplicationError) as error:
            errors, status = _refused(error)
        else:
            brought_up_to(recorded.position)
            flash(_("Your comment is edited."), "info")
            url = _item_url(slug, dialogue_id, found["target"], found["target_id"], f"comment-{comment_id}")
            return redirect(url, 303)
    back = _item_url(slug, dialogue_id, found["target"], found["target_id"], f"comment-{comment_id}")
    page = render_template(
        "comments/edit.html", slug=slug, comment_id=comment_id, text=typed, errors=errors, back=back,
        text_max=TEXT_MAX, summary=CommentForm(errors=errors).summary("f"),
    )  # fmt: skip
    return page, status


@bp.post("/dialogues/<slug>/comments/<comment_id>/withdraw")
def withdraw(slug: str, comment_id: str) -> Response:
    """The author withdraws their comment: its page says so instead of its text."""
    dialogue_id = _dialogue_id(slug)
    found = _own(dialogue_id, comment_id)
    who = _writer()
    try:
        recorded = dialogues().withdraw_comment(who, dialogue_id, UUID(found["comment_id"]))
    except (DomainError, ApplicationError) as error:
        errors, status = _refused(error)
        abort(status, errors.popitem()[1])
    brought_up_to(recorded.position)
    flash(_("Your comment is withdrawn."), "info")
    return redirect(
        _item_url(slug, dialogue_id, found["target"], found["target_id"], f"comment-{comment_id}"), 303
    )


def _own(dialogue_id: UUID, comment_id: str) -> dict[str, Any]:
    """The reader's own comment, not withdrawn; 404 for another's or none, 403 for nobody signed in."""
    who = reader(signed_in_citizen())
    if who is None:
        abort(403)
    try:
        found = dialogues().comment(dialogue_id, comment_id)
    except NotFoundError:
        abort(404)
    if found["author_id"] != who or found["withdrawn"]:
        abort(404)
    return found
