"""What a public page shows of an item's comments: a page of them, each with its replies, its author
(a citizen's pseudonym; a participant's organisation and role, their name only if public), its dates,
"edited", or the notice of its withdrawal, of its hiding by the moderation (the public reason) or of
its shredding; the link to report it; and the forms of a reader who may comment.

Drawn on every request, beside the page's cached content: the forms and "edit" links depend on who
reads. The texts are opened through the vault (``DialogueApp.comment_texts``).
"""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from flask import g, request

from domain.comment import TEXT_MAX
from projections.comments import comments_page
from web.extensions import dialogues, read

PAGE_ARG = "comments"
"""The query parameter of a thread's page (``?comments=2``)."""
PAGE_MAX = 10_000


@dataclass(frozen=True)
class CommentForm:
    """A comment form sent back refused: to which comment it replied ("" for a new one), what was
    typed, and the errors by field (``_`` for the act as a whole)."""

    parent_id: str = ""
    typed: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def summary(self, prefix: str) -> list[tuple[str | None, str]]:
        """The error summary's items: the text's error a link to its field (ids ``<prefix>-text``)."""
        return [
            (f"{prefix}-text" if name == "text" else None, message) for name, message in self.errors.items()
        ]


def reader(citizen: Any) -> str | None:
    """Who reads: the signed-in account's login, else the signed-in citizen's actor id (``citizen``:
    ``web.consultation.citizens.signed_in_citizen()``), else None."""
    if g.get("account"):
        return str(g.account["login"])
    return None if citizen is None else str(citizen.actor_id)


def page_number() -> int:
    asked = request.args.get(PAGE_ARG, "1")
    return int(asked) if asked.isdigit() and 0 < int(asked) <= PAGE_MAX else 1


def thread(
    dialogue_id: UUID,
    target: str,
    target_id: str,
    *,
    who: str | None,
    honeypot: str,
    form: CommentForm | None = None,
    page: int | None = None,
) -> dict[str, Any]:
    """An item's thread as ``templates/comments/_thread.html`` draws it for ``who`` (:func:`reader`);
    ``honeypot``: the name of the field a person leaves empty (the citizens' forms')."""
    number = page_number() if page is None else page
    with read() as sql:
        paged = comments_page(sql, str(dialogue_id), target_id, number)
    rows = [*paged.comments, *(reply for c in paged.comments for reply in c["replies"])]
    if form is not None and form.parent_id not in {c["comment_id"] for c in paged.comments}:
        form = CommentForm("", form.typed, form.errors)  # no reply form answers it here: the new comment's
    app = dialogues()
    moderated = app.moderated_items(dialogue_id, "comment")
    texts = app.comment_texts(rows, dialogue_id)
    authors = app.comment_authors(dialogue_id, [row["author_id"] for row in rows])

    def shown(row: dict[str, Any]) -> dict[str, Any]:
        participant = authors.get(row["author_id"], {"name": "", "organisation": ""})
        return {
            "id": row["comment_id"], "text": texts[row["comment_id"]], "posted_at": row["posted_at"],
            "edited_at": row["edited_at"], "withdrawn": row["withdrawn_at"] is not None,
            "pseudonym": row["pseudonym"], "role": row["author_role"], **participant,
            "moderation": moderated.get(row["comment_id"]),
            "own": who is not None and who == row["author_id"],
            "replies": [shown(reply) for reply in row.get("replies", [])],
        }  # fmt: skip

    return {
        "target": target, "target_id": target_id, "comments": [shown(c) for c in paged.comments],
        "paged": paged, "signed_in": who is not None,
        "may_comment": who is not None and app.may_comment(who, dialogue_id, target, target_id),
        "form": form or CommentForm(), "text_max": TEXT_MAX, "honeypot": honeypot, "page_arg": PAGE_ARG,
    }  # fmt: skip
