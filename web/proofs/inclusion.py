"""The inclusion proof of one act: a page for people, JSON for programs, a C2SP ``tlog-proof``.

``/transparency/proof/inclusion?position=P&size=N`` answers the page when the
client prefers HTML (a browser), the JSON otherwise (as it always did: scripts,
``curl``, the tests); ``.json`` and ``.tlog-proof`` after ``inclusion`` ask for
one format. The page says in plain words what is proven, shows the signed head,
the key's fingerprint and the audit path, and links to the other formats.
"""

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from flask import Response, abort, g, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError

from projections import merkle, merkle_checkpoints, merkle_note
from projections.merkle_log import leaf_at, read_head, read_key, read_leaves
from web.extensions import dialogues, read
from web.i18n.summaries import summarise


def number(name: str, *, required: bool = True) -> int | None:
    """The query parameter ``name``, a whole number of at least 1 (a 400 naming it otherwise)."""
    value = request.args.get(name)
    if value is None and not required:
        return None
    if value is None or not value.isdigit() or int(value) < 1:
        raise ValidationError({name: [_("%(name)s must be a whole number of at least 1", name=name)]})
    return int(value)


def signed_head(sql: Any, size: int | None) -> dict[str, Any]:
    """The head of ``size`` (default: the latest), or a 404 saying there is none."""
    head = read_head(sql, size)
    if head is None:
        message = (
            _("No signed tree head.")
            if size is None
            else _("No signed tree head of size %(size)s.", size=size)
        )
        abort(404, description=message)
    return head


def signed_at(head: dict[str, Any]) -> datetime:
    """When a head was signed (shown with the ``moment`` filter)."""
    return datetime.fromtimestamp(int(head["timestamp_ms"]) / 1000, UTC)


@dataclass
class Inclusion:
    position: int
    leaf: dict[str, Any]
    head: dict[str, Any]
    path: list[bytes]
    note: str | None
    """The head's signed checkpoint (with its cosignatures), if it has one."""
    key: dict[str, Any] | None

    def as_json(self, leaf_input: bytes | None = None) -> dict[str, Any]:
        """The proof; with the signed ``checkpoint`` note, and the act's ``leaf_input`` (base64) if given."""
        answer = {
            "position": self.position,
            "leaf_index": self.leaf["leaf_index"],
            "leaf_hash": self.leaf["leaf_hash"],
            "tree_size": self.head["tree_size"],
            "head": self.head,
            "proof": [node.hex() for node in self.path],
            "checkpoint": self.note,
        }
        if leaf_input is not None:
            answer["leaf_input"] = base64.b64encode(leaf_input).decode()
        return answer


def inclusion_of_request() -> Inclusion:
    position = number("position") or 0
    size = number("size", required=False)
    with read() as sql:
        head = signed_head(sql, size)
        leaf = leaf_at(sql, position)
        if leaf is None or leaf["leaf_index"] >= head["tree_size"]:
            message = _(
                "No event at position %(position)s in the tree of size %(size)s.",
                position=position,
                size=head["tree_size"],
            )
            abort(404, description=message)
        hashes = [bytes.fromhex(row["leaf_hash"]) for row in read_leaves(sql, head["tree_size"])]
        note = merkle_checkpoints.read_note(sql, head)
        key = read_key(sql)
    path = merkle.inclusion_proof(int(leaf["leaf_index"]), hashes)
    return Inclusion(position, leaf, head, path, note, key)


def prefers_html() -> bool:
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def inclusion() -> Any:
    """The page of the proof for a browser, the JSON for any other client."""
    proof = inclusion_of_request()
    if not prefers_html():
        return jsonify(proof.as_json(shown_leaf_input(proof.position)))
    summary, dialogue = described(proof.position)
    response = Response(
        render_template(
            "proofs/inclusion.html",
            proof=proof,
            summary=summary,
            dialogue=dialogue,
            signed_at=signed_at,
            alternates=alternates(),
        )
    )
    response.vary.add("Accept")
    return response


def inclusion_json() -> Any:
    """The proof as JSON, with what the leaf hashes when the act's dialogue shows to the reader.

    ``leaf_input`` is ``0x00`` and the act's canonical bytes (``merkle.leaf_input``): the browser
    recomputes the leaf hash from it (``static/proof-check.js``). It holds the act as stored (its
    personal data sealed), as ``dialogue export`` and the dialogue's bundle do.
    """
    proof = inclusion_of_request()
    return jsonify(proof.as_json(shown_leaf_input(proof.position)))


def shown_leaf_input(position: int) -> bytes | None:
    """The leaf input of the act at ``position`` if its dialogue shows to the reader, else None."""
    with read() as sql:
        row = sql.one("SELECT dialogue_id FROM audit_trail WHERE position = ?", (position,))
    app = dialogues()
    reader = g.account["login"] if g.get("account") else None
    if row is None or not app.visible_to(reader, UUID(str(row["dialogue_id"]))):
        return None
    (stored,) = app.recorder.select_notifications(position, 1)
    return merkle.leaf_input(
        stored.id, stored.originator_id, stored.originator_version, stored.topic, bytes(stored.state)
    )


def inclusion_tlog_proof() -> Any:
    """The proof as C2SP ``tlog-proof``: the index, the path, the signed checkpoint (404 without one)."""
    proof = inclusion_of_request()
    if proof.note is None:
        abort(404, description=_("This head has no signed checkpoint."))
    text = merkle_note.tlog_proof(int(proof.leaf["leaf_index"]), proof.path, proof.note)
    return Response(text, mimetype="text/plain")


def alternates() -> dict[str, str]:
    args: dict[str, Any] = request.args.to_dict()
    return {
        "json": url_for("transparency.inclusion_json", **args),
        "tlog": url_for("transparency.inclusion_tlog_proof", **args),
    }


def described(position: int) -> tuple[str | None, dict[str, Any] | None]:
    """The act at ``position`` in one plain sentence and its dialogue (slug, title), if the reader may see it.

    Nothing for an act of a dialogue not shown to the reader (not public yet) or an event that is no act.
    """
    with read() as sql:
        dialogue = sql.one(
            "SELECT d.dialogue_id, d.slug, d.title FROM audit_trail a"
            " JOIN stage_dialogues d ON d.dialogue_id = a.dialogue_id WHERE a.position = ?",
            (position,),
        )
    app = dialogues()
    reader = g.account["login"] if g.get("account") else None
    if dialogue is None or not app.visible_to(reader, UUID(str(dialogue["dialogue_id"]))):
        return None, None
    (notification,) = app.recorder.select_notifications(position, 1)
    try:
        return summarise(app.mapper.to_domain_event(notification), str(get_locale())[:2]), dialogue
    except ValueError:
        return None, dialogue
