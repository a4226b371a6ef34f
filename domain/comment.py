"""Comments: threaded (one level of replies) on a proposal, an agreement or a citizen's contribution
to a public consultation; by the dialogue's participants while it is open and, while a public
consultation of the dialogue is open, by citizens (on a proposal, or on a contribution of that
consultation).

A comment is an aggregate of its own, not indexed in its dialogue (comments do not contend with the
dialogue's acts). Its author is the actor of its first event: an account, or ``citizen:<id>`` with the
citizen's public pseudonym. Its text is never in an event in clear: the application seals each
version under the comment's own key (the vault's key whose id is the comment's id, like a citizen's
contribution), so that deleting that one key (``DialogueApp.shred_comment_text``) makes every version
unreadable while the log still verifies. A new version (``comment-edited``) and the withdrawal
(``comment-withdrawn``) are its author's only.
"""

from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_choice, check_text
from domain.consultation import check_length
from domain.errors import InvalidActError, RuleError
from domain.fields import public
from domain.roles import Role

TARGETS = ("proposal", "agreement", "contribution")
"""What a comment is on: a proposal, an agreement, a citizen's contribution to a consultation."""
CITIZEN_TARGETS = ("proposal", "contribution")
"""What a citizen may comment on (while a public consultation is open)."""
TEXT_MAX = 2000
"""Characters of a comment (as of a citizen's contribution)."""


def check_comment_text(value: Any) -> str:
    return check_length("text", value, TEXT_MAX)


def check_target(value: Any) -> str:
    return check_choice("target", value, TARGETS)


class Comment(DialoguePart):
    """One comment or reply: its target, its parent (a reply's), its versions' count, withdrawn or not."""

    @staticmethod
    def create_id(comment_id: UUID) -> UUID:
        return comment_id

    class PostingFields(TypedDict):
        """``target_id``: the proposal's, agreement's or contribution's id; ``parent_id``: the comment
        a reply answers. The text is given apart: the application seals it (``sealed_text``) first."""

        target: str
        target_id: str
        parent_id: NotRequired[str | None]

    @classmethod
    def post(
        cls,
        by: Actor,
        *,
        comment_id: UUID,
        dialogue_id: UUID,
        parent: "Comment | None",
        open_to_citizens: bool,
        pseudonym: str,
        sealed_text: str,
        **fields: Unpack[PostingFields],
    ) -> "Comment":
        """``parent``: the comment ``parent_id`` names (the application loads it); ``open_to_citizens``:
        whether a public consultation lets citizens comment on the target today."""
        target = check_target(fields["target"])
        target_id = check_text("target_id", fields["target_id"])
        if by.role == Role.CITIZEN:
            if target not in CITIZEN_TARGETS:
                raise InvalidActError(
                    "target", "citizens comment on proposals and contributions", code="citizen-target"
                )
            if not open_to_citizens:
                raise RuleError(
                    "comment-posted: no public consultation is open to comment on this today",
                    code="consultation-not-open", params={"act": "comment-posted"},
                )  # fmt: skip
        parent_id = None
        if parent is not None:
            parent.check_answerable(target, target_id)
            parent_id = str(parent.id)
        return cls(
            actor_id=by.account_id, actor_role=by.role, comment_id=comment_id, dialogue_id=dialogue_id,
            target=target, target_id=target_id, parent_id=parent_id,
            pseudonym=check_text("pseudonym", pseudonym, required=by.role == Role.CITIZEN),
            sealed_text=check_text("sealed_text", sealed_text),
        )  # fmt: skip

    def check_answerable(self, target: str, target_id: str) -> None:
        """A reply answers a comment on the same item, not a reply (one level), not one withdrawn."""
        if (self.target, self.target_id) != (target, target_id):
            raise InvalidActError("parent_id", "is a comment on another item", code="other-item")
        if self.parent_id is not None:
            raise InvalidActError(
                "parent_id", "is a reply: answer the comment it replies to", code="reply-to-reply"
            )
        if self.withdrawn:
            raise InvalidActError("parent_id", "was withdrawn by its author", code="comment-withdrawn")

    class CommentPosted(DialoguePart.Created):
        PUBLIC = public("target", "target_id", "parent_id", "pseudonym")
        comment_id: UUID
        dialogue_id: UUID
        target: str
        target_id: str
        parent_id: str | None
        pseudonym: str
        sealed_text: str

    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        comment_id: UUID,
        dialogue_id: UUID,
        target: str,
        target_id: str,
        parent_id: str | None,
        pseudonym: str,
        sealed_text: str,
    ):
        self.dialogue_id = dialogue_id
        self.author_id = actor_id
        self.author_role = actor_role
        self.target = target
        self.target_id = target_id
        self.parent_id = parent_id
        self.pseudonym = pseudonym
        self.sealed_text = sealed_text
        self.versions = 1
        self.withdrawn = False

    def check_author(self, act: str, by: Actor) -> None:
        if by.account_id != self.author_id:
            raise RuleError(
                f"{act}: only the comment's author may do this",
                code="not-comment-author",
                params={"act": act},
            )
        if self.withdrawn:
            raise RuleError(
                f"{act}: the comment was withdrawn", code="comment-withdrawn-already", params={"act": act}
            )

    class EditingFields(TypedDict):
        """The new text is given apart: the application seals it (``sealed_text``) first."""

    def check_editable(self, by: Actor, *, open_to_citizens: bool, moderated: bool = False) -> None:
        """Its author only; a citizen's, while a public consultation lets citizens comment on its item;
        not while a moderator hides it, nor once shredded (``moderated``: the dialogue's record says)."""
        self.check_author("comment-edited", by)
        if moderated:
            raise RuleError(
                "comment-edited: the comment is hidden or removed by the moderation",
                code="comment-moderated", params={"act": "comment-edited"},
            )  # fmt: skip
        if by.role == Role.CITIZEN and not open_to_citizens:
            raise RuleError(
                "comment-edited: no public consultation is open to comment on this today",
                code="consultation-not-open", params={"act": "comment-edited"},
            )  # fmt: skip

    def edit(
        self, by: Actor, *, open_to_citizens: bool, sealed_text: str, moderated: bool = False,
        **fields: Unpack[EditingFields],
    ) -> None:  # fmt: skip
        """A new version of the text, by its author (the earlier ones stay in the log, sealed); a
        citizen edits theirs while they may comment (``open_to_citizens``), withdraws it any time."""
        self.check_editable(by, open_to_citizens=open_to_citizens, moderated=moderated)
        self._record(self.CommentEdited, by, sealed_text=check_text("sealed_text", sealed_text))

    class CommentEdited(DialoguePart.Event):
        sealed_text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.sealed_text = self.sealed_text
            aggregate.versions += 1

    class WithdrawalFields(TypedDict):
        """Withdrawing takes no field."""

    def withdraw(self, by: Actor, **fields: Unpack[WithdrawalFields]) -> None:
        """The author withdraws the comment: the pages say so instead of its text."""
        self.check_author("comment-withdrawn", by)
        self._record(self.CommentWithdrawn, by)

    class CommentWithdrawn(DialoguePart.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.withdrawn = True
