"""Stage 3, decision and follow-up: results presented, decisions adopted and communicated."""

from typing import Any
from uuid import UUID, uuid4

from domain.base import Actor, DialoguePart, check_date, check_text, check_texts
from domain.decisions import check_decision, check_presentable
from domain.dialogue.collective_work import Noted
from domain.dialogue.state import DialogueState
from domain.errors import InvalidActError


class FollowUpActs(DialogueState):
    """The decision and follow-up acts of ``Dialogue``."""

    def present_results(self, by: Actor, *, body: str, presented_on: str, proposals: list[Any]) -> None:
        """Present validated and translated proposals to the decision-makers."""
        self.check_accepts("results-presented", by)
        if not proposals:
            raise InvalidActError("proposal_ids", "present at least one proposal", code="no-proposal")
        for proposal in proposals:
            self.check_part("proposal", proposal.id, "proposal_ids")
            check_presentable(proposal, self.outcome_of(proposal.id))
        self._record(
            self.ResultsPresented,
            by,
            body=check_text("body", body),
            presented_on=check_date("presented_on", presented_on),
            proposal_ids=[p.id for p in proposals],
        )

    class ResultsPresented(DialoguePart.Event):
        body: str
        presented_on: str
        proposal_ids: list[UUID]

        def apply(self, aggregate: Any) -> None:
            for proposal_id in self.proposal_ids:
                if proposal_id not in aggregate.presented:
                    aggregate.presented.append(proposal_id)

    def review_process(self, by: Actor, *, reviewed_on: str, summary: str) -> None:
        self.check_accepts("process-reviewed", by)
        self._note(
            self.ProcessReviewed,
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
        self._record(self.DecisionAdopted, by, decision_id=decision_id, **decision)
        return decision_id

    class DecisionAdopted(DialoguePart.Event):
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
        self._record(
            self.DecisionCommunicated,
            by,
            decision_id=decision_id,
            channels=check_texts("channels", channels),
            communicated_on=check_date("communicated_on", communicated_on),
            message=check_text("message", message),
        )

    class DecisionCommunicated(DialoguePart.Event):
        decision_id: UUID
        channels: list[str]
        communicated_on: str
        message: str

        def apply(self, aggregate: Any) -> None:
            decision = aggregate.decision(self.decision_id)
            assert decision is not None
            decision["communicated"].append({"channels": list(self.channels), "on": self.communicated_on})

    def evaluate_process(
        self, by: Actor, *, summary: str, strengths: list[str], improvements: list[str]
    ) -> None:
        self.check_accepts("process-evaluated", by)
        self._note(
            self.ProcessEvaluated,
            by,
            summary=check_text("summary", summary),
            strengths=check_texts("strengths", strengths, required=False),
            improvements=check_texts("improvements", improvements, required=False),
        )

    def continue_dialogue(self, by: Actor, *, follow_up: str, next_meeting_on: str) -> None:
        self.check_accepts("dialogue-continued", by)
        self._note(
            self.DialogueContinued,
            by,
            follow_up=check_text("follow_up", follow_up),
            next_meeting_on=check_date("next_meeting_on", next_meeting_on),
        )

    class ProcessReviewed(Noted):
        pass

    class ProcessEvaluated(Noted):
        pass

    class DialogueContinued(Noted):
        pass
