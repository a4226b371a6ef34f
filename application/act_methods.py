"""Act name -> the ``DialogueApp`` method that records it: one typed table for every caller.

``part`` names the argument the method takes positionally after the dialogue id (the part the
act is about: ``proposal_id``, ``meeting_id``...); ``creates`` names the kind of part whose id the
act returns when it makes a new one. ``dialogue-opened`` is not here: there is no dialogue yet
(``DialogueApp.open_dialogue(account_id, **fields)``).
"""

import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.dialogues import DialogueApp
from application.recorded import Recorded

PART_KINDS = (
    "stakeholder", "instance", "meeting", "contribution", "proposal", "agreement", "dysfunction",
    "action", "decision", "document", "consultation", "dot_vote", "questionnaire",
    "action", "decision", "document", "consultation", "dot_vote", "comment",
)  # fmt: skip
"""The parts of a dialogue an act may make or be about; an act's field ``<kind>_id`` names one."""


@dataclass(frozen=True)
class ActMethod:
    """How one act is recorded (web's ``ActForm`` could hold one instead of a method name)."""

    method: Callable[..., Recorded]
    part: str | None = None
    creates: str | None = None

    def record(
        self, app: DialogueApp, account_id: str, dialogue_id: UUID, fields: Mapping[str, Any]
    ) -> Recorded:
        """Call the act's method on ``app`` with ``fields`` (the part's id among them)."""
        arguments = dict(fields)
        positional = [arguments.pop(self.part)] if self.part else []
        return self.method(app, account_id, dialogue_id, *positional, **arguments)


def act_fields(method: Callable[..., Recorded]) -> dict[str, bool]:
    """The fields an act method takes after the account and the dialogue, each with whether it is
    required: its own parameters, and the keys of the act's declaration (a ``TypedDict`` beside
    its event, ``domain.fields``) when it takes them as ``**fields: Unpack[...]``."""
    fields: dict[str, bool] = {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.name in ("self", "account_id", "dialogue_id"):
            continue
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            hint = typing.get_type_hints(method, include_extras=True)[parameter.name]
            if typing.get_origin(hint) is not typing.Unpack:
                raise TypeError(f"{method.__qualname__}: **{parameter.name} is not an act's declaration")
            (declared,) = typing.get_args(hint)
            fields |= {key: key in declared.__required_keys__ for key in declared.__annotations__}
        else:
            fields[parameter.name] = parameter.default is inspect.Parameter.empty
    return fields


M, D = ActMethod, DialogueApp
ACT_METHODS: dict[str, ActMethod] = {
    "role-granted": M(D.grant_role),
    "role-revoked": M(D.revoke_role),
    "stage-advanced": M(D.advance_stage),
    "document-attached": M(D.attach_document, creates="document"),
    "document-superseded": M(D.supersede_document, "document_id", creates="document"),
    "document-shredded": M(D.shred_document, "document_id"),
    "consultation-opened": M(D.open_consultation, creates="consultation"),
    "consultation-closed": M(D.close_consultation),
    "consultation-synthesised": M(D.synthesise_consultation),
    "citizen-contributed": M(D.contribute_as_citizen, creates="contribution"),
    "citizen-contribution-supported": M(D.support_citizen_contribution),
    "citizen-contribution-edited": M(D.edit_citizen_contribution),
    "citizen-contribution-withdrawn": M(D.withdraw_citizen_contribution),
    "item-reported": M(D.report_item),
    "item-hidden": M(D.hide_item),
    "item-unhidden": M(D.unhide_item),
    "item-kept": M(D.keep_item),
    "item-shredded": M(D.shred_item),
    "questionnaire-drafted": M(D.draft_questionnaire, creates="questionnaire"),
    "questionnaire-edited": M(D.edit_questionnaire),
    "questionnaire-opened": M(D.open_questionnaire),
    "questionnaire-closed": M(D.close_questionnaire),
    "questionnaire-answered": M(D.answer_questionnaire),
    "comment-posted": M(D.post_comment, creates="comment"),
    "comment-edited": M(D.edit_comment, "comment_id"),
    "comment-withdrawn": M(D.withdraw_comment, "comment_id"),
    "framework-defined": M(D.define_framework),
    "internal-organisation-set": M(D.set_internal_organisation),
    "stakeholder-identified": M(D.identify_stakeholder, creates="stakeholder"),
    "participation-confirmed": M(D.confirm_participation, "stakeholder_id"),
    "concern-recorded": M(D.record_concern),
    "feasibility-assessed": M(D.assess_feasibility),
    "topic-added": M(D.add_topic),
    "instance-designed": M(D.design_instance, creates="instance"),
    "member-added": M(D.add_member, "instance_id"),
    "member-removed": M(D.remove_member, "instance_id"),
    "link-modality-defined": M(D.define_link_modality),
    "design-submitted": M(D.submit_design),
    "design-validated": M(D.validate_design),
    "design-returned": M(D.return_design),
    "approach-made-public": M(D.make_approach_public),
    "launch-meeting-held": M(D.hold_launch_meeting),
    "meeting-scheduled": M(D.schedule_meeting, creates="meeting"),
    "meeting-rescheduled": M(D.reschedule_meeting, "meeting_id"),
    "meeting-held": M(D.hold_meeting, "meeting_id"),
    "minutes-recorded": M(D.record_minutes, "meeting_id"),
    "minutes-corrected": M(D.correct_minutes, "meeting_id"),
    "minutes-drafted": M(D.draft_minutes, "meeting_id"),
    "live-session-opened": M(D.open_live_session, "meeting_id"),
    "live-session-closed": M(D.close_live_session, "meeting_id"),
    "agenda-pointer-moved": M(D.move_agenda_pointer, "meeting_id"),
    "timer-started": M(D.start_timer, "meeting_id"),
    "timer-paused": M(D.pause_timer, "meeting_id"),
    "timer-extended": M(D.extend_timer, "meeting_id"),
    "hand-raised": M(D.raise_hand, "meeting_id"),
    "hand-lowered": M(D.lower_hand, "meeting_id"),
    "cluster-named": M(D.name_cluster, "meeting_id"),
    "consent-round-opened": M(D.open_consent_round, "meeting_id"),
    "consent-round-closed": M(D.close_consent_round, "meeting_id"),
    "dot-vote-opened": M(D.open_dot_vote, "meeting_id", creates="dot_vote"),
    "dot-placed": M(D.place_dot, "dot_vote_id"),
    "dot-taken-back": M(D.take_back_dot, "dot_vote_id"),
    "dot-vote-closed": M(D.close_dot_vote, "dot_vote_id"),
    "contribution-posted": M(D.post_contribution, creates="contribution"),
    "contribution-clustered": M(D.cluster_contribution, "contribution_id"),
    "contribution-endorsed": M(D.endorse_contribution, "contribution_id"),
    "proposal-drafted": M(D.draft_proposal, creates="proposal"),
    "proposal-amended": M(D.amend_proposal, "proposal_id"),
    "proposal-endorsed": M(D.endorse_proposal, "proposal_id"),
    "proposal-objected": M(D.object_to_proposal, "proposal_id"),
    "objection-resolved": M(D.resolve_objection, "proposal_id"),
    "proposal-validated": M(D.validate_proposal, "proposal_id"),
    "proposal-withdrawn": M(D.withdraw_proposal, "proposal_id"),
    "agreement-drafted": M(D.draft_agreement, creates="agreement"),
    "agreement-approved": M(D.approve_agreement, "agreement_id"),
    "agreement-validated": M(D.validate_agreement, "agreement_id"),
    "technical-translation-recorded": M(D.record_technical_translation, "proposal_id"),
    "steering-review-held": M(D.hold_steering_review),
    "expertise-provided": M(D.provide_expertise),
    "programme-linked": M(D.link_programme),
    "population-informed": M(D.inform_population),
    "population-consulted": M(D.consult_population),
    "decision-makers-informed": M(D.inform_decision_makers),
    "dysfunction-reported": M(D.report_dysfunction, creates="dysfunction"),
    "adjustment-proposed": M(D.propose_adjustment, "dysfunction_id"),
    "adjustment-adopted": M(D.adopt_adjustment, "dysfunction_id"),
    "adjustment-rejected": M(D.reject_adjustment, "dysfunction_id"),
    "results-presented": M(D.present_results),
    "process-reviewed": M(D.review_process),
    "decision-adopted": M(D.adopt_decision, creates="decision"),
    "decision-communicated": M(D.communicate_decision),
    "process-evaluated": M(D.evaluate_process),
    "action-created": M(D.create_action, creates="action"),
    "operator-assigned": M(D.assign_operator, "action_id"),
    "progress-reported": M(D.report_progress, "action_id"),
    "action-completed": M(D.complete_action, "action_id"),
    "dialogue-continued": M(D.continue_dialogue),
    "dialogue-closed": M(D.close_dialogue),
}
