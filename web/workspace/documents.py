"""The workspace's document forms: attach a file to an item, publish a new version, shred one.

The body of a file may be as large as a document (``web.documents.uploads``): the CSRF token is
checked here, once the request's size limit is raised, and not before the view as for other forms.
"""

from typing import Any

from flask import Blueprint, g, render_template, request

from application.errors import NotFoundError
from domain.documents import MEDIA_TYPES
from web import limits
from web.auth.views import login_required
from web.documents import uploads
from web.extensions import dialogues
from web.schemas import ACT_FORMS
from web.security import csrf
from web.workspace.pages import submitted

bp = Blueprint("workspace_documents", __name__, url_prefix="/workspace")

DOCUMENT_ACTS = ("document-attached", "document-superseded", "document-shredded")
ACCEPT = ",".join(f".{extension}" for names in MEDIA_TYPES.values() for extension in names)
"""The file input's ``accept``: the extensions of the accepted types."""


@bp.route("/dialogues/<slug>/documents/<act>", methods=["GET", "POST"])
@csrf.exempt  # type: ignore[untyped-decorator]  # Flask-WTF's decorator is not typed
@login_required
@limits.writes
def form(slug: str, act: str) -> Any:
    """The form of a document act; on success back to the dialogue with a message."""
    if request.method == "POST":
        uploads.allow_upload()
        csrf.protect()
    if act not in DOCUMENT_ACTS:
        raise NotFoundError(f"no act {act}", code="no-act", params={"name": act})
    app = dialogues()
    login = g.account["login"]
    dialogue_id = app.dialogue_id(slug)
    app.check_role(login, dialogue_id, act)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        data = uploads.multipart_data()
        if "item" in data:  # one choice, "kind:id", for the item's kind and id
            data["item_kind"], _sep, data["item_id"] = str(data.pop("item")).partition(":")
        form = ACT_FORMS[act]
        back, errors, status = submitted(
            slug, act, lambda: form.record(app, login, dialogue_id, form.load(data))
        )
        if back is not None:
            return back
    documents = [d for d in app.documents(dialogue_id).values() if d["shredded"] is None]
    if act == "document-superseded":
        documents = [d for d in documents if d["superseded_by"] is None]
    page = render_template(
        "workspace/document.html",
        slug=slug,
        act=act,
        title=app.title(dialogue_id),
        items=app.document_items(dialogue_id) if act == "document-attached" else [],
        documents=documents,
        accept=ACCEPT,
        values=request.form,
        errors=errors,
    )
    return page, status
