"""Schemas of the acts of stage 3, decision and follow-up: fields are the act method's arguments."""

from marshmallow import Schema, fields

from domain.decisions import LEGITIMATE_BODIES, OUTCOMES
from web.schemas import fields as f

Votes = Schema.from_dict({"for": f.count(), "against": f.count(), "abstentions": f.count()}, name="Votes")


class Outcome(Schema):
    proposal_id = f.part("presented")
    outcome = f.choice(OUTCOMES)
    justification = f.long_text(required=False, load_default="")


class PresentResults(Schema):
    body = f.text()
    presented_on = f.date()
    proposal_ids = f.parts("proposal")


class ReviewProcess(Schema):
    reviewed_on = f.date()
    summary = f.long_text()


class AdoptDecision(Schema):
    body = f.choice(LEGITIMATE_BODIES)
    body_name = f.text()
    deliberation_reference = f.text()
    adopted_on = f.date()
    votes = fields.Nested(Votes, required=True, metadata={"widget": "votes"})
    outcomes = f.rows(Outcome, "outcomes")


class CommunicateDecision(Schema):
    decision_id = f.part("decision")
    channels = f.lines()
    communicated_on = f.date()
    message = f.long_text()


class EvaluateProcess(Schema):
    summary = f.long_text()
    strengths = f.lines()
    improvements = f.lines()


class CreateAction(Schema):
    proposal_id = f.part("proposal")
    title = f.text()
    description = f.long_text()
    due_on = f.date()


class AssignOperator(Schema):
    action_id = f.part("action")
    operator_id = f.account("operator")

    organisation = f.text()


class ReportProgress(Schema):
    action_id = f.part("action")
    percent = f.count(maximum=100)
    note = f.long_text()


class CompleteAction(Schema):
    action_id = f.part("action")
    completed_on = f.date()
    summary = f.long_text()


class ContinueDialogue(Schema):
    follow_up = f.long_text()
    next_meeting_on = f.date()


class CloseDialogue(Schema):
    summary = f.long_text()
    waiver = f.optional_text()
