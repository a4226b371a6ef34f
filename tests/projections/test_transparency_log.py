"""The transparency log: what the public may see of each dialogue, built only from events."""

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from application.demo import PEOPLE, record_demo
from application.dialogues import DialogueApp
from domain.acts import ACTS_BY_EVENT, PLATFORM_ACTS
from domain.roles import Role
from projections.comments import CommentsProjection
from projections.documents import DocumentsProjection
from projections.questionnaires import QuestionnairesProjection
from projections.runner import ProjectionRunner
from projections.store import Sql
from projections.transparency_log import TransparencyLogProjection
from projections.transparency_log.rows import DECISIONS, DIALOGUES, PARTS
from tests.builders import ACCOUNTS, DAY, MEMBERS, Scenario
from tests.demo_story import ACTIONS, OBJECTION, PROPOSALS, WITHDRAWAL

Log = TransparencyLogProjection
CONVENOR = ACCOUNTS[Role.CONVENOR]
FACILITATOR = ACCOUNTS[Role.FACILITATOR]
STEERING = ACCOUNTS[Role.STEERING_MEMBER]
STAKEHOLDER = ACCOUNTS[Role.STAKEHOLDER]
OPERATOR = ACCOUNTS[Role.OPERATOR]

MAYOR = {"name": "Jeanne Marais", "email": "jeanne.marais@niort.example", "phone": "05 36 49 00 01"}
FARMER = {"name": "Paul Champdeau", "email": "paul.champdeau@earl.example", "phone": "06 39 98 00 02"}

NOT_PUBLIC_EVENTS = {
    "RoleGranted",
    "RoleRevoked",
    "ContributionClustered",
    "ContributionEndorsed",
    "LiveSessionOpened",
    "LiveSessionClosed",
    "AgendaPointerMoved",
    "TimerStarted",
    "TimerPaused",
    "TimerExtended",
    "HandRaised",
    "HandLowered",
    "ConsentRoundOpened",
    "DotVoteOpened",
    "DotPlaced",
    "DotTakenBack",
    "MinutesDrafted",
}
"""Acts that change nothing the public sees: roles, the facilitators' sorting of the diagnosis, and
the workings of a live session (agenda pointer, countdown, speaking queue, dots of a vote), whose
public outcomes are acts of their own (proposal-validated, minutes-recorded, cluster-named,
consent-round-closed, dot-vote-closed: the meeting's page shows them)."""

SHOWN_FROM_THE_DIALOGUE = {
    "CitizenContributionEdited",
    "CitizenContributionWithdrawn",
    "ItemReported",
    "ItemHidden",
    "ItemUnhidden",
    "ItemKept",
    "ItemShredded",
}
"""Acts whose public outcome a page reads from the dialogue itself, not from this read model: a
consultation's contributions (their texts are opened from the vault when read) and the moderation
log; a hidden contribution of the shared diagnosis is the ``diagnosis`` read model's."""

UPCOMING = "Comité de pilotage - réexamen des propositions différées"
"""The demo's meeting convened, not held yet: the facilitator's to-do."""


@dataclass
class Walk:
    """A dialogue taken to its follow-up, with the ids of what the tests look at."""

    scenario: Scenario
    mayor: UUID
    farmer: UUID
    meeting: UUID
    proposal: UUID
    rejected: UUID
    withdrawn: UUID
    decision: UUID
    action: UUID
    dysfunction: UUID

    @property
    def id(self) -> UUID:
        return self.scenario.id


def identify(s: Scenario, person: dict[str, str], category: str, organisation: str, office: bool) -> UUID:
    """A stakeholder without an account; a public office holder consents to be named."""
    return s.app.identify_stakeholder(
        CONVENOR,
        s.id,
        name=person["name"],
        email=person["email"],
        phone=person["phone"],
        category=category,
        organisation=organisation,
        public_office=office,
        name_consent=office,
    ).id


def translated_proposal(s: Scenario, author: str, title: str) -> UUID:
    """A proposal of the consultation group, endorsed by MEMBERS, validated and translated."""
    app = s.app
    proposal_id = app.draft_proposal(
        author, s.id, instance_id=s.consultation_group(), topic="stockage", title=title, text="trois retenues"
    ).id
    for account in MEMBERS:
        app.endorse_proposal(account, s.id, proposal_id)
    app.validate_proposal(FACILITATOR, s.id, proposal_id)
    app.record_technical_translation(
        ACCOUNTS[Role.TECHNICIAN],
        s.id,
        proposal_id,
        operational_form="trois retenues de 50 000 m3",
        cost_estimate="2 millions €",
        feasibility="incertaine",
    )
    return proposal_id


def framing(s: Scenario) -> tuple[UUID, UUID]:
    """Framing with a mayor on the steering committee and a farmer in the consultation group."""
    app = s.app
    s.framework_defined()
    app.record_concern(CONVENOR, s.id, concern="assecs répétés", raised_by="irrigants")
    app.assess_feasibility(CONVENOR, s.id, feasible=True, assessment="les acteurs acceptent de venir")
    app.add_topic(CONVENOR, s.id, topic="prélèvements")
    app.define_link_modality(CONVENOR, s.id, target="population", modality="lettre d'information")
    mayor = identify(s, MAYOR, "elected_official", "Mairie de Niort", office=True)
    farmer = identify(s, FARMER, "farmer", "EARL du Marais", office=False)
    app.add_member(CONVENOR, s.id, s.steering_committee(), stakeholder_id=mayor)
    app.add_member(CONVENOR, s.id, s.consultation_group(), stakeholder_id=farmer)
    app.hold_launch_meeting(CONVENOR, s.id, held_on=DAY, attendance=80, summary="présentation de la démarche")
    s.to_collective_work()
    return mayor, farmer


def collective_work(s: Scenario) -> tuple[UUID, UUID, UUID, UUID, UUID]:
    """Meetings, diagnosis, three proposals (one amended and objected to, one withdrawn), regulation."""
    app = s.app
    meeting = s.minuted_meeting()
    app.correct_minutes(
        FACILITATOR,
        s.id,
        meeting,
        text="relevé de décisions corrigé",
        reason="un excusé était compté présent",
    )
    s.contribution()
    for account in (MEMBERS[1], STAKEHOLDER):
        app.post_contribution(account, s.id, kind="idea", text="compteurs sur les forages")
    proposal = s.drafted_proposal()
    app.amend_proposal(
        STAKEHOLDER,
        s.id,
        proposal,
        text="réduire de 15 % en étiage",
        rationale="les débits baissent plus vite",
    )
    app.object_to_proposal(MEMBERS[1], s.id, proposal, reason="trop dur pour les irrigants")
    app.resolve_objection(MEMBERS[1], s.id, proposal, resolution="compensation prévue")
    s.translated_proposal()
    rejected = translated_proposal(s, MEMBERS[1], "Retenues collinaires")
    withdrawn = app.draft_proposal(
        MEMBERS[0], s.id, instance_id=s.consultation_group(), topic="prix", title="Taxe forages", text="taxer"
    ).id
    app.withdraw_proposal(MEMBERS[0], s.id, withdrawn, reason="hors du périmètre")
    dysfunction = s.proposed_adjustment()
    app.reject_adjustment(STEERING, s.id, dysfunction, reasons="les salles sont prises le soir")
    app.propose_adjustment(FACILITATOR, s.id, dysfunction, adjustment="réunions le samedi matin")
    app.adopt_adjustment(STEERING, s.id, dysfunction, remarks="à essayer en avril")
    app.hold_steering_review(STEERING, s.id, held_on="2026-04-02", summary="travail en bonne voie")
    app.provide_expertise(
        ACCOUNTS[Role.EXPERT], s.id, kind="study", title="volumes prélevables", summary="écart de 30 %"
    )
    app.link_programme(FACILITATOR, s.id, programme="SAGE Sèvre", articulation="avis de la CLE")
    app.inform_population(
        FACILITATOR, s.id, means="lettre n° 1", summary="diagnostic", informed_on="2026-04-03"
    )
    app.consult_population(
        FACILITATOR,
        s.id,
        means="questionnaire",
        participants=212,
        summary="62 % pour",
        consulted_on="2026-04-10",
    )
    app.inform_decision_makers(
        CONVENOR, s.id, body="bureau municipal", summary="point d'étape", informed_on="2026-04-11"
    )
    s.to_decision()
    return meeting, proposal, rejected, withdrawn, dysfunction


def walk(app: DialogueApp) -> Walk:
    s = Scenario(app, slug="partage-de-l-eau")
    mayor, farmer = framing(s)
    meeting, proposal, rejected, withdrawn, dysfunction = collective_work(s)
    app.present_results(
        CONVENOR, s.id, body="conseil municipal", presented_on="2026-05-04", proposal_ids=[proposal, rejected]
    )
    decision = app.adopt_decision(
        ACCOUNTS[Role.DECISION_MAKER],
        s.id,
        body="conseil_municipal",
        body_name="Conseil municipal de Niort",
        deliberation_reference="DEL-2026-042",
        adopted_on="2026-05-12",
        votes={"for": 20, "against": 3, "abstentions": 2},
        outcomes=[
            {"proposal_id": proposal, "outcome": "adopted", "justification": ""},
            {"proposal_id": rejected, "outcome": "rejected", "justification": "relève du SAGE"},
        ],
    ).id
    app.communicate_decision(
        FACILITATOR,
        s.id,
        decision_id=decision,
        channels=["courrier", "site de la commune"],
        communicated_on="2026-05-20",
        message="le conseil a adopté le partage en étiage",
    )
    app.review_process(STEERING, s.id, reviewed_on="2026-05-25", summary="démarche suivie jusqu'au bout")
    app.evaluate_process(
        CONVENOR, s.id, summary="concertation réussie", strengths=["assiduité"], improvements=["horaires"]
    )
    action = app.create_action(
        CONVENOR,
        s.id,
        proposal_id=proposal,
        title="Arrêté de restriction",
        description="le rédiger",
        due_on="2026-06-30",
    ).id
    app.assign_operator(
        CONVENOR, s.id, action, operator_id=OPERATOR, organisation="Syndicat des eaux du Marais"
    )
    app.report_progress(OPERATOR, s.id, action, percent=40, note="projet rédigé")
    app.report_progress(OPERATOR, s.id, action, percent=70, note="consultation du public")
    app.schedule_meeting(
        FACILITATOR,
        s.id,
        instance_id=s.steering_committee(),
        title="Comité de suivi",
        starts_at="2026-09-15T14:00",
        place="mairie",
        agenda=["avancement des actions"],
    )
    app.continue_dialogue(
        CONVENOR, s.id, follow_up="comité de suivi semestriel", next_meeting_on="2026-09-15"
    )
    return Walk(s, mayor, farmer, meeting, proposal, rejected, withdrawn, decision, action, dysfunction)


def caught_up(app: DialogueApp, **options: Any) -> ProjectionRunner:
    runner = ProjectionRunner(app.recorder, app.mapper, [TransparencyLogProjection()], **options)
    runner.catch_up()
    return runner


def read(runner: ProjectionRunner, dialogue_id: UUID) -> dict[str, Any]:
    with runner.store.transaction(commit=False) as sql:
        view = Log.dialogue(sql, dialogue_id)
    assert view is not None
    return view


def everything(runner: ProjectionRunner) -> dict[str, Any]:
    """Every row of the projection's tables, and every view it gives."""
    with runner.store.transaction(commit=False) as sql:
        return {
            "rows": rows(sql),
            "dialogues": Log.dialogues(sql),
            "views": [Log.dialogue(sql, d["id"]) for d in Log.dialogues(sql)],
            "decisions": Log.decisions_feed(sql),
            "meetings": Log.meetings_feed(sql),
        }


def rows(sql: Sql) -> dict[str, list[dict[str, Any]]]:
    return {
        table: sorted(sql.all(f"SELECT * FROM {table}"), key=lambda row: json.dumps(row, default=str))
        for table in (DIALOGUES, PARTS, DECISIONS)
    }


def by_title(items: list[dict[str, Any]], title: str) -> dict[str, Any]:
    return next(item for item in items if item.get("title", item.get("name")) == title)


def without_dates(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in s.items() if k not in ("recorded_at", "role")} for s in steps]


# --- the dialogue and its framework ---------------------------------------------------


def test_lists_each_dialogue_with_its_stage_once_its_approach_is_public(app: DialogueApp) -> None:
    w = walk(app)
    other = Scenario(app, slug="plan-mobilite")
    other.design_validated()
    with caught_up(app).store.transaction(commit=False) as sql:
        assert [d["slug"] for d in Log.dialogues(sql)] == ["partage-de-l-eau"]  # not public yet
        assert Log.dialogue(sql, other.id)["public"] is False
    other.framing_done()  # approach-made-public
    runner = caught_up(app)
    with runner.store.transaction(commit=False) as sql:
        listed = Log.dialogues(sql)
        assert Log.dialogue(sql, uuid4()) is None
    assert [(d["slug"], d["stage"], d["closed"], d["public"]) for d in listed] == [
        ("partage-de-l-eau", "decision_and_follow_up", False, True),
        ("plan-mobilite", "framing", False, True),
    ]
    assert listed[0]["id"] == str(w.id) and listed[1]["id"] == str(other.id)
    assert listed[0]["title"] == "Partager l'eau du bassin"
    assert listed[0]["territory"] == "Bassin de la Sèvre"
    assert listed[0]["subject"] == "Gestion de l'eau en période d'étiage"
    assert listed[0]["opened_at"].startswith("20")


def test_shows_the_framework_diagnosis_and_design_review(app: DialogueApp) -> None:
    w = walk(app)
    view = read(caught_up(app), w.id)
    framework = view["framework"]
    assert framework["expected_results"] == ["un plan d'action partagé"]
    assert framework["objects"] == ["répartition des prélèvements"]
    assert framework["perimeter"] == "le bassin versant"
    assert framework["excluded"] == ["la tarification"]
    assert framework["calendar"] == [{"label": "lancement", "date": DAY}]
    assert framework["versions"] == 1
    assert view["topics"] == ["prélèvements"]
    assert [c["concern"] for c in view["diagnosis"]["concerns"]] == ["assecs répétés"]
    assert view["diagnosis"]["feasibility"]["feasible"] is True
    assert [(h["status"], h["text"]) for h in view["design"]["history"]] == [
        ("submitted", "deux instances"),
        ("validated", ""),
    ]
    assert view["links"]["made_public"]["channels"] == ["site de la commune"]
    assert view["links"]["made_public"]["published_on"] == DAY
    assert view["links"]["launch_meeting"]["attendance"] == 80


def test_timeline_dates_each_stage_and_keeps_every_waiver_with_its_justification(app: DialogueApp) -> None:
    s = Scenario(app)
    s.design_validated()
    app.advance_stage(CONVENOR, s.id, waiver="publication reportée après les élections municipales")
    view = read(caught_up(app), s.id)
    assert [(t["from"], t["to"]) for t in view["timeline"]] == [
        (None, "framing"),
        ("framing", "collective_work"),
    ]
    assert view["stage"] == "collective_work"
    (waiver,) = view["waivers"]
    assert waiver["waiver"] == "publication reportée après les élections municipales"
    assert waiver["unmet"] == [
        {"name": "approach-validated-and-public", "detail": "approach not made public"}
    ]
    assert waiver["recorded_at"] >= view["opened_at"]
    assert view["closing"] is None


def test_a_stage_advanced_without_waiver_is_not_a_waiver(app: DialogueApp) -> None:
    w = walk(app)
    view = read(caught_up(app), w.id)
    assert [t["to"] for t in view["timeline"]] == ["framing", "collective_work", "decision_and_follow_up"]
    assert [t["waiver"] for t in view["timeline"]] == [None, None, None]
    assert view["waivers"] == []


# --- people and instances --------------------------------------------------------------


def test_instances_show_their_composition_by_category_and_organisation(app: DialogueApp) -> None:
    w = walk(app)
    view = read(caught_up(app), w.id)
    steering = by_title(view["instances"], "Comité de pilotage")
    assert steering["kind"] == "steering_committee"
    assert steering["functioning_rule"] == "majority"
    assert steering["schedule"] == "mensuel"
    assert steering["composition"] == {
        "members": 2,
        "by_category": {"elected_official": 1, "resident": 1},
        "by_organisation": {"Association steering": 1, "Mairie de Niort": 1},
    }
    assert steering["members"][1] == {
        "person_id": str(w.mayor),
        "category": "elected_official",
        "organisation": "Mairie de Niort",
        "public_office": True,
        "name_consent": True,
    }
    group = by_title(view["instances"], "Groupe eau")
    assert group["composition"]["by_category"] == {"farmer": 1, "resident": 3}
    assert group["members"][-1]["public_office"] is False
    assert group["members"][-1]["name_consent"] is False
    assert view["stakeholders"]["count"] == 6
    assert view["stakeholders"]["by_category"] == {"elected_official": 1, "farmer": 1, "resident": 4}


def test_a_removed_member_leaves_the_composition(app: DialogueApp) -> None:
    w = walk(app)
    app.remove_member(
        CONVENOR, w.id, w.scenario.consultation_group(), stakeholder_id=w.farmer, reason="a déménagé"
    )
    group = by_title(read(caught_up(app), w.id)["instances"], "Groupe eau")
    assert group["composition"]["by_category"] == {"resident": 3}
    assert str(w.farmer) not in [m["person_id"] for m in group["members"]]


def test_meetings_show_attendance_and_the_latest_minutes_noting_the_correction(app: DialogueApp) -> None:
    w = walk(app)
    view = read(caught_up(app), w.id)
    meeting = by_title(view["meetings"], "Atelier diagnostic")
    assert meeting["id"] == str(w.meeting)
    assert meeting["instance"] == "Groupe eau"
    assert (meeting["starts_at"], meeting["place"]) == (f"{DAY}T18:30:00", "salle des fêtes")
    assert (meeting["held_on"], meeting["attendance"], meeting["excused"]) == (DAY, 12, 1)
    minutes = meeting["minutes"]
    assert minutes["text"] == "relevé de décisions corrigé"
    assert minutes["corrected"] is True
    assert minutes["corrections"] == 1
    assert minutes["reasons"] == ["un excusé était compté présent"]
    follow_up = by_title(view["meetings"], "Comité de suivi")
    assert (follow_up["held_on"], follow_up["minutes"]) == (None, None)


def test_contributions_are_counted_by_kind(app: DialogueApp) -> None:
    w = walk(app)
    assert read(caught_up(app), w.id)["contributions"] == {
        "total": 3,
        "by_kind": {"idea": 2, "observation": 1},
    }


# --- proposals, decisions, actions ----------------------------------------------------


def test_a_proposal_shows_its_path_step_by_step(app: DialogueApp) -> None:
    w = walk(app)
    proposal = by_title(read(caught_up(app), w.id)["proposals"], "Partage en étiage")
    assert without_dates(proposal["path"]) == [
        {"step": "drafted", "on": None},
        {
            "step": "amended",
            "on": None,
            "text": "réduire de 15 % en étiage",
            "rationale": "les débits baissent plus vite",
        },
        {"step": "validated", "on": None, "rule": "majority", "endorsements": 2},
        {
            "step": "translated",
            "on": None,
            "operational_form": "arrêté de restriction",
            "cost_estimate": "20 000 €",
            "feasibility": "faisable en 2027",
        },
        {"step": "presented", "on": "2026-05-04", "body": "conseil municipal"},
        {
            "step": "outcome",
            "on": "2026-05-12",
            "outcome": "adopted",
            "justification": "",
            "decision_id": str(w.decision),
            "body_name": "Conseil municipal de Niort",
            "deliberation_reference": "DEL-2026-042",
        },
    ]
    recorded = [s["recorded_at"] for s in proposal["path"]]
    assert recorded == sorted(recorded)
    roles = [s["role"] for s in proposal["path"]]
    assert roles[0] == "stakeholder" and roles[-1] == "decision_maker"
    assert proposal["status"] == "adopted"
    assert proposal["text"] == "réduire de 15 % en étiage"
    assert (proposal["amendments"], proposal["authors"], proposal["instance"]) == (1, 2, "Groupe eau")
    assert (proposal["endorsements"], proposal["open_objections"]) == (2, 0)
    (objection,) = proposal["objections"]
    assert (objection["reason"], objection["status"], objection["resolution"]) == (
        "trop dur pour les irrigants",
        "resolved",
        "compensation prévue",
    )


def test_a_withdrawn_proposal_ends_its_path_with_the_reason(app: DialogueApp) -> None:
    w = walk(app)
    proposal = by_title(read(caught_up(app), w.id)["proposals"], "Taxe forages")
    assert [(s["step"], s.get("reason")) for s in proposal["path"]] == [
        ("drafted", None),
        ("withdrawn", "hors du périmètre"),
    ]
    assert proposal["status"] == "withdrawn"


def test_an_objection_counts_until_lifted_and_never_names_the_objector(app: DialogueApp) -> None:
    s = Scenario(app)
    proposal_id = s.objected_proposal()
    app.endorse_proposal(MEMBERS[1], s.id, proposal_id)
    runner = caught_up(app)
    proposal = by_title(read(runner, s.id)["proposals"], "Retenues collinaires")
    assert (proposal["endorsements"], proposal["open_objections"]) == (1, 1)
    assert proposal["objections"][0]["status"] == "open"
    app.endorse_proposal(STAKEHOLDER, s.id, proposal_id)
    runner.catch_up()
    proposal = by_title(read(runner, s.id)["proposals"], "Retenues collinaires")
    assert (proposal["endorsements"], proposal["open_objections"]) == (2, 0)
    assert proposal["objections"][0]["status"] == "lifted"
    steps = [{key: value for key, value in step.items() if key != "role"} for step in proposal["path"]]
    assert STAKEHOLDER not in json.dumps({**proposal, "path": steps})  # the role, never the account
    assert not [key for key in proposal if key.startswith("_")]


def test_a_decision_gives_body_reference_votes_and_each_outcome_with_its_justification(
    app: DialogueApp,
) -> None:
    w = walk(app)
    view = read(caught_up(app), w.id)
    (decision,) = view["decisions"]
    assert decision["id"] == str(w.decision)
    assert (decision["body"], decision["body_name"]) == ("conseil_municipal", "Conseil municipal de Niort")
    assert (decision["deliberation_reference"], decision["adopted_on"]) == ("DEL-2026-042", "2026-05-12")
    assert decision["votes"] == {"for": 20, "against": 3, "abstentions": 2}
    assert decision["outcomes"] == [
        {
            "proposal_id": str(w.proposal),
            "title": "Partage en étiage",
            "outcome": "adopted",
            "justification": "",
        },
        {
            "proposal_id": str(w.rejected),
            "title": "Retenues collinaires",
            "outcome": "rejected",
            "justification": "relève du SAGE",
        },
    ]
    (communication,) = decision["communications"]
    assert communication["channels"] == ["courrier", "site de la commune"]
    assert communication["communicated_on"] == "2026-05-20"
    assert communication["message"] == "le conseil a adopté le partage en étiage"
    rejected = by_title(view["proposals"], "Retenues collinaires")
    assert rejected["status"] == "rejected"
    assert rejected["path"][-1]["justification"] == "relève du SAGE"
    (presentation,) = view["presentations"]
    assert [p["title"] for p in presentation["proposals"]] == ["Partage en étiage", "Retenues collinaires"]


def test_actions_show_operator_organisation_and_progress(app: DialogueApp) -> None:
    w = walk(app)
    runner = caught_up(app)
    (action,) = read(runner, w.id)["actions"]
    assert action["id"] == str(w.action)
    assert (action["title"], action["proposal"], action["due_on"]) == (
        "Arrêté de restriction",
        "Partage en étiage",
        "2026-06-30",
    )
    assert action["operator_organisation"] == "Syndicat des eaux du Marais"
    assert action["progress"] == 70
    assert [(r["percent"], r["note"]) for r in action["reports"]] == [
        (40, "projet rédigé"),
        (70, "consultation du public"),
    ]
    assert action["completed"] is False
    app.complete_action(OPERATOR, w.id, w.action, completed_on="2026-06-28", summary="arrêté publié")
    runner.catch_up()
    (action,) = read(runner, w.id)["actions"]
    assert (action["completed"], action["progress"], action["completed_on"]) == (True, 100, "2026-06-28")
    assert action["completion_summary"] == "arrêté publié"


# --- regulation, evaluation, links ----------------------------------------------------


def test_regulation_shows_each_adjustment_and_the_steering_committee_ruling(app: DialogueApp) -> None:
    w = walk(app)
    regulation = read(caught_up(app), w.id)["regulation"]
    (dysfunction,) = regulation["dysfunctions"]
    assert (dysfunction["description"], dysfunction["weak_point"]) == (
        "les agriculteurs ne viennent plus",
        "horaires",
    )
    assert (dysfunction["status"], dysfunction["adjustment"]) == ("adopted", "réunions le samedi matin")
    assert [(h["status"], h["text"]) for h in dysfunction["history"]] == [
        ("proposed", "réunions le soir"),
        ("rejected", "les salles sont prises le soir"),
        ("proposed", "réunions le samedi matin"),
        ("adopted", "à essayer en avril"),
    ]
    assert [r["summary"] for r in regulation["steering_reviews"]] == ["travail en bonne voie"]


def test_evaluation_links_and_follow_up_are_public(app: DialogueApp) -> None:
    w = walk(app)
    view = read(caught_up(app), w.id)
    (evaluation,) = view["evaluation"]["evaluations"]
    assert (evaluation["summary"], evaluation["strengths"], evaluation["improvements"]) == (
        "concertation réussie",
        ["assiduité"],
        ["horaires"],
    )
    (review,) = view["evaluation"]["process_reviews"]
    assert (review["on"], review["summary"]) == ("2026-05-25", "démarche suivie jusqu'au bout")
    links = view["links"]
    assert [(m["target"], m["modality"]) for m in links["modalities"]] == [
        ("population", "lettre d'information")
    ]
    assert [p["programme"] for p in links["programmes"]] == ["SAGE Sèvre"]
    assert [(p["means"], p["on"]) for p in links["population_informed"]] == [("lettre n° 1", "2026-04-03")]
    assert [p["participants"] for p in links["population_consulted"]] == [212]
    assert [d["body"] for d in links["decision_makers_informed"]] == ["bureau municipal"]
    assert [(e["kind"], e["title"]) for e in links["expertise"]] == [("study", "volumes prélevables")]
    assert [f["next_meeting_on"] for f in view["follow_up"]] == ["2026-09-15"]


# --- feeds ----------------------------------------------------------------------------


def test_decisions_feed_lists_the_latest_decisions_first(app: DialogueApp) -> None:
    w = walk(app)
    other = Scenario(app, slug="plan-mobilite")
    later = other.decided()
    with caught_up(app).store.transaction(commit=False) as sql:
        feed = Log.decisions_feed(sql)
        latest = Log.decisions_feed(sql, limit=1)
    assert [(d["id"], d["dialogue"]["slug"]) for d in feed] == [
        (str(later), "plan-mobilite"),
        (str(w.decision), "partage-de-l-eau"),
    ]
    assert [d["id"] for d in latest] == [str(later)]
    assert feed[1]["deliberation_reference"] == "DEL-2026-042"
    assert feed[1]["updated_at"] > feed[1]["recorded_at"]  # communicated after adoption


def test_meetings_feed_lists_every_scheduled_meeting_by_start(app: DialogueApp) -> None:
    w = walk(app)
    other = Scenario(app, slug="plan-mobilite")
    other.meeting()
    with caught_up(app).store.transaction(commit=False) as sql:
        feed = Log.meetings_feed(sql)
    assert [(m["dialogue"]["slug"], m["title"], m["starts_at"]) for m in feed] == [
        ("partage-de-l-eau", "Atelier diagnostic", f"{DAY}T18:30:00"),
        ("plan-mobilite", "Atelier diagnostic", f"{DAY}T18:30:00"),
        ("partage-de-l-eau", "Comité de suivi", "2026-09-15T14:00:00"),
    ]
    assert feed[0]["id"] == str(w.meeting)
    assert (feed[2]["place"], feed[2]["instance"]) == ("mairie", "Comité de pilotage")


# --- personal data and rebuilding -----------------------------------------------------


def test_no_personal_data_is_kept(app: DialogueApp) -> None:
    w = walk(app)
    runner = caught_up(app)
    with runner.store.transaction(commit=False) as sql:
        dump = json.dumps(rows(sql), ensure_ascii=False, default=str)
    stakeholders = app.stakeholders(w.id)
    personal = [value for s in stakeholders for value in (s["name"], s["email"], s["phone"]) if value]
    assert {*MAYOR.values(), *FARMER.values(), "Personne stakeholder-2", "stakeholder-2@example.org"} <= {
        *personal
    }
    assert [value for value in personal if value in dump] == []
    sealed: list[str] = [app.repository.get(UUID(s["id"])).sealed_contact for s in stakeholders]
    assert [blob for blob in sealed if blob in dump] == []
    with runner.store.transaction(commit=False) as sql:
        people = sql.all(f"SELECT state FROM {PARTS} WHERE kind = 'stakeholder'")
    assert len(people) == 6
    assert {key for person in people for key in json.loads(person["state"])} == {
        "person_id",
        "category",
        "organisation",
        "public_office",
        "name_consent",
        "confirmed_on",
    }


def test_rebuilding_from_zero_gives_the_same_log(app: DialogueApp) -> None:
    walk(app)
    runner = caught_up(app)
    before = everything(runner)
    runner.rebuild()
    assert everything(runner) == before
    in_small_batches = ProjectionRunner(app.recorder, app.mapper, [TransparencyLogProjection()], batch_size=7)
    in_small_batches.rebuild()
    assert everything(in_small_batches) == before


def test_catching_up_twice_changes_nothing(app: DialogueApp) -> None:
    walk(app)
    runner = caught_up(app)
    before, positions = everything(runner), runner.positions()
    runner.catch_up()
    caught_up(app)  # a second runner on the same tables
    assert everything(runner) == before
    assert runner.positions() == positions == {"transparency_log": runner.head()}


def test_handles_every_act_that_changes_what_the_public_sees() -> None:
    handled = set(TransparencyLogProjection.handlers)
    own_models = (  # their own pages
        set(DocumentsProjection.handlers)
        | set(QuestionnairesProjection.handlers)
        | set(CommentsProjection.handlers)
    )
    elsewhere = NOT_PUBLIC_EVENTS | SHOWN_FROM_THE_DIALOGUE
    assert handled | own_models | elsewhere == set(ACTS_BY_EVENT) | set(PLATFORM_ACTS.values())
    assert not handled & elsewhere


# --- the demo -------------------------------------------------------------------------


def test_the_demo_is_public_in_full_without_personal_data(app: DialogueApp) -> None:
    demo = record_demo(app)
    runner = caught_up(app)
    main = read(runner, demo.main_dialogue_id)
    earlier = read(runner, demo.dialogues["continuite-moulin-de-brassac"])

    assert main["framework"]["versions"] == 2
    assert [h["status"] for h in main["design"]["history"]] == [
        "submitted",
        "returned",
        "submitted",
        "validated",
    ]
    assert main["stakeholders"]["count"] == 27
    copil = by_title(main["instances"], "Comité de pilotage du PTGE de la Vèze")
    assert copil["composition"]["by_category"] == {
        "administration": 4,
        "association": 1,
        "elected_official": 2,
    }
    assert len(main["meetings"]) == 9  # 8 held and minuted, the next steering committee convened
    assert [m["title"] for m in main["meetings"] if not m["held_on"]] == [UPCOMING]
    corrected = [m for m in main["meetings"] if m["minutes"] and m["minutes"]["corrected"]]
    assert [m["title"] for m in corrected] == ["Groupe milieux aquatiques - séance 1 : état des rivières"]
    assert "12 km" in corrected[0]["minutes"]["text"]

    retenues = by_title(main["proposals"], PROPOSALS["retenues"].title)
    assert [(s["step"], s.get("reason")) for s in retenues["path"]] == [
        ("drafted", None),
        ("withdrawn", WITHDRAWAL[1]),
    ]
    ripisylve = by_title(main["proposals"], PROPOSALS["ripisylve"].title)
    assert [s["step"] for s in ripisylve["path"]] == [
        "drafted",
        "amended",
        "validated",
        "translated",
        "presented",
        "outcome",
    ]
    assert ripisylve["path"][2]["rule"] == "consent"
    assert ripisylve["path"][-1]["outcome"] == "adopted_with_changes"
    assert [(o["status"], o["resolution"]) for o in ripisylve["objections"]] == [("resolved", OBJECTION[2])]

    (decision,) = main["decisions"]
    assert (decision["deliberation_reference"], decision["adopted_on"]) == ("DEL-2026-041", "2026-05-19")
    assert decision["votes"] == {"for": 31, "against": 4, "abstentions": 3}
    expected = [(p.title, *p.outcome) for p in PROPOSALS.values() if p.outcome is not None]
    assert [(o["title"], o["outcome"], o["justification"]) for o in decision["outcomes"]] == expected
    assert len(decision["communications"]) == 1

    assert len(main["actions"]) == len(ACTIONS) == 8
    observatoire = by_title(main["actions"], "Observatoire citoyen des assecs - saison 2026")
    assert (observatoire["progress"], observatoire["operator_organisation"]) == (
        90,
        "Communauté de communes du Val de Vèze - service GEMAPI",
    )
    assert len(main["regulation"]["dysfunctions"]) == 2
    assert main["waivers"] == [] and main["closing"] is None

    (waiver,) = earlier["waivers"]
    assert waiver["waiver"].startswith("Le comité technique prévu n'a pas été constitué")
    assert earlier["closed"] is True
    assert earlier["closing"]["summary"].startswith("Concertation close")

    with runner.store.transaction(commit=False) as sql:
        dump = json.dumps(rows(sql), ensure_ascii=False, default=str)
    assert [p.name for p in PEOPLE if p.name in dump] == []
    assert [p.email for p in PEOPLE if p.email in dump] == []
    assert [p.phone for p in PEOPLE if p.phone in dump] == []


def test_the_dialogue_counts_its_proposals_by_status_and_its_actions_as_they_move(app: DialogueApp) -> None:
    w = walk(app)
    view = read(caught_up(app), w.id)
    statuses = Counter(p["status"] for p in view["proposals"])
    assert {status: n for status, n in view["proposal_statuses"].items() if n} == statuses
    assert statuses["adopted"] >= 1 and statuses["withdrawn"] == 1 and statuses["rejected"] == 1
    done = Counter("completed" if a["completed"] else "open" for a in view["actions"])
    assert {status: n for status, n in view["action_statuses"].items() if n} == done
    opened = [a["id"] for a in view["actions"] if not a["completed"]]
    assert [a["id"] for a in view["open_actions"]] == opened
    proposal = next(p for p in view["proposals"] if p["id"] == str(w.proposal))
    assert [a["id"] for a in proposal["actions"]] == [str(w.action)]
    app.complete_action(OPERATOR, w.id, w.action, completed_on="2026-09-01", summary="fait")
    view = read(caught_up(app), w.id)
    assert view["action_statuses"] == {"open": 0, "completed": 1} and view["open_actions"] == []
