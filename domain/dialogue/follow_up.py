"""Stage 3, decision and follow-up: results presented, decisions adopted and communicated."""

from typing import Any, TypedDict, Unpack
from uuid import UUID, uuid4

from domain.base import Actor, DialoguePart, check_choice, check_date, check_text, check_texts
from domain.decisions import (
    LEGITIMATE_BODIES,
    check_body_name,
    check_outcomes,
    check_presentable,
    check_votes,
)
from domain.dialogue.collective_work import Noted
from domain.dialogue.state import DialogueState
from domain.errors import InvalidActError
from domain.fields import public


class FollowUpActs(DialogueState):
    """The decision and follow-up acts of ``Dialogue``."""

    class PresentationFields(TypedDict):
        body: str
        presented_on: str
        proposal_ids: list[UUID]

    def present_results(
        self, by: Actor, *, proposals: list[Any], **fields: Unpack[PresentationFields]
    ) -> None:
        """Present validated and translated proposals (``proposals``: those ``proposal_ids`` names)
        to the decision-makers."""
        self.check_accepts("results-presented", by)
        if not proposals:
            raise InvalidActError("proposal_ids", "present at least one proposal", code="no-proposal")
        for proposal in proposals:
            self.check_part("proposal", proposal.id, "proposal_ids")
            check_presentable(proposal, self.outcome_of(proposal.id))
        self._record(
            self.ResultsPresented,
            by,
            body=check_text("body", fields["body"]),
            presented_on=check_date("presented_on", fields["presented_on"]),
            proposal_ids=[p.id for p in proposals],
        )

    class ResultsPresented(DialoguePart.Event):
        PUBLIC = public("body", "presented_on")
        body: str
        presented_on: str
        proposal_ids: list[UUID]

        def apply(self, aggregate: Any) -> None:
            for proposal_id in self.proposal_ids:
                if proposal_id not in aggregate.presented:
                    aggregate.presented.append(proposal_id)

    class ReviewFields(TypedDict):
        reviewed_on: str
        summary: str

    def review_process(self, by: Actor, **fields: Unpack[ReviewFields]) -> None:
        self.check_accepts("process-reviewed", by)
        self._note(
            self.ProcessReviewed,
            by,
            on=check_date("reviewed_on", fields["reviewed_on"]),
            summary=check_text("summary", fields["summary"]),
        )

    class DecisionFields(TypedDict):
        body: str
        body_name: str
        deliberation_reference: str
        adopted_on: str
        votes: dict[str, int]
        outcomes: list[dict[str, Any]]

    def adopt_decision(
        self,
        by: Actor,
        *,
        consultation_bodies: list[str],
        titles: dict[UUID, str] | None = None,
        **fields: Unpack[DecisionFields],
    ) -> UUID:
        """Record the decision of a legitimate body on every presented proposal (``titles``: theirs)."""
        self.check_accepts("decision-adopted", by)
        decision: FollowUpActs.DecisionFields = {
            "body": check_choice("body", fields["body"], LEGITIMATE_BODIES),
            "body_name": check_body_name(fields["body_name"], consultation_bodies),
            "votes": check_votes(fields["votes"]),
            "outcomes": check_outcomes(fields["outcomes"], self.presented, titles),
            "deliberation_reference": check_text("deliberation_reference", fields["deliberation_reference"]),
            "adopted_on": check_date("adopted_on", fields["adopted_on"]),
        }
        decision_id = uuid4()
        self._record(self.DecisionAdopted, by, decision_id=decision_id, **decision)
        return decision_id

    class DecisionAdopted(DialoguePart.Event):
        PUBLIC = public("body", "body_name", "deliberation_reference", "adopted_on")
        decision_id: UUID
        body: str
        body_name: str
        deliberation_reference: str
        adopted_on: str
        votes: dict[str, int]
        outcomes: list[dict[str, Any]]

        def apply(self, aggregate: Any) -> None:
            aggregate.decisions.append(
                {
                    "decision_id": self.decision_id,
                    "body": self.body,
                    "body_name": self.body_name,
                    "deliberation_reference": self.deliberation_reference,
                    "adopted_on": self.adopted_on,
                    "votes": dict(self.votes),
                    "outcomes": [dict(o) for o in self.outcomes],
                    "communicated": [],
                }
            )
            for outcome in self.outcomes:
                aggregate.outcomes[str(outcome["proposal_id"])] = outcome["outcome"]
                aggregate.presented.remove(outcome["proposal_id"])

    def decision(self, decision_id: UUID) -> dict[str, Any] | None:
        return next((d for d in self.decisions if d["decision_id"] == decision_id), None)

    class CommunicationFields(TypedDict):
        decision_id: UUID
        channels: list[str]
        communicated_on: str
        message: str

    def communicate_decision(self, by: Actor, **fields: Unpack[CommunicationFields]) -> None:
        self.check_accepts("decision-communicated", by)
        decision_id = fields["decision_id"]
        if self.decision(decision_id) is None:
            raise InvalidActError(
                "decision_id",
                f"no decision {decision_id} in this dialogue",
                code="unknown-part",
                params={"part": str(decision_id)},
            )
        self._record(
            self.DecisionCommunicated,
            by,
            decision_id=decision_id,
            channels=check_texts("channels", fields["channels"]),
            communicated_on=check_date("communicated_on", fields["communicated_on"]),
            message=check_text("message", fields["message"]),
        )

    class DecisionCommunicated(DialoguePart.Event):
        PUBLIC = public("channels", "communicated_on", "message")
        decision_id: UUID
        channels: list[str]
        communicated_on: str
        message: str

        def apply(self, aggregate: Any) -> None:
            decision = aggregate.decision(self.decision_id)
            assert decision is not None
            decision["communicated"].append({"channels": list(self.channels), "on": self.communicated_on})

    class EvaluationFields(TypedDict):
        summary: str
        strengths: list[str]
        improvements: list[str]

    def evaluate_process(self, by: Actor, **fields: Unpack[EvaluationFields]) -> None:
        self.check_accepts("process-evaluated", by)
        self._note(
            self.ProcessEvaluated,
            by,
            summary=check_text("summary", fields["summary"]),
            strengths=check_texts("strengths", fields["strengths"], required=False),
            improvements=check_texts("improvements", fields["improvements"], required=False),
        )

    class ContinuationFields(TypedDict):
        follow_up: str
        next_meeting_on: str

    def continue_dialogue(self, by: Actor, **fields: Unpack[ContinuationFields]) -> None:
        self.check_accepts("dialogue-continued", by)
        self._note(
            self.DialogueContinued,
            by,
            follow_up=check_text("follow_up", fields["follow_up"]),
            next_meeting_on=check_date("next_meeting_on", fields["next_meeting_on"]),
        )

    class ProcessReviewed(Noted):
        pass

    class ProcessEvaluated(Noted):
        pass

    class DialogueContinued(Noted):
        pass
