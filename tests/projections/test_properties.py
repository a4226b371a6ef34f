"""Properties of the read models over random sequences of acts (hypothesis, on SQLite).

Random steps are applied through the application; a step the domain or the
application refuses (wrong stage, rule not met, unknown part...) is skipped,
as a user's refused act would be. After each step the projections catch up
and the stage view of each dialogue is kept, by head of the log. Then:

(a) the projections built step by step equal the projections rebuilt from zero;
(b) the replay at the head equals the stage view at the head;
(c) the replay at each head reached on the way equals the view shown then.
"""

import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from application.dialogues import DialogueApp
from application.errors import ApplicationError
from domain.errors import DomainError
from domain.roles import Role
from projections.catalogue import all_projections
from projections.replay import replay
from projections.runner import ProjectionRunner
from projections.stage import StageProjection
from projections.store import Sql
from tests.builders import ensure_accounts
from tests.projections.dump import projection_tables
from tests.stores import make_app

DAY = "2026-03-12"
STAKEHOLDERS = ("s1", "s2", "s3")
SEATED = ("steering", *STAKEHOLDERS)
"""Accounts that can be identified as stakeholders and sit on instances."""
GRANTS = {
    "facilitator": Role.FACILITATOR,
    "steering": Role.STEERING_MEMBER,
    "technician": Role.TECHNICIAN,
    "decision-maker": Role.DECISION_MAKER,
    "operator": Role.OPERATOR,
    "expert": Role.EXPERT,
    **dict.fromkeys(STAKEHOLDERS, Role.STAKEHOLDER),
}


@dataclass
class Dialogue:
    """What the test knows of one dialogue: the ids of its parts, in creation order."""

    id: UUID
    parts: dict[str, list[UUID]] = field(default_factory=dict)

    def add(self, kind: str, part_id: UUID) -> None:
        self.parts.setdefault(kind, []).append(part_id)

    def pick(self, kind: str, n: int) -> UUID:
        """The n-th part of that kind (modulo); LookupError when there is none, to skip the step."""
        found = self.parts.get(kind)
        if not found:
            raise LookupError(kind)
        return found[n % len(found)]


class Walk:
    """Applies steps to up to two dialogues through the application."""

    def __init__(self, app: DialogueApp):
        self.app = app
        self.dialogues: list[Dialogue] = []
        ensure_accounts(app, "convenor", *GRANTS, organisers=("convenor",))
        self.open(0)

    def open(self, n: int) -> None:
        if len(self.dialogues) >= 2:
            raise LookupError("two dialogues are enough")
        recorded = self.app.open_dialogue(
            "convenor",
            slug=f"dialogue-{len(self.dialogues)}",
            title="Partager l'eau",
            territory="Sèvre",
            subject="étiage",
        )
        for account, role in GRANTS.items():
            self.app.grant_role("convenor", recorded.id, grantee_id=account, role=role)
        self.dialogues.append(Dialogue(recorded.id))

    def apply(self, name: str, which: int, n: int) -> None:
        dialogue = self.dialogues[which % len(self.dialogues)]
        step = STEPS[name]
        with suppress(DomainError, ApplicationError, LookupError):  # refused: the log is unchanged
            step(self, dialogue, n)

    # --- steps ---------------------------------------------------------------------

    def stakeholder(self, d: Dialogue, n: int) -> None:
        account = SEATED[n % len(SEATED)]
        recorded = self.app.identify_stakeholder(
            "convenor",
            d.id,
            name=f"Personne {account}",
            email=f"{account}@example.org",
            phone="",
            category="resident",
            organisation=f"Association {account}",
            stakeholder_account_id=account,
        )
        d.add("stakeholder", recorded.id)

    def instance(self, d: Dialogue, n: int) -> None:
        kind = ("steering_committee", "consultation_group", "technical_committee")[n % 3]
        recorded = self.app.design_instance(
            "facilitator",
            d.id,
            kind=kind,
            name=f"{kind} {n}",
            function="suivre",
            composition="élus, usagers",
            functioning_rule=("majority", "consent", "consensus")[n // 3 % 3],
            facilitation="animateur",
            schedule="mensuel",
        )
        d.add("instance", recorded.id)

    def member(self, d: Dialogue, n: int) -> None:
        self.app.add_member(
            "convenor", d.id, d.pick("instance", n), stakeholder_id=d.pick("stakeholder", n // 4)
        )

    def remove_member(self, d: Dialogue, n: int) -> None:
        self.app.remove_member(
            "convenor",
            d.id,
            d.pick("instance", n),
            stakeholder_id=d.pick("stakeholder", n // 4),
            reason="départ",
        )

    def framework(self, d: Dialogue, n: int) -> None:
        self.app.define_framework(
            "convenor",
            d.id,
            expected_results=["un plan d'action"],
            objects=["prélèvements"],
            perimeter="le bassin",
            excluded=[],
            calendar=[{"label": "lancement", "date": DAY}],
        )

    def submit(self, d: Dialogue, n: int) -> None:
        self.app.submit_design("convenor", d.id, summary="les instances")

    def review(self, d: Dialogue, n: int) -> None:
        if n % 3:
            self.app.validate_design("steering", d.id)
        else:
            self.app.return_design("steering", d.id, reasons="trop flou")

    def public(self, d: Dialogue, n: int) -> None:
        self.app.make_approach_public("convenor", d.id, channels=["site"], published_on=DAY)

    def advance(self, d: Dialogue, n: int) -> None:
        self.app.advance_stage("convenor", d.id, waiver=None if n % 3 == 0 else "calendrier contraint")

    def contribution(self, d: Dialogue, n: int) -> None:
        recorded = self.app.post_contribution(STAKEHOLDERS[n % 3], d.id, kind="idea", text=f"idée {n}")
        d.add("contribution", recorded.id)

    def endorse_contribution(self, d: Dialogue, n: int) -> None:
        self.app.endorse_contribution(STAKEHOLDERS[n % 3], d.id, d.pick("contribution", n // 3))

    def meeting(self, d: Dialogue, n: int) -> None:
        recorded = self.app.schedule_meeting(
            "facilitator",
            d.id,
            instance_id=d.pick("instance", n),
            title=f"Atelier {n}",
            starts_at=f"{DAY}T18:30",
            place="mairie",
            agenda=["diagnostic"],
        )
        d.add("meeting", recorded.id)

    def hold(self, d: Dialogue, n: int) -> None:
        self.app.hold_meeting("facilitator", d.id, d.pick("meeting", n), held_on=DAY, attendance=n, excused=0)

    def proposal(self, d: Dialogue, n: int) -> None:
        recorded = self.app.draft_proposal(
            STAKEHOLDERS[n % 3],
            d.id,
            instance_id=d.pick("instance", n // 3),
            topic="prélèvements",
            title=f"Proposition {n}",
            text="réduire les prélèvements",
            co_authors=[],
        )
        d.add("proposal", recorded.id)

    def endorse(self, d: Dialogue, n: int) -> None:
        self.app.endorse_proposal(STAKEHOLDERS[n % 3], d.id, d.pick("proposal", n // 3))

    def object(self, d: Dialogue, n: int) -> None:
        self.app.object_to_proposal(STAKEHOLDERS[n % 3], d.id, d.pick("proposal", n // 3), reason="coût")

    def resolve(self, d: Dialogue, n: int) -> None:
        self.app.resolve_objection(STAKEHOLDERS[n % 3], d.id, d.pick("proposal", n // 3), resolution="aide")

    def validate(self, d: Dialogue, n: int) -> None:
        self.app.validate_proposal("facilitator", d.id, d.pick("proposal", n))

    def withdraw(self, d: Dialogue, n: int) -> None:
        self.app.withdraw_proposal("facilitator", d.id, d.pick("proposal", n), reason="remplacée")

    def translate(self, d: Dialogue, n: int) -> None:
        self.app.record_technical_translation(
            "technician",
            d.id,
            d.pick("proposal", n),
            operational_form="arrêté",
            cost_estimate="20 000 €",
            feasibility="2027",
        )

    def agreement(self, d: Dialogue, n: int) -> None:
        recorded = self.app.draft_agreement(
            "facilitator",
            d.id,
            instance_id=d.pick("instance", n),
            title="Plan provisoire",
            text="les mesures",
            proposal_ids=[d.pick("proposal", n // 3)],
        )
        d.add("agreement", recorded.id)

    def approve(self, d: Dialogue, n: int) -> None:
        self.app.approve_agreement(STAKEHOLDERS[n % 3], d.id, d.pick("agreement", n // 3))

    def validate_agreement(self, d: Dialogue, n: int) -> None:
        self.app.validate_agreement("facilitator", d.id, d.pick("agreement", n))

    def dysfunction(self, d: Dialogue, n: int) -> None:
        recorded = self.app.report_dysfunction(
            "facilitator", d.id, description="absences", weak_point="horaires"
        )
        d.add("dysfunction", recorded.id)

    def present(self, d: Dialogue, n: int) -> None:
        self.app.present_results(
            "convenor", d.id, body="conseil municipal", presented_on=DAY, proposal_ids=[d.pick("proposal", n)]
        )

    def decide(self, d: Dialogue, n: int) -> None:
        presented = self.app.repository.get(d.id).presented
        outcomes = ("adopted", "adopted_with_changes", "rejected", "deferred")
        self.app.adopt_decision(
            "decision-maker",
            d.id,
            body="conseil_municipal",
            body_name="Conseil municipal",
            deliberation_reference=f"DEL-{n}",
            adopted_on=DAY,
            votes={"for": 10, "against": 2, "abstentions": 1},
            outcomes=[
                {"proposal_id": p, "outcome": outcomes[(n + i) % 4], "justification": "budget"}
                for i, p in enumerate(presented)
            ],
        )

    def action(self, d: Dialogue, n: int) -> None:
        recorded = self.app.create_action(
            "convenor",
            d.id,
            proposal_id=d.pick("proposal", n),
            title=f"Action {n}",
            description="faire",
            due_on=DAY,
        )
        d.add("action", recorded.id)

    def operator(self, d: Dialogue, n: int) -> None:
        self.app.assign_operator(
            "convenor", d.id, d.pick("action", n), operator_id="operator", organisation="SIAEP"
        )

    def progress(self, d: Dialogue, n: int) -> None:
        self.app.report_progress("operator", d.id, d.pick("action", n), percent=n % 101, note="en cours")

    def complete(self, d: Dialogue, n: int) -> None:
        self.app.complete_action("operator", d.id, d.pick("action", n), completed_on=DAY, summary="fait")

    def close(self, d: Dialogue, n: int) -> None:
        self.app.close_dialogue("convenor", d.id, summary="fin", waiver=None if n % 2 else "fin du mandat")

    def another(self, d: Dialogue, n: int) -> None:
        self.open(n)

    # --- steps made of several acts, to get further in fewer steps --------------------

    def seat(self, d: Dialogue, n: int) -> None:
        """Every identified stakeholder joins instance n (each addition may be refused)."""
        instance_id = d.pick("instance", n)
        for stakeholder_id in d.parts.get("stakeholder", []):
            with suppress(DomainError, ApplicationError):
                self.app.add_member("convenor", d.id, instance_id, stakeholder_id=stakeholder_id)

    def support(self, d: Dialogue, n: int) -> None:
        """Every stakeholder endorses proposal n."""
        proposal_id = d.pick("proposal", n)
        for account in STAKEHOLDERS:
            with suppress(DomainError, ApplicationError):
                self.app.endorse_proposal(account, d.id, proposal_id)

    def prepare(self, d: Dialogue, n: int) -> None:
        """The whole of framing done right: instances with members, design validated and public."""
        for i in range(len(SEATED)):
            self.stakeholder(d, i)
        self.instance(d, 0)  # a steering committee, by majority
        self.instance(d, 1)  # a consultation group, by majority
        self.app.add_member(
            "convenor", d.id, d.parts["instance"][-2], stakeholder_id=d.parts["stakeholder"][-4]
        )
        for stakeholder_id in d.parts["stakeholder"][-3:]:
            self.app.add_member("convenor", d.id, d.parts["instance"][-1], stakeholder_id=stakeholder_id)
        self.framework(d, n)
        self.submit(d, n)
        self.review(d, 1)
        self.public(d, n)

    def conclude(self, d: Dialogue, n: int) -> None:
        """Proposal n presented and ruled on; an action for it, with an operator, if it was adopted."""
        self.present(d, n)
        self.decide(d, n)
        self.action(d, n)
        self.operator(d, -1)

    def ready(self, d: Dialogue, n: int) -> None:
        """Proposal n endorsed by every stakeholder, validated by its instance, then translated."""
        self.support(d, n)
        self.validate(d, n)
        self.translate(d, n)


STEPS: dict[str, Callable[[Walk, Dialogue, int], None]] = {
    name: method
    for name, method in vars(Walk).items()
    if callable(method) and not name.startswith(("_", "apply"))
}
del STEPS["open"]

FRAMING = ["stakeholder"] * 4 + ["instance"] * 2 + ["member"] * 3 + ["seat"] * 2
FRAMING += ["remove_member", "framework", "submit", "review", "review", "public", "another"]
COLLECTIVE = ["contribution", "endorse_contribution", "meeting", "hold", "object", "resolve", "withdraw"]
COLLECTIVE += ["proposal"] * 6 + ["endorse"] * 4 + ["validate"] * 2 + ["translate"] * 2
COLLECTIVE += ["agreement", "approve", "approve", "validate_agreement", "dysfunction", "member"]
COLLECTIVE += ["support"] * 3 + ["ready"] * 3
DECISION = ["present", "present", "decide", "action", "action", "operator", "progress", "complete", "close"]
DECISION += ["meeting", "hold", "dysfunction", "conclude", "conclude"]
ANY = sorted(set(STEPS) - {"prepare"})


def stage_steps(names: list[str], least: int, most: int) -> st.SearchStrategy[list[tuple[str, int, int]]]:
    step = st.tuples(st.sampled_from(names), st.integers(0, 1), st.integers(0, 63))
    return st.lists(step, min_size=least, max_size=most)


advance = st.tuples(st.just("advance"), st.just(0), st.integers(0, 20).map(lambda n: 3 * n + 1))
"""The first dialogue moves on, with a waiver if its indicators are not met."""
steps = st.tuples(
    st.sampled_from([[], [("prepare", 0, 0)]]).flatmap(
        lambda prepared: stage_steps(FRAMING, 2, 14).map(prepared.__add__)
    ),
    advance,
    stage_steps(COLLECTIVE, 12, 30),
    advance,
    stage_steps(DECISION, 3, 12),
    stage_steps(ANY, 0, 4),
).map(lambda plan: [*plan[0], plan[1], *plan[2], plan[3], *plan[4], *plan[5]])
"""A plan that walks the stages in order (each advance may be refused), then a few acts of any kind.

Half the plans start with the whole of framing done right, to get further in the process."""


def views(sql: Sql, walk: Walk) -> dict[UUID, dict[str, Any] | None]:
    return {d.id: StageProjection.view(sql, d.id) for d in walk.dialogues}


def same_view(replayed: dict[str, Any], view: dict[str, Any] | None) -> bool:
    assert view is not None
    return {key: replayed[key] for key in view} == view


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_projections_and_replay_agree_whatever_the_acts(steps: list[tuple[str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(f"sqlite:///{folder}/properties.sqlite3")
        try:
            runner = ProjectionRunner(app.recorder, app.mapper, all_projections(), batch_size=7)
            walk = Walk(app)
            seen: dict[int, dict[UUID, dict[str, Any] | None]] = {}
            for name, which, n in [("stakeholder", 0, 0), *steps]:
                walk.apply(name, which, n)
                runner.catch_up()
                with runner.store.transaction(commit=False) as sql:
                    seen[runner.head()] = views(sql, walk)
            head = runner.head()
            assert set(runner.positions().values()) == {head}
            last = seen[head][walk.dialogues[0].id]
            assert last is not None
            event(f"{len(seen) // 10 * 10}+ acts, last stage {last['stage']}")
            event(f"proposals {sorted(last['counts']['proposals'])}")

            # (a) step by step == rebuilt from zero
            built = projection_tables(runner)
            fresh = ProjectionRunner(app.recorder, app.mapper, all_projections(), batch_size=1000)
            fresh.rebuild()
            assert projection_tables(fresh) == built

            # (b) replay at the head == the stage view at the head
            for dialogue in walk.dialogues:
                assert same_view(replay(app.recorder, app.mapper, dialogue.id, head), seen[head][dialogue.id])

            # (c) replay at each head reached == the view the projection showed then
            for position, shown in seen.items():
                for dialogue_id, view in shown.items():
                    assert same_view(replay(app.recorder, app.mapper, dialogue_id, position), view), position
        finally:
            app.close()
