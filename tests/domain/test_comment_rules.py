"""The rules of a comment, on the aggregate alone: what a citizen may comment on and when, one level of
replies, its author only editing or withdrawing it, its text only sealed in its events."""

from uuid import uuid4

import pytest

from domain.base import Actor
from domain.comment import Comment, check_comment_text
from domain.errors import InvalidActError, RuleError
from domain.roles import Role

PARTICIPANT = Actor("alice", Role.STAKEHOLDER)
CITIZEN = Actor(f"citizen:{uuid4()}", Role.CITIZEN)
DIALOGUE = uuid4()
PROPOSAL = str(uuid4())


def posted(by: Actor = PARTICIPANT, *, parent: Comment | None = None, open_to_citizens: bool = False,
           target: str = "proposal", target_id: str = PROPOSAL) -> Comment:  # fmt: skip
    return Comment.post(
        by, comment_id=uuid4(), dialogue_id=DIALOGUE, parent=parent, open_to_citizens=open_to_citizens,
        pseudonym="Lucie" if by.role == Role.CITIZEN else "", sealed_text="c2VhbGVk",
        target=target, target_id=target_id,
    )  # fmt: skip


def test_a_reply_answers_a_comment_on_the_same_item_never_a_reply() -> None:
    comment = posted()
    reply = posted(parent=comment)
    assert reply.parent_id == str(comment.id)
    with pytest.raises(InvalidActError) as nested:
        posted(parent=reply)
    assert (nested.value.field, nested.value.code) == ("parent_id", "reply-to-reply")
    with pytest.raises(InvalidActError) as elsewhere:
        posted(parent=comment, target_id=str(uuid4()))
    assert elsewhere.value.code == "other-item"


def test_a_citizen_comments_proposals_and_contributions_only_while_a_consultation_is_open() -> None:
    assert posted(CITIZEN, open_to_citizens=True).pseudonym == "Lucie"
    with pytest.raises(RuleError) as closed:
        posted(CITIZEN, open_to_citizens=False)
    assert closed.value.code == "consultation-not-open"
    with pytest.raises(InvalidActError) as agreement:
        posted(CITIZEN, open_to_citizens=True, target="agreement")
    assert (agreement.value.field, agreement.value.code) == ("target", "citizen-target")
    assert posted(PARTICIPANT, target="agreement").target == "agreement"  # a participant, any time


def test_only_the_author_edits_or_withdraws_and_not_once_withdrawn() -> None:
    comment = posted()
    with pytest.raises(RuleError) as other:
        comment.edit(Actor("bob", Role.STAKEHOLDER), open_to_citizens=False, sealed_text="eA==")
    assert other.value.code == "not-comment-author"
    comment.edit(PARTICIPANT, open_to_citizens=False, sealed_text="eQ==")  # a participant, any time
    comment.withdraw(PARTICIPANT)
    assert (comment.versions, comment.withdrawn) == (2, True)
    with pytest.raises(RuleError):
        comment.withdraw(PARTICIPANT)
    with pytest.raises(InvalidActError) as answered:
        posted(parent=comment)
    assert answered.value.code == "comment-withdrawn"


@pytest.mark.parametrize(("text", "code"), [("", "required"), ("x" * 2001, "too-long"), (3, "text")])
def test_a_text_out_of_its_bounds_is_refused_naming_it(text: object, code: str) -> None:
    with pytest.raises(InvalidActError) as refused:
        check_comment_text(text)
    assert (refused.value.field, refused.value.code) == ("text", code)


def test_the_events_hold_the_sealed_text_and_never_the_author_as_public() -> None:
    comment = posted()
    [event] = comment.collect_events()
    assert "sealed_text" not in type(event).PUBLIC and "actor_id" not in type(event).PUBLIC
    assert event.sealed_text == "c2VhbGVk"


def test_a_citizen_edits_while_they_may_comment_and_withdraws_any_time() -> None:
    comment = posted(CITIZEN, open_to_citizens=True)
    comment.edit(CITIZEN, open_to_citizens=True, sealed_text="eQ==")
    with pytest.raises(RuleError) as closed:
        comment.edit(CITIZEN, open_to_citizens=False, sealed_text="eg==")
    assert closed.value.code == "consultation-not-open"
    comment.withdraw(CITIZEN)
    assert comment.withdrawn
