"""What the bundled demo scenario tells, read from its steps, for assertions on what it recorded."""

from typing import NamedTuple

from application.demo import MAIN_SLUG
from application.demo.scenario import Step, bundled


class Proposal(NamedTuple):
    title: str
    outcome: tuple[str, str] | None
    """(outcome, public justification) in the decision, if it was presented."""


def _steps(act: str) -> list[Step]:
    return [step for step in bundled().steps if step.dialogue == MAIN_SLUG and step.act == act]


[_decision] = _steps("decision-adopted")
_OUTCOMES = {o["proposal"]: (o["outcome"], o["justification"]) for o in _decision.fields["outcomes"]}
PROPOSALS = {s.key: Proposal(s.fields["title"], _OUTCOMES.get(s.key)) for s in _steps("proposal-drafted")}
"""The main dialogue's proposals by key, in the order they were drafted."""
ACTIONS = _steps("action-created")
[_objected], [_resolved] = _steps("proposal-objected"), _steps("objection-resolved")
OBJECTION = (_objected.by, _objected.fields["reason"], _resolved.fields["resolution"])
"""(objector, reason, resolution)."""
[_withdrawn] = _steps("proposal-withdrawn")
WITHDRAWAL = (_withdrawn.by, _withdrawn.fields["reason"])
