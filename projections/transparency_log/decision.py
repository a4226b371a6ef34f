"""The transparency log's handlers of the decision and follow-up: results presented to a body,
decisions adopted and communicated, and the actions that follow, their operator and progress."""

from typing import Any

from domain.fields import public_fields
from projections.projection import on
from projections.store import Sql
from projections.transparency_log.rows import (
    DECISIONS,
    DIALOGUES,
    PARTS,
    State,
    TransparencyRows,
    public_record,
    recorded_at,
    step,
)


class DecisionAndFollowUp(TransparencyRows):
    """Stage 3 of the fiche: decision and follow-up."""

    @on("ResultsPresented")
    def presented(self, sql: Sql, event: Any, position: int) -> None:
        proposals = [{"id": str(p), "title": self._title(sql, p)} for p in event.proposal_ids]
        presentation = {**public_fields(event), "proposals": proposals, "recorded_at": recorded_at(event)}
        self._append(sql, event, position, "presentations", presentation)
        details = public_fields(event)
        presented = step(event, "presented", details.pop("presented_on"), **details)
        for proposal_id in event.proposal_ids:
            self._path(sql, event, position, presented, part_id=proposal_id)

    @on("DecisionAdopted")
    def decision(self, sql: Sql, event: Any, position: int) -> None:
        outcomes = [
            {
                "proposal_id": str(o["proposal_id"]),
                "title": self._title(sql, o["proposal_id"]),
                "outcome": o["outcome"],
                "justification": o["justification"],
            }
            for o in event.outcomes
        ]
        decision = {
            "id": str(event.decision_id),
            **public_record(event),
            "votes": dict(event.votes),
            "outcomes": outcomes,
            "communications": [],
        }
        self._insert(
            sql, DECISIONS, event.decision_id, event, position, decision, dialogue_id=str(event.originator_id)
        )
        for outcome in outcomes:
            ruled = step(
                event,
                "outcome",
                event.adopted_on,
                outcome=outcome["outcome"],
                justification=outcome["justification"],
                decision_id=decision["id"],
                body_name=event.body_name,
                deliberation_reference=event.deliberation_reference,
            )
            self._path(sql, event, position, ruled, part_id=outcome["proposal_id"])

    @on("DecisionCommunicated")
    def communicated(self, sql: Sql, event: Any, position: int) -> None:
        communication = public_record(event)
        self._change(
            sql,
            DECISIONS,
            event.decision_id,
            event,
            position,
            lambda state: state["communications"].append(communication),
        )

    # --- actions ---------------------------------------------------------------

    @on("ActionCreated")
    def action(self, sql: Sql, event: Any, position: int) -> None:
        action = {
            **public_fields(event),
            "proposal_id": str(event.proposal_id),
            "proposal": self._title(sql, event.proposal_id),
            "created_at": recorded_at(event),
            "operator_organisation": None,
            "operator_assigned_at": None,
            "progress": 0,
            "completed": False,
            "completed_on": None,
            "completion_summary": None,
        }
        self._new_part(sql, event, position, "action", action)
        led_to = {"id": str(event.originator_id), "title": event.title, "due_on": event.due_on}
        self._part_item(sql, event, position, "actions", led_to, part_id=event.proposal_id)

        def follow(state: State) -> None:  # the open actions: those that may fall overdue
            state.setdefault("open_actions", []).append(led_to)

        self._change(sql, DIALOGUES, event.dialogue_id, event, position, follow)
        self._tally(sql, event, position, str(event.dialogue_id), "action_statuses", None, "open")

    @on("OperatorAssigned")
    def operator(self, sql: Sql, event: Any, position: int) -> None:
        # The operator's account id stays out: the public sees the organisation.
        assigned = {f"operator_{name}": value for name, value in public_fields(event).items()}
        assigned["operator_assigned_at"] = recorded_at(event)
        self._part(sql, event, position, lambda state: state.update(assigned))

    @on("ProgressReported")
    def progress(self, sql: Sql, event: Any, position: int) -> None:
        report = public_record(event)

        def record(state: State) -> None:
            state["progress"] = event.percent

        self._change(sql, PARTS, event.originator_id, event, position, record, (("reports", report),))

    @on("ActionCompleted")
    def completed(self, sql: Sql, event: Any, position: int) -> None:
        done = {"completed": True, "progress": 100, **public_fields(event)}
        done["completion_summary"] = done.pop("summary")
        self._part(sql, event, position, lambda state: state.update(done))
        action_id = str(event.originator_id)
        row = self._row(sql, PARTS, action_id)
        if row is None:
            return

        def close(state: State) -> None:
            state["open_actions"] = [a for a in state.get("open_actions", []) if a["id"] != action_id]

        self._change(sql, DIALOGUES, row["dialogue_id"], event, position, close)
        self._tally(sql, event, position, row["dialogue_id"], "action_statuses", "open", "completed")
