"""Exit indicators of each stage (DESIGN.md section 2), evaluated from the dialogue and its parts."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from domain.decisions import ADOPTED_OUTCOMES
from domain.stages import Stage


# What the indicators read of each thing: the aggregates have it, and so do read-model rows.
class DialogueFacts(Protocol):
    @property
    def stage(self) -> Stage: ...
    @property
    def framework(self) -> Any: ...
    @property
    def design_status(self) -> str | None: ...
    @property
    def made_public(self) -> Any: ...
    @property
    def outcomes(self) -> Mapping[str, str]: ...


class InstanceFacts(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def members(self) -> Any: ...


class ProposalFacts(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def translation(self) -> Any: ...


class AgreementFacts(Protocol):
    @property
    def validated(self) -> bool: ...


class ActionFacts(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def operator(self) -> str | None: ...


@dataclass(frozen=True)
class Indicator:
    name: str
    met: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "met": self.met, "detail": self.detail}


@dataclass
class Parts:
    """The parts of a dialogue that its exit indicators look at."""

    instances: Sequence[InstanceFacts] = field(default_factory=list)
    proposals: Sequence[ProposalFacts] = field(default_factory=list)
    agreements: Sequence[AgreementFacts] = field(default_factory=list)
    actions: Sequence[ActionFacts] = field(default_factory=list)


def _indicator(name: str, problems: list[str], ok: str) -> Indicator:
    return Indicator(name, not problems, "; ".join(problems) if problems else ok)


def exit_indicators(dialogue: DialogueFacts, parts: Parts) -> list[Indicator]:
    """The indicators that must all hold to leave the dialogue's current stage."""
    return {
        Stage.FRAMING: _framing,
        Stage.COLLECTIVE_WORK: _collective_work,
        Stage.DECISION_AND_FOLLOW_UP: _decision_and_follow_up,
    }[dialogue.stage](dialogue, parts)


def _framing(dialogue: DialogueFacts, parts: Parts) -> list[Indicator]:
    framework = dialogue.framework
    formalised = [] if framework else ["expected results, objects and perimeter not defined"]
    kinds = {instance.kind for instance in parts.instances}
    instances = [
        f"no {kind.replace('_', ' ')} designed"
        for kind in ("steering_committee", "consultation_group")
        if kind not in kinds
    ]
    for instance in parts.instances:
        if not instance.members:
            instances.append(f"instance '{instance.name}' has no members")
    approach = []
    if dialogue.design_status != "validated":
        approach.append("design not validated by the steering committee")
    if dialogue.made_public is None:
        approach.append("approach not made public")
    return [
        _indicator("framework-formalised", formalised, "expected results, objects and perimeter formalised"),
        _indicator(
            "instances-defined",
            instances,
            f"{len(parts.instances)} instances with composition, work object and schedule",
        ),
        _indicator(
            "approach-validated-and-public", approach, "validated by the steering committee and made public"
        ),
    ]


def _collective_work(dialogue: DialogueFacts, parts: Parts) -> list[Indicator]:
    validated = [p for p in parts.proposals if p.status == "validated"]
    agreements = [a for a in parts.agreements if a.validated]
    untranslated = [f"proposal '{p.title}' not translated" for p in validated if p.translation is None]
    return [
        _indicator(
            "proposals-validated",
            [] if validated else ["no proposal validated by its instance"],
            f"{len(validated)} proposals validated by their instance",
        ),
        _indicator(
            "proposals-put-into-form",
            [] if agreements else ["no agreement or provisional action plan validated by the stakeholders"],
            f"{len(agreements)} agreements validated by the stakeholders",
        ),
        _indicator(
            "proposals-translated",
            untranslated if validated else ["no validated proposal to translate"],
            f"{len(validated)} validated proposals translated by technicians",
        ),
    ]


def _decision_and_follow_up(dialogue: DialogueFacts, parts: Parts) -> list[Indicator]:
    adopted = [p for p, outcome in dialogue.outcomes.items() if outcome in ADOPTED_OUTCOMES]
    without_operator = [f"action '{a.title}' has no operator" for a in parts.actions if a.operator is None]
    return [
        _indicator(
            "proposals-adopted",
            [] if adopted else ["no proposal adopted by the decision-makers"],
            f"{len(adopted)} proposals adopted by the decision-makers",
        ),
        _indicator(
            "operators-identified",
            without_operator if parts.actions else ["no action created"],
            f"an operator for each of the {len(parts.actions)} actions",
        ),
    ]
