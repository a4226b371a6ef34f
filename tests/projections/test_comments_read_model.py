"""The read model ``comments``: an item's comments a page at a time, each with its replies, edited and
withdrawn marks, the text only sealed (a shredded comment has none to open); on both stores, and the
same when rebuilt from zero."""

from uuid import UUID

from application.dialogues import DialogueApp
from domain.roles import Role
from projections.comments import CommentsProjection, comments_page, counts, dialogue_comments
from projections.runner import ProjectionRunner
from tests.builders import ACCOUNTS, Scenario
from tests.projections.dump import projection_tables

STAKEHOLDER, FACILITATOR = ACCOUNTS[Role.STAKEHOLDER], ACCOUNTS[Role.FACILITATOR]


def built(app: DialogueApp) -> ProjectionRunner:
    runner = ProjectionRunner(app.recorder, app.mapper, [CommentsProjection()])
    runner.catch_up()
    return runner


def thread(app: DialogueApp) -> tuple[Scenario, str, list[str]]:
    """Three comments on a proposal (the first with two replies, the second edited, the third
    withdrawn) and one on a citizen's contribution."""
    s = Scenario(app)
    s.consultation()
    contribution = str(s.citizen_contribution())
    proposal = str(s.drafted_proposal())
    post = app.post_comment
    first = post(FACILITATOR, s.id, target="proposal", target_id=proposal, text="Premier").id
    second = post(s.citizen("Lucie"), s.id, target="proposal", target_id=proposal, text="Deuxième").id
    post(STAKEHOLDER, s.id, target="proposal", target_id=proposal, text="Réponse 1", parent_id=str(first))
    third = post(STAKEHOLDER, s.id, target="proposal", target_id=proposal, text="Troisième").id
    post(
        s.citizen("Lucie"),
        s.id,
        target="proposal",
        target_id=proposal,
        text="Réponse 2",
        parent_id=str(first),
    )
    post(FACILITATOR, s.id, target="contribution", target_id=contribution, text="Merci")
    app.edit_comment(s.citizen("Lucie"), s.id, second, text="Deuxième, corrigé")
    app.withdraw_comment(STAKEHOLDER, s.id, third)
    return s, proposal, [str(first), str(second), str(third)]


def test_a_page_holds_comments_oldest_first_each_with_its_replies(app: DialogueApp) -> None:
    s, proposal, (first, second, third) = thread(app)
    with built(app).store.transaction(commit=False) as sql:
        one, two = (comments_page(sql, str(s.id), proposal, number, size=2) for number in (1, 2))
        counted = counts(sql, str(s.id), [proposal])

    assert [c["comment_id"] for c in one.comments] == [first, second]
    assert app.comment_texts(one.comments[0]["replies"]) == {
        r["comment_id"]: t
        for r, t in zip(one.comments[0]["replies"], ["Réponse 1", "Réponse 2"], strict=True)
    }
    assert [r["pseudonym"] for r in one.comments[0]["replies"]] == ["", "Lucie"]
    assert (one.comments[1]["versions"], one.comments[1]["edited_at"] is not None) == (2, True)
    assert app.comment_texts(one.comments[1:]) == {second: "Deuxième, corrigé"}
    assert [c["comment_id"] for c in two.comments] == [third] and two.comments[0]["withdrawn_at"]
    assert (one.more, two.more, one.total) == (True, False, 5)
    assert counted == {proposal: 5}


def test_the_rows_hold_no_text_in_clear_and_a_shredded_one_opens_to_nothing(app: DialogueApp) -> None:
    s, _proposal, (first, _second, _third) = thread(app)
    runner = built(app)
    tables = projection_tables(runner)
    assert "Premier" not in repr(tables) and "Réponse" not in repr(tables)

    app.shred_comment_text(UUID(first))
    with runner.store.transaction(commit=False) as sql:
        rows = dialogue_comments(sql, str(s.id))
    texts = app.comment_texts(rows)
    assert texts[first] is None and len(rows) == 6
    assert sorted(t for t in texts.values() if t) == [
        "Deuxième, corrigé",
        "Merci",
        "Réponse 1",
        "Réponse 2",
        "Troisième",
    ]


def test_a_rebuild_from_zero_gives_the_same_rows(app: DialogueApp) -> None:
    thread(app)
    runner = built(app)
    before = projection_tables(runner)
    runner.rebuild()
    assert projection_tables(runner) == before and len(before["comments"]) == 6
