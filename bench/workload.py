"""A realistic workload recorded fast: dialogues walked through the three stages.

Every act is a call of the domain on aggregates kept in memory (so every
event is one the domain accepts), and the resulting events are saved many
at a time, in the order the acts happened. Dialogues take turns, so that
their events interleave in the log as they would on a real platform. Most
acts are those a busy consultation is made of: contributions and their
endorsements, proposals drafted, endorsed, objected to, validated and
translated, meetings held; then an agreement, the decision of the
legitimate body, actions and their progress.

``record_workload(app, events)`` records exactly ``events`` events.
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

from eventsourcing.application import ProcessingEvent
from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteApplicationRecorder

from application.dialogues import DialogueApp
from domain.action import Action
from domain.agreement import Agreement
from domain.base import Actor
from domain.contribution import CONTRIBUTION_KINDS, Contribution
from domain.dialogue import Dialogue
from domain.dysfunction import Dysfunction
from domain.indicators import Parts, exit_indicators
from domain.instance import Instance
from domain.meeting import Meeting
from domain.proposal import Proposal
from domain.roles import Role
from domain.stakeholder import Stakeholder

STAKEHOLDERS = 9
"""Stakeholder accounts per dialogue; they all sit on its consultation group (majority rule)."""

RESERVE = 80
"""Events kept for the end of each dialogue: agreement, decision, actions."""

MINIMUM = 200
"""Events needed per dialogue to walk it through the three stages."""

TOPICS = ("prélèvements", "qualité de l'eau", "zones humides", "irrigation", "information du public")
TEXTS = (
    "les puits baissent en août",
    "les rejets de la station d'épuration après les orages",
    "une haie à replanter le long du ruisseau",
    "qui contrôle les forages privés ?",
    "les calendriers d'irrigation ne sont pas partagés",
    "des compteurs pour les prélèvements agricoles",
)


class Workload:
    """Records acts of several dialogues, saving their events ``chunk`` at a time."""

    def __init__(self, app: DialogueApp, *, chunk: int = 2000, seed: int = 0):
        self.app = app
        self.chunk = chunk
        self.rng = random.Random(seed)  # noqa: S311 (a workload, not a secret)
        self.events: list[Any] = []
        self.recorded = 0

    def emit(self, *aggregates: Any) -> int:
        """Queue the new events of ``aggregates`` (in this order); how many there were."""
        count = 0
        for aggregate in aggregates:
            collected = aggregate.collect_events()
            self.events.extend(collected)
            count += len(collected)
        if len(self.events) >= self.chunk:
            self.flush()
        return count

    def flush(self) -> None:
        """Save the queued events as ``app.save`` does: the same stored events (the application's
        mapper), in one transaction. On SQLite by the library's insert of many events at once (one
        ``executemany``: its application recorder runs an ``execute`` per event for their positions);
        elsewhere through the application's event store, without its check of each object against
        the library's event protocol (they are events)."""
        if not self.events:
            return
        recorder = self.app.recorder
        if isinstance(recorder, SQLiteApplicationRecorder):
            stored = [self.app.mapper.to_stored_event(event) for event in self.events]
            with recorder.datastore.transaction(commit=True) as cursor:
                SQLiteAggregateRecorder._insert_events(recorder, cursor, stored)  # the library's bulk insert
            self.app._notify([])  # wakes what follows the log, as a save does
        else:
            processing: ProcessingEvent[Any] = ProcessingEvent()
            processing.events.extend(self.events)
            self.app._notify(self.app._record(processing))
        self.recorded += len(self.events)
        self.events = []

    def record(self, events: int, dialogues: int = 4) -> int:
        """Record exactly ``events`` events across ``dialogues`` dialogues."""
        dialogues = max(1, min(dialogues, events // MINIMUM))
        if events < MINIMUM:
            raise ValueError(f"a workload needs at least {MINIMUM} events")
        budgets = [events // dialogues + (1 if i < events % dialogues else 0) for i in range(dialogues)]
        runs = [DialogueRun(self, f"bassin-{uuid4().hex[:8]}", budget).acts() for budget in budgets]
        done = object()
        while runs:
            for run in list(runs):
                if next(run, done) is done:
                    runs.remove(run)
        self.flush()
        return self.recorded


class DialogueRun:
    """One dialogue's acts, spending exactly ``budget`` events."""

    def __init__(self, workload: Workload, slug: str, budget: int):
        self.w = workload
        self.rng = workload.rng
        self.slug = slug
        self.budget = budget
        self.spent = 0
        self.convenor = Actor("convenor", Role.CONVENOR)
        self.facilitator = Actor("facilitator", Role.FACILITATOR)
        self.steering = Actor("steering", Role.STEERING_MEMBER)
        self.technician = Actor("technician", Role.TECHNICIAN)
        self.decision_maker = Actor("decision-maker", Role.DECISION_MAKER)
        self.operator = Actor("operator", Role.OPERATOR)
        self.stakeholders = [Actor(f"s{i}", Role.STAKEHOLDER) for i in range(1, STAKEHOLDERS + 1)]
        self.day = date(2026, 1, 5)
        self.instances: list[Instance] = []
        self.proposals: list[Proposal] = []
        self.ready: list[Proposal] = []
        """Validated and translated proposals, not yet presented."""

    @property
    def left(self) -> int:
        return self.budget - self.spent

    def emit(self, *aggregates: Any) -> None:
        self.spent += self.w.emit(*aggregates)

    def next_day(self) -> str:
        self.day += timedelta(days=1)
        return self.day.isoformat()

    def acts(self) -> Iterator[None]:
        yield from self.framing()
        while self.left > RESERVE:
            yield from self.collective_round()
        yield from self.decision()
        while self.left > 0:
            yield from self.follow_up()

    # --- stage 1 --------------------------------------------------------------

    def framing(self) -> Iterator[None]:
        d = self.dialogue = Dialogue.open(
            self.convenor,
            slug=self.slug,
            title="Partager l'eau du bassin",
            territory="Bassin de la Sèvre",
            subject="Gestion de l'eau en période d'étiage",
        )
        self.emit(d)
        staff = [self.facilitator, self.steering, self.technician, self.decision_maker, self.operator]
        for actor in [*staff, *self.stakeholders, Actor("expert", Role.EXPERT)]:
            d.grant_role(self.convenor, account_id=actor.account_id, role=actor.role)
            self.emit(d)
        yield
        d.define_framework(
            self.convenor,
            expected_results=["un plan d'action partagé"],
            objects=["répartition des prélèvements"],
            perimeter="le bassin versant",
            excluded=["la tarification"],
            calendar=[{"label": "lancement", "date": self.next_day()}],
        )
        self.emit(d)
        people = {}
        for actor in [self.steering, *self.stakeholders]:
            person = uuid4()
            contact = {"name": f"Personne {actor.account_id}", "email": "", "phone": ""}
            people[actor.account_id] = s = Stakeholder.identify(
                self.facilitator,
                stakeholder_id=person,
                dialogue_id=d.id,
                category=self.rng.choice(["resident", "farmer", "association", "elected_official"]),
                organisation=f"Association {actor.account_id}",
                sealed_contact=self.w.app.vault.seal(person, contact),
                account_id=actor.account_id,
                public_office=False,
                name_consent=False,
            )
            d.attach(self.facilitator, kind="stakeholder", part_id=s.id)
            self.emit(s, d)
            yield
        for kind, name, members in (
            ("steering_committee", "Comité de pilotage", [self.steering]),
            ("consultation_group", "Groupe eau", self.stakeholders),
        ):
            instance = Instance.design(
                self.convenor,
                dialogue_id=d.id,
                kind=kind,
                name=name,
                function="suivre la démarche",
                composition="élus, associations, usagers",
                functioning_rule="majority",
                facilitation="animateur neutre",
                schedule="mensuel",
            )
            d.attach(self.convenor, kind="instance", part_id=instance.id)
            self.emit(instance, d)
            for member in members:
                instance.add_member(self.convenor, stakeholder=people[member.account_id])
                self.emit(instance)
            self.instances.append(instance)
            yield
        self.committee, self.group = self.instances
        d.submit_design(self.convenor, summary="deux instances")
        d.validate_design(self.steering, steering_committee=self.committee)
        d.make_approach_public(self.convenor, channels=["site de la commune"], published_on=self.next_day())
        self.emit(d)
        self.advance()
        yield

    def advance(self) -> None:
        parts = Parts(instances=self.instances, proposals=self.proposals, agreements=self.agreements())
        self.dialogue.advance_stage(self.convenor, indicators=exit_indicators(self.dialogue, parts))
        self.emit(self.dialogue)

    def agreements(self) -> list[Agreement]:
        return [self.agreement] if hasattr(self, "agreement") else []

    # --- stage 2 --------------------------------------------------------------

    def collective_round(self) -> Iterator[None]:
        """A contribution and its endorsements; now and then a proposal, a meeting, a dysfunction."""
        d, rng = self.dialogue, self.rng
        author, *others = rng.sample(self.stakeholders, 4)
        contribution = Contribution.post(
            author, dialogue_id=d.id, kind=rng.choice(CONTRIBUTION_KINDS), text=rng.choice(TEXTS)
        )
        for endorser in others[: rng.randint(0, 3)]:
            contribution.endorse(endorser)
        if rng.random() < 0.2:
            contribution.move_to_cluster(self.facilitator, cluster=rng.choice(TOPICS))
        self.emit(contribution)
        yield
        if rng.random() < 0.12 and self.left > RESERVE + 20:
            yield from self.proposal_path()
        if rng.random() < 0.02 and self.left > RESERVE + 10:
            self.meeting()
            yield
        if rng.random() < 0.005 and self.left > RESERVE + 10:
            self.regulation()
            yield

    def proposal_path(self, *, validated: bool = False) -> Iterator[None]:
        """A proposal drafted and endorsed; validated and translated if a majority endorses it."""
        d, rng = self.dialogue, self.rng
        author, co_author = rng.sample(self.stakeholders, 2)
        proposal = Proposal.draft(
            author,
            dialogue_id=d.id,
            instance_id=self.group.id,
            topic=rng.choice(TOPICS),
            title=f"Proposition {len(self.proposals) + 1}",
            text="réduire les prélèvements de 10 % en étiage",
            co_authors=[co_author.account_id],
            contribution_ids=[],
        )
        d.attach(author, kind="proposal", part_id=proposal.id)
        self.emit(proposal, d)
        self.proposals.append(proposal)
        yield
        least = STAKEHOLDERS // 2 + 1 if validated else 3
        supporters = rng.sample(self.stakeholders, rng.randint(least, STAKEHOLDERS))
        if rng.random() < 0.3 and len(supporters) < STAKEHOLDERS:
            objector = rng.choice([s for s in self.stakeholders if s not in supporters])
            proposal.object(objector, reason="le coût pour les petites exploitations")
            if rng.random() < 0.5:
                proposal.amend(
                    author, text="réduire de 10 %, aidé pour les petites exploitations", rationale="coût"
                )
                proposal.resolve_objection(objector, resolution="aide prévue")
        for supporter in supporters:
            proposal.endorse(supporter)
        self.emit(proposal)
        yield
        if len(supporters) * 2 > STAKEHOLDERS:
            proposal.validate(self.facilitator, instance=self.group)
            proposal.record_translation(
                self.technician, operational_form="arrêté", cost_estimate="20 000 €", feasibility="2027"
            )
            self.emit(proposal)
            self.ready.append(proposal)
        elif rng.random() < 0.3:
            proposal.withdraw(author, reason="remplacée par une autre")
            self.emit(proposal)
        yield

    def meeting(self) -> None:
        d = self.dialogue
        meeting = Meeting.schedule(
            self.facilitator,
            dialogue_id=d.id,
            instance_id=self.group.id,
            title="Atelier",
            starts_at=f"{self.next_day()}T18:30",
            place="salle des fêtes",
            agenda=["diagnostic", "propositions"],
        )
        d.attach(self.facilitator, kind="meeting", part_id=meeting.id)
        meeting.hold(
            self.facilitator, held_on=self.day.isoformat(), attendance=self.rng.randint(5, 40), excused=1
        )
        meeting.record_minutes(self.facilitator, text="relevé de décisions")
        self.emit(meeting, d)
        d.inform_population(
            self.facilitator, means="bulletin", summary="compte rendu", informed_on=self.day.isoformat()
        )
        self.emit(d)

    def regulation(self) -> None:
        d = self.dialogue
        dysfunction = Dysfunction.report(
            self.facilitator,
            dialogue_id=d.id,
            description="les agriculteurs ne viennent plus",
            weak_point="horaires",
        )
        d.attach(self.facilitator, kind="dysfunction", part_id=dysfunction.id)
        dysfunction.propose_adjustment(self.facilitator, adjustment="réunions le soir")
        dysfunction.adopt_adjustment(self.steering, remarks="")
        self.emit(dysfunction, d)

    # --- stage 3 --------------------------------------------------------------

    def decision(self) -> Iterator[None]:
        d = self.dialogue
        if not self.ready:  # a small budget: make sure one proposal is ready
            yield from self.proposal_path(validated=True)
        agreement = Agreement.draft(
            self.facilitator,
            dialogue_id=d.id,
            instance_id=self.group.id,
            title="Plan d'action provisoire",
            text="les mesures retenues",
            proposals=self.ready[:5],
        )
        d.attach(self.facilitator, kind="agreement", part_id=agreement.id)
        for member in self.stakeholders[: STAKEHOLDERS // 2 + 1]:
            agreement.approve(member)
        agreement.validate(self.facilitator, instance=self.group)
        self.agreement = agreement
        self.emit(agreement, d)
        self.advance()
        yield
        presented = self.ready[:8]
        d.present_results(
            self.convenor, body="conseil municipal", presented_on=self.next_day(), proposals=presented
        )
        outcomes = [
            {"proposal_id": p.id, "outcome": o, "justification": "" if o == "adopted" else "budget 2027"}
            for p, o in zip(
                presented, ["adopted", "adopted_with_changes", "rejected", "deferred"] * 2, strict=False
            )
        ]
        decision_id = d.adopt_decision(
            self.decision_maker,
            body="conseil_municipal",
            body_name="Conseil municipal",
            deliberation_reference=f"DEL-2026-{self.rng.randint(1, 999):03d}",
            adopted_on=self.day.isoformat(),
            votes={"for": 20, "against": 3, "abstentions": 2},
            outcomes=outcomes,
            consultation_bodies=[i.name for i in self.instances],
        )
        d.communicate_decision(
            self.convenor,
            decision_id=decision_id,
            channels=["site de la commune", "réunion publique"],
            communicated_on=self.next_day(),
            message="le conseil a adopté le plan",
        )
        self.emit(d)
        yield
        self.actions = []
        for outcome in outcomes:
            if outcome["outcome"] not in ("adopted", "adopted_with_changes"):
                continue
            action = Action.create(
                self.convenor,
                dialogue_id=d.id,
                proposal_id=outcome["proposal_id"],
                outcome=outcome["outcome"],
                title="Mettre en œuvre la mesure",
                description="rédiger et publier l'arrêté",
                due_on="2027-06-30",
            )
            d.attach(self.convenor, kind="action", part_id=action.id)
            d.check_operator(self.operator.account_id)
            action.assign_operator(
                self.convenor, operator_id=self.operator.account_id, organisation="Syndicat"
            )
            self.emit(action, d)
            self.actions.append(action)
            yield

    def follow_up(self) -> Iterator[None]:
        """One event: progress on an action (or a note once all are done)."""
        action = self.rng.choice(self.actions)
        action.report_progress(self.operator, percent=self.rng.randint(1, 99), note="travaux en cours")
        self.emit(action)
        yield


def record_workload(
    app: DialogueApp, events: int, *, dialogues: int = 4, chunk: int = 2000, seed: int = 0
) -> int:
    """Record exactly ``events`` events of ``dialogues`` dialogues; returns how many were recorded."""
    return Workload(app, chunk=chunk, seed=seed).record(events, dialogues)


__all__ = ["Workload", "record_workload"]
