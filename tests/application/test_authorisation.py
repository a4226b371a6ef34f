"""Authorisation is tested for every act and every role: allowed exactly for the roles of DESIGN.md 3.

One table-driven test over ``ACTS`` x ``Role`` (plus an outsider who holds no role).
The expected answer is the catalogue's own: ``role in ACTS[act].roles``. For each
act, ``ATTEMPTS[act](scenario, account)`` brings a ``Scenario`` to a state where
the act is valid, then performs it as ``account``; the state is set up so that the
allowed role's account also meets the rules beyond the role table (the steering
account sits on the steering committee, the operator account is the one assigned
to the action, the stakeholder account is the objector, an author, a stakeholder
with an account...).
"""

import io
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import pytest

from application.base import Recorded
from application.demo.files import pdf
from application.dialogues import DialogueApp
from application.documents import Upload
from application.errors import NotAuthorisedError, NotFoundError
from domain.acts import ACTS
from domain.errors import InvalidActError
from domain.roles import Role
from tests.builders import ACCOUNTS, DAY, MEMBERS, Scenario, ensure_accounts
from tests.conftest import postgres_schema
from tests.stores import make_app

OUTSIDER = "outsider"
"""An account that holds no role in the dialogue."""

REFUSED = (NotAuthorisedError, NotFoundError)
"""How an outsider is refused: as if there were no dialogue until it is made public, then not allowed."""

Attempt = Callable[[Scenario, str], Recorded]
ATTEMPTS: dict[str, Attempt] = {}


def attempt(act: str) -> Callable[[Attempt], Attempt]:
    def register(function: Attempt) -> Attempt:
        ATTEMPTS[act] = function
        return function

    return register


# --- cross-stage (tried in framing) ---------------------------------------------------------------


@attempt("role-granted")
def grant_role(s: Scenario, a: str) -> Recorded:
    ensure_accounts(s.app, "newcomer")
    return s.app.grant_role(a, s.id, grantee_id="newcomer", role=Role.EXPERT)


@attempt("role-revoked")
def revoke_role(s: Scenario, a: str) -> Recorded:
    return s.app.revoke_role(a, s.id, grantee_id=ACCOUNTS[Role.EXPERT], role=Role.EXPERT)


@attempt("stage-advanced")
def advance_stage(s: Scenario, a: str) -> Recorded:
    s.framing_done()
    return s.app.advance_stage(a, s.id)


def _document(s: Scenario) -> str:
    """A document of the dialogue, attached by its convenor once."""
    if "document" not in s.reached:
        upload = Upload("ordre-du-jour.pdf", io.BytesIO(pdf("Ordre du jour", ["1. Cadre"])))
        recorded = s.app.attach_document(
            s.convenor, s.id, item_kind="dialogue", title="Ordre du jour", file=upload
        )
        s.reached["document"] = str(recorded.id)
    return str(s.reached["document"])


@attempt("document-attached")
def attach_document(s: Scenario, a: str) -> Recorded:
    upload = Upload("cadre.pdf", io.BytesIO(pdf("Cadre", ["Le cadre du dialogue."])))
    return s.app.attach_document(a, s.id, item_kind="dialogue", title="Cadre", file=upload)


@attempt("document-superseded")
def supersede_document(s: Scenario, a: str) -> Recorded:
    upload = Upload("ordre-du-jour.pdf", io.BytesIO(pdf("Ordre du jour", ["1. Cadre", "2. Calendrier"])))
    return s.app.supersede_document(a, s.id, _document(s), title="Ordre du jour v2", file=upload)


@attempt("document-shredded")
def shred_document(s: Scenario, a: str) -> Recorded:
    return s.app.shred_document(a, s.id, _document(s), reason="données personnelles")


# --- public consultation (tried in framing, the dialogue made public) ----------------------------------

CITIZEN = "Citoyenne du bassin"
"""The pseudonym of the citizen who tries every act as ``Role.CITIZEN``."""


@attempt("consultation-opened")
def open_consultation(s: Scenario, a: str) -> Recorded:
    return s.app.open_consultation(
        a, s.id, question="Que faire l'été ?", opens_on=DAY, closes_on="2026-04-30", scope="l'étiage",
        kinds=["idea"],
    )  # fmt: skip


@attempt("consultation-closed")
def close_consultation(s: Scenario, a: str) -> Recorded:
    return s.app.close_consultation(a, s.id, consultation_id=str(s.consultation()), reason="calendrier")


@attempt("consultation-synthesised")
def synthesise_consultation(s: Scenario, a: str) -> Recorded:
    return s.app.synthesise_consultation(
        a, s.id, consultation_id=str(s.closed_consultation()), text="t",
        themes=[{"theme": "eau", "count": 1}], follow_up="suite",
    )  # fmt: skip


@attempt("citizen-contributed")
def contribute_as_citizen(s: Scenario, a: str) -> Recorded:
    return s.app.contribute_as_citizen(
        a, s.id, consultation_id=str(s.consultation()), kind="idea", text="des cuves"
    )


@attempt("citizen-contribution-supported")
def support_citizen_contribution(s: Scenario, a: str) -> Recorded:
    contribution_id = str(s.citizen_contribution())
    return s.app.support_citizen_contribution(
        a, s.id, consultation_id=str(s.consultation()), contribution_id=contribution_id
    )


def _own_contribution(s: Scenario) -> dict[str, str]:
    """A contribution of the citizen who tries every act as ``Role.CITIZEN``, posted once."""
    if "own contribution" not in s.reached:
        consultation_id = str(s.consultation())
        posted = s.app.contribute_as_citizen(
            s.citizen(CITIZEN), s.id, consultation_id=consultation_id, kind="idea", text="des haies"
        )
        s.reached["own contribution"] = {
            "consultation_id": consultation_id,
            "contribution_id": str(posted.id),
        }
    return dict(s.reached["own contribution"])


@attempt("citizen-contribution-edited")
def edit_citizen_contribution(s: Scenario, a: str) -> Recorded:
    return s.app.edit_citizen_contribution(a, s.id, text="des haies champêtres", **_own_contribution(s))


@attempt("citizen-contribution-withdrawn")
def withdraw_citizen_contribution(s: Scenario, a: str) -> Recorded:
    return s.app.withdraw_citizen_contribution(a, s.id, **_own_contribution(s))


# --- moderation (on a citizen's contribution to a public consultation) ------------------------------


def _item(s: Scenario, state: str = "") -> dict[str, str]:
    """Paul's contribution; ``reported`` by the stakeholder, or ``hidden`` by the moderator, once."""
    item = {"item_kind": "contribution", "item_id": str(s.citizen_contribution())}
    if state and state not in s.reached:
        if state == "reported":
            s.app.report_item(ACCOUNTS[Role.STAKEHOLDER], s.id, reason="spam", **item)
        else:
            s.app.hide_item(ACCOUNTS[Role.MODERATOR], s.id, reason="spam", **item)
        s.reached[state] = True
    return item


@attempt("item-reported")
def report_item(s: Scenario, a: str) -> Recorded:
    return s.app.report_item(a, s.id, reason="abusive", text="injurieux", **_item(s))


@attempt("item-hidden")
def hide_item(s: Scenario, a: str) -> Recorded:
    return s.app.hide_item(a, s.id, reason="abusive", explanation="propos injurieux", **_item(s))


@attempt("item-unhidden")
def unhide_item(s: Scenario, a: str) -> Recorded:
    return s.app.unhide_item(a, s.id, **_item(s, "hidden"))


@attempt("item-kept")
def keep_item(s: Scenario, a: str) -> Recorded:
    return s.app.keep_item(a, s.id, **_item(s, "reported"))


@attempt("item-shredded")
def shred_item(s: Scenario, a: str) -> Recorded:
    return s.app.shred_item(a, s.id, ground="unlawful-content", **_item(s))


# --- comments (tried on a citizen's contribution: citizens and participants may comment it) ------------


def _comment(s: Scenario, a: str, text: str) -> Recorded:
    return s.app.post_comment(
        a, s.id, target="contribution", target_id=str(s.citizen_contribution()), text=text
    )


@attempt("comment-posted")
def post_comment(s: Scenario, a: str) -> Recorded:
    return _comment(s, a, "Pareil en amont.")


@attempt("comment-edited")
def edit_comment(s: Scenario, a: str) -> Recorded:
    """Edited by its author (each account its own comment)."""
    return s.app.edit_comment(a, s.id, _comment(s, a, "Pareil.").id, text="Pareil en amont.")


@attempt("comment-withdrawn")
def withdraw_comment(s: Scenario, a: str) -> Recorded:
    return s.app.withdraw_comment(a, s.id, _comment(s, a, "Pareil.").id)


# --- questionnaires (a consultation's, for citizens and participants) --------------------------------


def _questionnaire(s: Scenario) -> dict[str, Any]:
    return {
        "title": "Votre avis", "purpose": "consultation", "consultation_id": str(s.consultation()),
        "audience": "both", "questions": Scenario.QUESTIONS,
    }  # fmt: skip


def _draft(s: Scenario) -> str:
    """A draft questionnaire of the consultation, drafted once by the facilitator."""
    if "draft questionnaire" not in s.reached:
        drafted = s.app.draft_questionnaire(s.facilitator, s.id, **_questionnaire(s))
        s.reached["draft questionnaire"] = str(drafted.id)
    return str(s.reached["draft questionnaire"])


@attempt("questionnaire-drafted")
def draft_questionnaire(s: Scenario, a: str) -> Recorded:
    return s.app.draft_questionnaire(a, s.id, **_questionnaire(s))


@attempt("questionnaire-edited")
def edit_questionnaire(s: Scenario, a: str) -> Recorded:
    return s.app.edit_questionnaire(a, s.id, questionnaire_id=_draft(s), **_questionnaire(s))


@attempt("questionnaire-opened")
def open_questionnaire(s: Scenario, a: str) -> Recorded:
    return s.app.open_questionnaire(a, s.id, questionnaire_id=_draft(s))


@attempt("questionnaire-closed")
def close_questionnaire(s: Scenario, a: str) -> Recorded:
    return s.app.close_questionnaire(a, s.id, questionnaire_id=str(s.questionnaire()))


@attempt("questionnaire-answered")
def answer_questionnaire(s: Scenario, a: str) -> Recorded:
    return s.app.answer_questionnaire(
        a, s.id, questionnaire_id=str(s.questionnaire()), answers={"0": "Presse", "2": 3}
    )


# --- framing ----------------------------------------------------------------------------------------


@attempt("framework-defined")
def define_framework(s: Scenario, a: str) -> Recorded:
    return s.app.define_framework(
        a,
        s.id,
        expected_results=["r"],
        objects=["o"],
        perimeter="p",
        excluded=[],
        calendar=[{"label": "lancement", "date": DAY}],
    )


@attempt("internal-organisation-set")
def set_internal_organisation(s: Scenario, a: str) -> Recorded:
    return s.app.set_internal_organisation(a, s.id, project_team=["service eau"], description="équipe")


@attempt("stakeholder-identified")
def identify_stakeholder(s: Scenario, a: str) -> Recorded:
    return s.app.identify_stakeholder(
        a, s.id, name="Jeanne", email="", phone="", category="farmer", organisation="GAEC"
    )


@attempt("participation-confirmed")
def confirm_participation(s: Scenario, a: str) -> Recorded:
    # A stakeholder confirms only for themself: the record is that of the stakeholder account.
    own_record = s.stakeholders()[ACCOUNTS[Role.STAKEHOLDER]]
    return s.app.confirm_participation(a, s.id, own_record, confirmed_on=DAY)


@attempt("concern-recorded")
def record_concern(s: Scenario, a: str) -> Recorded:
    return s.app.record_concern(a, s.id, concern="assecs", raised_by="irrigants")


@attempt("feasibility-assessed")
def assess_feasibility(s: Scenario, a: str) -> Recorded:
    return s.app.assess_feasibility(a, s.id, feasible=True, assessment="marges de manœuvre réelles")


@attempt("topic-added")
def add_topic(s: Scenario, a: str) -> Recorded:
    return s.app.add_topic(a, s.id, topic="irrigation")


@attempt("instance-designed")
def design_instance(s: Scenario, a: str) -> Recorded:
    return s.app.design_instance(
        a,
        s.id,
        kind="technical_committee",
        name="Comité technique",
        function="f",
        composition="c",
        functioning_rule="consent",
        facilitation="f",
        schedule="s",
    )


@attempt("member-added")
def add_member(s: Scenario, a: str) -> Recorded:
    newcomer = s.stakeholders()[ACCOUNTS[Role.STAKEHOLDER]]
    return s.app.add_member(a, s.id, s.steering_committee(), stakeholder_id=newcomer)


@attempt("member-removed")
def remove_member(s: Scenario, a: str) -> Recorded:
    member = s.stakeholders()[MEMBERS[1]]
    return s.app.remove_member(a, s.id, s.consultation_group(), stakeholder_id=member, reason="a déménagé")


@attempt("link-modality-defined")
def define_link_modality(s: Scenario, a: str) -> Recorded:
    return s.app.define_link_modality(a, s.id, target="population", modality="réunions publiques")


@attempt("design-submitted")
def submit_design(s: Scenario, a: str) -> Recorded:
    s.framework_defined()
    s.steering_committee()
    return s.app.submit_design(a, s.id, summary="une instance")


@attempt("design-validated")
def validate_design(s: Scenario, a: str) -> Recorded:
    # Only through a member of the steering committee: the steering account sits on it.
    s.design_submitted()
    return s.app.validate_design(a, s.id)


@attempt("design-returned")
def return_design(s: Scenario, a: str) -> Recorded:
    s.design_submitted()
    return s.app.return_design(a, s.id, reasons="calendrier trop serré")


@attempt("approach-made-public")
def make_approach_public(s: Scenario, a: str) -> Recorded:
    s.design_validated()
    return s.app.make_approach_public(a, s.id, channels=["presse locale"], published_on=DAY)


@attempt("launch-meeting-held")
def hold_launch_meeting(s: Scenario, a: str) -> Recorded:
    return s.app.hold_launch_meeting(a, s.id, held_on=DAY, attendance=80, summary="réunion publique")


# --- collective work --------------------------------------------------------------------------------


@attempt("meeting-scheduled")
def schedule_meeting(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.schedule_meeting(
        a,
        s.id,
        instance_id=s.consultation_group(),
        title="Atelier",
        starts_at=f"{DAY}T18:00",
        place="mairie",
        agenda=["propositions"],
    )


@attempt("meeting-rescheduled")
def reschedule_meeting(s: Scenario, a: str) -> Recorded:
    return s.app.reschedule_meeting(
        a, s.id, s.meeting(), starts_at="2026-03-20T18:00", place="mairie", reason="x"
    )


@attempt("meeting-held")
def hold_meeting(s: Scenario, a: str) -> Recorded:
    return s.app.hold_meeting(a, s.id, s.meeting(), held_on=DAY, attendance=9, excused=0)


@attempt("minutes-recorded")
def record_minutes(s: Scenario, a: str) -> Recorded:
    return s.app.record_minutes(a, s.id, s.held_meeting(), text="relevé")


@attempt("minutes-corrected")
def correct_minutes(s: Scenario, a: str) -> Recorded:
    return s.app.correct_minutes(a, s.id, s.minuted_meeting(), text="relevé corrigé", reason="coquille")


@attempt("minutes-drafted")
def draft_minutes(s: Scenario, a: str) -> Recorded:
    return s.app.draft_minutes(a, s.id, s.meeting(), text="brouillon")


@attempt("live-session-opened")
def open_live_session(s: Scenario, a: str) -> Recorded:
    return s.app.open_live_session(a, s.id, s.meeting())


@attempt("live-session-closed")
def close_live_session(s: Scenario, a: str) -> Recorded:
    return s.app.close_live_session(a, s.id, s.live_session())


@attempt("agenda-pointer-moved")
def move_agenda_pointer(s: Scenario, a: str) -> Recorded:
    return s.app.move_agenda_pointer(a, s.id, s.live_session(), item=0)


def running_timer(s: Scenario) -> UUID:
    """The live session's meeting, its timer started by the facilitator (reached once)."""
    if "timer" not in s.reached:
        s.reached["timer"] = s.live_session()
        s.app.start_timer(s.facilitator, s.id, s.reached["timer"], seconds=300)
    return s.reached["timer"]  # type: ignore[no-any-return]


@attempt("timer-started")
def start_timer(s: Scenario, a: str) -> Recorded:
    return s.app.start_timer(a, s.id, s.live_session(), seconds=300)


@attempt("timer-paused")
def pause_timer(s: Scenario, a: str) -> Recorded:
    return s.app.pause_timer(a, s.id, running_timer(s))


@attempt("timer-extended")
def extend_timer(s: Scenario, a: str) -> Recorded:
    return s.app.extend_timer(a, s.id, running_timer(s), seconds=60)


@attempt("hand-raised")
def raise_hand(s: Scenario, a: str) -> Recorded:
    return s.app.raise_hand(a, s.id, s.live_session())


@attempt("hand-lowered")
def lower_hand(s: Scenario, a: str) -> Recorded:
    """The account lowers its own hand, raised first (an account that may not raise it is refused there)."""
    s.app.raise_hand(a, s.id, s.live_session())
    return s.app.lower_hand(a, s.id, s.live_session())


@attempt("cluster-named")
def name_cluster(s: Scenario, a: str) -> Recorded:
    return s.app.name_cluster(a, s.id, s.live_session(), cluster="ressource", name="La ressource")


@attempt("consent-round-opened")
def open_consent_round(s: Scenario, a: str) -> Recorded:
    return s.app.open_consent_round(a, s.id, s.live_session(), proposal_id=s.drafted_proposal())


@attempt("consent-round-closed")
def close_consent_round(s: Scenario, a: str) -> Recorded:
    s.consent_round()
    return s.app.close_consent_round(a, s.id, s.live_session())


def open_dot_vote(s: Scenario) -> UUID:
    """A dot vote of 3 dots on the proposals of the live session's agenda item (the drafted one, put to
    a consent round there), opened by the facilitator (reached once)."""
    if "dot_vote" not in s.reached:
        s.consent_round()
        s.reached["dot_vote"] = s.app.open_dot_vote(
            s.facilitator, s.id, s.live_session(), subject="proposals", dots=3
        ).id
    return s.reached["dot_vote"]  # type: ignore[no-any-return]


@attempt("dot-vote-opened")
def start_dot_vote(s: Scenario, a: str) -> Recorded:
    s.consent_round()
    return s.app.open_dot_vote(a, s.id, s.live_session(), subject="proposals", dots=3)


@attempt("dot-placed")
def place_dot(s: Scenario, a: str) -> Recorded:
    return s.app.place_dot(a, s.id, open_dot_vote(s), option=str(s.drafted_proposal()))


@attempt("dot-taken-back")
def take_back_dot(s: Scenario, a: str) -> Recorded:
    """The account takes back a dot it placed first (an account that may not place one is refused there)."""
    s.app.place_dot(a, s.id, open_dot_vote(s), option=str(s.drafted_proposal()))
    return s.app.take_back_dot(a, s.id, open_dot_vote(s), option=str(s.drafted_proposal()))


@attempt("dot-vote-closed")
def close_dot_vote(s: Scenario, a: str) -> Recorded:
    return s.app.close_dot_vote(a, s.id, open_dot_vote(s))


@attempt("contribution-posted")
def post_contribution(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.post_contribution(a, s.id, kind="idea", text="des retenues collinaires")


@attempt("contribution-clustered")
def cluster_contribution(s: Scenario, a: str) -> Recorded:
    return s.app.cluster_contribution(a, s.id, s.contribution(), cluster="ressource")


@attempt("contribution-endorsed")
def endorse_contribution(s: Scenario, a: str) -> Recorded:
    return s.app.endorse_contribution(a, s.id, s.contribution())


@attempt("proposal-drafted")
def draft_proposal(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.draft_proposal(
        a, s.id, instance_id=s.consultation_group(), topic="eau", title="Compteurs", text="des compteurs"
    )


@attempt("proposal-amended")
def amend_proposal(s: Scenario, a: str) -> Recorded:
    return s.app.amend_proposal(a, s.id, s.drafted_proposal(), text="15 %", rationale="plus ambitieux")


@attempt("proposal-endorsed")
def endorse_proposal(s: Scenario, a: str) -> Recorded:
    return s.app.endorse_proposal(a, s.id, s.drafted_proposal())


@attempt("proposal-objected")
def object_to_proposal(s: Scenario, a: str) -> Recorded:
    return s.app.object_to_proposal(a, s.id, s.drafted_proposal(), reason="irréaliste")


@attempt("objection-resolved")
def resolve_objection(s: Scenario, a: str) -> Recorded:
    # Only the objector lifts an objection: the stakeholder account made it.
    return s.app.resolve_objection(a, s.id, s.objected_proposal(), resolution="chiffrage revu")


@attempt("proposal-validated")
def validate_proposal(s: Scenario, a: str) -> Recorded:
    return s.app.validate_proposal(a, s.id, s.endorsed_proposal())


@attempt("proposal-withdrawn")
def withdraw_proposal(s: Scenario, a: str) -> Recorded:
    # A stakeholder withdraws only a proposal they wrote: the stakeholder account drafted it.
    return s.app.withdraw_proposal(a, s.id, s.drafted_proposal(), reason="fusionnée")


@attempt("agreement-drafted")
def draft_agreement(s: Scenario, a: str) -> Recorded:
    return s.app.draft_agreement(
        a,
        s.id,
        instance_id=s.consultation_group(),
        title="Plan",
        text="mesures",
        proposal_ids=[s.validated_proposal()],
    )


@attempt("agreement-approved")
def approve_agreement(s: Scenario, a: str) -> Recorded:
    return s.app.approve_agreement(a, s.id, s.drafted_agreement())


@attempt("agreement-validated")
def validate_agreement(s: Scenario, a: str) -> Recorded:
    return s.app.validate_agreement(a, s.id, s.approved_agreement())


@attempt("technical-translation-recorded")
def record_technical_translation(s: Scenario, a: str) -> Recorded:
    return s.app.record_technical_translation(
        a, s.id, s.validated_proposal(), operational_form="arrêté", cost_estimate="5 k€", feasibility="oui"
    )


@attempt("steering-review-held")
def hold_steering_review(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.hold_steering_review(a, s.id, held_on=DAY, summary="point d'étape")


@attempt("expertise-provided")
def provide_expertise(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.provide_expertise(a, s.id, kind="study", title="Bilan hydrologique", summary="déficit")


@attempt("programme-linked")
def link_programme(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.link_programme(a, s.id, programme="SAGE Sèvre", articulation="mesures communes")


@attempt("population-informed")
def inform_population(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.inform_population(a, s.id, means="bulletin", summary="avancement", informed_on=DAY)


@attempt("population-consulted")
def consult_population(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.consult_population(
        a, s.id, means="questionnaire", participants=140, summary="avis", consulted_on=DAY
    )


@attempt("decision-makers-informed")
def inform_decision_makers(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.inform_decision_makers(
        a, s.id, body="conseil municipal", summary="avancement", informed_on=DAY
    )


@attempt("dysfunction-reported")
def report_dysfunction(s: Scenario, a: str) -> Recorded:
    s.to_collective_work()
    return s.app.report_dysfunction(a, s.id, description="absences", weak_point="horaires")


@attempt("adjustment-proposed")
def propose_adjustment(s: Scenario, a: str) -> Recorded:
    return s.app.propose_adjustment(a, s.id, s.dysfunction(), adjustment="réunions en soirée")


@attempt("adjustment-adopted")
def adopt_adjustment(s: Scenario, a: str) -> Recorded:
    return s.app.adopt_adjustment(a, s.id, s.proposed_adjustment())


@attempt("adjustment-rejected")
def reject_adjustment(s: Scenario, a: str) -> Recorded:
    return s.app.reject_adjustment(a, s.id, s.proposed_adjustment(), reasons="pas de salle le soir")


# --- decision and follow-up -----------------------------------------------------------------------


@attempt("results-presented")
def present_results(s: Scenario, a: str) -> Recorded:
    s.to_decision()
    return s.app.present_results(
        a, s.id, body="conseil municipal", presented_on=DAY, proposal_ids=[s.translated_proposal()]
    )


@attempt("process-reviewed")
def review_process(s: Scenario, a: str) -> Recorded:
    s.to_decision()
    return s.app.review_process(a, s.id, reviewed_on=DAY, summary="bilan avec le comité")


@attempt("decision-adopted")
def adopt_decision(s: Scenario, a: str) -> Recorded:
    proposal_id = s.presented()
    return s.app.adopt_decision(
        a,
        s.id,
        body="conseil_municipal",
        body_name="Conseil municipal",
        deliberation_reference="D-1",
        adopted_on=DAY,
        votes={"for": 1, "against": 0, "abstentions": 0},
        outcomes=[{"proposal_id": proposal_id, "outcome": "adopted", "justification": ""}],
    )


@attempt("decision-communicated")
def communicate_decision(s: Scenario, a: str) -> Recorded:
    return s.app.communicate_decision(
        a, s.id, decision_id=s.decided(), channels=["courrier"], communicated_on=DAY, message="merci"
    )


@attempt("process-evaluated")
def evaluate_process(s: Scenario, a: str) -> Recorded:
    s.to_decision()
    return s.app.evaluate_process(a, s.id, summary="utile", strengths=["écoute"], improvements=[])


@attempt("action-created")
def create_action(s: Scenario, a: str) -> Recorded:
    s.decided()
    return s.app.create_action(
        a, s.id, proposal_id=s.presented(), title="Compteurs", description="poser", due_on="2026-09-01"
    )


@attempt("operator-assigned")
def assign_operator(s: Scenario, a: str) -> Recorded:
    return s.app.assign_operator(
        a, s.id, s.action(), operator_id=ACCOUNTS[Role.OPERATOR], organisation="Syndicat"
    )


@attempt("progress-reported")
def report_progress(s: Scenario, a: str) -> Recorded:
    # Only the operator assigned to the action reports: that is the operator account.
    return s.app.report_progress(a, s.id, s.action_with_operator(), percent=40, note="en cours")


@attempt("action-completed")
def complete_action(s: Scenario, a: str) -> Recorded:
    return s.app.complete_action(a, s.id, s.action_with_operator(), completed_on=DAY, summary="fait")


@attempt("dialogue-continued")
def continue_dialogue(s: Scenario, a: str) -> Recorded:
    s.to_decision()
    return s.app.continue_dialogue(a, s.id, follow_up="comité de suivi", next_meeting_on="2027-03-01")


@attempt("dialogue-closed")
def close_dialogue(s: Scenario, a: str) -> Recorded:
    s.action_with_operator()
    return s.app.close_dialogue(a, s.id, summary="démarche close")


# --- the test ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DialogueApp]:
    """Overrides the conftest's per-test ``app``: one store per module and database.

    Each case works on a dialogue of its own; sharing the store is what lets a
    refused case hand its prepared dialogue on to the next one (see ``prepared``).
    """
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path_factory.mktemp('authorisation')}/dialogue.sqlite3"])
    else:
        urls = postgres_schema()
    for url in urls:
        application = make_app(url)
        yield application
        application.close()


@pytest.fixture(scope="module")
def prepared(app: DialogueApp) -> dict[str, Scenario]:
    """Per act, a scenario brought to where the act is valid, on which it was only ever refused."""
    return {}


def test_the_table_covers_every_act() -> None:
    assert set(ATTEMPTS) | {"dialogue-opened"} == set(ACTS)
    assert "dialogue-opened" not in ATTEMPTS


def actor_of(scenario: Scenario, act: str, account: str, role: Role) -> tuple[str, str]:
    """Who the act is recorded under: the account in its role, or an answer's respondent token."""
    if act != "questionnaire-answered":
        return account, role
    return scenario.app.respondent_token(str(scenario.questionnaire()), account), "respondent"


CASES = [
    pytest.param(act, role, id=f"{act}-by-{role or OUTSIDER}")
    for act in ACTS
    if act != "dialogue-opened"
    for role in [*Role, None]
]


@pytest.mark.parametrize(("act", "role"), CASES)
def test_an_act_is_recorded_exactly_for_the_roles_of_the_catalogue(
    app: DialogueApp, prepared: dict[str, Scenario], act: str, role: Role | None
) -> None:
    perform = ATTEMPTS[act]
    scenario = prepared.pop(act, None) or Scenario(app)
    # Bring the scenario to where the act is valid: its points are reached once and
    # remembered, so trying the act as an outsider prepares without recording the act.
    with pytest.raises(REFUSED):
        perform(scenario, OUTSIDER)
    account = (
        OUTSIDER if role is None else scenario.citizen(CITIZEN) if role is Role.CITIZEN else ACCOUNTS[role]
    )
    before = app.recorder.max_notification_id() or 0

    if role in ACTS[act].roles:
        recorded = perform(scenario, account)
        assert isinstance(recorded, Recorded)
        assert recorded.position > before
        new = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(before + 1, 10)]
        acts = [(e.actor_id, e.actor_role) for e in new if type(e).__name__ == ACTS[act].event_name]
        assert acts == [actor_of(scenario, act, account, role)]
    else:
        # an outsider, or a citizen (who holds no role), learns nothing of a dialogue not yet public
        with pytest.raises(REFUSED if role in (None, Role.CITIZEN) else NotAuthorisedError):
            perform(scenario, account)
        assert app.recorder.max_notification_id() == before
        prepared[act] = scenario  # unchanged: the next role may be tried on it


@pytest.mark.parametrize("account", [ACCOUNTS[Role.AUDITOR], OUTSIDER])
def test_an_organiser_opens_a_dialogue_and_becomes_its_convenor(app: DialogueApp, account: str) -> None:
    # dialogue-opened lists only the convenor in ACTS, but there is no dialogue yet whose
    # roles could be checked: an organiser (a platform role) opens one and thereby becomes its convenor.
    # So it is not in the table: what is checked is that the opener may then act as convenor.
    ensure_accounts(app, account, "someone")
    with pytest.raises(NotAuthorisedError):
        app.open_dialogue(account, slug=f"opened-by-{account}", title="T", territory="Sèvre", subject="eau")
    ensure_accounts(app, organisers=(account,))
    before = app.recorder.max_notification_id() or 0
    opened = app.open_dialogue(
        account, slug=f"opened-by-{account}", title="T", territory="Sèvre", subject="eau"
    )
    assert opened.position > before
    assert app.status(opened.id)["stage"] == "framing"
    granted = app.grant_role(account, opened.id, grantee_id="someone", role=Role.FACILITATOR)
    assert granted.position > opened.position


def test_an_outsider_learns_nothing_of_a_dialogue_not_yet_public(app: DialogueApp) -> None:
    scenario = Scenario(app)
    ensure_accounts(app, OUTSIDER)
    with pytest.raises(NotFoundError) as unseen:
        add_topic(scenario, OUTSIDER)
    assert unseen.value.code == "no-dialogue"  # the same answer as for no dialogue at all

    scenario.framing_done()  # the approach is made public
    with pytest.raises(NotAuthorisedError) as refused:
        add_topic(scenario, OUTSIDER)
    assert refused.value.code == "act-not-allowed"


# --- beyond the role: the instance's work is for its members (docs/security.md) ----------------------

NON_MEMBER = "stakeholder-elsewhere"
"""A stakeholder of the dialogue who sits on no instance."""

IN_AN_INSTANCE: dict[str, Attempt] = {
    "contribution-posted": lambda s, a: s.app.post_contribution(
        a, s.id, kind="idea", text="dans la réunion", meeting_id=s.meeting()
    ),
    "proposal-drafted": draft_proposal,
    "proposal-amended": lambda s, a: s.app.amend_proposal(
        a, s.id, s.drafted_proposal(), text="autrement", rationale="mieux"
    ),
    "proposal-endorsed": endorse_proposal,
    "proposal-objected": object_to_proposal,
    "agreement-approved": approve_agreement,
}
"""Acts that name a meeting, an instance or a part of an instance, each by a stakeholder."""


@pytest.mark.parametrize("act", sorted(IN_AN_INSTANCE))
def test_a_stakeholder_outside_the_instance_may_not_act_in_its_work(app: DialogueApp, act: str) -> None:
    scenario = Scenario(app)
    ensure_accounts(app, NON_MEMBER)
    app.grant_role(scenario.convenor, scenario.id, grantee_id=NON_MEMBER, role=Role.STAKEHOLDER)
    perform = IN_AN_INSTANCE[act]
    with pytest.raises(REFUSED):
        perform(scenario, OUTSIDER)  # brings the scenario to where the act is valid
    before = app.recorder.max_notification_id()

    with pytest.raises(NotAuthorisedError) as refused:
        perform(scenario, NON_MEMBER)

    assert refused.value.code == "not-in-instance"
    assert refused.value.params == {"act": act, "instance": "Groupe eau"}
    assert app.recorder.max_notification_id() == before
    assert perform(scenario, ACCOUNTS[Role.STAKEHOLDER]).position > before  # a member may


def test_a_contribution_outside_any_meeting_is_open_to_every_stakeholder(app: DialogueApp) -> None:
    scenario = Scenario(app)
    scenario.to_collective_work()
    ensure_accounts(app, NON_MEMBER)
    app.grant_role(scenario.convenor, scenario.id, grantee_id=NON_MEMBER, role=Role.STAKEHOLDER)

    posted = app.post_contribution(NON_MEMBER, scenario.id, kind="idea", text="au diagnostic partagé")

    assert posted.position == app.recorder.max_notification_id()


@pytest.mark.parametrize(
    ("login", "code"), [("nobody-by-that-name", "unknown-account"), ("stakeholder-elsewhere", "no-role-here")]
)
def test_a_co_author_is_an_account_taking_part_in_the_dialogue(
    app: DialogueApp, login: str, code: str
) -> None:
    scenario = Scenario(app)
    scenario.to_collective_work()
    ensure_accounts(app, "stakeholder-elsewhere")
    before = app.recorder.max_notification_id()

    with pytest.raises(InvalidActError) as refused:
        app.draft_proposal(
            ACCOUNTS[Role.STAKEHOLDER],
            scenario.id,
            instance_id=scenario.consultation_group(),
            topic="eau",
            title="Retenues",
            text="Des retenues collinaires",
            co_authors=[login],
        )

    assert (refused.value.field, refused.value.code) == ("co_authors", code)
    assert app.recorder.max_notification_id() == before
