"""The verifiable log (Merkle, RFC 9162): its page and JSON, under ``/transparency/``.

Not the transparency log of a dialogue (the fiche's read model, ``web.public``): the
verifiable log proves that no act was removed or changed. Its public URLs and the
blueprint's name (endpoint names ``transparency.*``) keep the name they were published with.

``/transparency/heads/latest`` and ``/transparency/heads``: the signed tree heads;
``/transparency/proof/inclusion?position=P&size=N``: the audit path of the event at
position P in the tree of the head of size N (default: the latest head);
``/transparency/proof/consistency?first=M&second=N``: that head M is a prefix of head N;
``/transparency/key``: the heads' public key (PEM) and its fingerprint, as the runner
registered it (``merkle_keys``: a web process holds no private key).
Hashes and signatures are lower-case hex. Errors are JSON too (``{"errors": {field: [message]}}``,
a 400 naming the parameter), worded in the reader's language.

``/transparency`` itself is the public HTML page that explains the log, shows its
signed heads and the key, and says how to verify an export.
"""

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from projections import merkle
from projections.merkle_log import DECISION_ADOPTED, leaf_at, read_head, read_heads, read_key, read_leaves
from web.extensions import read

bp = Blueprint("transparency", __name__, url_prefix="/transparency")


def _number(name: str, *, required: bool = True) -> int | None:
    value = request.args.get(name)
    if value is None and not required:
        return None
    if value is None or not value.isdigit() or int(value) < 1:
        raise ValidationError({name: [_("%(name)s must be a whole number of at least 1", name=name)]})
    return int(value)


def _head(sql: Any, size: int | None) -> dict[str, Any]:
    head = read_head(sql, size)
    if head is None:
        message = (
            _("No signed tree head.")
            if size is None
            else _("No signed tree head of size %(size)s.", size=size)
        )
        abort(404, description=message)
    return head


def head_time(head: dict[str, Any]) -> str:
    """When a head was signed, UTC, to the second (``2026-03-12 18:30:00 UTC``)."""
    moment = datetime.fromtimestamp(int(head["timestamp_ms"]) / 1000, UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def head_reason(head: dict[str, Any]) -> str:
    """Why a head was signed, in the reader's language: after an adopted decision, or periodically."""
    return str(_("adopted decision") if head["reason"] == DECISION_ADOPTED else _("periodic"))


PAGE_HEADS = 50
"""The newest heads listed on the page; all of them are in the JSON list it links to."""


@bp.get("", strict_slashes=False)
def page() -> Any:
    """The public page of the verifiable log: what it is, its signed heads, the key, how to verify."""
    with read() as sql:
        heads = read_heads(sql)
        signing_key = read_key(sql)
    return render_template(
        "proofs/index.html",
        latest=heads[-1] if heads else None,
        heads=list(reversed(heads))[:PAGE_HEADS],
        head_time=head_time,
        head_reason=head_reason,
        signing_key=signing_key,
    )


@bp.get("/key")
def key() -> Any:
    with read() as sql:
        signing_key = read_key(sql)
    if signing_key is None:
        abort(404, description=_("No signing key registered yet: the projection runner has not started."))
    return jsonify(
        algorithm="Ed25519",
        public_key_pem=signing_key["public_key_pem"],
        fingerprint=signing_key["key_fingerprint"],
    )


@bp.get("/heads/latest")
def latest_head() -> Any:
    with read() as sql:
        return jsonify(_head(sql, None))


@bp.get("/heads")
def heads() -> Any:
    with read() as sql:
        signing_key = read_key(sql)
        fingerprint = None if signing_key is None else signing_key["key_fingerprint"]
        return jsonify(heads=read_heads(sql), fingerprint=fingerprint)


@bp.get("/proof/inclusion")
def inclusion() -> Any:
    position = _number("position")
    size = _number("size", required=False)
    with read() as sql:
        head = _head(sql, size)
        leaf = leaf_at(sql, position or 0)
        if leaf is None or leaf["leaf_index"] >= head["tree_size"]:
            message = _(
                "No event at position %(position)s in the tree of size %(size)s.",
                position=position,
                size=head["tree_size"],
            )
            abort(404, description=message)
        hashes = [bytes.fromhex(row["leaf_hash"]) for row in read_leaves(sql, head["tree_size"])]
    proof = merkle.inclusion_proof(int(leaf["leaf_index"]), hashes)
    return jsonify(
        position=position,
        leaf_index=leaf["leaf_index"],
        leaf_hash=leaf["leaf_hash"],
        tree_size=head["tree_size"],
        head=head,
        proof=[node.hex() for node in proof],
    )


@bp.get("/proof/consistency")
def consistency() -> Any:
    first, second = _number("first"), _number("second")
    if first is None or second is None or first > second:
        raise ValidationError({"first": [_("first must not be larger than second")]})
    with read() as sql:
        first_head, second_head = _head(sql, first), _head(sql, second)
        hashes = [bytes.fromhex(row["leaf_hash"]) for row in read_leaves(sql, second)]
    proof = merkle.consistency_proof(first, hashes)
    return jsonify(first=first_head, second=second_head, proof=[node.hex() for node in proof])
