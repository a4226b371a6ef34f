"""Act name -> its schema (what a form, a JSON body or a live command may hold) and how it is recorded.

The schemas are written here; the ``DialogueApp`` method that records each act, and the part id
it takes positionally after the dialogue id (``proposal_id``, ``meeting_id``...), come from the one
typed table ``application.act_methods.ACT_METHODS``. In request bodies and forms the part is a
field like the others.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from uuid import UUID

from marshmallow import Schema

from application.act_methods import ACT_METHODS, ActMethod
from application.dialogues import DialogueApp
from application.recorded import Recorded
from web.schemas import collective_work as c
from web.schemas import comments as cm
from web.schemas import consultation as pc
from web.schemas import documents as docs
from web.schemas import follow_up as d
from web.schemas import framing as f
from web.schemas import moderation as mod
from web.schemas import questionnaires as q


@dataclass(frozen=True)
class ActForm:
    """An act's schema and its entry of ``ACT_METHODS``."""

    schema: type[Schema]
    recorder: ActMethod

    @property
    def method(self) -> Callable[..., Recorded]:
        """The ``DialogueApp`` method that records the act."""
        return self.recorder.method

    @property
    def part(self) -> str | None:
        return self.recorder.part

    @cached_property
    def _loader(self) -> Schema:
        return self.schema()

    def load(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """``data`` as the act's schema loads it (ValidationError naming the fields); one instance of the
        schema serves every request (loading changes nothing in it)."""
        loaded: dict[str, Any] = self._loader.load(data)
        return loaded

    def record(self, app: DialogueApp, account_id: str, dialogue_id: UUID, data: dict[str, Any]) -> Recorded:
        """Call the act's method with ``data`` as loaded by the schema."""
        return self.recorder.record(app, account_id, dialogue_id, data)


SCHEMAS: dict[str, type[Schema]] = {
    "role-granted": f.GrantRole,
    "role-revoked": f.RevokeRole,
    "stage-advanced": f.AdvanceStage,
    "document-attached": docs.AttachDocument,
    "document-superseded": docs.SupersedeDocument,
    "document-shredded": docs.ShredDocument,
    "consultation-opened": pc.OpenConsultation,
    "consultation-closed": pc.CloseConsultation,
    "consultation-synthesised": pc.SynthesiseConsultation,
    "citizen-contributed": pc.ContributeAsCitizen,
    "citizen-contribution-supported": pc.SupportCitizenContribution,
    "citizen-contribution-edited": mod.EditCitizenContribution,
    "citizen-contribution-withdrawn": mod.WithdrawCitizenContribution,
    "item-reported": mod.ReportItem,
    "item-hidden": mod.HideItem,
    "item-unhidden": mod.UnhideItem,
    "item-kept": mod.KeepItem,
    "item-shredded": mod.ShredItem,
    "questionnaire-drafted": q.DraftQuestionnaire,
    "questionnaire-edited": q.EditQuestionnaire,
    "questionnaire-opened": q.OnQuestionnaire,
    "questionnaire-closed": q.OnQuestionnaire,
    "questionnaire-answered": q.AnswerQuestionnaire,
    "comment-posted": cm.PostComment,
    "comment-edited": cm.EditComment,
    "comment-withdrawn": cm.WithdrawComment,
    "framework-defined": f.DefineFramework,
    "internal-organisation-set": f.SetInternalOrganisation,
    "stakeholder-identified": f.IdentifyStakeholder,
    "participation-confirmed": f.ConfirmParticipation,
    "concern-recorded": f.RecordConcern,
    "feasibility-assessed": f.AssessFeasibility,
    "topic-added": f.AddTopic,
    "instance-designed": f.DesignInstance,
    "member-added": f.AddMember,
    "member-removed": f.RemoveMember,
    "link-modality-defined": f.DefineLinkModality,
    "design-submitted": f.SubmitDesign,
    "design-validated": f.ValidateDesign,
    "design-returned": f.ReturnDesign,
    "approach-made-public": f.MakeApproachPublic,
    "launch-meeting-held": f.HoldLaunchMeeting,
    "meeting-scheduled": c.ScheduleMeeting,
    "meeting-rescheduled": c.RescheduleMeeting,
    "meeting-held": c.HoldMeeting,
    "minutes-recorded": c.RecordMinutes,
    "minutes-corrected": c.CorrectMinutes,
    "minutes-drafted": c.DraftMinutes,
    "live-session-opened": c.OpenLiveSession,
    "live-session-closed": c.OnMeeting,
    "agenda-pointer-moved": c.MoveAgendaPointer,
    "timer-started": c.StartTimer,
    "timer-paused": c.OnMeeting,
    "timer-extended": c.StartTimer,
    "hand-raised": c.OnMeeting,
    "hand-lowered": c.LowerHand,
    "cluster-named": c.NameCluster,
    "consent-round-opened": c.OpenConsentRound,
    "consent-round-closed": c.OnMeeting,
    "dot-vote-opened": c.OpenDotVote,
    "dot-placed": c.PlaceDot,
    "dot-taken-back": c.PlaceDot,
    "dot-vote-closed": c.OnDotVote,
    "contribution-posted": c.PostContribution,
    "contribution-clustered": c.ClusterContribution,
    "contribution-endorsed": c.EndorseContribution,
    "proposal-drafted": c.DraftProposal,
    "proposal-amended": c.AmendProposal,
    "proposal-endorsed": c.OnProposal,
    "proposal-objected": c.ObjectToProposal,
    "objection-resolved": c.ResolveObjection,
    "proposal-validated": c.OnProposal,
    "proposal-withdrawn": c.WithdrawProposal,
    "agreement-drafted": c.DraftAgreement,
    "agreement-approved": c.OnAgreement,
    "agreement-validated": c.OnAgreement,
    "technical-translation-recorded": c.RecordTechnicalTranslation,
    "steering-review-held": c.HoldSteeringReview,
    "expertise-provided": c.ProvideExpertise,
    "programme-linked": c.LinkProgramme,
    "population-informed": c.InformPopulation,
    "population-consulted": c.ConsultPopulation,
    "decision-makers-informed": c.InformDecisionMakers,
    "dysfunction-reported": c.ReportDysfunction,
    "adjustment-proposed": c.ProposeAdjustment,
    "adjustment-adopted": c.AdoptAdjustment,
    "adjustment-rejected": c.RejectAdjustment,
    "results-presented": d.PresentResults,
    "process-reviewed": d.ReviewProcess,
    "decision-adopted": d.AdoptDecision,
    "decision-communicated": d.CommunicateDecision,
    "process-evaluated": d.EvaluateProcess,
    "action-created": d.CreateAction,
    "operator-assigned": d.AssignOperator,
    "progress-reported": d.ReportProgress,
    "action-completed": d.CompleteAction,
    "dialogue-continued": d.ContinueDialogue,
    "dialogue-closed": d.CloseDialogue,
}

ACT_FORMS: dict[str, ActForm] = {act: ActForm(schema, ACT_METHODS[act]) for act, schema in SCHEMAS.items()}

OPEN_DIALOGUE = ActForm(f.OpenDialogue, ActMethod(DialogueApp.open_dialogue))
"""dialogue-opened: no dialogue yet, so ``open_dialogue(account_id, **data)``, never ``record``."""
