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


# The English wording of each note an indicator's detail is made of; the web translates the same codes.
# A note that counts (its ``count``) has a singular and a plural wording.
NOTES: dict[str, str | tuple[str, str]] = {
    "framework-not-defined": "expected results, objects and perimeter not defined",
    "framework-formalised": "expected results, objects and perimeter formalised",
    "no-steering-committee": "no steering committee designed",
    "no-consultation-group": "no consultation group designed",
    "instance-without-members": "instance '{instance}' has no members",
    "instances-defined": (
        "{count} instance with composition, work object and schedule",
        "{count} instances with composition, work object and schedule",
    ),
    "design-not-validated": "design not validated by the steering committee",
    "approach-not-public": "approach not made public",
    "approach-validated-and-public": "validated by the steering committee and made public",
    "no-proposal-validated": "no proposal validated by its instance",
    "proposals-validated": (
        "{count} proposal validated by its instance",
        "{count} proposals validated by their instance",
    ),
    "no-agreement-validated": "no agreement or provisional action plan validated by the stakeholders",
    "agreements-validated": (
        "{count} agreement validated by the stakeholders",
        "{count} agreements validated by the stakeholders",
    ),
    "no-proposal-to-translate": "no validated proposal to translate",
    "proposal-not-translated": "proposal '{proposal}' not translated",
    "proposals-translated": (
        "{count} validated proposal translated by technicians",
        "{count} validated proposals translated by technicians",
    ),
    "no-proposal-adopted": "no proposal adopted by the decision-makers",
    "proposals-adopted": (
        "{count} proposal adopted by the decision-makers",
        "{count} proposals adopted by the decision-makers",
    ),
    "no-action": "no action created",
    "action-without-operator": "action '{action}' has no operator",
    "operators-identified": ("{count} action with its operator", "{count} actions, each with its operator"),
}


@dataclass(frozen=True)
class Note:
    """One piece of an indicator's detail: a code (a key of ``NOTES``) and its named values."""

    code: str
    params: Mapping[str, str | int] = field(default_factory=dict, hash=False)

    @property
    def english(self) -> str:
        wording = NOTES[self.code]
        if isinstance(wording, tuple):
            singular, plural = wording
            wording = singular if self.params["count"] == 1 else plural
        return wording.format(**self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


def note(code: str, **params: str | int) -> Note:
    return Note(code, params)


@dataclass(frozen=True)
class Indicator:
    """An exit indicator: met or not, and why.

    ``notes`` are the structured form of ``detail``: the problems when unmet,
    the one statement of what holds when met. ``detail`` is their English
    wording, joined by "; ".
    """

    name: str
    met: bool
    detail: str
    notes: tuple[Note, ...] = ()

    def as_dict(self, *, notes: bool = False) -> dict[str, Any]:
        """The indicator as recorded and printed; with ``notes``, their structured form too."""
        data: dict[str, Any] = {"name": self.name, "met": self.met, "detail": self.detail}
        if notes:
            data["notes"] = [n.as_dict() for n in self.notes]
        return data


@dataclass
class Parts:
    """The parts of a dialogue that its exit indicators look at."""

    instances: Sequence[InstanceFacts] = field(default_factory=list)
    proposals: Sequence[ProposalFacts] = field(default_factory=list)
    agreements: Sequence[AgreementFacts] = field(default_factory=list)
    actions: Sequence[ActionFacts] = field(default_factory=list)


STAGE_PARTS: dict[Stage, tuple[str, ...]] = {
    Stage.FRAMING: ("instances",),
    Stage.COLLECTIVE_WORK: ("proposals", "agreements"),
    Stage.DECISION_AND_FOLLOW_UP: ("actions",),
}
"""The fields of ``Parts`` that the indicators of each stage look at: a reader may load those only."""


def _indicator(name: str, problems: list[Note], ok: Note) -> Indicator:
    notes = tuple(problems) if problems else (ok,)
    return Indicator(name, not problems, "; ".join(n.english for n in notes), notes)


def exit_indicators(dialogue: DialogueFacts, parts: Parts) -> list[Indicator]:
    """The indicators that must all hold to leave the dialogue's current stage."""
    return {
        Stage.FRAMING: _framing,
        Stage.COLLECTIVE_WORK: _collective_work,
        Stage.DECISION_AND_FOLLOW_UP: _decision_and_follow_up,
    }[dialogue.stage](dialogue, parts)


def _framing(dialogue: DialogueFacts, parts: Parts) -> list[Indicator]:
    framework = dialogue.framework
    formalised = [] if framework else [note("framework-not-defined")]
    kinds = {instance.kind for instance in parts.instances}
    instances = [
        note(f"no-{kind.replace('_', '-')}")
        for kind in ("steering_committee", "consultation_group")
        if kind not in kinds
    ]
    for instance in parts.instances:
        if not instance.members:
            instances.append(note("instance-without-members", instance=instance.name))
    approach = []
    if dialogue.design_status != "validated":
        approach.append(note("design-not-validated"))
    if dialogue.made_public is None:
        approach.append(note("approach-not-public"))
    return [
        _indicator("framework-formalised", formalised, note("framework-formalised")),
        _indicator("instances-defined", instances, note("instances-defined", count=len(parts.instances))),
        _indicator("approach-validated-and-public", approach, note("approach-validated-and-public")),
    ]


def _collective_work(dialogue: DialogueFacts, parts: Parts) -> list[Indicator]:
    validated = [p for p in parts.proposals if p.status == "validated"]
    agreements = [a for a in parts.agreements if a.validated]
    untranslated = [
        note("proposal-not-translated", proposal=p.title) for p in validated if p.translation is None
    ]
    return [
        _indicator(
            "proposals-validated",
            [] if validated else [note("no-proposal-validated")],
            note("proposals-validated", count=len(validated)),
        ),
        _indicator(
            "proposals-put-into-form",
            [] if agreements else [note("no-agreement-validated")],
            note("agreements-validated", count=len(agreements)),
        ),
        _indicator(
            "proposals-translated",
            untranslated if validated else [note("no-proposal-to-translate")],
            note("proposals-translated", count=len(validated)),
        ),
    ]


def _decision_and_follow_up(dialogue: DialogueFacts, parts: Parts) -> list[Indicator]:
    adopted = [p for p, outcome in dialogue.outcomes.items() if outcome in ADOPTED_OUTCOMES]
    without_operator = [
        note("action-without-operator", action=a.title) for a in parts.actions if a.operator is None
    ]
    return [
        _indicator(
            "proposals-adopted",
            [] if adopted else [note("no-proposal-adopted")],
            note("proposals-adopted", count=len(adopted)),
        ),
        _indicator(
            "operators-identified",
            without_operator if parts.actions else [note("no-action")],
            note("operators-identified", count=len(parts.actions)),
        ),
    ]
