"""The dialogue: its stage, roles, framework and the acts that concern it as a whole.

Parts that many people change at once (stakeholders, instances, meetings,
contributions, proposals, agreements, actions, dysfunctions) are aggregates
of their own; the dialogue indexes them (``PartAttached``) so that its exit
indicators can be evaluated.
"""

import re
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import event

from domain.acts import ACTS
from domain.base import (
    Actor,
    DialoguePart,
    check_choice,
    check_count,
    check_date,
    check_text,
    check_texts,
)
from domain.decisions import check_decision, check_presentable
from domain.errors import (
    DialogueClosedError,
    IndicatorsUnmetError,
    InvalidActError,
    RoleError,
    RuleError,
    WrongStageError,
)
from domain.indicators import Indicator
from domain.roles import Role
from domain.stages import Stage

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DIALOGUE_NAMESPACE = uuid5(NAMESPACE_URL, "https://dialogue-territorial.fr/dialogues")
LINK_TARGETS = ("population", "programmes", "experts", "decision_makers")
PART_KINDS = (
    "stakeholder",
    "instance",
    "meeting",
    "proposal",
    "agreement",
    "action",
    "dysfunction",
)


def dialogue_id_for(slug: str) -> UUID:
    """The id of the dialogue known by ``slug`` (one dialogue per slug)."""
    return uuid5(DIALOGUE_NAMESPACE, slug)


class Dialogue(DialoguePart):
    """A territorial dialogue walked through the three stages."""

    @staticmethod
    def create_id(slug: str) -> UUID:  # type: ignore[override]
        return dialogue_id_for(slug)

    @classmethod
    def open(cls, by: Actor, *, slug: str, title: str, territory: str, subject: str) -> "Dialogue":
        by.check_role("dialogue-opened", Role.CONVENOR)
        slug = check_text("slug", slug).lower()
        if not SLUG.fullmatch(slug):
            raise InvalidActError("slug", "use lowercase letters, digits and hyphens only", code="slug")
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            slug=slug,
            title=check_text("title", title),
            territory=check_text("territory", territory),
            subject=check_text("subject", subject),
        )

    @event("DialogueOpened")
    def __init__(self, actor_id: str, actor_role: str, slug: str, title: str, territory: str, subject: str):
        self.slug = slug
        self.title = title
        self.territory = territory
        self.subject = subject
        self.convenor_id = actor_id
        self.stage = Stage.FRAMING
        self.closed = False
        self.roles: dict[str, list[str]] = {actor_id: [Role.CONVENOR.value]}
        self.framework: dict[str, Any] | None = None
        self.organisation: dict[str, Any] | None = None
        self.concerns: list[dict[str, Any]] = []
        self.feasibility: dict[str, Any] | None = None
        self.topics: list[str] = []
        self.link_modalities: list[dict[str, Any]] = []
        self.design_status: str | None = None
        self.design_notes: list[dict[str, Any]] = []
        self.made_public: dict[str, Any] | None = None
        self.launch_meeting: dict[str, Any] | None = None
        self.parts: dict[str, list[UUID]] = {kind: [] for kind in PART_KINDS}
        self.transitions: list[dict[str, Any]] = []
        self.records: dict[str, list[dict[str, Any]]] = {}
        self.presented: list[UUID] = []
        self.decisions: list[dict[str, Any]] = []
        self.outcomes: dict[str, str] = {}

    # --- guards -----------------------------------------------------------

    def check_accepts(self, act: str, by: Actor) -> None:
        """Refuse an act on a closed dialogue, out of its stage, or in a wrong role."""
        spec = ACTS[act]
        if self.closed:
            raise DialogueClosedError(
                f"{act}: the dialogue '{self.slug}' is closed",
                code="closed",
                params={"act": act, "dialogue": self.slug},
            )
        if self.stage not in spec.stages:
            ids = [s.value for s in Stage if s in spec.stages]
            stages = ", ".join(ids)
            msg = f"{act} belongs to stage {stages}; the dialogue is in stage {self.stage}"
            raise WrongStageError(
                msg, code="wrong-stage", params={"act": act, "stages": ids, "stage": self.stage.value}
            )
        by.check_role(act, *spec.roles)

    def roles_of(self, account_id: str) -> list[Role]:
        return [Role(role) for role in self.roles.get(account_id, [])]

    def outcome_of(self, proposal_id: UUID) -> str | None:
        return self.outcomes.get(str(proposal_id))

    def has_part(self, kind: str, part_id: UUID) -> bool:
        return part_id in self.parts[kind]

    def check_part(self, kind: str, part_id: UUID, field: str) -> None:
        if not self.has_part(kind, part_id):
            raise InvalidActError(
                field,
                f"no {kind} {part_id} in this dialogue",
                code="unknown-part",
                params={"part": str(part_id)},
            )

    # --- cross-stage ------------------------------------------------------

    def grant_role(self, by: Actor, *, account_id: str, role: str) -> None:
        self.check_accepts("role-granted", by)
        account_id = check_text("account_id", account_id)
        role = check_choice("role", role, [r.value for r in Role])
        if role in self.roles.get(account_id, []):
            raise RuleError(
                f"role-granted: {account_id} already holds the role {role}",
                code="role-held",
                params={"act": "role-granted", "account": account_id, "role": role},
            )
        self._grant_role(by.account_id, by.role, account_id, role)

    @event("RoleGranted")
    def _grant_role(self, actor_id: str, actor_role: str, account_id: str, role: str) -> None:
        self.roles.setdefault(account_id, []).append(role)

    def revoke_role(self, by: Actor, *, account_id: str, role: str) -> None:
        self.check_accepts("role-revoked", by)
        if role not in self.roles.get(account_id, []):
            raise InvalidActError(
                "role",
                f"{account_id} does not hold the role {role}",
                code="role-not-held",
                params={"account": account_id, "role": role},
            )
        convenors = [a for a, roles in self.roles.items() if Role.CONVENOR in roles]
        if role == Role.CONVENOR and convenors == [account_id]:
            raise RuleError(
                "role-revoked: a dialogue keeps at least one convenor",
                code="last-convenor",
                params={"act": "role-revoked"},
            )
        self._revoke_role(by.account_id, by.role, account_id, role)

    @event("RoleRevoked")
    def _revoke_role(self, actor_id: str, actor_role: str, account_id: str, role: str) -> None:
        self.roles[account_id].remove(role)

    def attach(self, by: Actor, *, kind: str, part_id: UUID) -> None:
        """Index a new part; recorded with the act that created it."""
        self._attach(by.account_id, by.role, check_choice("kind", kind, PART_KINDS), part_id)

    @event("PartAttached")
    def _attach(self, actor_id: str, actor_role: str, kind: str, part_id: UUID) -> None:
        self.parts[kind].append(part_id)

    def advance_stage(self, by: Actor, *, indicators: list[Indicator], waiver: str | None = None) -> None:
        """Move to the next stage once every exit indicator holds, or with a waiver."""
        self.check_accepts("stage-advanced", by)
        following = self.stage.next
        if following is None:
            raise RuleError(
                f"stage-advanced: {self.stage} is the last stage; close the dialogue instead",
                code="last-stage",
                params={"act": "stage-advanced", "stage": self.stage.value},
            )
        justification = self.check_exit(indicators, waiver)
        self._advance_stage(
            by.account_id,
            by.role,
            self.stage.value,
            following.value,
            [i.as_dict() for i in indicators],
            justification,
        )

    def check_exit(self, indicators: list[Indicator], waiver: str | None) -> str | None:
        """The waiver's justification if one is needed; refuses unmet indicators without."""
        unmet = [i.as_dict(notes=True) for i in indicators if not i.met]
        if not unmet:
            return None
        justification = check_text("waiver", waiver, required=False)
        if not justification:
            raise IndicatorsUnmetError(unmet)
        return justification

    @event("StageAdvanced")
    def _advance_stage(
        self,
        actor_id: str,
        actor_role: str,
        from_stage: str,
        to_stage: str,
        indicators: list[dict[str, Any]],
        waiver: str | None,
    ) -> None:
        self.stage = Stage(to_stage)
        self.transitions.append({"from": from_stage, "to": to_stage, "waiver": waiver, "by": actor_id})

    def close(
        self, by: Actor, *, indicators: list[Indicator], summary: str, waiver: str | None = None
    ) -> None:
        self.check_accepts("dialogue-closed", by)
        justification = self.check_exit(indicators, waiver)
        self._close(
            by.account_id,
            by.role,
            check_text("summary", summary),
            [i.as_dict() for i in indicators],
            justification,
        )

    @event("DialogueClosed")
    def _close(
        self,
        actor_id: str,
        actor_role: str,
        summary: str,
        indicators: list[dict[str, Any]],
        waiver: str | None,
    ) -> None:
        self.closed = True
        self.transitions.append({"from": self.stage.value, "to": "closed", "waiver": waiver, "by": actor_id})

    # --- stage 1: framing -------------------------------------------------

    def define_framework(
        self,
        by: Actor,
        *,
        expected_results: list[str],
        objects: list[str],
        perimeter: str,
        excluded: list[str],
        calendar: list[dict[str, str]],
    ) -> None:
        """Define, or revise until the design is validated, the general framework."""
        self.check_accepts("framework-defined", by)
        if self.design_status == "validated":
            raise RuleError(
                "framework-defined: the design is validated; the framework can no longer change",
                code="framework-frozen",
                params={"act": "framework-defined"},
            )
        milestones = []
        for milestone in calendar:
            if not isinstance(milestone, dict):
                raise InvalidActError("calendar", "each milestone needs a label and a date", code="milestone")
            milestones.append(
                {
                    "label": check_text("calendar", milestone.get("label")),
                    "date": check_date("calendar", milestone.get("date")),
                }
            )
        if not milestones:
            raise InvalidActError("calendar", "needs at least one milestone", code="no-milestone")
        self._define_framework(
            by.account_id,
            by.role,
            check_texts("expected_results", expected_results),
            check_texts("objects", objects),
            check_text("perimeter", perimeter),
            check_texts("excluded", excluded, required=False),
            milestones,
        )

    @event("FrameworkDefined")
    def _define_framework(
        self,
        actor_id: str,
        actor_role: str,
        expected_results: list[str],
        objects: list[str],
        perimeter: str,
        excluded: list[str],
        calendar: list[dict[str, str]],
    ) -> None:
        self.framework = {
            "expected_results": list(expected_results),
            "objects": list(objects),
            "perimeter": perimeter,
            "excluded": list(excluded),
            "calendar": [dict(m) for m in calendar],
        }

    def set_internal_organisation(self, by: Actor, *, project_team: list[str], description: str) -> None:
        self.check_accepts("internal-organisation-set", by)
        self._set_internal_organisation(
            by.account_id,
            by.role,
            check_texts("project_team", project_team),
            check_text("description", description),
        )

    @event("InternalOrganisationSet")
    def _set_internal_organisation(
        self, actor_id: str, actor_role: str, project_team: list[str], description: str
    ) -> None:
        self.organisation = {"project_team": list(project_team), "description": description}

    def record_concern(self, by: Actor, *, concern: str, raised_by: str) -> None:
        self.check_accepts("concern-recorded", by)
        self._record_concern(
            by.account_id, by.role, check_text("concern", concern), check_text("raised_by", raised_by)
        )

    @event("ConcernRecorded")
    def _record_concern(self, actor_id: str, actor_role: str, concern: str, raised_by: str) -> None:
        self.concerns.append({"concern": concern, "raised_by": raised_by})

    def assess_feasibility(self, by: Actor, *, feasible: bool, assessment: str) -> None:
        self.check_accepts("feasibility-assessed", by)
        if not isinstance(feasible, bool):
            raise InvalidActError("feasible", "must be true or false", code="boolean")
        self._assess_feasibility(by.account_id, by.role, feasible, check_text("assessment", assessment))

    @event("FeasibilityAssessed")
    def _assess_feasibility(self, actor_id: str, actor_role: str, feasible: bool, assessment: str) -> None:
        self.feasibility = {"feasible": feasible, "assessment": assessment}

    def add_topic(self, by: Actor, *, topic: str) -> None:
        self.check_accepts("topic-added", by)
        topic = check_text("topic", topic)
        if topic in self.topics:
            raise InvalidActError(
                "topic", f"'{topic}' is already a topic", code="topic-exists", params={"topic": topic}
            )
        self._add_topic(by.account_id, by.role, topic)

    @event("TopicAdded")
    def _add_topic(self, actor_id: str, actor_role: str, topic: str) -> None:
        self.topics.append(topic)

    def define_link_modality(self, by: Actor, *, target: str, modality: str) -> None:
        self.check_accepts("link-modality-defined", by)
        self._define_link_modality(
            by.account_id,
            by.role,
            check_choice("target", target, LINK_TARGETS),
            check_text("modality", modality),
        )

    @event("LinkModalityDefined")
    def _define_link_modality(self, actor_id: str, actor_role: str, target: str, modality: str) -> None:
        self.link_modalities.append({"target": target, "modality": modality})

    def submit_design(self, by: Actor, *, summary: str) -> None:
        self.check_accepts("design-submitted", by)
        if self.design_status in ("submitted", "validated"):
            raise RuleError(
                f"design-submitted: the design is already {self.design_status}",
                code="design-already",
                params={"act": "design-submitted", "design": self.design_status},
            )
        if self.framework is None:
            raise RuleError(
                "design-submitted: define the framework first",
                code="framework-first",
                params={"act": "design-submitted"},
            )
        if not self.parts["instance"]:
            raise RuleError(
                "design-submitted: design at least one instance first",
                code="instance-first",
                params={"act": "design-submitted"},
            )
        self._submit_design(by.account_id, by.role, check_text("summary", summary))

    @event("DesignSubmitted")
    def _submit_design(self, actor_id: str, actor_role: str, summary: str) -> None:
        self.design_status = "submitted"
        self.design_notes.append({"status": "submitted", "text": summary})

    def validate_design(self, by: Actor, *, steering_committee: Any, remarks: str = "") -> None:
        """Only the steering committee validates the design, through one of its members."""
        self.check_design_review("design-validated", by, steering_committee)
        self._validate_design(
            by.account_id, by.role, steering_committee.id, check_text("remarks", remarks, required=False)
        )

    def return_design(self, by: Actor, *, steering_committee: Any, reasons: str) -> None:
        self.check_design_review("design-returned", by, steering_committee)
        self._return_design(by.account_id, by.role, steering_committee.id, check_text("reasons", reasons))

    def check_design_review(self, act: str, by: Actor, steering_committee: Any) -> None:
        self.check_accepts(act, by)
        by.check_role(act, Role.STEERING_MEMBER)
        if steering_committee.kind != "steering_committee" or not self.has_part(
            "instance", steering_committee.id
        ):
            raise RuleError(
                f"{act}: only the steering committee of this dialogue reviews the design",
                code="steering-committee-only",
                params={"act": act},
            )
        if by.account_id not in steering_committee.member_accounts:
            raise RuleError(
                f"{act}: {by.account_id} is not a member of '{steering_committee.name}'",
                code="not-seated",
                params={"act": act, "account": by.account_id, "instance": steering_committee.name},
            )
        if self.design_status != "submitted":
            raise RuleError(
                f"{act}: the design has not been submitted to the steering committee",
                code="design-not-submitted",
                params={"act": act},
            )

    @event("DesignValidated")
    def _validate_design(
        self, actor_id: str, actor_role: str, steering_committee_id: UUID, remarks: str
    ) -> None:
        self.design_status = "validated"
        self.design_notes.append({"status": "validated", "text": remarks})

    @event("DesignReturned")
    def _return_design(
        self, actor_id: str, actor_role: str, steering_committee_id: UUID, reasons: str
    ) -> None:
        self.design_status = "returned"
        self.design_notes.append({"status": "returned", "text": reasons})

    def make_approach_public(self, by: Actor, *, channels: list[str], published_on: str) -> None:
        self.check_accepts("approach-made-public", by)
        if self.design_status != "validated":
            raise RuleError(
                "approach-made-public: the steering committee has not validated the design",
                code="design-not-validated",
                params={"act": "approach-made-public"},
            )
        self._make_approach_public(
            by.account_id,
            by.role,
            check_texts("channels", channels),
            check_date("published_on", published_on),
        )

    @event("ApproachMadePublic")
    def _make_approach_public(
        self, actor_id: str, actor_role: str, channels: list[str], published_on: str
    ) -> None:
        self.made_public = {"channels": list(channels), "published_on": published_on}

    def hold_launch_meeting(self, by: Actor, *, held_on: str, attendance: int, summary: str) -> None:
        self.check_accepts("launch-meeting-held", by)
        self._hold_launch_meeting(
            by.account_id,
            by.role,
            check_date("held_on", held_on),
            check_count("attendance", attendance),
            check_text("summary", summary),
        )

    @event("LaunchMeetingHeld")
    def _hold_launch_meeting(
        self, actor_id: str, actor_role: str, held_on: str, attendance: int, summary: str
    ) -> None:
        self.launch_meeting = {"held_on": held_on, "attendance": attendance, "summary": summary}

    # --- stage 2: collective work (acts on the dialogue as a whole) --------

    def hold_steering_review(self, by: Actor, *, held_on: str, summary: str) -> None:
        self.check_accepts("steering-review-held", by)
        self._note(
            "steering-review-held",
            by,
            held_on=check_date("held_on", held_on),
            summary=check_text("summary", summary),
        )

    def provide_expertise(self, by: Actor, *, kind: str, title: str, summary: str) -> None:
        self.check_accepts("expertise-provided", by)
        self._note(
            "expertise-provided",
            by,
            kind=check_choice("kind", kind, ("analysis", "local_knowledge", "study")),
            title=check_text("title", title),
            summary=check_text("summary", summary),
        )

    def link_programme(self, by: Actor, *, programme: str, articulation: str) -> None:
        self.check_accepts("programme-linked", by)
        self._note(
            "programme-linked",
            by,
            programme=check_text("programme", programme),
            articulation=check_text("articulation", articulation),
        )

    def inform_population(self, by: Actor, *, means: str, summary: str, informed_on: str) -> None:
        self.check_accepts("population-informed", by)
        self._note(
            "population-informed",
            by,
            means=check_text("means", means),
            summary=check_text("summary", summary),
            on=check_date("informed_on", informed_on),
        )

    def consult_population(
        self, by: Actor, *, means: str, participants: int, summary: str, consulted_on: str
    ) -> None:
        self.check_accepts("population-consulted", by)
        self._note(
            "population-consulted",
            by,
            means=check_text("means", means),
            participants=check_count("participants", participants),
            summary=check_text("summary", summary),
            on=check_date("consulted_on", consulted_on),
        )

    def inform_decision_makers(self, by: Actor, *, body: str, summary: str, informed_on: str) -> None:
        self.check_accepts("decision-makers-informed", by)
        self._note(
            "decision-makers-informed",
            by,
            body=check_text("body", body),
            summary=check_text("summary", summary),
            on=check_date("informed_on", informed_on),
        )

    def _note(self, act: str, by: Actor, **details: Any) -> None:
        """Record one of the acts that add a dated note to the dialogue's record."""
        event_class = getattr(self, ACTS[act].event_name)
        self.trigger_event(event_class, actor_id=by.account_id, actor_role=by.role, details=details)

    class Noted(DialoguePart.Event):
        """An act that adds a note to the dialogue's record of that act."""

        details: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            aggregate.records.setdefault(type(self).__name__, []).append(dict(self.details))

    class SteeringReviewHeld(Noted):
        pass

    class ExpertiseProvided(Noted):
        pass

    class ProgrammeLinked(Noted):
        pass

    class PopulationInformed(Noted):
        pass

    class PopulationConsulted(Noted):
        pass

    class DecisionMakersInformed(Noted):
        pass

    class ProcessReviewed(Noted):
        pass

    class ProcessEvaluated(Noted):
        pass

    class DialogueContinued(Noted):
        pass

    # --- stage 3: decision and follow-up ----------------------------------

    def present_results(self, by: Actor, *, body: str, presented_on: str, proposals: list[Any]) -> None:
        """Present validated and translated proposals to the decision-makers."""
        self.check_accepts("results-presented", by)
        if not proposals:
            raise InvalidActError("proposal_ids", "present at least one proposal", code="no-proposal")
        for proposal in proposals:
            self.check_part("proposal", proposal.id, "proposal_ids")
            check_presentable(proposal, self.outcome_of(proposal.id))
        self._present_results(
            by.account_id,
            by.role,
            check_text("body", body),
            check_date("presented_on", presented_on),
            [p.id for p in proposals],
        )

    @event("ResultsPresented")
    def _present_results(
        self, actor_id: str, actor_role: str, body: str, presented_on: str, proposal_ids: list[UUID]
    ) -> None:
        for proposal_id in proposal_ids:
            if proposal_id not in self.presented:
                self.presented.append(proposal_id)

    def review_process(self, by: Actor, *, reviewed_on: str, summary: str) -> None:
        self.check_accepts("process-reviewed", by)
        self._note(
            "process-reviewed",
            by,
            on=check_date("reviewed_on", reviewed_on),
            summary=check_text("summary", summary),
        )

    def adopt_decision(
        self,
        by: Actor,
        *,
        body: str,
        body_name: str,
        deliberation_reference: str,
        adopted_on: str,
        votes: dict[str, int],
        outcomes: list[dict[str, Any]],
        consultation_bodies: list[str],
        titles: dict[UUID, str] | None = None,
    ) -> UUID:
        """Record the decision of a legitimate body on every presented proposal (``titles``: theirs)."""
        self.check_accepts("decision-adopted", by)
        decision = check_decision(
            by,
            body=body,
            body_name=body_name,
            deliberation_reference=deliberation_reference,
            adopted_on=adopted_on,
            votes=votes,
            outcomes=outcomes,
            presented=self.presented,
            consultation_bodies=consultation_bodies,
            titles=titles,
        )
        decision_id = uuid4()
        self._adopt_decision(by.account_id, by.role, decision_id, **decision)
        return decision_id

    @event("DecisionAdopted")
    def _adopt_decision(
        self,
        actor_id: str,
        actor_role: str,
        decision_id: UUID,
        body: str,
        body_name: str,
        deliberation_reference: str,
        adopted_on: str,
        votes: dict[str, int],
        outcomes: list[dict[str, Any]],
    ) -> None:
        self.decisions.append(
            {
                "decision_id": decision_id,
                "body": body,
                "body_name": body_name,
                "deliberation_reference": deliberation_reference,
                "adopted_on": adopted_on,
                "votes": dict(votes),
                "outcomes": [dict(o) for o in outcomes],
                "communicated": [],
            }
        )
        for outcome in outcomes:
            self.outcomes[str(outcome["proposal_id"])] = outcome["outcome"]
            self.presented.remove(outcome["proposal_id"])

    def communicate_decision(
        self, by: Actor, *, decision_id: UUID, channels: list[str], communicated_on: str, message: str
    ) -> None:
        self.check_accepts("decision-communicated", by)
        if self.decision(decision_id) is None:
            raise InvalidActError(
                "decision_id",
                f"no decision {decision_id} in this dialogue",
                code="unknown-part",
                params={"part": str(decision_id)},
            )
        self._communicate_decision(
            by.account_id,
            by.role,
            decision_id,
            check_texts("channels", channels),
            check_date("communicated_on", communicated_on),
            check_text("message", message),
        )

    def decision(self, decision_id: UUID) -> dict[str, Any] | None:
        return next((d for d in self.decisions if d["decision_id"] == decision_id), None)

    @event("DecisionCommunicated")
    def _communicate_decision(
        self,
        actor_id: str,
        actor_role: str,
        decision_id: UUID,
        channels: list[str],
        communicated_on: str,
        message: str,
    ) -> None:
        decision = self.decision(decision_id)
        assert decision is not None
        decision["communicated"].append({"channels": list(channels), "on": communicated_on})

    def evaluate_process(
        self, by: Actor, *, summary: str, strengths: list[str], improvements: list[str]
    ) -> None:
        self.check_accepts("process-evaluated", by)
        self._note(
            "process-evaluated",
            by,
            summary=check_text("summary", summary),
            strengths=check_texts("strengths", strengths, required=False),
            improvements=check_texts("improvements", improvements, required=False),
        )

    def continue_dialogue(self, by: Actor, *, follow_up: str, next_meeting_on: str) -> None:
        self.check_accepts("dialogue-continued", by)
        self._note(
            "dialogue-continued",
            by,
            follow_up=check_text("follow_up", follow_up),
            next_meeting_on=check_date("next_meeting_on", next_meeting_on),
        )

    def check_operator(self, account_id: str) -> None:
        if Role.OPERATOR not in self.roles_of(account_id):
            raise InvalidActError(
                "operator_id",
                f"{account_id} does not hold the role operator here",
                code="role-not-held",
                params={"account": account_id, "role": Role.OPERATOR.value},
            )


__all__ = ["Dialogue", "RoleError", "dialogue_id_for"]
