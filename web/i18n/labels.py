"""What the pages call stages, roles, acts and exit indicators, in the reader's language.

The ids are the domain's (stable, public); the labels are for people. An id
without a label shows as itself.
"""

from collections.abc import Callable, Mapping

from flask import Flask
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from web.i18n.catalogue import lazy
from web.i18n.fieldlabels import CHOICES, CONTRIBUTION_KIND_CHOICES, FIELDS, OUTCOME_CHOICES
from web.i18n.languages import language

STAGES = {
    "framing": _l("Framing and preparation of the process"),
    "collective_work": _l("Collective work"),
    "decision_and_follow_up": _l("Decision, implementation and follow-up of the actions"),
}

ROLES = {
    "convenor": _l("Convenor"),
    "facilitator": _l("Facilitator"),
    "steering_member": _l("Steering committee member"),
    "stakeholder": _l("Stakeholder"),
    "expert": _l("Expert"),
    "technician": _l("Technician"),
    "decision_maker": _l("Decision-maker"),
    "operator": _l("Operator"),
    "auditor": _l("Auditor"),
    "moderator": _l("Moderator"),
    "citizen": _l("Citizen"),
    "respondent": _l("Respondent to a questionnaire"),
}

INDICATORS = {
    "framework-formalised": _l("Expected results, objects and perimeter formalised"),
    "instances-defined": _l("Instances defined: composition, work object, calendar"),
    "approach-validated-and-public": _l("Approach validated by the steering committee and made public"),
    "proposals-validated": _l("Proposals validated by the stakeholders"),
    "proposals-put-into-form": _l("Proposals put into form (agreement or provisional action plan)"),
    "proposals-translated": _l("Validated proposals translated by technicians"),
    "proposals-adopted": _l("Proposals adopted by the decision-makers"),
    "operators-identified": _l("An operator identified for each action"),
}

ACTS = {
    "dialogue-opened": _l("Open a dialogue"),
    "role-granted": _l("Grant a role"),
    "role-revoked": _l("Revoke a role"),
    "stage-advanced": _l("Advance to the next stage"),
    "document-attached": _l("Attach a document"),
    "document-superseded": _l("Publish a new version of a document"),
    "document-shredded": _l("Shred a document"),
    "consultation-opened": _l("Open a public consultation"),
    "consultation-closed": _l("Close a public consultation early"),
    "consultation-synthesised": _l("Publish the synthesis of a public consultation"),
    # Recorded by the platform by itself (domain.acts.PLATFORM_ACTS): named as what happened
    "consultation-started": _l("Public consultation opened at its date"),
    "consultation-ended": _l("Public consultation ended at its date"),
    "citizen-contributed": _l("Contribute to a public consultation"),
    "citizen-contribution-supported": _l("Support a citizen's contribution"),
    "citizen-contribution-edited": _l("Edit one's contribution to a public consultation"),
    "citizen-contribution-withdrawn": _l("Withdraw one's contribution to a public consultation"),
    "item-reported": _l("Report an item to the moderation"),
    "item-hidden": _l("Hide an item"),
    "item-unhidden": _l("Show a hidden item again"),
    "item-kept": _l("Keep a reported item"),
    "item-shredded": _l("Shred an unlawful item"),
    "questionnaire-drafted": _l("Draft a questionnaire"),
    "questionnaire-edited": _l("Edit a questionnaire's draft"),
    "questionnaire-opened": _l("Open a questionnaire"),
    "questionnaire-closed": _l("Close a questionnaire and publish its results"),
    "questionnaire-answered": _l("Answer a questionnaire"),
    "comment-posted": _l("Post a comment"),
    "comment-edited": _l("Edit a comment"),
    "comment-withdrawn": _l("Withdraw a comment"),
    "framework-defined": _l("Define the framework"),
    "internal-organisation-set": _l("Set the internal organisation"),
    "stakeholder-identified": _l("Identify a stakeholder"),
    "participation-confirmed": _l("Confirm a participation"),
    "concern-recorded": _l("Record a concern"),
    "feasibility-assessed": _l("Assess the feasibility"),
    "topic-added": _l("Add a topic"),
    "instance-designed": _l("Design an instance"),
    "member-added": _l("Add a member to an instance"),
    "member-removed": _l("Remove a member from an instance"),
    "link-modality-defined": _l("Define a link modality"),
    "design-submitted": _l("Submit the design"),
    "design-validated": _l("Validate the design"),
    "design-returned": _l("Return the design"),
    "approach-made-public": _l("Make the approach public"),
    "launch-meeting-held": _l("Hold the launch public meeting"),
    "meeting-scheduled": _l("Schedule a meeting"),
    "meeting-rescheduled": _l("Reschedule a meeting"),
    "meeting-held": _l("Record that a meeting was held"),
    "minutes-recorded": _l("Record the minutes"),
    "minutes-corrected": _l("Correct the minutes"),
    "minutes-drafted": _l("Save a draft of the minutes"),
    "live-session-opened": _l("Open a live session"),
    "live-session-closed": _l("Close the live session"),
    "agenda-pointer-moved": _l("Move the agenda pointer"),
    "timer-started": _l("Start the countdown"),
    "timer-paused": _l("Pause the countdown"),
    "timer-extended": _l("Extend the countdown"),
    "hand-raised": _l("Raise a hand"),
    "hand-lowered": _l("Lower a hand"),
    "dot-vote-opened": _l("Open a dot vote"),
    "dot-placed": _l("Place a dot"),
    "dot-taken-back": _l("Take a dot back"),
    "dot-vote-closed": _l("Close the dot vote"),
    "contribution-posted": _l("Post a contribution to the diagnosis"),
    "contribution-clustered": _l("Cluster a contribution"),
    "contribution-endorsed": _l("Endorse a contribution"),
    "cluster-named": _l("Name a cluster"),
    "proposal-drafted": _l("Draft a proposal"),
    "proposal-amended": _l("Amend a proposal"),
    "proposal-endorsed": _l("Endorse a proposal"),
    "proposal-objected": _l("Object to a proposal"),
    "objection-resolved": _l("Resolve an objection"),
    "proposal-validated": _l("Record the validation of a proposal"),
    "consent-round-opened": _l("Put a proposal to its instance (consent round)"),
    "consent-round-closed": _l("Close the consent round"),
    "proposal-withdrawn": _l("Withdraw a proposal"),
    "agreement-drafted": _l("Draft an agreement"),
    "agreement-approved": _l("Approve an agreement"),
    "agreement-validated": _l("Validate an agreement"),
    "technical-translation-recorded": _l("Record a technical translation"),
    "steering-review-held": _l("Hold a steering review"),
    "expertise-provided": _l("Provide expertise"),
    "programme-linked": _l("Link an ongoing programme"),
    "population-informed": _l("Inform the population"),
    "population-consulted": _l("Consult the population"),
    "decision-makers-informed": _l("Inform the decision-makers"),
    "dysfunction-reported": _l("Report a dysfunction"),
    "adjustment-proposed": _l("Propose an adjustment"),
    "adjustment-adopted": _l("Adopt an adjustment"),
    "adjustment-rejected": _l("Reject an adjustment"),
    "results-presented": _l("Present the results to the decision-makers"),
    "process-reviewed": _l("Review the process with the steering committee"),
    "decision-adopted": _l("Record the decision of the legitimate body"),
    "decision-communicated": _l("Communicate the decision to the participants"),
    "process-evaluated": _l("Evaluate the process"),
    "action-created": _l("Create an action"),
    "operator-assigned": _l("Assign an operator"),
    "progress-reported": _l("Report progress"),
    "action-completed": _l("Complete an action"),
    "dialogue-continued": _l("Continue the dialogue"),
    "dialogue-closed": _l("Close the dialogue"),
}

STATUSES = {
    "drafted": _l("drafted"),
    "validated": _l("validated"),
    "translated": _l("translated"),
    "presented": _l("presented"),
    "withdrawn": _l("withdrawn"),
    **lazy(OUTCOME_CHOICES),
    "without_operator": _l("without operator"),
    "assigned": _l("assigned"),
    "in_progress": _l("in progress"),
    "completed": _l("completed"),
    **lazy(CONTRIBUTION_KIND_CHOICES),
}
"""Statuses of proposals and actions, kinds of contributions (the audit pages)."""

COUNTS = {
    "stakeholders": _l("stakeholders"),
    "instances": _l("instances"),
    "meetings": _l("meetings"),
    "proposals": _l("proposals"),
    "decisions": _l("decisions"),
    "actions": _l("actions"),
}


def labeller(table: Mapping[str, LazyString]) -> Callable[[str], str]:
    """A template filter: the label of an id, or the id itself (each label translated once per language)."""
    translated: dict[tuple[str, str], str] = {}

    def label(key: str) -> str:
        if key not in table:
            return key
        current = language()
        found = translated.get((current, key))
        if found is None:
            found = translated[current, key] = str(table[key])
        return found

    return label


FILTERS = {
    "stage_label": STAGES,
    "role_label": ROLES,
    "indicator_label": INDICATORS,
    "act_label": ACTS,
    "count_label": COUNTS,
    "audit_status_label": STATUSES,
}


def init_app(app: Flask) -> None:
    for name, table in FILTERS.items():
        app.add_template_filter(labeller(table), name)


def choice_label(value: str) -> str:
    """A choice of a form or of the API by its id, as people read it: the domain's choices, roles, acts."""
    return str(CHOICES.get(value) or ROLES.get(value) or ACTS.get(value) or value)


def field_label(key: str) -> str:
    """A field by its name or its path in an error (``votes.for``, ``outcomes[0].outcome``): its label."""
    name = key.rsplit(".", 1)[-1].split("[", 1)[0]
    return str(FIELDS.get(name, name.replace("_", " ")))
