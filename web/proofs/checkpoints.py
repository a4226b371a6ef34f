"""The signed heads as C2SP checkpoints, the log's verifier key, and the witnesses' cosignatures.

``/transparency/checkpoint`` (the latest) and ``/transparency/checkpoint/<size>``:
the signed note (``text/plain``), the log's signature then the cosignatures of
the witnesses; ``/transparency/checkpoint/key``: the log's verifier key.
``POST /transparency/cosignatures`` takes ``{"tree_size": N, "cosignature":
"— <witness> <base64>"}`` from a witness listed in ``WITNESS_KEYS`` (verifier
keys of type 0x04); the line must verify over the head's checkpoint. Counted
per client address (``COSIGNATURE_RATE_LIMIT``), bounded (``MAX_COSIGNATURE_BYTES``);
a 400 names the field at fault.
"""

import time
from datetime import UTC, datetime
from typing import Any

from flask import Response, abort, current_app, request
from flask.sansio.app import App
from flask_babel import gettext as _
from marshmallow import ValidationError
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from application.settings import SettingsError
from application.signing import witness_keys, witness_warn_after
from projections import merkle_checkpoints, merkle_note
from projections.merkle_log import read_head, read_key
from projections.verify_log import load_public_key
from web.extensions import read, runner
from web.limits import spend_per_address
from web.proofs.inclusion import signed_head

MAX_COSIGNATURE_BYTES = 4096
FUTURE_SECONDS = 600
"""A cosignature may be dated this far ahead of the server's clock."""
TEXT = "text/plain; charset=utf-8"


def configure(app: App) -> None:
    """Read ``WITNESS_KEYS`` and ``WITNESS_WARN_AFTER`` once, at start: SettingsError saying what is wrong."""
    keys = {}
    for text in witness_keys(app.config.get("WITNESS_KEYS")):
        try:
            key = merkle_note.parse_verifier_key(text)
        except merkle_note.NoteError as error:
            raise SettingsError(f"WITNESS_KEYS: {text!r}: {error}") from None
        if key.kind != merkle_note.COSIGNATURE:
            raise SettingsError(f"WITNESS_KEYS: {text!r} is not a cosignature key (type 0x04)")
        keys[key.name] = key
    app.extensions["witnesses"] = keys
    app.extensions["witness_warn_after"] = witness_warn_after(app.config.get("WITNESS_WARN_AFTER"))


def witnesses() -> dict[str, merkle_note.VerifierKey]:
    """The witnesses the platform accepts (``WITNESS_KEYS``), by name."""
    known: dict[str, merkle_note.VerifierKey] = current_app.extensions["witnesses"]
    return known


def note_of(size: int | None) -> str:
    with read() as sql:
        note = merkle_checkpoints.read_note(sql, signed_head(sql, size))
    if note is None:
        abort(404, description=_("This head has no signed checkpoint."))
    return note


def latest_checkpoint() -> Any:
    return Response(note_of(None), content_type=TEXT)


def checkpoint(size: int) -> Any:
    return Response(note_of(size), content_type=TEXT)


def log_verifier_key(sql: Any) -> merkle_note.VerifierKey | None:
    """The log's key as a note verifier key, named after the origin of its latest checkpoint."""
    key, head = read_key(sql), read_head(sql)
    row = None
    if head is not None:
        row = sql.one(
            f"SELECT origin FROM {merkle_checkpoints.CHECKPOINTS} WHERE tree_size = ?",  # noqa: S608
            (head["tree_size"],),
        )
    if key is None or row is None:
        return None
    raw = load_public_key(key["public_key_pem"]).public_bytes_raw()
    return merkle_note.verifier_key(row["origin"], raw)


def verifier_key() -> Any:
    with read() as sql:
        key = log_verifier_key(sql)
    if key is None:
        abort(404, description=_("This head has no signed checkpoint."))
    return Response(f"{key}\n", content_type=TEXT)


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def cosign() -> Any:
    """Store a witness's cosignature of a head, once it verifies."""
    spend_per_address("cosignatures", "COSIGNATURE_RATE_LIMIT")
    if (request.content_length or 0) > MAX_COSIGNATURE_BYTES:
        raise _refuse(
            "_schema", _("A cosignature is sent in at most %(bytes)s bytes.", bytes=MAX_COSIGNATURE_BYTES)
        )
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise _refuse("_schema", _("Send a JSON object with tree_size and cosignature."))
    size = body.get("tree_size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise _refuse("tree_size", _("tree_size must be a whole number of at least 1"))
    text = body.get("cosignature")
    if not isinstance(text, str) or len(text) > MAX_COSIGNATURE_BYTES:
        raise _refuse("cosignature", _("cosignature must be one signature line"))
    try:
        line = merkle_note.parse_signature_line(text.removesuffix("\n"))
        timestamp, signature = merkle_note.cosignature_time(line)
    except merkle_note.NoteError as error:
        reason = _("cosignature is not a C2SP cosignature line (%(reason)s)", reason=str(error))
        raise _refuse("cosignature", reason) from None
    witness = witnesses().get(line.name)
    if witness is None or witness.key_id != line.key_id:
        raise _refuse("cosignature", _("This witness is not one the platform accepts."))
    if timestamp > time.time() + FUTURE_SECONDS:
        raise _refuse("cosignature", _("The cosignature is dated in the future."))
    with read() as sql:
        head = read_head(sql, size)
        note = None if head is None else merkle_checkpoints.read_note(sql, head)
    if head is None or note is None:
        raise _refuse("tree_size", _("No signed checkpoint of size %(size)s.", size=size))
    checkpoint_text, _signatures = merkle_note.split_note(note)
    try:
        VerifyKey(witness.public_key).verify(
            merkle_note.cosigned_message(checkpoint_text, timestamp), signature
        )
    except BadSignatureError:
        raise _refuse("cosignature", _("The cosignature does not verify over this checkpoint.")) from None
    with runner().store.transaction(commit=True) as sql:
        merkle_checkpoints.record_cosignature(sql, size, line, timestamp)
    return {"tree_size": size, "witness": line.name, "timestamp": timestamp}, 201


def witness_status(sql: Any, head: dict[str, Any] | None) -> dict[str, Any]:
    """For the page: the latest head's cosignatures, and whether it has waited too long for one."""
    if head is None:
        return {"cosignatures": [], "late": False, "witnesses": sorted(witnesses())}
    cosignatures = [
        {**row, "when": datetime.fromtimestamp(int(row["timestamp"]), UTC)}
        for row in merkle_checkpoints.read_cosignatures(sql, int(head["tree_size"]))
    ]
    wait = int(current_app.extensions["witness_warn_after"])
    late = not cosignatures and time.time() - int(head["timestamp_ms"]) / 1000 > wait
    return {"cosignatures": cosignatures, "late": late, "witnesses": sorted(witnesses())}
