"""Stage 1, framing: the acts that set the dialogue's framework and design."""

from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_choice, check_count, check_date, check_text, check_texts
from domain.dialogue.state import DialogueState
from domain.errors import InvalidActError, RuleError
from domain.fields import public
from domain.roles import Role

LINK_TARGETS = ("population", "programmes", "experts", "decision_makers")


class FramingActs(DialogueState):
    """The framing acts of ``Dialogue``."""

    class FrameworkFields(TypedDict):
        expected_results: list[str]
        objects: list[str]
        perimeter: str
        excluded: list[str]
        calendar: list[dict[str, str]]

    def define_framework(self, by: Actor, **fields: Unpack[FrameworkFields]) -> None:
        """Define, or revise until the design is validated, the general framework."""
        self.check_accepts("framework-defined", by)
        if self.design_status == "validated":
            raise RuleError(
                "framework-defined: the design is validated; the framework can no longer change",
                code="framework-frozen",
                params={"act": "framework-defined"},
            )
        milestones = []
        for milestone in fields["calendar"]:
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
        self._record(
            self.FrameworkDefined,
            by,
            expected_results=check_texts("expected_results", fields["expected_results"]),
            objects=check_texts("objects", fields["objects"]),
            perimeter=check_text("perimeter", fields["perimeter"]),
            excluded=check_texts("excluded", fields["excluded"], required=False),
            calendar=milestones,
        )

    class FrameworkDefined(DialoguePart.Event):
        PUBLIC = public("expected_results", "objects", "perimeter", "excluded", "calendar")
        expected_results: list[str]
        objects: list[str]
        perimeter: str
        excluded: list[str]
        calendar: list[dict[str, str]]

        def apply(self, aggregate: Any) -> None:
            aggregate.framework = {
                "expected_results": list(self.expected_results),
                "objects": list(self.objects),
                "perimeter": self.perimeter,
                "excluded": list(self.excluded),
                "calendar": [dict(m) for m in self.calendar],
            }

    class OrganisationFields(TypedDict):
        project_team: list[str]
        description: str

    def set_internal_organisation(self, by: Actor, **fields: Unpack[OrganisationFields]) -> None:
        self.check_accepts("internal-organisation-set", by)
        self._record(
            self.InternalOrganisationSet,
            by,
            project_team=check_texts("project_team", fields["project_team"]),
            description=check_text("description", fields["description"]),
        )

    class InternalOrganisationSet(DialoguePart.Event):
        PUBLIC = public("project_team", "description")
        project_team: list[str]
        description: str

        def apply(self, aggregate: Any) -> None:
            aggregate.organisation = {
                "project_team": list(self.project_team),
                "description": self.description,
            }

    class ConcernFields(TypedDict):
        concern: str
        raised_by: str

    def record_concern(self, by: Actor, **fields: Unpack[ConcernFields]) -> None:
        self.check_accepts("concern-recorded", by)
        self._record(
            self.ConcernRecorded,
            by,
            concern=check_text("concern", fields["concern"]),
            raised_by=check_text("raised_by", fields["raised_by"]),
        )

    class ConcernRecorded(DialoguePart.Event):
        PUBLIC = public("concern", "raised_by")
        concern: str
        raised_by: str

        def apply(self, aggregate: Any) -> None:
            aggregate.concerns.append({"concern": self.concern, "raised_by": self.raised_by})

    class FeasibilityFields(TypedDict):
        feasible: bool
        assessment: str

    def assess_feasibility(self, by: Actor, **fields: Unpack[FeasibilityFields]) -> None:
        self.check_accepts("feasibility-assessed", by)
        feasible = fields["feasible"]
        if not isinstance(feasible, bool):
            raise InvalidActError("feasible", "must be true or false", code="boolean")
        self._record(
            self.FeasibilityAssessed,
            by,
            feasible=feasible,
            assessment=check_text("assessment", fields["assessment"]),
        )

    class FeasibilityAssessed(DialoguePart.Event):
        PUBLIC = public("feasible", "assessment")
        feasible: bool
        assessment: str

        def apply(self, aggregate: Any) -> None:
            aggregate.feasibility = {"feasible": self.feasible, "assessment": self.assessment}

    class TopicFields(TypedDict):
        topic: str

    def add_topic(self, by: Actor, **fields: Unpack[TopicFields]) -> None:
        self.check_accepts("topic-added", by)
        topic = check_text("topic", fields["topic"])
        if topic in self.topics:
            raise InvalidActError(
                "topic", f"'{topic}' is already a topic", code="topic-exists", params={"topic": topic}
            )
        self._record(self.TopicAdded, by, topic=topic)

    class TopicAdded(DialoguePart.Event):
        topic: str

        def apply(self, aggregate: Any) -> None:
            aggregate.topics.append(self.topic)

    class LinkModalityFields(TypedDict):
        target: str
        modality: str

    def define_link_modality(self, by: Actor, **fields: Unpack[LinkModalityFields]) -> None:
        self.check_accepts("link-modality-defined", by)
        self._record(
            self.LinkModalityDefined,
            by,
            target=check_choice("target", fields["target"], LINK_TARGETS),
            modality=check_text("modality", fields["modality"]),
        )

    class LinkModalityDefined(DialoguePart.Event):
        PUBLIC = public("target", "modality")
        target: str
        modality: str

        def apply(self, aggregate: Any) -> None:
            aggregate.link_modalities.append({"target": self.target, "modality": self.modality})

    class DesignFields(TypedDict):
        summary: str

    def submit_design(self, by: Actor, **fields: Unpack[DesignFields]) -> None:
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
        self._record(self.DesignSubmitted, by, summary=check_text("summary", fields["summary"]))

    class DesignSubmitted(DialoguePart.Event):
        PUBLIC = public("summary")  # the first: the text of the design's history
        summary: str

        def apply(self, aggregate: Any) -> None:
            aggregate.design_status = "submitted"
            aggregate.design_notes.append({"status": "submitted", "text": self.summary})

    class DesignValidationFields(TypedDict):
        remarks: NotRequired[str]

    def validate_design(
        self, by: Actor, *, steering_committee: Any, **fields: Unpack[DesignValidationFields]
    ) -> None:
        """Only the steering committee validates the design, through one of its members."""
        self.check_design_review("design-validated", by, steering_committee)
        self._record(
            self.DesignValidated,
            by,
            steering_committee_id=steering_committee.id,
            remarks=check_text("remarks", fields.get("remarks", ""), required=False),
        )

    class DesignReturnFields(TypedDict):
        reasons: str

    def return_design(
        self, by: Actor, *, steering_committee: Any, **fields: Unpack[DesignReturnFields]
    ) -> None:
        self.check_design_review("design-returned", by, steering_committee)
        self._record(
            self.DesignReturned,
            by,
            steering_committee_id=steering_committee.id,
            reasons=check_text("reasons", fields["reasons"]),
        )

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

    class DesignValidated(DialoguePart.Event):
        PUBLIC = public("remarks")
        steering_committee_id: UUID
        remarks: str

        def apply(self, aggregate: Any) -> None:
            aggregate.design_status = "validated"
            aggregate.design_notes.append({"status": "validated", "text": self.remarks})

    class DesignReturned(DialoguePart.Event):
        PUBLIC = public("reasons")
        steering_committee_id: UUID
        reasons: str

        def apply(self, aggregate: Any) -> None:
            aggregate.design_status = "returned"
            aggregate.design_notes.append({"status": "returned", "text": self.reasons})

    class PublicationFields(TypedDict):
        channels: list[str]
        published_on: str

    def make_approach_public(self, by: Actor, **fields: Unpack[PublicationFields]) -> None:
        self.check_accepts("approach-made-public", by)
        if self.design_status != "validated":
            raise RuleError(
                "approach-made-public: the steering committee has not validated the design",
                code="design-not-validated",
                params={"act": "approach-made-public"},
            )
        self._record(
            self.ApproachMadePublic,
            by,
            channels=check_texts("channels", fields["channels"]),
            published_on=check_date("published_on", fields["published_on"]),
        )

    class ApproachMadePublic(DialoguePart.Event):
        PUBLIC = public("channels", "published_on")
        channels: list[str]
        published_on: str

        def apply(self, aggregate: Any) -> None:
            aggregate.made_public = {"channels": list(self.channels), "published_on": self.published_on}

    class LaunchMeetingFields(TypedDict):
        held_on: str
        attendance: int
        summary: str

    def hold_launch_meeting(self, by: Actor, **fields: Unpack[LaunchMeetingFields]) -> None:
        self.check_accepts("launch-meeting-held", by)
        self._record(
            self.LaunchMeetingHeld,
            by,
            held_on=check_date("held_on", fields["held_on"]),
            attendance=check_count("attendance", fields["attendance"]),
            summary=check_text("summary", fields["summary"]),
        )

    class LaunchMeetingHeld(DialoguePart.Event):
        PUBLIC = public("held_on", "attendance", "summary")
        held_on: str
        attendance: int
        summary: str

        def apply(self, aggregate: Any) -> None:
            aggregate.launch_meeting = {
                "held_on": self.held_on,
                "attendance": self.attendance,
                "summary": self.summary,
            }
