"""Schemas of the acts of stage 2, collective work: fields are the act method's arguments."""

from marshmallow import Schema

from domain.contribution import CONTRIBUTION_KINDS
from domain.dot_vote import DOT_VOTE_SUBJECTS, MOST_DOTS
from domain.meeting import TIMER_SECONDS
from web.schemas import fields as f

EXPERTISE_KINDS = ("analysis", "local_knowledge", "study")


class ScheduleMeeting(Schema):
    instance_id = f.part("instance")
    title = f.text()
    starts_at = f.datetime()
    place = f.text()
    agenda = f.lines()


class RescheduleMeeting(Schema):
    meeting_id = f.part("meeting")
    starts_at = f.datetime()
    place = f.text()
    reason = f.long_text()


class HoldMeeting(Schema):
    meeting_id = f.part("meeting")
    held_on = f.date()
    attendance = f.count()
    excused = f.count()


class RecordMinutes(Schema):
    meeting_id = f.part("meeting")
    text = f.long_text()


class CorrectMinutes(RecordMinutes):
    reason = f.long_text()


class OnMeeting(Schema):
    meeting_id = f.part("meeting")


class OpenLiveSession(OnMeeting):
    anonymous = f.flag(required=False)


class DraftMinutes(OnMeeting):
    text = f.long_text()


class MoveAgendaPointer(OnMeeting):
    item = f.count()


class StartTimer(OnMeeting):
    seconds = f.count(maximum=TIMER_SECONDS)


class LowerHand(OnMeeting):
    account = f.account("role_holder", required=False)


class NameCluster(OnMeeting):
    cluster = f.text()
    name = f.text()


class OpenConsentRound(OnMeeting):
    proposal_id = f.part("proposal")


class OpenDotVote(OnMeeting):
    subject = f.choice(DOT_VOTE_SUBJECTS)
    dots = f.count(maximum=MOST_DOTS)
    item = f.count(required=False)


class OnDotVote(Schema):
    dot_vote_id = f.part("dot_vote")


class PlaceDot(OnDotVote):
    option = f.text()


class PostContribution(Schema):
    kind = f.choice(CONTRIBUTION_KINDS)
    text = f.long_text()
    meeting_id = f.part("meeting", required=False)


class ClusterContribution(Schema):
    contribution_id = f.part("contribution")
    cluster = f.text()


class EndorseContribution(Schema):
    contribution_id = f.part("contribution")


class DraftProposal(Schema):
    instance_id = f.part("instance")
    topic = f.text()
    title = f.text()
    text = f.long_text()
    co_authors = f.accounts("role_holder", required=False)

    contribution_ids = f.parts("contribution", required=False)


class OnProposal(Schema):
    proposal_id = f.part("proposal")


class AmendProposal(OnProposal):
    text = f.long_text()
    rationale = f.long_text()


class ObjectToProposal(OnProposal):
    reason = f.long_text()


class ResolveObjection(OnProposal):
    resolution = f.long_text()


class WithdrawProposal(OnProposal):
    reason = f.long_text()


class RecordTechnicalTranslation(OnProposal):
    operational_form = f.long_text()
    cost_estimate = f.text()
    feasibility = f.long_text()


class DraftAgreement(Schema):
    instance_id = f.part("instance")
    title = f.text()
    text = f.long_text()
    proposal_ids = f.parts("proposal")


class OnAgreement(Schema):
    agreement_id = f.part("agreement")


class HoldSteeringReview(Schema):
    held_on = f.date()
    summary = f.long_text()


class ProvideExpertise(Schema):
    kind = f.choice(EXPERTISE_KINDS)
    title = f.text()
    summary = f.long_text()


class LinkProgramme(Schema):
    programme = f.text()
    articulation = f.long_text()


class InformPopulation(Schema):
    means = f.text()
    summary = f.long_text()
    informed_on = f.date()


class ConsultPopulation(Schema):
    means = f.text()
    participants = f.count()
    summary = f.long_text()
    consulted_on = f.date()


class InformDecisionMakers(Schema):
    body = f.text()
    summary = f.long_text()
    informed_on = f.date()


class ReportDysfunction(Schema):
    description = f.long_text()
    weak_point = f.text()


class ProposeAdjustment(Schema):
    dysfunction_id = f.part("dysfunction")
    adjustment = f.long_text()


class AdoptAdjustment(Schema):
    dysfunction_id = f.part("dysfunction")
    remarks = f.long_text(required=False)


class RejectAdjustment(Schema):
    dysfunction_id = f.part("dysfunction")
    reasons = f.long_text()
