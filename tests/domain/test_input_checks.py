"""Malformed values are refused with an error naming the field, never a crash."""

import pytest

from domain.agreement import Agreement
from domain.base import Actor
from domain.dialogue import Dialogue
from domain.errors import IndicatorsUnmetError, InvalidActError, RuleError
from domain.roles import Role
from tests.domain.conftest import FACILITATOR, DialogueWalk

CONVENOR = Actor("c", Role.CONVENOR)


@pytest.mark.parametrize("slug", ["café", "two words", "-lead", "trail-", "a--b", "under_score"])
def test_a_slug_is_lowercase_ascii_letters_digits_and_single_hyphens(slug: str) -> None:
    with pytest.raises(InvalidActError) as refused:
        Dialogue.open(CONVENOR, slug=slug, title="T", territory="X", subject="S")
    assert refused.value.field == "slug"


def test_a_slug_is_taken_in_lowercase() -> None:
    assert (
        Dialogue.open(CONVENOR, slug="Vallee-2026", title="T", territory="X", subject="S").slug
        == "vallee-2026"
    )


def test_a_waiver_that_is_not_text_is_refused_naming_the_field(walk: DialogueWalk) -> None:
    with pytest.raises(InvalidActError) as refused:
        walk.dialogue.advance_stage(CONVENOR, indicators=walk.indicators(), waiver=123)  # type: ignore[arg-type]
    assert refused.value.field == "waiver"


def test_a_blank_waiver_leaves_the_indicators_unmet(walk: DialogueWalk) -> None:
    with pytest.raises(IndicatorsUnmetError):
        walk.dialogue.advance_stage(CONVENOR, indicators=walk.indicators(), waiver="   ")


def test_an_agreement_nobody_approved_is_not_validated_even_by_consent(walk: DialogueWalk) -> None:
    walk.to_collective_work()
    group = walk.consultation_group
    group.functioning_rule = "consent"
    proposal = walk.validated_proposal()
    agreement = Agreement.draft(
        FACILITATOR,
        dialogue_id=walk.dialogue.id,
        instance_id=group.id,
        title="Plan",
        text="T",
        proposals=[proposal],
    )
    with pytest.raises(RuleError, match="no stakeholder has approved"):
        agreement.validate(FACILITATOR, instance=group)
