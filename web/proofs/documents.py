"""A document's proof: the SHA-256 the act published, how to compute it, and the act's own proof.

Anyone who downloaded the file can check it is the one published: its SHA-256 (computed by their
own tool, or by this page in their browser, without sending the file) must equal the hash carried
by the act that attached it, an act of the verifiable log.
"""

from typing import Any

from flask import Blueprint, abort, render_template

from projections.documents import public_document
from web.extensions import read

bp = Blueprint("document_proofs", __name__, url_prefix="/documents")


@bp.get("/<document_id>/proof")
def proof(document_id: str) -> Any:
    with read() as sql:
        document = public_document(sql, document_id)
    if document is None:
        abort(404)
    return render_template("proofs/document.html", document=document)
