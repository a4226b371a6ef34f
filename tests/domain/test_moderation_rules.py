"""The moderation's rules in the dialogue: one report per person and item, never one's own; hidden
once until shown again; kept only with reports awaiting a decision; shredded only when sealed under
its own key, and then nothing more; each decision deals with the reports before it."""

from uuid import uuid4

import pytest

from domain.base import Actor
from domain.errors import InvalidActError, RepeatedActError, RoleError, RuleError
from domain.roles import Role

MODERATOR = Actor("moderatrice", Role.MODERATOR)
LUCIE = Actor("citizen:lucie", Role.CITIZEN)
PAUL = "citizen:paul"


def item(shreddable: bool = True) -> dict[str, object]:
    return {"kind": "contribution", "item_id": "c-1", "author": PAUL, "shreddable": shreddable}


FIELDS = {"item_kind": "contribution", "item_id": "c-1"}


def report(dialogue, by: Actor = LUCIE, reason: str = "spam") -> None:
    dialogue.report_item(by, report_id=uuid4(), item=item(), sealed_note=None, reason=reason, **FIELDS)


def test_a_person_reports_an_item_once_and_never_their_own(walk) -> None:
    dialogue = walk.dialogue
    report(dialogue)
    with pytest.raises(RepeatedActError):
        report(dialogue, reason="abusive")
    with pytest.raises(InvalidActError) as own:
        report(dialogue, by=Actor(PAUL, Role.CITIZEN))
    assert (own.value.field, own.value.code) == ("item_id", "own-item")
    with pytest.raises(InvalidActError) as reason:
        report(dialogue, by=Actor("stakeholder", Role.STAKEHOLDER), reason="dull")
    assert reason.value.field == "reason"
    with pytest.raises(InvalidActError) as other:  # the fields name another item than the one found
        dialogue.report_item(LUCIE, report_id=uuid4(), item=item(), sealed_note=None, reason="spam",
                             item_kind="contribution", item_id="c-2")  # fmt: skip
    assert other.value.field == "item_id"
    [record] = dialogue.moderation.values()
    assert [r["pending"] for r in record["reports"]] == [True]


def test_hiding_deals_with_the_reports_and_is_undone_once(walk) -> None:
    dialogue = walk.dialogue
    report(dialogue)
    dialogue.hide_item(MODERATOR, item=item(), reason="abusive", explanation="Propos blessants", **FIELDS)
    record = dialogue.moderated("contribution", "c-1")
    assert record["hidden"]["reason"] == "abusive" and not record["reports"][0]["pending"]
    with pytest.raises(RuleError):
        dialogue.hide_item(MODERATOR, item=item(), reason="spam", **FIELDS)
    with pytest.raises(RuleError):  # nothing awaits a decision
        dialogue.keep_item(MODERATOR, item=item(), **FIELDS)
    dialogue.unhide_item(MODERATOR, item=item(), **FIELDS)
    assert dialogue.moderated("contribution", "c-1")["hidden"] is None
    with pytest.raises(RuleError):
        dialogue.unhide_item(MODERATOR, item=item(), **FIELDS)


def test_only_a_sealed_item_is_shredded_and_nothing_follows(walk) -> None:
    dialogue = walk.dialogue
    with pytest.raises(InvalidActError) as clear:
        dialogue.shred_item(MODERATOR, item=item(shreddable=False), ground="unlawful-content", **FIELDS)
    assert clear.value.code == "not-shreddable"
    with pytest.raises(InvalidActError) as ground:
        dialogue.shred_item(MODERATOR, item=item(), ground="dislike", **FIELDS)
    assert ground.value.field == "ground"
    dialogue.shred_item(MODERATOR, item=item(), ground="unlawful-content", explanation="x" * 300, **FIELDS)
    for act in (
        lambda: report(dialogue),
        lambda: dialogue.hide_item(MODERATOR, item=item(), reason="spam", **FIELDS),
    ):
        with pytest.raises(RuleError):
            act()


def test_a_public_explanation_is_length_limited_and_only_a_moderator_decides(walk) -> None:
    dialogue = walk.dialogue
    with pytest.raises(InvalidActError) as long:
        dialogue.hide_item(MODERATOR, item=item(), reason="spam", explanation="x" * 301, **FIELDS)
    assert long.value.field == "explanation"
    with pytest.raises(RoleError) as role:
        dialogue.hide_item(Actor("convenor", Role.CONVENOR), item=item(), reason="spam", **FIELDS)
    assert "moderator" in str(role.value)
