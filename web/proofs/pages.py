"""The verifiable log (Merkle, RFC 9162): its page and JSON, under ``/transparency/``.

Not the transparency log of a dialogue (the fiche's read model, ``web.public``): the
verifiable log proves that no act was removed or changed. Its public URLs and the
blueprint's name (endpoint names ``transparency.*``) keep the name they were published with.

``/transparency/heads/latest`` and ``/transparency/heads``: the signed tree heads;
``/transparency/proof/inclusion?position=P&size=N``: the audit path of the event at
position P in the tree of the head of size N (default: the latest head), a page for a
browser and JSON for other clients (``web.proofs.inclusion``, with ``.json`` and
``.tlog-proof``); ``/transparency/checkpoint`` and the witnesses' cosignatures:
``web.proofs.checkpoints``;
``/transparency/proof/consistency?first=M&second=N``: that head M is a prefix of head N;
``/transparency/key``: the heads' public key (PEM) and its fingerprint, as the runner
registered it (``merkle_keys``: a web process holds no private key).
Hashes and signatures are lower-case hex. Errors under ``/transparency/`` are JSON
(``{"errors": {field: [message]}}``, a 400 naming the parameter), worded in the reader's language.

``/transparency`` itself is the public HTML page: what the log guarantees, in plain
words, then its signed heads, the key, the witnesses, and how to verify an export.
"""

from typing import Any

from flask import Blueprint, abort, jsonify, render_template
from flask_babel import gettext as _
from marshmallow import ValidationError

from projections import merkle
from projections.merkle_log import DECISION_ADOPTED, read_heads, read_key, read_leaves
from web.extensions import read
from web.proofs import checkpoints, inclusion
from web.proofs.inclusion import number, signed_at, signed_head
from web.security import csrf

bp = Blueprint("transparency", __name__, url_prefix="/transparency")
bp.record_once(lambda state: checkpoints.configure(state.app))


def head_reason(head: dict[str, Any]) -> str:
    """Why a head was signed, in the reader's language: after an adopted decision, or periodically."""
    return str(_("adopted decision") if head["reason"] == DECISION_ADOPTED else _("periodic"))


PAGE_HEADS = 50
"""The newest heads listed on the page; all of them are in the JSON list it links to."""


@bp.get("", strict_slashes=False)
def page() -> Any:
    """The public page of the verifiable log: what it guarantees, its signed heads, the key, the witnesses."""
    with read() as sql:
        heads = read_heads(sql)
        signing_key = read_key(sql)
        latest = heads[-1] if heads else None
        witnessing = checkpoints.witness_status(sql, latest)
        verifier_key = checkpoints.log_verifier_key(sql)
    return render_template(
        "proofs/index.html",
        latest=latest,
        heads=list(reversed(heads))[:PAGE_HEADS],
        signed_at=signed_at,
        head_reason=head_reason,
        signing_key=signing_key,
        verifier_key=verifier_key,
        witnessing=witnessing,
    )


@bp.get("/key")
def key() -> Any:
    with read() as sql:
        signing_key = read_key(sql)
        verifier_key = checkpoints.log_verifier_key(sql)
    if signing_key is None:
        abort(404, description=_("No signing key registered yet: the projection runner has not started."))
    return jsonify(
        algorithm="Ed25519",
        public_key_pem=signing_key["public_key_pem"],
        fingerprint=signing_key["key_fingerprint"],
        verifier_key=None if verifier_key is None else str(verifier_key),
    )


@bp.get("/heads/latest")
def latest_head() -> Any:
    with read() as sql:
        return jsonify(signed_head(sql, None))


@bp.get("/heads")
def heads() -> Any:
    with read() as sql:
        signing_key = read_key(sql)
        fingerprint = None if signing_key is None else signing_key["key_fingerprint"]
        return jsonify(heads=read_heads(sql), fingerprint=fingerprint)


bp.add_url_rule("/proof/inclusion", view_func=inclusion.inclusion)
bp.add_url_rule("/proof/inclusion.json", view_func=inclusion.inclusion_json)
bp.add_url_rule("/proof/inclusion.tlog-proof", view_func=inclusion.inclusion_tlog_proof)
bp.add_url_rule("/checkpoint", view_func=checkpoints.latest_checkpoint)
bp.add_url_rule("/checkpoint/<int:size>", view_func=checkpoints.checkpoint)
bp.add_url_rule("/checkpoint/key", view_func=checkpoints.verifier_key)
bp.add_url_rule("/cosignatures", view_func=csrf.exempt(checkpoints.cosign), methods=["POST"])


@bp.get("/proof/consistency")
def consistency() -> Any:
    first, second = number("first"), number("second")
    if first is None or second is None or first > second:
        raise ValidationError({"first": [_("first must not be larger than second")]})
    with read() as sql:
        first_head, second_head = signed_head(sql, first), signed_head(sql, second)
        hashes = [bytes.fromhex(row["leaf_hash"]) for row in read_leaves(sql, second)]
    proof = merkle.consistency_proof(first, hashes)
    return jsonify(first=first_head, second=second_head, proof=[node.hex() for node in proof])
