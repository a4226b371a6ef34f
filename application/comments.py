"""Comments on proposals, agreements and citizens' contributions (``domain/comment.py``): posted,
edited (a new version) and withdrawn by their author; what the public pages show of them.

Each comment's text is sealed under the comment's own key (``application/sealed_texts.py``, the
mechanism of citizens' contributions): ``shred_comment_text(comment_id)`` deletes that key, and every
version of the text is gone from the events, the read model (``projections/comments.py``), the pages
and the exports, while the log still verifies.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Unpack
from uuid import UUID, uuid4

from application.consultation import ConsultationActs
from application.errors import NotFoundError
from application.queries import Queries
from application.recorded import Recorded
from application.sealed_texts import open_text, seal_text, shred_text
from domain.acts import ACTS
from domain.agreement import Agreement
from domain.base import Actor
from domain.citizen import citizen_id_of
from domain.comment import CITIZEN_TARGETS, Comment, check_comment_text, check_target
from domain.consultation import is_open
from domain.dialogue import Dialogue
from domain.errors import InvalidActError
from domain.proposal import Proposal
from domain.roles import Role


def _uuid(field: str, value: Any) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise InvalidActError(field, "must be an id", code="part-id") from None


class CommentActs(ConsultationActs, Queries):
    """The ``DialogueApp`` methods of comments."""

    def post_comment(
        self, account_id: str, dialogue_id: UUID, *, text: str, **fields: Unpack[Comment.PostingFields]
    ) -> Recorded:
        """A comment, or a reply (``parent_id``); the answer's id is the comment's. Its text is sealed
        once the act is authorised and its target found."""
        words = check_comment_text(text)
        target = check_target(fields["target"])
        comment_id = uuid4()
        pseudonym = self._citizen_pseudonym(account_id) or ""
        day = self.consultation_day()

        parent_id = fields.get("parent_id")
        declared: Comment.PostingFields = {  # the ids as text (the schemas give UUIDs)
            "target": target, "target_id": str(fields["target_id"]),
            "parent_id": str(parent_id) if parent_id else None,
        }  # fmt: skip

        def create(dialogue: Dialogue, by: Actor) -> Comment:
            open_to_citizens = self._comment_target(dialogue, target, declared["target_id"], day)
            parent = None
            if parent_id:
                parent = self._part(dialogue, Comment, _uuid("parent_id", parent_id), "parent_id")
            return Comment.post(
                by, comment_id=comment_id, dialogue_id=dialogue.id, parent=parent,
                open_to_citizens=open_to_citizens, pseudonym=pseudonym,
                sealed_text=seal_text(self.vault, comment_id, words), **declared,
            )  # fmt: skip

        return self._create_part("comment-posted", account_id, dialogue_id, None, create)

    def _comment_target(self, dialogue: Dialogue, target: str, target_id: Any, day: date) -> bool:
        """Whether citizens may comment on the target today; refused naming ``target_id`` if the
        dialogue has no such item."""
        if target == "contribution":
            for consultation in dialogue.consultations.values():
                if str(target_id) in consultation["contributions"]:
                    return is_open(consultation, day)
            raise InvalidActError(
                "target_id",
                f"no contribution {target_id}",
                code="unknown-part",
                params={"part": str(target_id)},
            )
        kind = Proposal if target == "proposal" else Agreement
        self._part(dialogue, kind, _uuid("target_id", target_id), "target_id")
        return target == "proposal" and any(is_open(c, day) for c in dialogue.consultations.values())

    def edit_comment(
        self,
        account_id: str,
        dialogue_id: UUID,
        comment_id: UUID,
        *,
        text: str,
        **fields: Unpack[Comment.EditingFields],
    ) -> Recorded:
        """A new version of the comment's text, by its author, sealed under the comment's key."""
        words = check_comment_text(text)
        day = self.consultation_day()

        def edit(comment: Comment, by: Actor, dialogue: Dialogue) -> None:
            comment.check_author("comment-edited", by)
            open_to_citizens = self._comment_target(dialogue, comment.target, comment.target_id, day)
            record = dialogue.moderated("comment", str(comment.id)) or {}
            moderated = bool(record.get("hidden") or record.get("shredded"))
            comment.check_editable(by, open_to_citizens=open_to_citizens, moderated=moderated)
            sealed = seal_text(self.vault, comment.id, words)  # never a new key for a shredded one
            comment.edit(
                by, open_to_citizens=open_to_citizens, sealed_text=sealed, moderated=moderated, **fields
            )

        comment = _uuid("comment_id", comment_id)
        return self._on_part("comment-edited", account_id, dialogue_id, Comment, comment, "comment_id", edit)

    def withdraw_comment(
        self, account_id: str, dialogue_id: UUID, comment_id: UUID, **fields: Unpack[Comment.WithdrawalFields]
    ) -> Recorded:
        return self._part_act(
            "comment-withdrawn", account_id, dialogue_id, Comment, _uuid("comment_id", comment_id),
            Comment.withdraw, fields,
        )  # fmt: skip

    def shred_comment_text(self, comment_id: UUID) -> bool:
        """Delete the key of comment ``comment_id``: every version of its text unreadable for good
        (moderation's shredding records its act, then calls this); False if it had none."""
        return shred_text(self.vault, comment_id)

    # --- what the pages show ---------------------------------------------------------------

    def comment_texts(
        self, rows: Iterable[Mapping[str, Any]], dialogue_id: UUID | None = None
    ) -> dict[str, str | None]:
        """Comment id -> its latest text (None: shredded), for rows of the read model (``comment_id``,
        ``sealed_text``); given the dialogue, None too while a moderator hides it."""
        moderated = {} if dialogue_id is None else self.moderated_items(dialogue_id, "comment")  # type: ignore[attr-defined]
        return {
            str(r["comment_id"]): None
            if str(r["comment_id"]) in moderated
            else open_text(self.vault, r["comment_id"], r["sealed_text"])
            for r in rows
        }

    def comment_authors(self, dialogue_id: UUID, author_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """Account id -> what a public page may say of a participant who comments: the organisation of
        the stakeholder they are (or ""), and their name only if that stakeholder holds a public office
        or consented to it (``public_names_of``; never once erased). A citizen shows their pseudonym."""
        wanted = {a for a in author_ids if citizen_id_of(a) is None}
        found: dict[str, dict[str, str]] = {a: {"name": "", "organisation": ""} for a in wanted}
        if not wanted:
            return found
        dialogue = self._dialogue(dialogue_id)
        for person_id in dialogue.parts["stakeholder"]:
            stakeholder = self._stakeholder(person_id)
            if stakeholder is not None and stakeholder.account_id in wanted:
                name = self.public_names_of([person_id]).get(str(person_id), "")
                found[stakeholder.account_id] = {"name": name, "organisation": stakeholder.organisation}
        return found

    def may_comment(self, actor_id: str, dialogue_id: UUID, target: str, target_id: str) -> bool:
        """Whether the account or citizen may comment on this item today (the forms show or not)."""
        dialogue = self._dialogue(dialogue_id)
        roles = self._acting_roles(dialogue, actor_id, ACTS["comment-posted"])
        if dialogue.closed or not roles:
            return False
        try:
            open_to_citizens = self._comment_target(dialogue, target, target_id, self.consultation_day())
        except InvalidActError:
            return False
        return roles[0] != Role.CITIZEN or (target in CITIZEN_TARGETS and open_to_citizens)

    def consultation_of(self, dialogue_id: UUID, contribution_id: str) -> str | None:
        """The id of the consultation a citizen's contribution was made to, or None."""
        for consultation in self._dialogue(dialogue_id).consultations.values():
            if contribution_id in consultation["contributions"]:
                return str(consultation["consultation_id"])
        return None

    def comment(self, dialogue_id: UUID, comment_id: Any) -> dict[str, Any]:
        """A comment of the dialogue as its author's forms need it (its latest text); NotFoundError."""
        dialogue = self._dialogue(dialogue_id)
        try:
            found = self._part(dialogue, Comment, _uuid("comment_id", comment_id), "comment_id")
        except InvalidActError:
            raise NotFoundError(f"no comment {comment_id}", code="no-comment") from None
        return {
            "comment_id": str(found.id), "author_id": found.author_id, "target": found.target,
            "target_id": found.target_id, "parent_id": found.parent_id, "withdrawn": found.withdrawn,
            "text": open_text(self.vault, found.id, found.sealed_text),
        }  # fmt: skip
