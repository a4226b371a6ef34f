"""The files of public documents, served so that no browser runs them, and what pages show of them.

A file is served as an attachment (an image inline), with ``X-Content-Type-Options: nosniff`` and
a Content-Security-Policy that sandboxes it: an uploaded file can never act as a page of this site.
A shredded document answers 410 with its public reason; pages still list it, as removed.
"""

from typing import Any

from flask import Blueprint, Flask, Response, abort, jsonify
from flask_babel import format_decimal
from flask_babel import gettext as _

from projections.documents import documents_of, public_document, public_index
from web.extensions import dialogues, projected, read

bp = Blueprint("documents", __name__, url_prefix="/documents")

FILE_POLICY = "default-src 'none'; sandbox"
"""A served file may load nothing and runs as a sandboxed, unique origin."""

TYPE_NAMES = {
    "application/pdf": "PDF",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "text/csv": "CSV",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}
"""How people name the types of files."""


def type_name(media_type: str) -> str:
    return TYPE_NAMES.get(media_type, media_type)


def size_text(size: int) -> str:
    """A size as people read it, in the reader's language: ``1,2 Mo``, ``1.2 MB``, ``340 kB``."""
    if size < 1000:
        return str(_("%(size)s bytes", size=size))
    if size < 1000 * 1000:
        return str(_("%(size)s kB", size=format_decimal(round(size / 1000, 1))))
    return str(_("%(size)s MB", size=format_decimal(round(size / 1000 / 1000, 1))))


def public_documents(dialogue_id: Any, item_kind: str, item_id: Any = "") -> list[dict[str, Any]]:
    """The documents of one item of a public page (``item_kind`` "dialogue": the dialogue's own;
    ``item_id`` None: of every item of that kind)."""
    with read() as sql:
        found = [d for d in documents_of(sql, str(dialogue_id)) if d["item_kind"] == item_kind]
    return found if item_id is None else [d for d in found if d["item_id"] == str(item_id or "")]


@bp.get("/index/<slug>.json")
def index_json(slug: str) -> Any:
    """Open data: every document of a public dialogue, with its SHA-256 and the act that published it."""
    found = projected(slug, lambda sql, dialogue_id: public_index(sql, str(dialogue_id)))
    listed = [{key: value for key, value in d.items() if key != "dialogue_id"} for d in found]
    return jsonify({"dialogue": slug, "documents": listed})


@bp.get("/<document_id>/<path:filename>")
def download(document_id: str, filename: str) -> Response:
    """The file of a public document; 404 if there is none, 410 once shredded."""
    with read() as sql:
        document = public_document(sql, document_id)
    if document is None or document["filename"] != filename:
        abort(404)
    content = None if document["shredded"] else dialogues().document_content(document["sha256"])
    if content is None:
        abort(410, description=_("This document was removed: %(reason)s", reason=document["shredded"] or "—"))
    response = Response(content, mimetype=document["media_type"])
    disposition = "inline" if document["media_type"].startswith("image/") else "attachment"
    response.headers.set("Content-Disposition", disposition, filename=document["filename"])
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["Cache-Control"] = "public, max-age=300"
    response.set_etag(document["sha256"])
    return response


def init_app(app: Flask) -> None:
    app.add_template_global(public_documents)
    app.add_template_filter(type_name, "document_type")
    app.add_template_filter(size_text, "document_size")
