"""The open data of a public dialogue's comments (``/dialogues/<slug>/open-data/comments.csv`` and
``.json``), like the public's contributions: each comment's item, the comment it replies to, its
dates and versions, its author as the page shows them (a citizen's pseudonym; a participant's role,
organisation, and name only if public), its moderation (``hidden``, ``shredded`` or ""), its text
("" once withdrawn, hidden by the moderation or removed for a legal reason).
Never an account's login nor a citizen's id."""

import json
from typing import Any

from flask import Response, abort

from application.errors import NotFoundError
from projections.comments import dialogue_comments
from web.comments.pages import bp
from web.extensions import dialogues, read
from web.public.opendata import LICENCE, to_csv

COLUMNS = (
    "comment_id", "target", "target_id", "parent_id", "posted_at", "edited_at", "versions", "withdrawn",
    "removed", "moderation", "author_kind", "author", "author_organisation", "author_role", "text",
)  # fmt: skip


def rows(slug: str) -> list[dict[str, Any]]:
    """The dialogue's comments in the order they were posted; 404 unless its approach is public."""
    app = dialogues()
    try:
        dialogue_id = app.dialogue_id(slug)
        app.check_visible(None, dialogue_id)
    except NotFoundError:
        abort(404)
    with read() as sql:
        found = dialogue_comments(sql, str(dialogue_id))
    texts = app.comment_texts(found, dialogue_id)
    moderated = app.moderated_items(dialogue_id, "comment")
    authors = app.comment_authors(dialogue_id, [row["author_id"] for row in found])
    shown = []
    for row in found:
        withdrawn, text = row["withdrawn_at"] is not None, texts[row["comment_id"]]
        moderation = moderated.get(row["comment_id"], {}).get("state", "")
        author = authors.get(row["author_id"], {"name": "", "organisation": ""})
        shown.append({
            "comment_id": row["comment_id"], "target": row["target"], "target_id": row["target_id"],
            "parent_id": row["parent_id"] or "", "posted_at": row["posted_at"],
            "edited_at": row["edited_at"] or "",
            "versions": row["versions"], "withdrawn": withdrawn,
            "removed": text is None and moderation != "hidden", "moderation": moderation,
            "author_kind": "citizen" if row["pseudonym"] else "participant",
            "author": row["pseudonym"] or author["name"], "author_organisation": author["organisation"],
            "author_role": row["author_role"], "text": "" if withdrawn or text is None else text,
        })  # fmt: skip
    return shown


def _download(body: str, content_type: str, filename: str) -> Response:
    return Response(
        body,
        content_type=f"{content_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/dialogues/<slug>/open-data/comments.csv")
def comments_csv(slug: str) -> Response:
    return _download(to_csv(iter(rows(slug))), "text/csv", f"{slug}-comments.csv")


@bp.get("/dialogues/<slug>/open-data/comments.json")
def comments_json(slug: str) -> Response:
    body = json.dumps({"licence": LICENCE, "comments": rows(slug)}, ensure_ascii=False, indent=1)
    return _download(body, "application/json", f"{slug}-comments.json")
