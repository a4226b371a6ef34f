"""The one-line summary of every act, as English msgids of the catalogue (French in messages.po).

A summary is a template over the event's fields (and, for acts that note
something in the dialogue's record, the fields of ``details``), in a small
mini-language rendered by :mod:`web.i18n.summaries`:

* ``{field}``: the value on one line (a list is joined with ", ");
* ``{field:short}``: free text, on one line and cut short;
* ``{field:when}``: an ISO date and time shown as ``2026-03-12 18:30``;
* ``{field:#one/many}``: a count (the number, or the length of a list) with its
  noun in the singular or the plural (a translation translates the nouns);
* ``{field:LABEL}``: the value's word in ``LABELS[LABEL]`` (roles, stages...).

A translation keeps the field names and the specs (the completeness test says so).
Personal data never enters a summary: stakeholders appear by category and
organisation (their contact is sealed in the event and stays so), and free
texts likely to name a person (who raised a concern, why a member left, a
project team, the text of minutes) are counted or left out, never quoted.

A summary's own words carry the context ``summary`` where the pages word the
same id otherwise; the domain's choices read as in the act forms
(:mod:`web.i18n.fieldlabels`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from web.i18n.catalogue import C_, N_, P_, Message
from web.i18n.fieldlabels import (
    CATEGORY_CHOICES,
    COMMENT_TARGET_CHOICES,
    CONTRIBUTION_KIND_CHOICES,
    EXPERTISE_KIND_CHOICES,
    INSTANCE_KIND_CHOICES,
    ITEM_KIND_CHOICES,
    LINK_TARGET_CHOICES,
    MODERATED_KIND_CHOICES,
    REPORT_REASON_CHOICES,
    RULE_CHOICES,
    SHRED_GROUND_CHOICES,
)


@dataclass(frozen=True)
class Waived:
    """A stage change or a closing: one wording when every exit indicator held, one for a waiver."""

    met: str
    waived: str


@dataclass(frozen=True)
class Decision:
    """The decision of the legitimate body: ``{body}`` (its word, or its name), ``{outcomes}``
    (``3 proposals adopted, 1 rejected``: the noun once, then each outcome that occurs)."""

    template: str


Summary = str | Waived | Decision

LABELS: dict[str, Mapping[Any, Message]] = {
    "role": {
        "convenor": C_("summary", "convenor"),
        "facilitator": C_("summary", "facilitator"),
        "steering_member": C_("summary", "steering committee member"),
        "stakeholder": C_("summary", "stakeholder"),
        "expert": C_("summary", "expert"),
        "technician": C_("summary", "technician"),
        "decision_maker": C_("summary", "decision-maker"),
        "operator": C_("summary", "operator"),
        "auditor": C_("summary", "auditor"),
        "moderator": C_("summary", "moderator"),
    },
    "stage": {
        "framing": C_("summary", "framing"),
        "collective_work": C_("summary", "collective work"),
        "decision_and_follow_up": C_("summary", "decision and follow-up"),
    },
    "category": CATEGORY_CHOICES,
    "instance_kind": {**INSTANCE_KIND_CHOICES, "other": C_("summary", "other instance")},
    "rule": RULE_CHOICES,
    "contribution_kind": CONTRIBUTION_KIND_CHOICES,
    "round_outcome": {
        "validated": C_("summary", "validated"),
        "not_validated": C_("summary", "not validated"),
        "withdrawn": C_("summary", "withdrawn"),
    },
    "expertise_kind": {**EXPERTISE_KIND_CHOICES, "study": C_("summary", "complementary study")},
    "link_target": {**LINK_TARGET_CHOICES, "population": C_("summary", "the population")},
    "item_kind": ITEM_KIND_CHOICES,
    "moderated_kind": MODERATED_KIND_CHOICES,
    "report_reason": REPORT_REASON_CHOICES,
    "shred_ground": SHRED_GROUND_CHOICES,
    "comment_target": COMMENT_TARGET_CHOICES,
    "feasible": {True: C_("summary", "feasible"), False: C_("summary", "not feasible")},
    "body": {
        "conseil_municipal": C_("summary", "conseil municipal"),
        "conseil_communautaire": C_("summary", "conseil communautaire"),
        "bureau_du_syndicat": C_("summary", "bureau du syndicat"),
    },
}
"""The words of the ids a summary names, by the spec that names them."""

OUTCOMES = {
    "adopted": P_("summary", "adopted", "adopted"),
    "adopted_with_changes": P_("summary", "adopted with changes", "adopted with changes"),
    "rejected": P_("summary", "rejected", "rejected"),
    "deferred": P_("summary", "deferred", "deferred"),
}
"""A decision's outcomes, in the order a summary counts them, agreeing with their number."""
PROPOSAL = P_("summary", "proposal", "proposals")

SUMMARIES: dict[str, Summary] = {
    # Cross-stage
    "dialogue-opened": N_('Dialogue opened: "{title}" ({territory})'),
    "role-granted": N_('Role "{role:role}" granted to account {account_id}'),
    "role-revoked": N_('Role "{role:role}" revoked from account {account_id}'),
    "stage-advanced": Waived(
        N_('Stage advanced from "{from_stage:stage}" to "{to_stage:stage}" (exit indicators met)'),
        N_('Stage advanced from "{from_stage:stage}" to "{to_stage:stage}" by waiver: {waiver:short}'),
    ),
    "document-attached": N_(
        'Document attached to {item_kind:item_kind}: "{title}" ({filename}, SHA-256 {sha256})'
    ),
    "document-superseded": N_('New version of a document: "{title}" ({filename}, SHA-256 {sha256})'),
    "document-shredded": N_("Document shredded: {reason:short}"),
    "consultation-opened": N_(
        'Public consultation opened from {opens_on} to {closes_on}: "{question:short}"'
    ),
    "consultation-closed": N_("Public consultation closed early on {closed_on}"),
    "consultation-synthesised": N_("Synthesis of the public consultation published: {themes:#theme/themes}"),
    "consultation-started": N_("Public consultation opened on its first day, {started_on}"),
    "consultation-ended": N_("Public consultation ended after its last day, {ended_on}"),
    "citizen-contributed": N_("Contribution of the citizen {pseudonym} ({kind:contribution_kind})"),
    "citizen-contribution-supported": N_("A citizen supported a contribution"),
    "citizen-contribution-edited": N_("A citizen published version {version} of their contribution"),
    "citizen-contribution-withdrawn": N_("A citizen withdrew their contribution"),
    "item-reported": N_(
        "A {item_kind:moderated_kind} was reported to the moderation: {reason:report_reason}"
    ),
    "item-hidden": N_("A {item_kind:moderated_kind} was hidden by the moderation: {reason:report_reason}"),
    "item-unhidden": N_("A {item_kind:moderated_kind} hidden by the moderation is shown again"),
    "item-kept": N_("A reported {item_kind:moderated_kind} was kept by the moderation"),
    "item-shredded": N_("A {item_kind:moderated_kind} was shredded on a legal ground: {ground:shred_ground}"),
    "questionnaire-drafted": N_('Questionnaire drafted: "{title:short}", {questions:#question/questions}'),
    "questionnaire-edited": N_(
        'Questionnaire draft edited: "{title:short}", {questions:#question/questions}'
    ),
    "questionnaire-opened": N_("Questionnaire opened to its audience"),
    "questionnaire-closed": N_("Questionnaire closed: its results are public"),
    "questionnaire-answered": N_("A questionnaire was answered"),
    "comment-posted": N_("Comment posted on {target:comment_target}"),
    "comment-edited": N_("Comment edited by its author (a new version)"),
    "comment-withdrawn": N_("Comment withdrawn by its author"),
    # Stage 1: framing
    "framework-defined": N_(
        "Framework defined: {expected_results:#expected result/expected results},"
        " {objects:#object of consultation/objects of consultation}, {calendar:#milestone/milestones}"
    ),
    "internal-organisation-set": N_(
        "Internal organisation set: project team of {project_team:#member/members}"
    ),
    "stakeholder-identified": N_("Stakeholder identified: {category:category}, {organisation}"),
    "participation-confirmed": N_("Participation confirmed on {confirmed_on}"),
    "concern-recorded": N_('Concern recorded: "{concern:short}"'),
    "feasibility-assessed": N_("Feasibility assessed: the process is judged {feasible:feasible}"),
    "topic-added": N_('Topic added: "{topic}"'),
    "instance-designed": N_(
        'Instance designed: "{name}" ({kind:instance_kind}, validates by {functioning_rule:rule})'
    ),
    "member-added": N_("Member added to the instance"),
    "member-removed": N_("Member removed from the instance"),
    "link-modality-defined": N_("Link modality defined with {target:link_target}: {modality:short}"),
    "design-submitted": N_("Design submitted to the steering committee"),
    "design-validated": N_("Design validated by the steering committee"),
    "design-returned": N_("Design returned by the steering committee: {reasons:short}"),
    "approach-made-public": N_("Approach made public on {published_on} ({channels})"),
    "launch-meeting-held": N_(
        "Public launch meeting held on {held_on}: {attendance:#participant/participants}"
    ),
    # Stage 2: collective work
    "meeting-scheduled": N_('Meeting "{title}" scheduled for {starts_at:when} ({place})'),
    "meeting-rescheduled": N_("Meeting rescheduled for {starts_at:when} ({place}): {reason}"),
    "meeting-held": N_("Meeting held on {held_on}: {attendance:#attendee/attendees}, {excused:#excused}"),
    "minutes-recorded": N_("Meeting minutes recorded"),
    "minutes-corrected": N_("Meeting minutes corrected: {reason:short}"),
    "minutes-drafted": N_("Draft of the minutes saved"),
    "live-session-opened": N_("Live session opened"),
    "live-session-closed": N_("Live session closed"),
    "agenda-pointer-moved": N_('Agenda: now discussing "{label:short}"'),
    "timer-started": N_("Countdown started: {seconds:#second/seconds}"),
    "timer-paused": N_("Countdown paused: {remaining:#second/seconds} left"),
    "timer-extended": N_("Countdown extended by {seconds:#second/seconds}"),
    "hand-raised": N_("Hand raised to speak"),
    "hand-lowered": N_("Hand of {account} lowered"),
    "dot-vote-opened": N_("Dot vote opened: {options:#option/options}, {dots:#dot/dots} per member"),
    "dot-placed": N_("Dot placed"),
    "dot-taken-back": N_("Dot taken back"),
    "dot-vote-closed": N_("Dot vote closed: {voters:#voter/voters}, {results:#option/options}"),
    "contribution-posted": N_(
        'Contribution to the shared diagnosis ({kind:contribution_kind}): "{text:short}"'
    ),
    "contribution-clustered": N_('Contribution clustered under "{cluster}"'),
    "contribution-endorsed": N_("Contribution endorsed"),
    "cluster-named": N_('Cluster "{cluster}" named "{name}"'),
    "proposal-drafted": N_('Proposal drafted: "{title}" (topic "{topic}")'),
    "proposal-amended": N_("Proposal amended: {rationale:short}"),
    "proposal-endorsed": N_("Proposal endorsed"),
    "proposal-objected": N_("Objection to the proposal: {reason:short}"),
    "objection-resolved": N_("Objection resolved: {resolution:short}"),
    "proposal-validated": N_(
        "Proposal validated by its instance ({rule:rule}, {endorsements:#endorsement/endorsements})"
    ),
    "consent-round-opened": N_('Consent round opened on "{title}" ({rule:rule}, {members:#member/members})'),
    "consent-round-closed": N_(
        'Consent round closed: "{title}" {outcome:round_outcome} ({rule:rule}:'
        " {endorsements:#endorsement/endorsements}, {objections:#objection/objections},"
        " {members:#member/members})"
    ),
    "proposal-withdrawn": N_("Proposal withdrawn: {reason:short}"),
    "agreement-drafted": N_('Agreement drafted: "{title}" ({proposal_ids:#proposal/proposals})'),
    "agreement-approved": N_("Agreement approved by a stakeholder"),
    "agreement-validated": N_("Agreement validated by the stakeholders ({approvals:#approval/approvals})"),
    "technical-translation-recorded": N_(
        "Technical translation recorded: {operational_form:short} (estimated cost: {cost_estimate:short})"
    ),
    "steering-review-held": N_("Steering review held on {held_on}"),
    "expertise-provided": N_('Expertise provided ({kind:expertise_kind}): "{title}"'),
    "programme-linked": N_('Ongoing programme linked: "{programme}"'),
    "population-informed": N_("Population informed on {on} ({means:short})"),
    "population-consulted": N_(
        "Population consulted on {on} ({means:short}): {participants:#participant/participants}"
    ),
    "decision-makers-informed": N_("Decision-makers informed on {on} ({body:short})"),
    "dysfunction-reported": N_("Dysfunction reported, weak point: {weak_point:short}"),
    "adjustment-proposed": N_("Adjustment proposed: {adjustment:short}"),
    "adjustment-adopted": N_("Adjustment adopted by the steering committee"),
    "adjustment-rejected": N_("Adjustment rejected by the steering committee: {reasons:short}"),
    # Stage 3: decision and follow-up
    "results-presented": N_(
        "Results presented to the decision-makers ({body:short}) on {presented_on}:"
        " {proposal_ids:#proposal/proposals}"
    ),
    "process-reviewed": N_("Process reviewed with the steering committee on {on}"),
    "decision-adopted": Decision(
        N_("Decision adopted by {body} (deliberation {deliberation_reference}): {outcomes}")
    ),
    "decision-communicated": N_("Decision communicated to participants on {communicated_on} ({channels})"),
    "process-evaluated": N_(
        "Process evaluated: {strengths:#strength/strengths}, {improvements:#improvement/improvements}"
    ),
    "action-created": N_('Action created: "{title}" (due {due_on})'),
    "operator-assigned": N_("Operator assigned: {organisation} (account {operator_id})"),
    "progress-reported": N_("Progress reported: {percent}%"),
    "action-completed": N_("Action completed on {completed_on}"),
    "dialogue-continued": N_("Dialogue continued: next meeting on {next_meeting_on}"),
    "dialogue-closed": Waived(
        N_("Dialogue closed (exit indicators met)"), N_("Dialogue closed by waiver: {waiver:short}")
    ),
}
