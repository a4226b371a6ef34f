"""A scenario builder: brings a fresh dialogue to a given point, with known ids.

``Scenario(app)`` opens a dialogue and gives each role of DESIGN.md section 3
to one account of its own (``ACCOUNTS``), plus the stakeholder role to the
instance members of ``MEMBERS``. Each further point of the process is a method
that first reaches the points it needs, does its acts once and remembers its
result, so points can be asked for in any order and any number of times::

    scenario = Scenario(app)
    action_id = scenario.action_with_operator()   # everything before it, too

Only the application's public act methods are used. The accounts of
``ACCOUNTS`` are kept free for the act under test: the scenario's own
endorsements and approvals are given by the ``MEMBERS``.
"""

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ClassVar, TypeVar
from uuid import UUID, uuid4

from application.consultation import today as consultation_today
from application.dialogues import DialogueApp
from application.errors import NotFoundError
from domain.account import ORGANISER
from domain.roles import GRANTED_ROLES, Role

ACCOUNTS: dict[Role, str] = {
    role: "steering" if role is Role.STEERING_MEMBER else role.value for role in GRANTED_ROLES
}
"""One account per role granted in a dialogue, holding exactly that role (a citizen is no account:
``Scenario.citizen``)."""

MEMBERS = ("stakeholder-2", "stakeholder-3")
"""Extra stakeholder accounts who sit, with ACCOUNTS[STAKEHOLDER], on the consultation group."""

DAY = "2026-03-12"

ADMIN = "root"
PASSWORD = "a long enough passphrase"
"""The console administrator that creates the accounts of the tests, and every test account's password."""


def ensure_accounts(app: DialogueApp, *logins: str, organisers: tuple[str, ...] = ()) -> None:
    """The accounts ``logins`` (roles are granted to existing accounts only), created if missing;
    ``organisers`` (among them) may open dialogues."""
    try:
        app.account(ADMIN)
    except NotFoundError:
        app.create_administrator(ADMIN, PASSWORD)
    missing = [login for login in dict.fromkeys(logins) if not _exists(app, login)]
    if missing:
        app.create_accounts(ADMIN, logins=missing, password=PASSWORD)
    for login in organisers:
        if not app.account(login)["organiser"]:
            app.grant_platform_role(ADMIN, login, ORGANISER)


def _exists(app: DialogueApp, login: str) -> bool:
    try:
        app.account(login)
    except NotFoundError:
        return False
    return True


T = TypeVar("T")


def point(method: Callable[["Scenario"], T]) -> Callable[["Scenario"], T]:
    """A point of the scenario: reached once, its result remembered."""

    @functools.wraps(method)
    def reach(self: "Scenario") -> T:
        if method.__name__ not in self.reached:
            self.reached[method.__name__] = method(self)
        return self.reached[method.__name__]  # type: ignore[no-any-return]

    return reach


class Scenario:
    def __init__(self, app: DialogueApp, slug: str | None = None, title: str = "Partager l'eau du bassin"):
        self.app = app
        self.reached: dict[str, Any] = {}
        self.convenor = ACCOUNTS[Role.CONVENOR]
        ensure_accounts(app, *ACCOUNTS.values(), *MEMBERS, organisers=(self.convenor,))
        self.id = app.open_dialogue(
            self.convenor,
            slug=slug or f"dialogue-{uuid4().hex[:12]}",
            title=title,
            territory="Bassin de la Sèvre",
            subject="Gestion de l'eau en période d'étiage",
        ).id
        grants = [(a, role) for role, a in ACCOUNTS.items() if role is not Role.CONVENOR]
        grants += [(account, Role.STAKEHOLDER) for account in MEMBERS]
        for account, role in grants:
            app.grant_role(self.convenor, self.id, grantee_id=account, role=role)

    @property
    def facilitator(self) -> str:
        return ACCOUNTS[Role.FACILITATOR]

    # --- framing --------------------------------------------------------------

    @point
    def framework_defined(self) -> int:
        return self.app.define_framework(
            self.convenor,
            self.id,
            expected_results=["un plan d'action partagé"],
            objects=["répartition des prélèvements"],
            perimeter="le bassin versant",
            excluded=["la tarification"],
            calendar=[{"label": "lancement", "date": DAY}],
        ).position

    @point
    def stakeholders(self) -> dict[str, UUID]:
        """Stakeholder id of each account that sits on an instance."""
        accounts = [ACCOUNTS[Role.STEERING_MEMBER], ACCOUNTS[Role.STAKEHOLDER], *MEMBERS]
        return {
            account: self.app.identify_stakeholder(
                self.convenor,
                self.id,
                name=f"Personne {account}",
                email=f"{account}@example.org",
                phone="",
                category="resident",
                organisation=f"Association {account}",
                stakeholder_account_id=account,
            ).id
            for account in accounts
        }

    def _instance(self, kind: str, name: str, members: list[str]) -> UUID:
        instance_id = self.app.design_instance(
            self.convenor,
            self.id,
            kind=kind,
            name=name,
            function="suivre la démarche",
            composition="élus, associations, usagers",
            functioning_rule="majority",
            facilitation="animateur neutre",
            schedule="mensuel",
        ).id
        for account in members:
            self.app.add_member(
                self.convenor, self.id, instance_id, stakeholder_id=self.stakeholders()[account]
            )
        return instance_id

    @point
    def steering_committee(self) -> UUID:
        """The steering committee; ACCOUNTS[STEERING_MEMBER] sits on it."""
        return self._instance("steering_committee", "Comité de pilotage", [ACCOUNTS[Role.STEERING_MEMBER]])

    @point
    def consultation_group(self) -> UUID:
        """Decides by majority; members: ACCOUNTS[STAKEHOLDER] and MEMBERS."""
        return self._instance("consultation_group", "Groupe eau", [ACCOUNTS[Role.STAKEHOLDER], *MEMBERS])

    @point
    def design_submitted(self) -> int:
        self.framework_defined()
        self.steering_committee()
        self.consultation_group()
        return self.app.submit_design(self.convenor, self.id, summary="deux instances").position

    @point
    def design_validated(self) -> int:
        self.design_submitted()
        return self.app.validate_design(ACCOUNTS[Role.STEERING_MEMBER], self.id).position

    @point
    def framing_done(self) -> int:
        """Every exit indicator of framing holds: the approach is validated and public."""
        self.design_validated()
        return self.app.make_approach_public(
            self.convenor, self.id, channels=["site de la commune"], published_on=DAY
        ).position

    @point
    def to_collective_work(self) -> int:
        self.framing_done()
        return self.app.advance_stage(self.convenor, self.id).position

    # --- collective work ----------------------------------------------------

    @point
    def meeting(self) -> UUID:
        self.to_collective_work()
        return self.app.schedule_meeting(
            self.facilitator,
            self.id,
            instance_id=self.consultation_group(),
            title="Atelier diagnostic",
            starts_at=f"{DAY}T18:30",
            place="salle des fêtes",
            agenda=["diagnostic"],
        ).id

    @point
    def second_meeting(self) -> UUID:
        """The group's next meeting, after ``meeting``."""
        self.meeting()
        return self.app.schedule_meeting(
            self.facilitator,
            self.id,
            instance_id=self.consultation_group(),
            title="Atelier propositions",
            starts_at="2026-04-02T18:30",
            place="mairie",
            agenda=["propositions"],
        ).id

    @point
    def future_meeting(self) -> UUID:
        """A meeting of the group scheduled far ahead (the next one whatever the day)."""
        return self.app.schedule_meeting(
            self.facilitator,
            self.id,
            instance_id=self.consultation_group(),
            title="Atelier restitution",
            starts_at="2099-01-05T18:30",
            place="mairie",
            agenda=["restitution"],
        ).id

    @point
    def held_meeting(self) -> UUID:
        meeting_id = self.meeting()
        self.app.hold_meeting(self.facilitator, self.id, meeting_id, held_on=DAY, attendance=12, excused=1)
        return meeting_id

    @point
    def minuted_meeting(self) -> UUID:
        meeting_id = self.held_meeting()
        self.app.record_minutes(self.facilitator, self.id, meeting_id, text="relevé de décisions")
        return meeting_id

    @point
    def live_session(self) -> UUID:
        """The meeting, with a live session open; its id."""
        meeting_id = self.meeting()
        self.app.open_live_session(self.facilitator, self.id, meeting_id)
        return meeting_id

    @point
    def consent_round(self) -> UUID:
        """The drafted proposal, put to the consultation group in the meeting's live session; its id."""
        proposal_id = self.drafted_proposal()
        self.app.open_consent_round(self.facilitator, self.id, self.live_session(), proposal_id=proposal_id)
        return proposal_id

    @point
    def contribution(self) -> UUID:
        self.to_collective_work()
        return self.app.post_contribution(
            MEMBERS[0], self.id, kind="observation", text="les puits baissent en août"
        ).id

    def _draft(self, author: str, title: str) -> UUID:
        self.to_collective_work()
        return self.app.draft_proposal(
            author,
            self.id,
            instance_id=self.consultation_group(),
            topic="prélèvements",
            title=title,
            text="réduire les prélèvements de 10 % en étiage",
            co_authors=[MEMBERS[0]],
        ).id

    @point
    def drafted_proposal(self) -> UUID:
        """Drafted by ACCOUNTS[STAKEHOLDER] with MEMBERS[0]."""
        return self._draft(ACCOUNTS[Role.STAKEHOLDER], "Partage en étiage")

    @point
    def objected_proposal(self) -> UUID:
        """Another proposal, with an open objection by ACCOUNTS[STAKEHOLDER]."""
        proposal_id = self._draft(MEMBERS[0], "Retenues collinaires")
        self.app.object_to_proposal(ACCOUNTS[Role.STAKEHOLDER], self.id, proposal_id, reason="coût")
        return proposal_id

    @point
    def endorsed_proposal(self) -> UUID:
        """The drafted proposal, endorsed by a majority of the consultation group."""
        proposal_id = self.drafted_proposal()
        for account in MEMBERS:
            self.app.endorse_proposal(account, self.id, proposal_id)
        return proposal_id

    @point
    def validated_proposal(self) -> UUID:
        proposal_id = self.endorsed_proposal()
        self.app.validate_proposal(self.facilitator, self.id, proposal_id)
        return proposal_id

    @point
    def translated_proposal(self) -> UUID:
        proposal_id = self.validated_proposal()
        self.app.record_technical_translation(
            ACCOUNTS[Role.TECHNICIAN],
            self.id,
            proposal_id,
            operational_form="arrêté de restriction",
            cost_estimate="20 000 €",
            feasibility="faisable en 2027",
        )
        return proposal_id

    @point
    def drafted_agreement(self) -> UUID:
        return self.app.draft_agreement(
            self.facilitator,
            self.id,
            instance_id=self.consultation_group(),
            title="Plan d'action provisoire",
            text="les mesures retenues",
            proposal_ids=[self.validated_proposal()],
        ).id

    @point
    def approved_agreement(self) -> UUID:
        """The drafted agreement, approved by a majority of the consultation group."""
        agreement_id = self.drafted_agreement()
        for account in MEMBERS:
            self.app.approve_agreement(account, self.id, agreement_id)
        return agreement_id

    @point
    def dysfunction(self) -> UUID:
        self.to_collective_work()
        return self.app.report_dysfunction(
            self.facilitator, self.id, description="les agriculteurs ne viennent plus", weak_point="horaires"
        ).id

    @point
    def proposed_adjustment(self) -> UUID:
        dysfunction_id = self.dysfunction()
        self.app.propose_adjustment(self.facilitator, self.id, dysfunction_id, adjustment="réunions le soir")
        return dysfunction_id

    @point
    def to_decision(self) -> int:
        """Agreement validated, proposal translated: the dialogue moves to its last stage."""
        self.translated_proposal()
        self.app.validate_agreement(self.facilitator, self.id, self.approved_agreement())
        return self.app.advance_stage(self.convenor, self.id).position

    # --- decision and follow-up -----------------------------------------------

    @point
    def presented(self) -> UUID:
        """The translated proposal, presented to the decision-makers; its id."""
        self.to_decision()
        proposal_id = self.translated_proposal()
        self.app.present_results(
            self.convenor, self.id, body="conseil municipal", presented_on=DAY, proposal_ids=[proposal_id]
        )
        return proposal_id

    @point
    def decided(self) -> UUID:
        """The presented proposal, adopted by the conseil municipal; the decision's id."""
        proposal_id = self.presented()
        return self.app.adopt_decision(
            ACCOUNTS[Role.DECISION_MAKER],
            self.id,
            body="conseil_municipal",
            body_name="Conseil municipal de Niort",
            deliberation_reference="DEL-2026-042",
            adopted_on=DAY,
            votes={"for": 20, "against": 3, "abstentions": 2},
            outcomes=[{"proposal_id": proposal_id, "outcome": "adopted", "justification": ""}],
        ).id

    @point
    def action(self) -> UUID:
        """An action created from the adopted proposal, no operator yet."""
        self.decided()
        return self.app.create_action(
            self.convenor,
            self.id,
            proposal_id=self.presented(),
            title="Arrêté de restriction",
            description="rédiger et publier l'arrêté",
            due_on="2026-06-30",
        ).id

    @point
    def action_with_operator(self) -> UUID:
        """The action, assigned to ACCOUNTS[OPERATOR]."""
        action_id = self.action()
        self.app.assign_operator(
            self.convenor, self.id, action_id, operator_id=ACCOUNTS[Role.OPERATOR], organisation="Syndicat"
        )
        return action_id

    # --- public consultation --------------------------------------------------

    def citizen(self, pseudonym: str = "Lucie des Marais") -> str:
        """The actor id of a confirmed citizen (one per pseudonym, on this store)."""
        email = f"{''.join(pseudonym.lower().split())}@example.org"
        return self.app.enrol_citizen(pseudonym=pseudonym, email=email)

    @point
    def consultation(self) -> UUID:
        """A public consultation of the public dialogue, open from today for thirty days."""
        self.framing_done()
        today = consultation_today()
        return self.app.open_consultation(
            self.facilitator,
            self.id,
            question="Comment partager l'eau en été ?",
            opens_on=today.isoformat(),
            closes_on=(today + timedelta(days=30)).isoformat(),
            scope="Les règles de partage de l'eau en période d'étiage",
            kinds=["observation", "idea", "question"],
        ).id

    @point
    def citizen_contribution(self) -> UUID:
        """An observation of the citizen 'Paul du Moulin' to the consultation."""
        return self.app.contribute_as_citizen(
            self.citizen("Paul du Moulin"),
            self.id,
            consultation_id=str(self.consultation()),
            kind="observation",
            text="Le ruisseau est à sec dès juillet.",
        ).id

    @point
    def closed_consultation(self) -> UUID:
        consultation_id = self.consultation()
        self.app.close_consultation(self.facilitator, self.id, consultation_id=str(consultation_id))
        return consultation_id

    # --- questionnaires -------------------------------------------------------

    QUESTIONS: ClassVar[list[dict[str, Any]]] = [
        {"prompt": "Comment avez-vous connu la consultation ?", "kind": "single", "required": True,
         "options": ["Presse", "Mairie", "Voisins"]},
        {"prompt": "Quels usages de l'eau vous concernent ?", "kind": "multiple", "required": False,
         "options": ["Jardin", "Élevage", "Baignade"]},
        {"prompt": "Êtes-vous satisfait de la démarche ?", "kind": "scale", "required": True},
        {"prompt": "Votre commune", "kind": "short", "required": False},
        {"prompt": "Une remarque ?", "kind": "long", "required": False},
    ]  # fmt: skip

    @point
    def questionnaire(self) -> UUID:
        """An open questionnaire of the consultation, for citizens and participants."""
        consultation_id = self.consultation()
        questionnaire_id = self.app.draft_questionnaire(
            self.facilitator, self.id, title="Votre avis sur la consultation", intro="Cinq questions.",
            purpose="consultation", consultation_id=str(consultation_id), audience="both",
            questions=self.QUESTIONS,  # type: ignore[arg-type]
        ).id  # fmt: skip
        self.app.open_questionnaire(self.facilitator, self.id, questionnaire_id=str(questionnaire_id))
        return questionnaire_id
