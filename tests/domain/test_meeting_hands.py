"""The speaking queue of a live session: hands raised in order, lowered by their owner or the facilitator."""

import pytest

from domain.base import Actor
from domain.errors import InvalidActError, RoleError, RuleError
from domain.roles import Role
from tests.domain.test_meeting_sessions import group, live, meeting, replayed  # noqa: F401 (fixtures)

ALICE, BOB = Actor("alice", Role.STAKEHOLDER), Actor("bob", Role.STAKEHOLDER)


def test_hands_queue_in_the_order_raised_and_leave_it_when_lowered(walk, live):  # noqa: F811
    live.raise_hand(ALICE)
    live.raise_hand(BOB)
    assert live.hands == ["alice", "bob"]
    with pytest.raises(RuleError, match="raised already"):
        live.raise_hand(ALICE)
    live.lower_hand(walk.facilitator, account="alice")  # the floor is given to alice
    live.lower_hand(BOB)
    assert live.hands == [] and replayed(live).hands == []


def test_only_the_facilitator_lowers_anothers_hand_and_only_a_raised_one(walk, live):  # noqa: F811
    live.raise_hand(ALICE)
    with pytest.raises(RoleError):
        live.lower_hand(BOB, account="alice")
    with pytest.raises(InvalidActError) as refused:
        live.lower_hand(walk.facilitator, account="bob")
    assert refused.value.field == "account" and live.hands == ["alice"]


def test_closing_the_session_empties_the_queue(walk, live):  # noqa: F811
    live.raise_hand(ALICE)
    live.close_live_session(walk.facilitator)
    assert live.hands == []
    with pytest.raises(RuleError, match="no live session"):
        live.raise_hand(ALICE)
