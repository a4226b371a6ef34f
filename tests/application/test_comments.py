"""Comments on proposals, agreements and citizens' contributions: who may post, reply (one level),
edit and withdraw; each text sealed under the comment's own key and shredded with it; on both stores."""

from typing import Any
from uuid import UUID

import pytest

from application.dialogues import DialogueApp
from application.errors import NotAuthorisedError
from domain.errors import InvalidActError, RuleError
from tests.builders import ACCOUNTS, MEMBERS, Role, Scenario

STAKEHOLDER, FACILITATOR, AUDITOR = (
    ACCOUNTS[Role.STAKEHOLDER],
    ACCOUNTS[Role.FACILITATOR],
    ACCOUNTS[Role.AUDITOR],
)


def events(app: DialogueApp, after: int) -> list[Any]:
    return [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(after + 1, 100)]


def comment(
    app: DialogueApp, s: Scenario, account: str, target: str, target_id: Any, text: str, **more: Any
) -> UUID:
    return app.post_comment(account, s.id, target=target, target_id=str(target_id), text=text, **more).id


def test_a_participant_comments_a_proposal_and_another_replies(app: DialogueApp) -> None:
    s = Scenario(app)
    proposal = s.drafted_proposal()
    before = app.recorder.max_notification_id() or 0
    first = comment(app, s, FACILITATOR, "proposal", proposal, "Quel volume exactement ?")
    reply = comment(app, s, STAKEHOLDER, "proposal", proposal, "10 % du débit.", parent_id=str(first))

    posted = events(app, before)
    assert [type(e).__name__ for e in posted] == ["CommentPosted", "CommentPosted"]
    assert posted[1].parent_id == str(first) and posted[1].target_id == str(proposal)
    stored = repr([vars(e) for e in posted])
    assert "Quel volume" not in stored and "10 % du débit" not in stored  # sealed, never in clear
    assert app.comment(s.id, reply)["text"] == "10 % du débit."


def test_a_reply_to_a_reply_is_refused_naming_parent_id(app: DialogueApp) -> None:
    s = Scenario(app)
    proposal = s.drafted_proposal()
    first = comment(app, s, FACILITATOR, "proposal", proposal, "Question")
    reply = comment(app, s, STAKEHOLDER, "proposal", proposal, "Réponse", parent_id=str(first))
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidActError) as refused:
        comment(app, s, FACILITATOR, "proposal", proposal, "Encore", parent_id=str(reply))
    assert (refused.value.field, refused.value.code) == ("parent_id", "reply-to-reply")
    with pytest.raises(InvalidActError) as elsewhere:  # a parent on another item
        comment(app, s, FACILITATOR, "agreement", s.drafted_agreement(), "Ailleurs", parent_id=str(first))
    assert (elsewhere.value.field, elsewhere.value.code) == ("parent_id", "other-item")
    assert app.recorder.max_notification_id() > before  # the agreement's own acts only
    assert not [e for e in events(app, before) if type(e).__name__ == "CommentPosted"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"target": "meeting", "target_id": "x", "text": "t"}, "target"),
        ({"target": "proposal", "target_id": "not-an-id", "text": "t"}, "target_id"),
        (
            {"target": "proposal", "target_id": "00000000-0000-0000-0000-000000000000", "text": "t"},
            "target_id",
        ),
        (
            {"target": "contribution", "target_id": "00000000-0000-0000-0000-000000000000", "text": "t"},
            "target_id",
        ),
        ({"target": "proposal", "target_id": "PROPOSAL", "text": "x" * 2001}, "text"),
        ({"target": "proposal", "target_id": "PROPOSAL", "text": "   "}, "text"),
        ({"target": "proposal", "target_id": "PROPOSAL", "text": "t", "parent_id": "nope"}, "parent_id"),
    ],
)
def test_bad_input_is_refused_naming_the_field(app: DialogueApp, fields: dict[str, Any], field: str) -> None:
    s = Scenario(app)
    proposal = s.drafted_proposal()
    if fields["target_id"] == "PROPOSAL":
        fields = {**fields, "target_id": str(proposal)}
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidActError) as refused:
        app.post_comment(FACILITATOR, s.id, **fields)
    assert refused.value.field == field
    assert app.recorder.max_notification_id() == before


def test_only_the_author_edits_or_withdraws_and_a_version_is_a_new_event(app: DialogueApp) -> None:
    s = Scenario(app)
    proposal = s.drafted_proposal()
    posted = comment(app, s, STAKEHOLDER, "proposal", proposal, "Première version")
    with pytest.raises(RuleError) as other:
        app.edit_comment(MEMBERS[0], s.id, posted, text="Pas la mienne")
    assert other.value.code == "not-comment-author"
    with pytest.raises(RuleError):
        app.withdraw_comment(FACILITATOR, s.id, posted)

    app.edit_comment(STAKEHOLDER, s.id, posted, text="Seconde version")
    assert app.comment(s.id, posted)["text"] == "Seconde version"
    app.withdraw_comment(STAKEHOLDER, s.id, posted)
    assert app.comment(s.id, posted)["withdrawn"] is True
    with pytest.raises(RuleError) as again:
        app.edit_comment(STAKEHOLDER, s.id, posted, text="Après retrait")
    assert again.value.code == "comment-withdrawn-already"
    with pytest.raises(InvalidActError) as answered:  # nobody replies to a withdrawn comment
        comment(app, s, FACILITATOR, "proposal", proposal, "Réponse", parent_id=str(posted))
    assert (answered.value.field, answered.value.code) == ("parent_id", "comment-withdrawn")


def test_the_auditor_and_an_outsider_may_not_comment(app: DialogueApp) -> None:
    s = Scenario(app)
    proposal = s.drafted_proposal()
    with pytest.raises(NotAuthorisedError):
        comment(app, s, AUDITOR, "proposal", proposal, "Je regarde")


def test_citizens_comment_proposals_and_contributions_only_while_a_consultation_is_open(
    app: DialogueApp,
) -> None:
    s = Scenario(app)
    consultation = s.consultation()
    contribution = s.citizen_contribution()
    proposal = s.drafted_proposal()
    agreement = s.drafted_agreement()
    lucie = s.citizen("Lucie")
    on_proposal = comment(app, s, lucie, "proposal", proposal, "Et les jardins ?")
    comment(app, s, lucie, "contribution", contribution, "Pareil chez moi.")
    [posted] = [e for e in events(app, 0) if getattr(e, "originator_id", None) == on_proposal]
    assert (posted.actor_role, posted.pseudonym) == ("citizen", "Lucie")
    with pytest.raises(InvalidActError) as agreement_refused:
        comment(app, s, lucie, "agreement", agreement, "Et moi ?")
    assert (agreement_refused.value.field, agreement_refused.value.code) == ("target", "citizen-target")

    app.close_consultation(FACILITATOR, s.id, consultation_id=str(consultation))
    with pytest.raises(RuleError) as closed:
        comment(app, s, lucie, "proposal", proposal, "Trop tard ?")
    assert closed.value.code == "consultation-not-open"
    with pytest.raises(RuleError) as edited:  # nor changed once it closed; withdrawn, any time
        app.edit_comment(lucie, s.id, on_proposal, text="Et les potagers ?")
    assert edited.value.code == "consultation-not-open"
    app.withdraw_comment(lucie, s.id, on_proposal)
    comment(app, s, STAKEHOLDER, "proposal", proposal, "Les participants, eux, continuent.")


def test_shredding_a_comments_key_leaves_no_version_readable(app: DialogueApp) -> None:
    s = Scenario(app)
    proposal = s.drafted_proposal()
    posted = comment(app, s, STAKEHOLDER, "proposal", proposal, "Texte illicite v1")
    app.edit_comment(STAKEHOLDER, s.id, posted, text="Texte illicite v2")
    other = comment(app, s, FACILITATOR, "proposal", proposal, "Texte licite")

    assert app.shred_comment_text(posted) is True
    assert app.comment(s.id, posted)["text"] is None
    assert app.comment(s.id, other)["text"] == "Texte licite"
    sealed = [e.sealed_text for e in events(app, 0) if getattr(e, "originator_id", None) == posted]
    assert len(sealed) == 2 and app.comment_texts(
        [{"comment_id": str(posted), "sealed_text": t} for t in sealed[:1]]
    ) == {str(posted): None}
    assert app.shred_comment_text(posted) is False
