"""The catalogue of acts and the event classes of the aggregates name the same acts."""

import inspect

import pytest

from domain.action import Action
from domain.acts import ACTS, ACTS_BY_EVENT, BOOKKEEPING_EVENTS, PLATFORM_ACTS
from domain.agreement import Agreement
from domain.base import DialoguePart
from domain.comment import Comment
from domain.contribution import Contribution
from domain.dialogue import Dialogue
from domain.dot_vote import DotVote
from domain.dysfunction import Dysfunction
from domain.instance import Instance
from domain.meeting import Meeting
from domain.proposal import Proposal
from domain.stakeholder import Stakeholder

AGGREGATES = [
    Dialogue,
    Stakeholder,
    Instance,
    Meeting,
    Contribution,
    Proposal,
    Agreement,
    Action,
    Dysfunction,
    DotVote,
    Comment,
]
LIBRARY_BASES = {"Event", "Created"}
"""Base classes that eventsourcing gives every aggregate; not acts."""


def event_classes():
    """Concrete event classes of every aggregate: name -> the aggregates defining it."""
    found: dict[str, list[type]] = {}
    for aggregate in AGGREGATES:
        classes = [
            value
            for name, value in inspect.getmembers(aggregate, inspect.isclass)
            if issubclass(value, DialoguePart.Event) and name not in LIBRARY_BASES
        ]
        for cls in classes:
            is_base_of_others = any(other is not cls and issubclass(other, cls) for other in classes)
            if not is_base_of_others:
                found.setdefault(cls.__name__, []).append(aggregate)
    return found


def test_event_names_are_the_camel_case_of_the_public_act_names():
    assert ACTS["decision-adopted"].event_name == "DecisionAdopted"
    assert ACTS["decision-makers-informed"].event_name == "DecisionMakersInformed"
    assert ACTS["technical-translation-recorded"].event_name == "TechnicalTranslationRecorded"
    assert len(ACTS_BY_EVENT) == len(ACTS)


@pytest.mark.parametrize("act", sorted(ACTS))
def test_every_act_of_the_catalogue_is_an_event_class_of_exactly_one_aggregate(act):
    name = ACTS[act].event_name

    owners = event_classes().get(name, [])

    assert len(owners) == 1, f"{act}: event class {name} found on {owners}"
    assert getattr(owners[0], name).__name__ == name


def test_every_event_class_is_an_act_of_the_catalogue_except_bookkeeping():
    names = set(event_classes())

    assert names - BOOKKEEPING_EVENTS - set(PLATFORM_ACTS.values()) == set(ACTS_BY_EVENT)
    assert names >= set(PLATFORM_ACTS.values())
    assert names >= BOOKKEEPING_EVENTS


def test_every_act_has_roles_and_stages():
    for spec in ACTS.values():
        assert spec.roles, spec.name
        assert spec.stages, spec.name


def test_only_decision_makers_adopt_decisions_and_only_the_steering_committee_reviews_the_design():
    assert {str(r) for r in ACTS["decision-adopted"].roles} == {"decision_maker"}
    assert {str(r) for r in ACTS["design-validated"].roles} == {"steering_member"}
    assert {str(r) for r in ACTS["design-returned"].roles} == {"steering_member"}
    assert {str(r) for r in ACTS["technical-translation-recorded"].roles} == {"technician"}
