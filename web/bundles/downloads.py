"""``/dialogues/<slug>/bundle.zip``: a public dialogue's bundle (``projections.bundle``), cached per head.

The bundle of the latest signed head is written once in ``BUNDLE_DIR`` (default: a folder of the
system's temporary directory), named after what its bytes depend on (``bundle.cache_key``), then
served from the file in chunks; a newer head or a shredded document makes a new one and the older
ones of the dialogue are removed. Counted per client address (``BUNDLE_RATE_LIMIT``). ``dialogue
export --bundle FILE`` writes the same bytes for the same head. A 404 for a dialogue not public (or
none), or before the log's first signed head.
"""

import os
import tempfile
from pathlib import Path
from typing import Any
from uuid import UUID

from flask import Blueprint, abort, current_app, send_file
from flask_babel import gettext as _

from application.errors import NotFoundError
from application.exports import dialogue_events, published_documents
from application.signing import witness_keys
from projections import bundle
from projections.merkle_log import read_head
from web.extensions import dialogues, read
from web.limits import spend_per_address

bp = Blueprint("bundles", __name__)


def folder() -> Path:
    configured = current_app.config.get("BUNDLE_DIR")
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / f"dialogue-bundles-{os.getuid()}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def public_dialogue(slug: str) -> dict[str, Any]:
    app = dialogues()
    try:
        dialogue_id = app.dialogue_id(slug)
    except NotFoundError:
        abort(404)
    if not app.visible_to(None, dialogue_id):
        abort(404)
    found = app.summary(dialogue_id)
    return {"dialogue_id": str(dialogue_id), "slug": found["slug"], "title": found["title"]}


@bp.get("/dialogues/<slug>/bundle.zip")
def download(slug: str) -> Any:
    spend_per_address("bundles", "BUNDLE_RATE_LIMIT")
    dialogue = public_dialogue(slug)
    with read() as sql:
        head = read_head(sql)
        if head is None:
            abort(404, description=_("No signed tree head."))
        log = bundle.log_part(sql, head)
    app, dialogue_id = dialogues(), UUID(dialogue["dialogue_id"])
    all_documents = list(app.documents(dialogue_id).values())
    key = bundle.cache_key(dialogue["dialogue_id"], head, all_documents)
    path = folder() / f"{dialogue['dialogue_id']}-{key}.zip"
    if not path.is_file():
        events = dialogue_events(app, dialogue_id, stop=int(head["last_position"]))
        documents, files = published_documents(app, dialogue_id, bundle.published(events))
        keys = witness_keys(current_app.config.get("WITNESS_KEYS"))
        content = bundle.bundle_files(dialogue, log, events, documents, files, keys)
        write_atomically(path, content, dialogue["dialogue_id"])
    return send_file(
        path,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"{dialogue['slug']}-{head['tree_size']}.zip",
        conditional=True,
        etag=key,
        max_age=60,
    )


def write_atomically(path: Path, files: list[tuple[str, bytes]], dialogue_id: str) -> None:
    """The bundle at ``path``, whole or not at all; the dialogue's older bundles removed."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        bundle.write_bundle(out, files)
    os.replace(temporary, path)
    for older in path.parent.glob(f"{dialogue_id}-*.zip"):
        if older != path:
            older.unlink(missing_ok=True)
