"""A document's proof: the SHA-256 the act published, how to compute it, and the act's own proof.

Anyone who downloaded the file can check it is the one published: its SHA-256 (computed by their
own tool, or by this page in their browser, without sending the file) must equal the hash carried
by the act that attached it, an act of the verifiable log.
"""

from typing import Any

from flask import Blueprint, abort, render_template

from projections import merkle_checkpoints
from projections.documents import public_document
from projections.merkle_log import leaf_at, read_head
from web.extensions import read

bp = Blueprint("document_proofs", __name__, url_prefix="/documents")


@bp.get("/<document_id>/proof")
def proof(document_id: str) -> Any:
    with read() as sql:
        document = public_document(sql, document_id)
        if document is None:
            abort(404)
        head, leaf = read_head(sql), leaf_at(sql, int(document["position"]))
        checkable = (
            head is not None
            and leaf is not None
            and int(leaf["leaf_index"]) < int(head["tree_size"])
            and merkle_checkpoints.read_note(sql, head) is not None
        )
    return render_template("proofs/document.html", document=document, checkable=checkable)
