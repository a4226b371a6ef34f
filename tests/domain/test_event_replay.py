"""Every event says who acted and in which role; replaying the events rebuilds each aggregate."""

import functools
import importlib
import inspect
import pkgutil

import pytest

import domain
from domain.acts import ACTS_BY_EVENT, BOOKKEEPING_EVENTS
from domain.base import Actor, DialoguePart
from domain.contribution import Contribution
from domain.dysfunction import Dysfunction
from domain.meeting import Meeting
from domain.roles import Role

WAIVER = "The council meets next week; the translation will follow."


def replay(events):
    return functools.reduce(lambda aggregate, event: event.mutate(aggregate), events, None)


@pytest.fixture
def lived(walk):
    """A dialogue walked from opening to closing, with a part of every kind, and a waived stage."""
    walk.complete_framing()
    walk.dialogue.hold_launch_meeting(
        walk.facilitator, held_on="2026-03-20", attendance=80, summary="Launched."
    )
    walk.advance()

    meeting = Meeting.schedule(
        walk.facilitator,
        dialogue_id=walk.dialogue.id,
        instance_id=walk.consultation_group.id,
        title="Workshop 1",
        starts_at="2026-04-07T18:00",
        place="Die",
        agenda=["diagnosis"],
    )
    meeting.hold(walk.facilitator, held_on="2026-04-07", attendance=23, excused=2)
    meeting.record_minutes(walk.facilitator, text="First version.")
    meeting.correct_minutes(walk.facilitator, text="Corrected version.", reason="A name was wrong.")
    contribution = Contribution.post(
        walk.alice, dialogue_id=walk.dialogue.id, kind="concern", text="Dry wells."
    )
    contribution.move_to_cluster(walk.facilitator, cluster="water scarcity")
    contribution.endorse(walk.bob)
    dysfunction = Dysfunction.report(
        walk.facilitator,
        dialogue_id=walk.dialogue.id,
        description="Farmers absent",
        weak_point="meeting hours",
    )
    dysfunction.propose_adjustment(walk.facilitator, adjustment="Meet at 20:00.")
    dysfunction.adopt_adjustment(walk.steering, remarks="Agreed.")
    walk.dialogue.hold_steering_review(walk.steering, held_on="2026-05-01", summary="On track.")
    walk.dialogue.provide_expertise(Actor("erin", Role.EXPERT), kind="study", title="Aquifer", summary="Low.")

    proposal = walk.draft_proposal("Shared irrigation calendar")
    proposal.amend(walk.bob, text="A fortnightly calendar.", rationale="Small farms.")
    proposal.object(walk.bob, reason="Not yet.")
    proposal.resolve_objection(walk.bob, resolution="Trial year added.")
    for member in (walk.alice, walk.bob):
        proposal.endorse(member)
    proposal.validate(walk.facilitator, instance=walk.consultation_group)
    proposal.record_translation(
        walk.technician, operational_form="rota", cost_estimate="5 k€", feasibility="ok"
    )
    walk.validated_agreement([proposal])
    walk.validated_proposal("Rainwater tanks", translated=False)
    walk.advance(waiver=WAIVER)

    walk.present([proposal])
    walk.adopt()
    action = walk.action_with_operator(proposal)
    action.report_progress(walk.operator, percent=40, note="Rota drafted.")
    action.complete(walk.operator, completed_on="2027-02-01", summary="Rota running.")
    walk.dialogue.communicate_decision(
        walk.facilitator,
        decision_id=walk.dialogue.decisions[0]["decision_id"],
        channels=["newsletter"],
        communicated_on="2026-10-01",
        message="Adopted.",
    )
    walk.dialogue.evaluate_process(walk.convenor, summary="Good.", strengths=["trust"], improvements=[])
    walk.close()
    return walk, [meeting, contribution, dysfunction]


def every_aggregate(lived):
    walk, others = lived
    return [*walk.aggregates(), *others]


def all_events(lived):
    return [event for aggregate in every_aggregate(lived) for event in aggregate.collect_events()]


def test_every_event_carries_the_actor_and_the_role_they_acted_in(lived):
    events = all_events(lived)

    assert len(events) > 60
    for event in events:
        assert isinstance(event.actor_id, str)
        assert event.actor_id
        assert event.actor_role in set(Role), type(event).__name__


def test_every_act_was_recorded_in_a_role_the_catalogue_allows_for_it(lived):
    for event in all_events(lived):
        name = type(event).__name__
        if name in BOOKKEEPING_EVENTS:
            continue
        assert event.actor_role in ACTS_BY_EVENT[name].roles, f"{name} by {event.actor_role}"


def test_events_name_the_actual_actor_of_each_act(lived):
    by_name = {}
    for event in all_events(lived):
        by_name.setdefault(type(event).__name__, []).append(event)

    assert [(e.actor_id, e.actor_role) for e in by_name["DecisionAdopted"]] == [("denise", "decision_maker")]
    assert [(e.actor_id, e.actor_role) for e in by_name["DesignValidated"]] == [("sophie", "steering_member")]
    assert {(e.actor_id, e.actor_role) for e in by_name["TechnicalTranslationRecorded"]} == {
        ("theo", "technician")
    }
    assert [(e.actor_id, e.actor_role) for e in by_name["ProposalAmended"]] == [("bob", "stakeholder")]
    assert [(e.actor_id, e.actor_role) for e in by_name["StageAdvanced"]] == [("carla", "convenor")] * 2
    assert [(e.actor_id, e.actor_role) for e in by_name["ProgressReported"]] == [("oscar", "operator")]


def test_replaying_the_events_rebuilds_an_equal_aggregate(lived):
    for aggregate in every_aggregate(lived):
        events = aggregate.collect_events()

        rebuilt = replay(events)

        assert type(rebuilt) is type(aggregate)
        assert rebuilt == aggregate
        assert rebuilt.version == len(events)


def test_the_replayed_dialogue_keeps_its_waiver_decision_and_closure(lived):
    walk, _ = lived
    rebuilt = replay(walk.dialogue.collect_events())

    assert rebuilt.closed
    assert [t["to"] for t in rebuilt.transitions] == ["collective_work", "decision_and_follow_up", "closed"]
    assert [t["waiver"] for t in rebuilt.transitions] == [None, WAIVER, None]
    assert rebuilt.decisions[0]["body"] == "conseil_communautaire"
    assert rebuilt.outcome_of(walk.proposals[0].id) == "adopted"


def validation_points():
    """Every ``check_...`` guard of the domain: module functions and aggregate methods."""
    points = []
    for info in pkgutil.iter_modules(domain.__path__):
        module = importlib.import_module(f"domain.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("check_") and inspect.isfunction(value):
                points.append((module, name))
            if (
                inspect.isclass(value)
                and issubclass(value, DialoguePart)
                and value.__module__ == module.__name__
            ):
                points.extend((value, attr) for attr in vars(value) if attr.startswith("check_"))
    return points


def test_replay_runs_no_validation_so_no_rule_lives_in_an_event_body(lived, monkeypatch):
    aggregates = every_aggregate(lived)
    recorded = [(aggregate, aggregate.collect_events()) for aggregate in aggregates]
    points = validation_points()
    assert len(points) > 20

    def refuse(*args, **kwargs):
        raise AssertionError("a guard ran during replay")

    for owner, name in points:
        monkeypatch.setattr(owner, name, refuse)
    monkeypatch.setattr(Actor, "check_role", refuse)
    walk, _ = lived
    with pytest.raises(AssertionError, match="a guard ran"):
        walk.proposals[1].amend(walk.alice, text="x", rationale="y")

    for aggregate, events in recorded:
        assert replay(events) == aggregate
