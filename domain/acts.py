"""The catalogue of acts: public name, who may perform it, and when.

This one table decides authorisation (application), stage gating (domain)
and retry policy (application). Each act is recorded as one event whose
class name is the CamelCase of the public name (``decision-adopted`` ->
``DecisionAdopted``); the public name is stable, the Python path is not.
"""

from dataclasses import dataclass

from domain.roles import Role
from domain.stages import Stage

F, C, D = Stage.FRAMING, Stage.COLLECTIVE_WORK, Stage.DECISION_AND_FOLLOW_UP
ALL_STAGES = frozenset(Stage)

CONVENOR = Role.CONVENOR
FACILITATOR = Role.FACILITATOR
STEERING = Role.STEERING_MEMBER
STAKEHOLDER = Role.STAKEHOLDER
EXPERT = Role.EXPERT
TECHNICIAN = Role.TECHNICIAN
DECISION_MAKER = Role.DECISION_MAKER
OPERATOR = Role.OPERATOR
CITIZEN = Role.CITIZEN
MODERATOR = Role.MODERATOR
REPORTERS = set(Role) - {Role.AUDITOR}
"""Who may report an item: anyone taking part in the dialogue, and citizens."""
DOCUMENT_AUTHORS = {CONVENOR, FACILITATOR, EXPERT, TECHNICIAN, DECISION_MAKER, OPERATOR}
"""Who may attach a document (the délibération, minutes, a study...) or a new version of one."""
RESPONDENTS = set(Role) - {Role.AUDITOR}
"""Who may answer a questionnaire: a citizen, or a participant (any role but the auditor's); its
audience says which (``domain.dialogue.questionnaires``)."""
COMMENTERS: set[Role] = {role for role in Role if role is not Role.AUDITOR}
"""Who may comment (``domain/comment.py``): every role of the dialogue but the auditor, who changes
nothing, and citizens while a public consultation is open."""


@dataclass(frozen=True)
class ActSpec:
    """What the process says of one act."""

    name: str
    roles: frozenset[Role]
    stages: frozenset[Stage]
    commutes: bool = False
    """True when two such acts at once can both stand: retried on conflict."""

    @property
    def event_name(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("-"))


def _act(
    name: str, roles: set[Role], stages: set[Stage] | frozenset[Stage], *, commutes: bool = False
) -> ActSpec:
    return ActSpec(name, frozenset(roles), frozenset(stages), commutes)


ACTS: dict[str, ActSpec] = {
    spec.name: spec
    for spec in [
        # Cross-stage
        _act("dialogue-opened", {CONVENOR}, {F}),
        _act("role-granted", {CONVENOR}, ALL_STAGES, commutes=True),
        _act("role-revoked", {CONVENOR}, ALL_STAGES),
        _act("stage-advanced", {CONVENOR}, ALL_STAGES),
        _act("document-attached", DOCUMENT_AUTHORS, ALL_STAGES, commutes=True),
        _act("document-superseded", DOCUMENT_AUTHORS, ALL_STAGES),
        _act("document-shredded", {CONVENOR}, ALL_STAGES),
        # Public consultation (domain/dialogue/consultation.py): open between its dates
        _act("consultation-opened", {FACILITATOR}, {F, C}),
        _act("consultation-closed", {FACILITATOR}, ALL_STAGES),
        _act("consultation-synthesised", {FACILITATOR}, ALL_STAGES),
        _act("citizen-contributed", {CITIZEN}, ALL_STAGES, commutes=True),
        _act("citizen-contribution-supported", {CITIZEN}, ALL_STAGES, commutes=True),
        _act("citizen-contribution-edited", {CITIZEN}, ALL_STAGES),
        _act("citizen-contribution-withdrawn", {CITIZEN}, ALL_STAGES),
        # Moderation (domain/dialogue/moderation.py): a closed dialogue still accepts it
        _act("item-reported", REPORTERS, ALL_STAGES, commutes=True),
        _act("item-hidden", {MODERATOR}, ALL_STAGES),
        _act("item-unhidden", {MODERATOR}, ALL_STAGES),
        _act("item-kept", {MODERATOR}, ALL_STAGES),
        _act("item-shredded", {MODERATOR}, ALL_STAGES),
        # Questionnaires (domain/dialogue/questionnaires.py): a consultation's, or stage 3's evaluation
        _act("questionnaire-drafted", {FACILITATOR}, ALL_STAGES),
        _act("questionnaire-edited", {FACILITATOR}, ALL_STAGES),
        _act("questionnaire-opened", {FACILITATOR}, ALL_STAGES),
        _act("questionnaire-closed", {FACILITATOR}, ALL_STAGES),
        _act("questionnaire-answered", RESPONDENTS, ALL_STAGES, commutes=True),
        # Comments (domain/comment.py): while the dialogue is open; edited and withdrawn by their author
        _act("comment-posted", COMMENTERS, ALL_STAGES, commutes=True),
        _act("comment-edited", COMMENTERS, ALL_STAGES, commutes=True),
        _act("comment-withdrawn", COMMENTERS, ALL_STAGES, commutes=True),
        # Stage 1: framing
        _act("framework-defined", {CONVENOR}, {F}),
        _act("internal-organisation-set", {CONVENOR}, {F}),
        _act("stakeholder-identified", {CONVENOR, FACILITATOR}, {F, C}, commutes=True),
        _act("participation-confirmed", {FACILITATOR, STAKEHOLDER}, {F, C}, commutes=True),
        _act("concern-recorded", {CONVENOR, FACILITATOR}, {F}, commutes=True),
        _act("feasibility-assessed", {CONVENOR, FACILITATOR}, {F}),
        _act("topic-added", {CONVENOR, FACILITATOR}, {F, C}, commutes=True),
        _act("instance-designed", {CONVENOR, FACILITATOR}, {F, C}, commutes=True),
        _act("member-added", {CONVENOR, FACILITATOR}, ALL_STAGES, commutes=True),
        _act("member-removed", {CONVENOR, FACILITATOR}, ALL_STAGES),
        _act("link-modality-defined", {CONVENOR, FACILITATOR}, {F, C}, commutes=True),
        _act("design-submitted", {CONVENOR, FACILITATOR}, {F}),
        _act("design-validated", {STEERING}, {F}),
        _act("design-returned", {STEERING}, {F}),
        _act("approach-made-public", {CONVENOR}, {F}),
        _act("launch-meeting-held", {CONVENOR, FACILITATOR}, {F}),
        # Stage 2: collective work
        _act("meeting-scheduled", {FACILITATOR}, {C, D}, commutes=True),
        _act("meeting-rescheduled", {FACILITATOR}, {C, D}),
        _act("meeting-held", {FACILITATOR}, {C, D}),
        _act("minutes-recorded", {FACILITATOR}, {C, D}),
        _act("minutes-corrected", {FACILITATOR}, {C, D}),
        _act("minutes-drafted", {FACILITATOR}, {C, D}),
        _act("live-session-opened", {FACILITATOR}, {C, D}),
        _act("live-session-closed", {FACILITATOR}, {C, D}),
        _act("agenda-pointer-moved", {FACILITATOR}, {C, D}),
        _act("timer-started", {FACILITATOR}, {C, D}),
        _act("timer-paused", {FACILITATOR}, {C, D}),
        _act("timer-extended", {FACILITATOR}, {C, D}),
        _act("hand-raised", {STAKEHOLDER, EXPERT, STEERING, TECHNICIAN, FACILITATOR}, {C, D}),
        _act("hand-lowered", {STAKEHOLDER, EXPERT, STEERING, TECHNICIAN, FACILITATOR}, {C, D}),
        _act("dot-vote-opened", {FACILITATOR}, {C}),
        _act("dot-placed", {STAKEHOLDER, EXPERT, FACILITATOR}, {C}, commutes=True),
        _act("dot-taken-back", {STAKEHOLDER, EXPERT, FACILITATOR}, {C}, commutes=True),
        _act("dot-vote-closed", {FACILITATOR}, {C}),
        _act("contribution-posted", {STAKEHOLDER, EXPERT, FACILITATOR}, {C}, commutes=True),
        _act("contribution-clustered", {FACILITATOR}, {C}),
        _act("contribution-endorsed", {STAKEHOLDER, EXPERT}, {C}, commutes=True),
        _act("cluster-named", {FACILITATOR}, {C}),
        _act("proposal-drafted", {STAKEHOLDER, FACILITATOR}, {C}, commutes=True),
        _act("proposal-amended", {STAKEHOLDER, FACILITATOR}, {C}),
        _act("proposal-endorsed", {STAKEHOLDER}, {C}, commutes=True),
        _act("proposal-objected", {STAKEHOLDER}, {C}, commutes=True),
        _act("objection-resolved", {STAKEHOLDER}, {C}, commutes=True),
        _act("proposal-validated", {FACILITATOR}, {C}),
        _act("consent-round-opened", {FACILITATOR}, {C}),
        _act("consent-round-closed", {FACILITATOR}, {C}),
        _act("proposal-withdrawn", {STAKEHOLDER, FACILITATOR}, {C}),
        _act("agreement-drafted", {FACILITATOR}, {C}, commutes=True),
        _act("agreement-approved", {STAKEHOLDER}, {C}, commutes=True),
        _act("agreement-validated", {FACILITATOR}, {C}),
        _act("technical-translation-recorded", {TECHNICIAN}, {C}),
        _act("steering-review-held", {FACILITATOR, STEERING}, {C}, commutes=True),
        _act("expertise-provided", {EXPERT}, {C}, commutes=True),
        _act("programme-linked", {CONVENOR, FACILITATOR}, {C}, commutes=True),
        _act("population-informed", {CONVENOR, FACILITATOR}, {C}, commutes=True),
        _act("population-consulted", {CONVENOR, FACILITATOR}, {C}, commutes=True),
        _act("decision-makers-informed", {CONVENOR, FACILITATOR}, {C}, commutes=True),
        _act("dysfunction-reported", {FACILITATOR}, {C, D}, commutes=True),
        _act("adjustment-proposed", {FACILITATOR}, {C, D}),
        _act("adjustment-adopted", {STEERING}, {C, D}),
        _act("adjustment-rejected", {STEERING}, {C, D}),
        # Stage 3: decision and follow-up
        _act("results-presented", {CONVENOR, FACILITATOR}, {D}),
        _act("process-reviewed", {FACILITATOR, STEERING}, {D}, commutes=True),
        _act("decision-adopted", {DECISION_MAKER}, {D}),
        _act("decision-communicated", {CONVENOR, FACILITATOR}, {D}, commutes=True),
        _act("process-evaluated", {CONVENOR, FACILITATOR}, {D}, commutes=True),
        _act("action-created", {CONVENOR}, {D}, commutes=True),
        _act("operator-assigned", {CONVENOR}, {D}),
        _act("progress-reported", {OPERATOR}, {D}, commutes=True),
        _act("action-completed", {OPERATOR}, {D}),
        _act("dialogue-continued", {CONVENOR, FACILITATOR}, {D}, commutes=True),
        _act("dialogue-closed", {CONVENOR}, {D}),
    ]
}

FROM_THE_ITEM = frozenset({"item-reported"})
"""Acts done from the page of what they are about (a report, from the reported item's page): not
listed among the acts available in a dialogue (its workspace page, ``acts-available``)."""

BOOKKEEPING_EVENTS = frozenset({"PartAttached"})
"""Events that are not acts of their own: they index a part in its dialogue."""

PLATFORM_ACTS: dict[str, str] = {
    "consultation-started": "ConsultationStarted",
    "consultation-ended": "ConsultationEnded",
}
"""Acts no role does: the platform records them by itself at a public consultation's dates
(``domain/dialogue/consultation.py``); act name -> event class name."""

ACTS_BY_EVENT: dict[str, ActSpec] = {spec.event_name: spec for spec in ACTS.values()}
"""Event class name -> the act of the catalogue it records (the acts roles do)."""

ACT_OF_EVENT: dict[str, str] = {
    **{event_name: spec.name for event_name, spec in ACTS_BY_EVENT.items()},
    **{event_name: name for name, event_name in PLATFORM_ACTS.items()},
}
"""Event class name -> public name of every act that changes a dialogue's state, whoever records
it: a role (``ACTS``) or the platform (``PLATFORM_ACTS``). What the audit trail and its readers know."""

RECORDED_ACTS = frozenset(ACT_OF_EVENT.values())
"""The public name of every act recorded: the catalogue's and the platform's."""
