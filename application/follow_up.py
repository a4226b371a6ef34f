"""Acts of stage 3, decision and follow-up: presentation, decision, actions, closure."""

import dataclasses
from typing import Any, Unpack
from uuid import UUID

from application.base import ActRecording
from application.recorded import Recorded
from domain.action import Action
from domain.dialogue import Dialogue
from domain.indicators import exit_indicators
from domain.proposal import Proposal


class FollowUpActs(ActRecording):
    def present_results(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.PresentationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "results-presented",
            account_id,
            dialogue_id,
            lambda d, by: d.present_results(
                by,
                proposals=[self._part(d, Proposal, p, "proposal_ids") for p in fields["proposal_ids"]],
                **fields,
            ),
        )

    def review_process(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ReviewFields]
    ) -> Recorded:
        return self._on_dialogue(
            "process-reviewed", account_id, dialogue_id, lambda d, by: d.review_process(by, **fields)
        )

    def _consultation_bodies(self, dialogue: Dialogue) -> list[str]:
        return [instance.name for instance in self._parts(dialogue).instances]

    def adopt_decision(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.DecisionFields]
    ) -> Recorded:
        """A decision_maker records the decision of a legitimate body on every presented proposal.

        Returns the decision's id (decisions live in the dialogue) and its position.
        """
        decision_ids: list[UUID] = []
        recorded = self._on_dialogue(
            "decision-adopted",
            account_id,
            dialogue_id,
            lambda d, by: decision_ids.append(
                d.adopt_decision(
                    by,
                    consultation_bodies=self._consultation_bodies(d),
                    titles={p: self._part(d, Proposal, p, "outcomes").title for p in d.presented},
                    **fields,
                )
            ),
        )
        return dataclasses.replace(recorded, id=decision_ids[-1])

    def communicate_decision(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.CommunicationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "decision-communicated",
            account_id,
            dialogue_id,
            lambda d, by: d.communicate_decision(by, **fields),
        )

    def evaluate_process(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.EvaluationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "process-evaluated", account_id, dialogue_id, lambda d, by: d.evaluate_process(by, **fields)
        )

    def create_action(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Action.ActionFields]
    ) -> Recorded:
        def create(dialogue: Dialogue, by: Any) -> Action:
            proposal = self._part(dialogue, Proposal, fields["proposal_id"], "proposal_id")
            resolved: Action.ActionFields = {**fields, "proposal_id": proposal.id}
            outcome = dialogue.outcome_of(fields["proposal_id"])
            return Action.create(by, dialogue_id=dialogue.id, outcome=outcome, **resolved)

        return self._create_part("action-created", account_id, dialogue_id, "action", create)

    def assign_operator(
        self, account_id: str, dialogue_id: UUID, action_id: UUID, **fields: Unpack[Action.OperatorFields]
    ) -> Recorded:
        """The operator's account must hold the operator role in this dialogue."""

        def assign(action: Action, by: Any, dialogue: Dialogue) -> None:
            dialogue.check_operator(fields["operator_id"])
            action.assign_operator(by, **fields)

        return self._on_part(
            "operator-assigned", account_id, dialogue_id, Action, action_id, "action_id", assign
        )

    def report_progress(
        self, account_id: str, dialogue_id: UUID, action_id: UUID, **fields: Unpack[Action.ProgressFields]
    ) -> Recorded:
        return self._part_act(
            "progress-reported", account_id, dialogue_id, Action, action_id, Action.report_progress, fields
        )

    def complete_action(
        self, account_id: str, dialogue_id: UUID, action_id: UUID, **fields: Unpack[Action.CompletionFields]
    ) -> Recorded:
        return self._part_act(
            "action-completed", account_id, dialogue_id, Action, action_id, Action.complete, fields
        )

    def continue_dialogue(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ContinuationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "dialogue-continued", account_id, dialogue_id, lambda d, by: d.continue_dialogue(by, **fields)
        )

    def close_dialogue(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ClosingFields]
    ) -> Recorded:
        """Close once the last stage's indicators hold (or with a justified waiver)."""
        return self._on_dialogue(
            "dialogue-closed",
            account_id,
            dialogue_id,
            lambda d, by: d.close(by, indicators=exit_indicators(d, self._parts(d)), **fields),
        )
