"""What may be moderated: a small registry, item kind -> how to find an item of that kind in its
dialogue (its author, the key its text is sealed under, its text, its public page).

``contribution`` covers a citizen's contribution to a public consultation (its text sealed under
the contribution's own key: it can be hidden or shredded) and a participant's contribution to the
shared diagnosis (its text recorded in clear: it can be hidden only); ``comment`` a comment or reply
(sealed under the comment's own key); ``answer`` one free text of a questionnaire's answer (sealed
under its own key, its ``text_id``; its author is the respondent's token, never the account).
Another kind is one entry:

    @finds("kind")
    def kind(app, dialogue, item_id):
        found = ...  # the item, in this dialogue
        return None if found is None else Item(
            "kind", item_id, found["author"], key_id=UUID(item_id),
            text=open_text(app.vault, item_id, found["sealed_text"]),
            page=("its.endpoint", {"argument": ...}),
        )

and its name in ``domain.moderation.ITEM_KINDS``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from application.sealed_texts import open_text
from domain.comment import Comment
from domain.contribution import Contribution
from domain.dialogue import Dialogue
from domain.errors import InvalidActError


@dataclass(frozen=True)
class Item:
    """An item found in its dialogue."""

    kind: str
    item_id: str
    author: str
    """The actor id of who wrote it (an account's login, a citizen's ``citizen:<id>``)."""
    key_id: UUID | None
    """The key its text is sealed under, its own: shredding deletes it. None: in clear, hide only."""
    text: str | None
    """Its text as written (for the moderators); None once shredded."""
    page: tuple[str, dict[str, str]] = ("public.dialogue", {})
    """Its public page: the endpoint and its arguments besides the dialogue's ``slug``."""
    keys: tuple[UUID, ...] = field(default=())
    """Other keys that die with it (its earlier versions' are the same key)."""

    def as_domain(self) -> dict[str, Any]:
        return {"kind": self.kind, "item_id": self.item_id, "author": self.author,
                "shreddable": self.key_id is not None}  # fmt: skip


Finder = Callable[[Any, Dialogue, str], Item | None]
"""(the application, the dialogue, the item's id) -> the item, or None if the dialogue has none."""

FINDERS: dict[str, Finder] = {}


def finds(kind: str) -> Callable[[Finder], Finder]:
    """Register the finder of the items of ``kind``."""

    def register(finder: Finder) -> Finder:
        FINDERS[kind] = finder
        return finder

    return register


def find_item(app: Any, dialogue: Dialogue, kind: str, item_id: Any) -> Item:
    """The item, or refused naming ``item_kind`` (no such kind) or ``item_id`` (no such item here)."""
    finder = FINDERS.get(str(kind))
    if finder is None:
        listed = ", ".join(FINDERS)
        raise InvalidActError(
            "item_kind", f"must be one of {listed}", code="choice", params={"choices": listed}
        )
    found = finder(app, dialogue, str(item_id))
    if found is None:
        raise InvalidActError(
            "item_id",
            f"no {kind} {item_id} in this dialogue",
            code="unknown-part",
            params={"part": str(item_id)},
        )
    return found


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


@finds("contribution")
def contribution(app: Any, dialogue: Dialogue, item_id: str) -> Item | None:
    """A citizen's contribution (sealed: hide or shred) or a participant's (in clear: hide)."""
    key = _uuid(item_id)
    if key is None:
        return None
    for consultation in dialogue.consultations.values():
        found = consultation["contributions"].get(str(key))
        if found is not None:
            page = ("consultation.page", {"consultation_id": consultation["consultation_id"]})
            text = open_text(app.vault, key, found["sealed_text"])
            return Item("contribution", str(key), found["author"], key, text, page)
    try:
        part = app._get(key)
    except AggregateNotFoundError:
        return None
    if not isinstance(part, Contribution) or part.dialogue_id != dialogue.id:
        return None
    return Item(
        "contribution", str(key), part.author_id, None, part.text, ("sections.section", {"name": "diagnosis"})
    )


@finds("comment")
def comment(app: Any, dialogue: Dialogue, item_id: str) -> Item | None:
    """A comment or reply of the dialogue (sealed under the comment's own key: hide or shred)."""
    key = _uuid(item_id)
    if key is None:
        return None
    try:
        found = app._get(key)
    except AggregateNotFoundError:
        return None
    if not isinstance(found, Comment) or found.dialogue_id != dialogue.id:
        return None
    text = open_text(app.vault, key, found.sealed_text)
    return Item("comment", str(key), found.author_id, key, text, _comment_page(app, dialogue, found))


def _comment_page(app: Any, dialogue: Dialogue, found: Comment) -> tuple[str, dict[str, str]]:
    if found.target == "contribution":
        consultation_id = app.consultation_of(dialogue.id, found.target_id)
        if consultation_id is not None:
            return ("consultation.page", {"consultation_id": consultation_id})
        return ("public.dialogue", {})
    return ("public.item", {"name": f"{found.target}s", "item_id": found.target_id})


@finds("answer")
def answer(app: Any, dialogue: Dialogue, item_id: str) -> Item | None:
    """One free text of an answer to a questionnaire (sealed under its own key: hide or shred)."""
    key = _uuid(item_id)
    found = None if key is None else dialogue.answer_texts.get(str(key))
    if key is None or found is None:
        return None
    page = ("questionnaires.page", {"questionnaire_id": found["questionnaire_id"]})
    text = open_text(app.vault, key, found["sealed_text"])
    return Item("answer", str(key), found["respondent"], key, text, page)
