"""Act name -> its schema, the DialogueApp method that records it, and its part id argument.

``part`` names the argument the method takes positionally after the dialogue
id (the part the act is about: ``proposal_id``, ``meeting_id``...); in request
bodies and forms it is a field like the others.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from marshmallow import Schema

from application.base import Recorded
from application.dialogues import DialogueApp
from web.schemas import collective_work as c
from web.schemas import follow_up as d
from web.schemas import framing as f


@dataclass(frozen=True)
class ActForm:
    schema: type[Schema]
    method: str
    part: str | None = None

    def record(self, app: DialogueApp, account_id: str, dialogue_id: UUID, data: dict[str, Any]) -> Recorded:
        """Call the act's method with ``data`` as loaded by the schema."""
        arguments = dict(data)
        positional = [arguments.pop(self.part)] if self.part else []
        recorded: Recorded = getattr(app, self.method)(account_id, dialogue_id, *positional, **arguments)
        return recorded


A = ActForm
ACT_FORMS: dict[str, ActForm] = {
    "role-granted": A(f.GrantRole, "grant_role"),
    "role-revoked": A(f.RevokeRole, "revoke_role"),
    "stage-advanced": A(f.AdvanceStage, "advance_stage"),
    "framework-defined": A(f.DefineFramework, "define_framework"),
    "internal-organisation-set": A(f.SetInternalOrganisation, "set_internal_organisation"),
    "stakeholder-identified": A(f.IdentifyStakeholder, "identify_stakeholder"),
    "participation-confirmed": A(f.ConfirmParticipation, "confirm_participation", "stakeholder_id"),
    "concern-recorded": A(f.RecordConcern, "record_concern"),
    "feasibility-assessed": A(f.AssessFeasibility, "assess_feasibility"),
    "topic-added": A(f.AddTopic, "add_topic"),
    "instance-designed": A(f.DesignInstance, "design_instance"),
    "member-added": A(f.AddMember, "add_member", "instance_id"),
    "member-removed": A(f.RemoveMember, "remove_member", "instance_id"),
    "link-modality-defined": A(f.DefineLinkModality, "define_link_modality"),
    "design-submitted": A(f.SubmitDesign, "submit_design"),
    "design-validated": A(f.ValidateDesign, "validate_design"),
    "design-returned": A(f.ReturnDesign, "return_design"),
    "approach-made-public": A(f.MakeApproachPublic, "make_approach_public"),
    "launch-meeting-held": A(f.HoldLaunchMeeting, "hold_launch_meeting"),
    "meeting-scheduled": A(c.ScheduleMeeting, "schedule_meeting"),
    "meeting-held": A(c.HoldMeeting, "hold_meeting", "meeting_id"),
    "minutes-recorded": A(c.RecordMinutes, "record_minutes", "meeting_id"),
    "minutes-corrected": A(c.CorrectMinutes, "correct_minutes", "meeting_id"),
    "minutes-drafted": A(c.DraftMinutes, "draft_minutes", "meeting_id"),
    "live-session-opened": A(c.OnMeeting, "open_live_session", "meeting_id"),
    "live-session-closed": A(c.OnMeeting, "close_live_session", "meeting_id"),
    "agenda-pointer-moved": A(c.MoveAgendaPointer, "move_agenda_pointer", "meeting_id"),
    "cluster-named": A(c.NameCluster, "name_cluster", "meeting_id"),
    "consent-round-opened": A(c.OpenConsentRound, "open_consent_round", "meeting_id"),
    "consent-round-closed": A(c.OnMeeting, "close_consent_round", "meeting_id"),
    "contribution-posted": A(c.PostContribution, "post_contribution"),
    "contribution-clustered": A(c.ClusterContribution, "cluster_contribution", "contribution_id"),
    "contribution-endorsed": A(c.EndorseContribution, "endorse_contribution", "contribution_id"),
    "proposal-drafted": A(c.DraftProposal, "draft_proposal"),
    "proposal-amended": A(c.AmendProposal, "amend_proposal", "proposal_id"),
    "proposal-endorsed": A(c.OnProposal, "endorse_proposal", "proposal_id"),
    "proposal-objected": A(c.ObjectToProposal, "object_to_proposal", "proposal_id"),
    "objection-resolved": A(c.ResolveObjection, "resolve_objection", "proposal_id"),
    "proposal-validated": A(c.OnProposal, "validate_proposal", "proposal_id"),
    "proposal-withdrawn": A(c.WithdrawProposal, "withdraw_proposal", "proposal_id"),
    "agreement-drafted": A(c.DraftAgreement, "draft_agreement"),
    "agreement-approved": A(c.OnAgreement, "approve_agreement", "agreement_id"),
    "agreement-validated": A(c.OnAgreement, "validate_agreement", "agreement_id"),
    "technical-translation-recorded": A(
        c.RecordTechnicalTranslation, "record_technical_translation", "proposal_id"
    ),
    "steering-review-held": A(c.HoldSteeringReview, "hold_steering_review"),
    "expertise-provided": A(c.ProvideExpertise, "provide_expertise"),
    "programme-linked": A(c.LinkProgramme, "link_programme"),
    "population-informed": A(c.InformPopulation, "inform_population"),
    "population-consulted": A(c.ConsultPopulation, "consult_population"),
    "decision-makers-informed": A(c.InformDecisionMakers, "inform_decision_makers"),
    "dysfunction-reported": A(c.ReportDysfunction, "report_dysfunction"),
    "adjustment-proposed": A(c.ProposeAdjustment, "propose_adjustment", "dysfunction_id"),
    "adjustment-adopted": A(c.AdoptAdjustment, "adopt_adjustment", "dysfunction_id"),
    "adjustment-rejected": A(c.RejectAdjustment, "reject_adjustment", "dysfunction_id"),
    "results-presented": A(d.PresentResults, "present_results"),
    "process-reviewed": A(d.ReviewProcess, "review_process"),
    "decision-adopted": A(d.AdoptDecision, "adopt_decision"),
    "decision-communicated": A(d.CommunicateDecision, "communicate_decision"),
    "process-evaluated": A(d.EvaluateProcess, "evaluate_process"),
    "action-created": A(d.CreateAction, "create_action"),
    "operator-assigned": A(d.AssignOperator, "assign_operator", "action_id"),
    "progress-reported": A(d.ReportProgress, "report_progress", "action_id"),
    "action-completed": A(d.CompleteAction, "complete_action", "action_id"),
    "dialogue-continued": A(d.ContinueDialogue, "continue_dialogue"),
    "dialogue-closed": A(d.CloseDialogue, "close_dialogue"),
}

OPEN_DIALOGUE = ActForm(f.OpenDialogue, "open_dialogue")
"""dialogue-opened: no dialogue yet, so ``open_dialogue(account_id, **data)``."""
