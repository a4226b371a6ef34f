"""An account endorses a contribution or a proposal, and approves an agreement, once."""

from types import SimpleNamespace
from uuid import uuid4

import pytest

from domain.agreement import Agreement
from domain.base import Actor
from domain.contribution import Contribution
from domain.errors import RuleError
from domain.proposal import Proposal
from domain.roles import Role

STAKEHOLDER = Actor("ana", Role.STAKEHOLDER)
DIALOGUE = uuid4()


def contribution() -> Contribution:
    return Contribution.post(STAKEHOLDER, dialogue_id=DIALOGUE, kind="idea", text="A fish pass")


def proposal() -> Proposal:
    return Proposal.draft(
        STAKEHOLDER, dialogue_id=DIALOGUE, instance_id=uuid4(), topic="Water", title="Fish pass",
        text="Build it", co_authors=[], contribution_ids=[],
    )  # fmt: skip


def agreement() -> Agreement:
    validated = SimpleNamespace(id=uuid4(), title="Fish pass", status="validated")
    return Agreement.draft(
        STAKEHOLDER,
        dialogue_id=DIALOGUE,
        instance_id=uuid4(),
        title="Weir",
        text="Agreed",
        proposals=[validated],
    )


@pytest.mark.parametrize(
    ("make", "act", "again", "code", "message"),
    [
        (
            contribution,
            "contribution-endorsed",
            "endorse",
            "already-endorsed",
            "already endorsed by this account",
        ),
        (proposal, "proposal-endorsed", "endorse", "already-endorsed", "already endorsed by this account"),
        (agreement, "agreement-approved", "approve", "already-approved", "already approved by this account"),
    ],
)
def test_the_same_account_is_refused_a_second_time(make, act, again, code, message) -> None:
    part = make()
    getattr(part, again)(STAKEHOLDER)

    with pytest.raises(RuleError) as refused:
        getattr(part, again)(STAKEHOLDER)

    assert str(refused.value) == f"{act}: {message}"
    assert refused.value.code == code
    assert refused.value.params == {"act": act}
    getattr(part, again)(Actor("bob", Role.STAKEHOLDER))
