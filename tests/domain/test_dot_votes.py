"""Dot votes: each member places at most the vote's dots, takes back only their own, and closing records
the result option by option, most dots first."""

import functools
from uuid import uuid4

import pytest

from domain.base import Actor
from domain.dot_vote import DotVote
from domain.errors import InvalidActError, RuleError
from domain.roles import Role

FELIX = Actor("felix", Role.FACILITATOR)
ALICE, BOB = Actor("alice", Role.STAKEHOLDER), Actor("bob", Role.STAKEHOLDER)
A, B, C = uuid4(), uuid4(), uuid4()


def vote(dots: int = 3) -> DotVote:
    return DotVote.open(
        FELIX,
        dialogue_id=uuid4(),
        meeting_id=uuid4(),
        item=0,
        item_label="Diagnostic",
        options=[(A, "Haies"), (B, "Mares"), (C, "Berges")],
        subject="proposals",
        dots=dots,
    )


def replayed(aggregate: DotVote) -> DotVote:
    events = aggregate.collect_events()
    return functools.reduce(lambda state, event: event.mutate(state), events, None)


def test_a_member_places_up_to_the_votes_dots_and_takes_back_only_their_own():
    dots = vote(dots=3)
    for option in (A, A, B):
        dots.place_dot(ALICE, option=str(option))
    with pytest.raises(RuleError, match="all 3 dots are placed") as refused:
        dots.place_dot(ALICE, option=str(C))
    assert refused.value.code == "no-dot-left"
    with pytest.raises(InvalidActError) as refused_back:
        dots.take_back_dot(BOB, option=str(A))
    assert refused_back.value.field == "option" and refused_back.value.code == "no-dot-here"
    dots.take_back_dot(ALICE, option=str(A))
    dots.place_dot(ALICE, option=str(C))
    assert dots.tally() == {str(A): 1, str(B): 1, str(C): 1}
    assert replayed(dots).placed == {"alice": {str(A): 1, str(B): 1, str(C): 1}}


def test_an_option_outside_the_vote_and_a_wrong_number_of_dots_are_refused_naming_the_field():
    with pytest.raises(InvalidActError) as refused:
        vote().place_dot(ALICE, option=str(uuid4()))
    assert refused.value.field == "option"
    for dots in (0, 11, "3"):
        with pytest.raises(InvalidActError) as refused:
            vote(dots=dots)  # type: ignore[arg-type]
        assert refused.value.field == "dots"
    with pytest.raises(InvalidActError) as refused:
        DotVote.open(FELIX, dialogue_id=uuid4(), meeting_id=uuid4(), item=None, item_label="", options=[],
                     subject="contributions", dots=3)  # fmt: skip
    assert refused.value.field == "subject"


def test_closing_records_every_option_most_dots_first_and_no_dot_moves_after():
    dots = vote()
    for by, option in ((ALICE, B), (ALICE, B), (BOB, B), (BOB, C)):
        dots.place_dot(by, option=str(option))
    dots.close(FELIX)
    closed = dots.collect_events()[-1]
    assert [(r["label"], r["dots"]) for r in closed.results] == [("Mares", 3), ("Berges", 1), ("Haies", 0)]
    assert closed.voters == 2 and closed.item_label == "Diagnostic"
    with pytest.raises(RuleError, match="closed") as refused:
        dots.place_dot(ALICE, option=str(A))
    assert refused.value.code == "vote-closed"
    with pytest.raises(RuleError):
        dots.close(FELIX)
