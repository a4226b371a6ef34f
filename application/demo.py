"""The demo: the water dialogue of the Vèze valley, recorded only through the application's acts.

The Communauté de communes du Val de Vèze (18 communes, an invented territory) runs its
*projet de territoire pour la gestion de l'eau* (PTGE): the river runs dry every summer, and
drinking water, irrigation, fishing, wetlands and leisure have to share less water. The demo tells
that story in two dialogues.

* ``ptge-vallee-de-la-veze``, the main dialogue, goes through the three stages of the fiche
  with every exit indicator met, and no waiver:

  1. *framing* (September - November 2025): framework, internal organisation, 27 stakeholders of
     every category, initial diagnosis, a steering committee (consensus) and two consultation
     groups (majority, consent); the design is returned by the steering committee once, revised,
     resubmitted and validated; the approach is made public and launched in a public meeting;
  2. *collective work* (December 2025 - March 2026): eight meetings in all (six here), a shared
     diagnosis, expertise, twelve proposals (amended, one withdrawn, one objected to then agreed),
     validated by each group's rule and translated by a technician, two dysfunctions regulated by
     the steering committee, a provisional action plan validated by consensus;
  3. *decision and follow-up* (April - October 2026): the conseil communautaire rules on every
     proposal (adopted, adopted with changes, rejected, deferred, each justified), the decision is
     communicated, actions are created with an operator each and followed until completion.

  It stays open, in its last stage: the follow-up goes on.
* ``continuite-moulin-de-brassac``, an earlier and smaller consultation (January - July 2025)
  on the weir of the Brassac mill: its framing stage was left with a public waiver (a planned
  technical committee was never formed), then it went through its stages and was closed.

Between them the two dialogues record every act of ``domain.acts.ACTS``. The main dialogue is
opened first (it is the territory's main dialogue and is listed first), then the Brassac
consultation is recorded in full, then the main dialogue's stages: dated acts follow the calendar.

Personal data: the people are invented (e-mails under the reserved ``.example`` domain, phones in
the ranges ARCEP keeps for works of fiction) and their name, e-mail and phone are given only to
``identify_stakeholder``, which seals them. Free texts name organisations and functions, never a
person; account ids are opaque (``demo-stakeholder-3``).

Every demo account can sign in with the password ``demo-dialogue``, and so can the platform
administrator ``demo-admin``. Running ``record_demo`` again records nothing once the main dialogue
and those logins exist.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple
from uuid import UUID

from application.dialogues import DialogueApp
from application.errors import NotFoundError
from domain.account import ORGANISER
from domain.dialogue import dialogue_id_for
from domain.roles import Role

MAIN_SLUG = "ptge-vallee-de-la-veze"
EARLIER_SLUG = "continuite-moulin-de-brassac"

# --- demo accounts (opaque ids; the people behind them are in PEOPLE) -------

CONVENOR = "demo-convenor"
FACILITATOR = "demo-facilitator"
VP_EAU = "demo-steering-1"
DDT = "demo-steering-2"
AGENCE = "demo-steering-3"
PECHE_FD = "demo-steering-4"
IRRIGANT = "demo-stakeholder-1"
CHAMBRE = "demo-stakeholder-2"
ASA = "demo-stakeholder-3"
COOP = "demo-stakeholder-4"
EAU_POTABLE = "demo-stakeholder-5"
BIO = "demo-stakeholder-6"
NATURE = "demo-stakeholder-7"
AAPPMA = "demo-stakeholder-8"
RIVERAINS = "demo-stakeholder-9"
CANOE = "demo-stakeholder-10"
HABITANT = "demo-stakeholder-11"
EXPERT = "demo-expert"
TECHNICIAN = "demo-technician"
DECISION_MAKER = "demo-decision-maker"
OPERATOR_GEMAPI = "demo-operator-1"
OPERATOR_EAU = "demo-operator-2"
OPERATOR_AGRI = "demo-operator-3"
AUDITOR = "demo-auditor"

STEERING_ACCOUNTS = (VP_EAU, DDT, AGENCE, PECHE_FD)
STAKEHOLDER_ACCOUNTS = (
    IRRIGANT, CHAMBRE, ASA, COOP, EAU_POTABLE, BIO, NATURE, AAPPMA, RIVERAINS, CANOE, HABITANT,
)
OPERATOR_ACCOUNTS = (OPERATOR_GEMAPI, OPERATOR_EAU, OPERATOR_AGRI)

ACCOUNTS: dict[str, str] = {
    Role.CONVENOR.value: CONVENOR,
    Role.FACILITATOR.value: FACILITATOR,
    Role.STEERING_MEMBER.value: VP_EAU,
    Role.STAKEHOLDER.value: IRRIGANT,
    Role.EXPERT.value: EXPERT,
    Role.TECHNICIAN.value: TECHNICIAN,
    Role.DECISION_MAKER.value: DECISION_MAKER,
    Role.OPERATOR.value: OPERATOR_GEMAPI,
    Role.AUDITOR.value: AUDITOR,
}
"""One demo account to act in each role (several accounts hold some roles)."""

ADMINISTRATOR = "demo-admin"
PASSWORD = "demo-dialogue"  # noqa: S105 (the demo's published password)
"""The password of every demo login: the demo is public, never run it on a real platform."""

LOGINS = (
    CONVENOR, FACILITATOR, *STEERING_ACCOUNTS, *STAKEHOLDER_ACCOUNTS, EXPERT, TECHNICIAN, DECISION_MAKER,
    *OPERATOR_ACCOUNTS, AUDITOR,
)


@dataclass(frozen=True)
class DemoResult:
    """The demo dialogues (id by slug, the main one first) and one account per role."""

    dialogues: dict[str, UUID]
    accounts: dict[str, str]
    recorded: bool
    """False when the demo dialogues were already there and were not recorded again."""
    administrator: str = ADMINISTRATOR
    password: str = PASSWORD
    """The password of every demo login, the administrator's included."""

    @property
    def main_dialogue_id(self) -> UUID:
        return self.dialogues[MAIN_SLUG]


# --- the tables ---------------------------------------------------------------


class Person(NamedTuple):
    """A stakeholder: category and organisation are public, name, e-mail and phone are sealed."""

    key: str
    category: str
    organisation: str
    name: str
    email: str
    phone: str
    account: str | None = None
    public_office: bool = False
    name_consent: bool = False


class InstanceSpec(NamedTuple):
    key: str
    kind: str
    name: str
    function: str
    composition: str
    functioning_rule: str
    facilitation: str
    schedule: str
    members: tuple[str, ...]
    """Keys of the people who sit on it from the start."""


class MeetingSpec(NamedTuple):
    key: str
    instance: str
    title: str
    starts_at: str
    place: str
    agenda: tuple[str, ...]
    attendance: int
    excused: int
    minutes: str


class ContributionSpec(NamedTuple):
    key: str
    author: str
    kind: str
    text: str
    meeting: str
    cluster: str
    endorsers: tuple[str, ...]


class ProposalSpec(NamedTuple):
    key: str
    instance: str
    topic: str
    title: str
    text: str
    author: str
    co_authors: tuple[str, ...] = ()
    contributions: tuple[str, ...] = ()
    endorsers: tuple[str, ...] = ()
    amendment: tuple[str, str, str] | None = None
    """(account, new text, rationale)."""
    translation: tuple[str, str, str] | None = None
    """(operational form, cost estimate, feasibility), by the technician once validated."""
    outcome: tuple[str, str] | None = None
    """(outcome, public justification) in the decision of the conseil communautaire."""


class ActionSpec(NamedTuple):
    proposal: str
    title: str
    description: str
    due_on: str
    operator: str
    organisation: str
    progress: tuple[tuple[int, str], ...]
    completed: tuple[str, str] | None = None
    """(date, summary) when the operator completes it."""


# People of the Vèze valley. Phones: 05 36 49 .. .. and 06 39 98 .. .. are ARCEP's fiction ranges.
PEOPLE: tuple[Person, ...] = (
    # Steering committee
    Person("vp-eau", "elected_official",
           "Communauté de communes du Val de Vèze - vice-présidence eau et GEMAPI",
           "Bernard Fontanel", "vp.eau@cc-valdeveze.example", "05 36 49 10 01", VP_EAU,
           public_office=True, name_consent=True),
    Person("ddt", "administration", "Direction départementale des territoires - service eau et biodiversité",
           "Claire Vidalenc", "claire.vidalenc@ddt.example", "05 36 49 10 02", DDT),
    Person("agence", "administration", "Agence de l'eau Adour-Garonne - délégation territoriale",
           "Nicolas Ferrand", "nicolas.ferrand@agence-eau.example", "05 36 49 10 03", AGENCE),
    Person("peche-fd", "association",
           "Fédération départementale pour la pêche et la protection du milieu aquatique",
           "Sylvie Castagné", "s.castagne@peche-fd.example", "06 39 98 20 04", PECHE_FD),
    Person("syndicat-bassin", "administration", "Syndicat mixte du bassin de la Vèze",
           "Thierry Bousquet", "t.bousquet@smbv.example", "05 36 49 10 05"),
    Person("departement", "elected_official", "Conseil départemental - canton de la Vèze",
           "Monique Delpech", "monique.delpech@departement.example", "05 36 49 10 06",
           public_office=True, name_consent=True),
    Person("ofb", "administration", "Office français de la biodiversité - service départemental",
           "Romain Fabre", "romain.fabre@ofb.example", "05 36 49 10 07"),
    # Agriculture and water uses
    Person("irrigant", "farmer", "EARL des Prés de la Vèze (céréales et maïs semence irrigués)",
           "Julien Rouquette", "earl.presdelaveze@agri.example", "06 39 98 20 08", IRRIGANT),
    Person("chambre", "economic_actor", "Chambre d'agriculture - antenne du Val de Vèze",
           "Laure Bessière", "l.bessiere@chambre-agri.example", "06 39 98 20 09", CHAMBRE),
    Person("asa", "farmer", "ASA d'irrigation de la Basse-Vèze",
           "Pierre Cabrol", "asa.basseveze@agri.example", "06 39 98 20 10", ASA),
    Person("coop", "economic_actor", "Coopérative agricole Vèze Céréales",
           "Stéphane Maury", "s.maury@veze-cereales.example", "06 39 98 20 11", COOP),
    Person("eau-potable", "administration", "Syndicat intercommunal d'eau potable du Val de Vèze",
           "Isabelle Roques", "i.roques@siaep-veze.example", "05 36 49 10 12", EAU_POTABLE),
    Person("bio", "farmer", "GAEC du Moulin-Bas (élevage et maraîchage biologiques)",
           "Camille Lafon", "gaec.moulinbas@agri.example", "06 39 98 20 13", BIO),
    Person("fromagerie", "economic_actor", "Fromagerie coopérative de Saint-Aubin",
           "Marc Alibert", "m.alibert@fromagerie-staubin.example", "05 36 49 10 14"),
    Person("jeunes-agriculteurs", "farmer", "Jeunes Agriculteurs du canton de la Vèze",
           "Lucas Teulier", "ja.veze@agri.example", "06 39 98 20 15"),
    # Rivers, wetlands and living environment
    Person("nature", "association", "Vèze Nature Environnement",
           "Anne Salvetat", "contact@veze-nature.example", "06 39 98 20 16", NATURE),
    Person("aappma", "association", "AAPPMA La Truite de la Vèze",
           "Gérard Pujol", "aappma.truite@peche.example", "06 39 98 20 17", AAPPMA),
    Person("riverains", "resident", "Association des riverains de la Basse-Vèze",
           "Martine Gasc", "riverains.basseveze@asso.example", "06 39 98 20 18", RIVERAINS),
    Person("canoe", "economic_actor", "Base de canoë-kayak de Brassac",
           "Yannick Lacombe", "base.canoe@brassac.example", "06 39 98 20 19", CANOE),
    Person("habitant", "resident", "Habitante de Saint-Aubin-sur-Vèze",
           "Sophie Carrère", "sophie.carrere@courriel.example", "06 39 98 20 20", HABITANT),
    Person("cpie", "association", "CPIE du Val de Vèze",
           "Olivier Marty", "o.marty@cpie-veze.example", "05 36 49 10 21"),
    Person("camping", "economic_actor", "Camping Les Berges de la Vèze",
           "Nathalie Vergnes", "accueil@camping-berges.example", "05 36 49 10 22"),
    # Experts, communes, others
    Person("hydrogeologue", "expert", "Bureau d'études Hydro-Sud Conseil",
           "Damien Costes", "d.costes@hydrosud.example", "05 36 49 10 23", EXPERT),
    Person("inrae", "expert", "INRAE - unité de recherche sur les hydrosystèmes",
           "Élodie Marcenac", "elodie.marcenac@inrae.example", "05 36 49 10 24"),
    Person("maire-saint-aubin", "elected_official", "Mairie de Saint-Aubin-sur-Vèze",
           "Jean-Louis Barrau", "maire@saint-aubin-sur-veze.example", "05 36 49 10 25",
           public_office=True, name_consent=True),
    Person("maire-brassac", "elected_official", "Mairie de Brassac-la-Rivière",
           "Françoise Izard", "maire@brassac-la-riviere.example", "05 36 49 10 26",
           public_office=True, name_consent=True),
    Person("lycee", "other", "Lycée agricole du Val de Vèze",
           "Christine Aurières", "direction@lycee-agri-veze.example", "05 36 49 10 27"),
    # Only in the Brassac consultation
    Person("moulin", "resident", "Propriétaire du moulin de Brassac",
           "Henri Delmas", "moulin.brassac@courriel.example", "06 39 98 20 28"),
)
PERSON = {person.key: person for person in PEOPLE}


# --- the story ------------------------------------------------------------------


class _Story:
    """One demo dialogue being recorded: the application, its id, and the ids its acts returned."""

    def __init__(self, app: DialogueApp, dialogue_id: UUID):
        self.app = app
        self.id = dialogue_id
        self.stakeholders: dict[str, UUID] = {}
        self.instances: dict[str, UUID] = {}
        self.meetings: dict[str, UUID] = {}
        self.contributions: dict[str, UUID] = {}
        self.proposals: dict[str, UUID] = {}
        self.actions: dict[str, UUID] = {}
        """Action ids by the key of the proposal they come from."""

    @classmethod
    def open(cls, app: DialogueApp, *, slug: str, title: str, territory: str, subject: str) -> "_Story":
        opened = app.open_dialogue(CONVENOR, slug=slug, title=title, territory=territory, subject=subject)
        return cls(app, opened.id)

    def grant(self, role: Role, *accounts: str) -> None:
        for account in accounts:
            self.app.grant_role(CONVENOR, self.id, grantee_id=account, role=role.value)

    def identify(self, people: Iterable[Person], *, by: str) -> None:
        for person in people:
            self.stakeholders[person.key] = self.app.identify_stakeholder(
                by,
                self.id,
                name=person.name,
                email=person.email,
                phone=person.phone,
                category=person.category,
                organisation=person.organisation,
                stakeholder_account_id=person.account,
                public_office=person.public_office,
                name_consent=person.name_consent,
            ).id

    def confirm(self, confirmations: Iterable[tuple[str, str]], stakeholder_accounts: set[str]) -> None:
        """Each person with a stakeholder account confirms; the facilitator records the others."""
        for key, confirmed_on in confirmations:
            account = PERSON[key].account
            by = account if account in stakeholder_accounts else FACILITATOR
            self.app.confirm_participation(by, self.id, self.stakeholders[key], confirmed_on=confirmed_on)

    def design(self, instance: InstanceSpec) -> None:
        self.instances[instance.key] = self.app.design_instance(
            FACILITATOR,
            self.id,
            kind=instance.kind,
            name=instance.name,
            function=instance.function,
            composition=instance.composition,
            functioning_rule=instance.functioning_rule,
            facilitation=instance.facilitation,
            schedule=instance.schedule,
        ).id
        self.add_members(instance.key, instance.members)

    def add_members(self, instance: str, keys: Iterable[str]) -> None:
        for key in keys:
            self.app.add_member(
                FACILITATOR, self.id, self.instances[instance], stakeholder_id=self.stakeholders[key]
            )

    def meet(self, meeting: MeetingSpec, live: Callable[[UUID], None] | None = None) -> UUID:
        """Schedule, hold and write the minutes of a meeting (held on the day it was scheduled).

        ``live(meeting_id)``, when given, records the meeting's live session before its minutes.
        """
        meeting_id = self.app.schedule_meeting(
            FACILITATOR,
            self.id,
            instance_id=self.instances[meeting.instance],
            title=meeting.title,
            starts_at=meeting.starts_at,
            place=meeting.place,
            agenda=list(meeting.agenda),
        ).id
        self.app.hold_meeting(
            FACILITATOR,
            self.id,
            meeting_id,
            held_on=meeting.starts_at[:10],
            attendance=meeting.attendance,
            excused=meeting.excused,
        )
        if live is not None:
            live(meeting_id)
        self.app.record_minutes(FACILITATOR, self.id, meeting_id, text=meeting.minutes)
        self.meetings[meeting.key] = meeting_id
        return meeting_id

    def post(self, contributions: Iterable[ContributionSpec]) -> None:
        """Contributions to the shared diagnosis, clustered by the facilitator, endorsed by others."""
        for c in contributions:
            contribution_id = self.app.post_contribution(
                c.author, self.id, kind=c.kind, text=c.text, meeting_id=self.meetings[c.meeting]
            ).id
            self.contributions[c.key] = contribution_id
            self.app.cluster_contribution(FACILITATOR, self.id, contribution_id, cluster=c.cluster)
            for account in c.endorsers:
                self.app.endorse_contribution(account, self.id, contribution_id)

    def draft(self, proposal: ProposalSpec) -> UUID:
        proposal_id = self.app.draft_proposal(
            proposal.author,
            self.id,
            instance_id=self.instances[proposal.instance],
            topic=proposal.topic,
            title=proposal.title,
            text=proposal.text,
            co_authors=list(proposal.co_authors),
            contribution_ids=[self.contributions[c] for c in proposal.contributions],
        ).id
        self.proposals[proposal.key] = proposal_id
        return proposal_id

    def amend(self, proposal: ProposalSpec) -> None:
        if proposal.amendment is not None:
            by, text, rationale = proposal.amendment
            self.app.amend_proposal(by, self.id, self.proposals[proposal.key], text=text, rationale=rationale)

    def endorse(self, proposal: ProposalSpec) -> None:
        for account in proposal.endorsers:
            self.app.endorse_proposal(account, self.id, self.proposals[proposal.key])

    def validate(self, proposal: ProposalSpec) -> None:
        """The facilitator records that the proposal's instance validated it by its rule."""
        self.app.validate_proposal(FACILITATOR, self.id, self.proposals[proposal.key])

    def translate(self, proposal: ProposalSpec) -> None:
        assert proposal.translation is not None, proposal.key
        operational_form, cost_estimate, feasibility = proposal.translation
        self.app.record_technical_translation(
            TECHNICIAN,
            self.id,
            self.proposals[proposal.key],
            operational_form=operational_form,
            cost_estimate=cost_estimate,
            feasibility=feasibility,
        )

    def launch(self, action: ActionSpec) -> None:
        """Create the action from its adopted proposal and assign its operator."""
        action_id = self.app.create_action(
            CONVENOR,
            self.id,
            proposal_id=self.proposals[action.proposal],
            title=action.title,
            description=action.description,
            due_on=action.due_on,
        ).id
        self.app.assign_operator(
            CONVENOR, self.id, action_id, operator_id=action.operator, organisation=action.organisation
        )
        self.actions[action.proposal] = action_id

    def report(self, action: ActionSpec) -> None:
        """The operator reports progress, and completes the action when it is done."""
        action_id = self.actions[action.proposal]
        for percent, note in action.progress:
            self.app.report_progress(action.operator, self.id, action_id, percent=percent, note=note)
        if action.completed is not None:
            completed_on, summary = action.completed
            self.app.complete_action(
                action.operator, self.id, action_id, completed_on=completed_on, summary=summary
            )


def record_demo(app: DialogueApp) -> DemoResult:
    """Record the two demo dialogues through the acts of ``app``; once only."""
    dialogues = {slug: dialogue_id_for(slug) for slug in (MAIN_SLUG, EARLIER_SLUG)}
    _create_logins(app)  # roles are granted to existing accounts only
    try:
        app.dialogue_id(MAIN_SLUG)
        recorded = False
    except NotFoundError:
        main = _open_main(app)
        _record_brassac_consultation(app)
        _frame(main)
        _work_together(main)
        _decide_and_follow_up(main)
        recorded = True
    return DemoResult(dialogues, dict(ACCOUNTS), recorded=recorded)


def _create_logins(app: DialogueApp) -> None:
    """A login for the administrator and every demo account, each with PASSWORD; the missing ones only.

    The convenor is made an organiser (the platform role that opens dialogues).
    """

    def exists(login: str) -> bool:
        try:
            app.account(login)
        except NotFoundError:
            return False
        return True

    if not exists(ADMINISTRATOR):
        app.create_administrator(ADMINISTRATOR, PASSWORD)
    missing = [login for login in LOGINS if not exists(login)]
    if missing:
        app.create_accounts(ADMINISTRATOR, logins=missing, password=PASSWORD)
    if not app.account(CONVENOR)["organiser"]:
        app.grant_platform_role(ADMINISTRATOR, CONVENOR, ORGANISER)


# =============================================================================
# The main dialogue: PTGE de la vallée de la Vèze
# =============================================================================

TOPIC_SHARING = "Partage de l'eau à l'étiage"
TOPIC_SAVING = "Économies d'eau"
TOPIC_QUALITY = "Qualité de l'eau"
TOPIC_RIVERS = "Rivières et zones humides"
TOPIC_LIVING = "Cadre de vie et sensibilisation"

EXPECTED_RESULTS = [
    "Un diagnostic partagé des ressources en eau et des usages du bassin de la Vèze",
    "Un programme d'actions concerté 2026-2031 ramenant les prélèvements d'étiage au volume prélevable",
    "Des règles de partage de l'eau en période de sécheresse connues à l'avance et acceptées",
]
OBJECTS = [
    "Les économies d'eau de tous les usages : eau potable, irrigation, industrie, loisirs",
    "Le partage des volumes en période d'étiage",
    "La restauration des rivières et des zones humides",
    "La qualité de l'eau sur les aires d'alimentation des captages",
]
PERIMETER = (
    "Le bassin versant de la Vèze et de ses affluents, de la source à la confluence, soit les "
    "18 communes du Val de Vèze. Sont ouverts à la discussion : les actions, leurs priorités, "
    "leur calendrier et leurs porteurs."
)
EXCLUDED = [
    "Le volume prélevable notifié par le préfet en 2024, donnée d'entrée du projet",
    "La création de nouvelles retenues de stockage, qui relève de la révision du SAGE",
    "Le prix de l'eau potable, fixé par le syndicat d'eau",
]
CALENDAR = [
    {"label": "Réunion publique de lancement", "date": "2025-11-20"},
    {"label": "Diagnostic partagé", "date": "2026-01-31"},
    {"label": "Plan d'actions provisoire", "date": "2026-03-31"},
    {"label": "Délibération du conseil communautaire", "date": "2026-05-19"},
]
AFTER_IRRIGATION_REVIEW = {"label": "Bilan après la saison d'irrigation", "date": "2026-10-13"}

CONCERNS = (
    ("Les assecs de la Vèze aval sont devenus annuels depuis 2019 et durent jusqu'à 60 jours.",
     "Fédération départementale pour la pêche"),
    ("Les restrictions d'irrigation tombent sans visibilité d'une année sur l'autre.",
     "ASA d'irrigation de la Basse-Vèze"),
    ("Deux captages d'eau potable dépassent ponctuellement la limite de qualité en nitrates.",
     "Syndicat intercommunal d'eau potable du Val de Vèze"),
    ("Les prairies humides du fond de vallée disparaissent, drainées ou enfrichées.",
     "Association des riverains de la Basse-Vèze"),
)

LINK_MODALITIES = (
    ("population", "Lettre d'information trimestrielle, page dédiée sur le site de la Communauté de "
                   "communes, questionnaire en ligne, réunions publiques au lancement et à la restitution"),
    ("programmes", "Présentation à la commission locale de l'eau du SAGE de la Vèze à chaque étape; "
                   "articulation avec le contrat territorial Vèze 2024-2029 et le projet alimentaire "
                   "territorial"),
    ("experts", "Étude des volumes prélevables et expertise hydrogéologique présentées aux groupes; "
                "recueil des savoirs locaux sur les assecs"),
    ("decision_makers", "Point d'étape au bureau communautaire à mi-parcours; présentation des résultats "
                        "au conseil communautaire avant sa délibération"),
)

INSTANCES = (
    InstanceSpec(
        "copil", "steering_committee", "Comité de pilotage du PTGE de la Vèze",
        "Valide la démarche et ses étapes, suit les travaux des groupes, décide des ajustements et "
        "valide le plan d'actions provisoire",
        "Élus de la Communauté de communes et du Département, services de l'État, agence de l'eau, "
        "OFB, syndicat du bassin, fédération de pêche",
        "consensus",
        "Présidé par le vice-président chargé de l'eau; secrétariat par la chargée de mission PTGE",
        "Une réunion par trimestre, le mardi à 14 h, au siège de la Communauté de communes",
        ("vp-eau", "ddt", "agence", "peche-fd", "syndicat-bassin", "departement", "ofb"),
    ),
    InstanceSpec(
        "agri", "consultation_group", "Groupe agriculture et usages de l'eau",
        "Construire les règles de partage de l'eau et les actions d'économie d'eau pour l'irrigation, "
        "l'eau potable et l'industrie agroalimentaire",
        "Irrigants, ASA d'irrigation, coopérative, chambre d'agriculture, syndicat d'eau potable, "
        "agriculture biologique, fromagerie, jeunes agriculteurs",
        "majority",
        "Animation par la chargée de mission PTGE, avec l'appui du bureau d'études pour les volumes",
        "Deux séances plénières et des ateliers entre décembre 2025 et février 2026, le jeudi à 14 h",
        ("irrigant", "chambre", "asa", "coop", "eau-potable", "bio", "fromagerie", "jeunes-agriculteurs"),
    ),
    InstanceSpec(
        "milieux", "consultation_group", "Groupe milieux aquatiques et cadre de vie",
        "Proposer des actions de restauration des rivières et des zones humides, de qualité de l'eau "
        "et de sensibilisation des habitants",
        "Associations de protection de la nature et de pêche, riverains, habitants, loisirs nautiques, "
        "tourisme, chambre d'agriculture",
        "consent",
        "Animation par la chargée de mission PTGE, co-animation par le CPIE",
        "Deux séances plénières et une visite de terrain entre décembre 2025 et février 2026, à 18 h 30",
        ("nature", "aappma", "canoe", "cpie", "camping", "chambre"),
    ),
)
JOINED_AFTER_RETURN = ("riverains", "habitant")
"""Added to the aquatic group when the steering committee returned the design for lack of residents."""

CONFIRMATIONS = (
    ("vp-eau", "2025-10-06"), ("ddt", "2025-10-07"), ("agence", "2025-10-07"), ("peche-fd", "2025-10-08"),
    ("irrigant", "2025-10-09"), ("chambre", "2025-10-09"), ("asa", "2025-10-10"), ("coop", "2025-10-13"),
    ("eau-potable", "2025-10-13"), ("bio", "2025-10-14"), ("nature", "2025-10-14"), ("aappma", "2025-10-15"),
    ("canoe", "2025-10-16"), ("syndicat-bassin", "2025-10-16"), ("departement", "2025-10-17"),
    ("ofb", "2025-10-17"), ("fromagerie", "2025-10-20"), ("jeunes-agriculteurs", "2025-10-21"),
    ("cpie", "2025-10-21"), ("camping", "2025-10-22"), ("hydrogeologue", "2025-10-22"),
)
LATE_CONFIRMATIONS = (("riverains", "2025-10-29"), ("habitant", "2025-10-30"))
"""The two who joined when the design was returned."""

MEETINGS = {
    m.key: m
    for m in (
        MeetingSpec(
            "agri-1", "agri", "Groupe agriculture - séance 1 : diagnostic des usages", "2025-12-04T14:00",
            "Salle du conseil, siège de la Communauté de communes, Saint-Aubin-sur-Vèze",
            ("Présentation de l'étude des volumes prélevables", "Tour de table des usages et des difficultés",
             "Premières pistes d'économie et de partage"),
            9, 4,
            "Neuf participants, dont cinq exploitants seulement. Le bureau d'études a présenté l'écart "
            "entre volumes prélevés et volume prélevable (1,7 million de m3 à l'étiage). Les irrigants ont "
            "décrit des restrictions tardives et imprévisibles; l'ASA a proposé d'étudier un tour d'eau. Le "
            "syndicat d'eau potable a présenté le rendement de son réseau (71 %). Plusieurs exploitants "
            "excusés ont fait savoir qu'une séance en journée leur était difficile.",
        ),
        MeetingSpec(
            "milieux-1", "milieux", "Groupe milieux aquatiques - séance 1 : état des rivières",
            "2025-12-11T18:30", "Maison de la rivière, Brassac-la-Rivière",
            ("État écologique de la Vèze et de ses affluents", "Bilan des assecs de l'été 2025",
             "Attentes des habitants et des usagers"),
            17, 2,
            "Dix-sept participants. L'AAPPMA a présenté le bilan des assecs "
            "2025 : quatre kilomètres à sec en août et des mortalités de truites. Les associations "
            "estiment à 21 km le linéaire de berges sans ripisylve. Le CPIE a présenté les zones humides "
            "inventoriées dans la plaine de Brassac.",
        ),
        MeetingSpec(
            "copil-1", "copil", "Comité de pilotage - point d'étape", "2026-01-20T14:00",
            "Siège de la Communauté de communes, Saint-Aubin-sur-Vèze",
            ("Diagnostic partagé", "Fonctionnement des groupes", "Ajustements proposés par l'animation"),
            10, 1,
            "Le comité a pris acte du diagnostic partagé. Il adopte la tenue des séances du groupe "
            "agriculture en soirée et dans les communes de la Basse-Vèze. Il écarte la création d'un "
            "groupe dédié aux seuils et demande une séance thématique au sein du groupe milieux.",
        ),
        MeetingSpec(
            "agri-2", "agri", "Groupe agriculture - séance 2 : propositions", "2026-02-05T19:00",
            "Salle des fêtes de Cazals",
            ("Règles de partage à l'étiage", "Économies d'eau", "Rédaction des propositions"),
            21, 2,
            "Vingt et un participants, dont quatorze exploitants : la séance en soirée a presque triplé "
            "la participation agricole. Six propositions ont été rédigées; les irrigants ont demandé des "
            "paliers de restriction chiffrés. La proposition de retenues de substitution a été discutée "
            "au regard du périmètre du projet.",
        ),
        MeetingSpec(
            "milieux-2", "milieux", "Groupe milieux aquatiques - séance 2 : propositions", "2026-02-12T18:30",
            "Maison de la rivière, Brassac-la-Rivière",
            ("Ripisylve et zones humides", "Séance thématique sur les seuils", "Sensibilisation et suivi"),
            19, 3,
            "Dix-neuf participants. Six propositions ont été rédigées. La chambre d'agriculture a objecté "
            "à une bande boisée de 10 m sur les parcelles cultivées; un compromis à 5 m, sur conventions "
            "volontaires et avec indemnisation, a été trouvé en séance. Le temps consacré aux seuils a été "
            "limité à quarante minutes comme convenu.",
        ),
        MeetingSpec(
            "copil-2", "copil", "Comité de pilotage - plan d'actions provisoire", "2026-03-24T14:00",
            "Siège de la Communauté de communes, Saint-Aubin-sur-Vèze",
            ("Propositions validées par les groupes et leur traduction technique",
             "Résultats du questionnaire aux habitants", "Validation du plan d'actions provisoire"),
            11, 0,
            "Les sept membres du comité présents, avec l'équipe projet. Les onze propositions validées par "
            "les groupes et leurs fiches techniques ont été présentées. Le plan d'actions provisoire a "
            "recueilli l'accord de tous les membres; il sera présenté au conseil communautaire.",
        ),
        MeetingSpec(
            "copil-3", "copil", "Comité de pilotage - bilan de la concertation", "2026-06-16T14:00",
            "Siège de la Communauté de communes, Saint-Aubin-sur-Vèze",
            ("Délibération du conseil communautaire", "Bilan du déroulement de la concertation",
             "Organisation du suivi des actions"),
            10, 2,
            "Le comité a relu la délibération du 19 mai et le devenir de chaque proposition. Il a dressé "
            "le bilan du déroulement de la concertation et confié le suivi des actions à un comité de "
            "suivi réuni deux fois par an.",
        ),
        MeetingSpec(
            "copil-4", "copil", "Comité de pilotage - suivi des actions après l'étiage 2026",
            "2026-10-13T14:00",
            "Salle des fêtes de Cazals",
            ("Bilan de l'étiage 2026", "Avancement des actions", "Prochaines échéances"),
            11, 1,
            "Premier étiage avec les règles de partage : pas d'arrêté de crise, deux semaines au palier "
            "de -40 %. Le sentier d'interprétation est ouvert; les compteurs et la ripisylve avancent. "
            "Les propositions différées seront réexaminées en décembre.",
        ),
    )
}
MINUTES_CORRECTION = (
    "milieux-1",
    MEETINGS["milieux-1"].minutes.replace("21 km", "12 km"),
    "Erreur de saisie signalée par l'AAPPMA : le linéaire de berges sans ripisylve est de 12 km.",
)

CONTRIBUTIONS = (
    ContributionSpec("restrictions", IRRIGANT, "observation",
                     "Sur la Basse-Vèze, les restrictions tombent du jour au lendemain en juillet, sans que "
                     "les irrigants puissent s'organiser.",
                     "agri-1", "Étiages et partage de l'eau", (ASA, COOP)),
    ContributionSpec("tour-d-eau", ASA, "idea",
                     "Un tour d'eau organisé par l'ASA lisserait les prélèvements au lieu de tout couper.",
                     "agri-1", "Étiages et partage de l'eau", (IRRIGANT,)),
    ContributionSpec("fuites", EAU_POTABLE, "concern",
                     "Le rendement du réseau d'eau potable n'est que de 71 % : près d'un tiers de l'eau "
                     "pompée est perdu en fuites.",
                     "agri-1", "Économies d'eau", (BIO, CHAMBRE)),
    ContributionSpec("debits", EXPERT, "observation",
                     "Les chroniques de la station de Brassac montrent un débit d'étiage divisé par deux "
                     "depuis 1990.",
                     "agri-1", "Étiages et partage de l'eau", (AAPPMA,)),
    ContributionSpec("assecs-2025", AAPPMA, "observation",
                     "Quatre kilomètres de la Vèze aval étaient à sec en août 2025, avec des mortalités "
                     "de truites.",
                     "milieux-1", "Température et berges", (NATURE, RIVERAINS, EXPERT)),
    ContributionSpec("berges-nues", NATURE, "idea",
                     "Replanter les berges nues pour ombrager la rivière et limiter le réchauffement "
                     "de l'eau.",
                     "milieux-1", "Température et berges", (AAPPMA,)),
    ContributionSpec("prairies", RIVERAINS, "question",
                     "Qui entretient les prairies humides de la plaine de Brassac depuis l'abandon du "
                     "pâturage ?",
                     "milieux-1", "Zones humides", (NATURE,)),
    ContributionSpec("releves", HABITANT, "idea",
                     "Les habitants pourraient relever eux-mêmes les assecs, comme le font déjà les "
                     "pêcheurs.",
                     "milieux-1", "Suivi citoyen", (RIVERAINS, AAPPMA)),
)

PARTAGE, RETENUES, COMPTEURS, FUITES, CULTURES, PLUIE = (
    "partage", "retenues", "compteurs", "fuites", "cultures", "pluie"
)
RIPISYLVE, ZONES_HUMIDES, DEBIT_RESERVE, SENTIER, PHYTO, OBSERVATOIRE = (
    "ripisylve", "zones-humides", "debit-reserve", "sentier", "phyto", "observatoire"
)

PROPOSALS = {
    p.key: p
    for p in (
        # Groupe agriculture et usages de l'eau (majority)
        ProposalSpec(
            PARTAGE, "agri", TOPIC_SHARING, "Règles de partage des prélèvements d'irrigation à l'étiage",
            "Instaurer un tour d'eau entre irrigants de la Basse-Vèze dès que le débit à Brassac passe sous "
            "le débit d'objectif d'étiage, avec des paliers de réduction connus à l'avance.",
            ASA, co_authors=(IRRIGANT,), contributions=("restrictions", "tour-d-eau", "debits"),
            endorsers=(IRRIGANT, CHAMBRE, ASA, COOP, EAU_POTABLE),
            amendment=(
                IRRIGANT,
                "Instaurer un tour d'eau entre irrigants de la Basse-Vèze dès que le débit à Brassac passe "
                "sous le débit d'objectif d'étiage, avec trois paliers de réduction (-20 %, -40 %, arrêt "
                "hors cultures sous contrat) publiés chaque année avant le 31 mars.",
                "Les irrigants demandent des paliers chiffrés et connus avant les semis pour choisir leurs "
                "assolements.",
            ),
            translation=(
                "Règlement de gestion de l'ASA et de l'organisme unique de gestion collective, validé par "
                "la DDT; déclenchement sur la station hydrométrique de Brassac",
                "12 000 EUR d'animation par an, sans investissement",
                "Faisable dès l'étiage 2026",
            ),
            outcome=("adopted", ""),
        ),
        ProposalSpec(
            RETENUES, "agri", TOPIC_SHARING, "Création de trois retenues de substitution sur la Basse-Vèze",
            "Créer trois retenues remplies en hiver pour substituer 0,8 million de m3 aux prélèvements "
            "d'été en rivière.",
            COOP, co_authors=(ASA,), endorsers=(ASA,),
        ),
        ProposalSpec(
            COMPTEURS, "agri", TOPIC_SAVING, "Compteurs télé-relevés sur tous les prélèvements agricoles",
            "Équiper les 140 points de prélèvement agricole de compteurs télé-relevés pour suivre les "
            "volumes en temps réel et déclencher les paliers sans délai.",
            CHAMBRE, endorsers=(IRRIGANT, CHAMBRE, ASA, EAU_POTABLE),
            translation=(
                "Marché groupé de fourniture et pose porté par la chambre d'agriculture; données transmises "
                "à l'organisme unique",
                "420 000 EUR, aidés à 50 % par l'agence de l'eau",
                "Faisable en trois ans; raccordement radio à vérifier en fond de vallée",
            ),
            outcome=(
                "adopted_with_changes",
                "Déploiement étalé sur trois ans (2026-2028) pour suivre le calendrier des aides de l'agence "
                "de l'eau; les préleveurs de plus de 50 000 m3 par an sont équipés en premier.",
            ),
        ),
        ProposalSpec(
            FUITES, "agri", TOPIC_SAVING, "Réduction des fuites du réseau d'eau potable",
            "Sectoriser le réseau, rechercher les fuites et renouveler 1 % des canalisations par an pour "
            "atteindre un rendement de 80 %.",
            EAU_POTABLE, contributions=("fuites",), endorsers=(IRRIGANT, CHAMBRE, EAU_POTABLE, BIO),
            amendment=(
                EAU_POTABLE,
                "Sectoriser le réseau, rechercher les fuites et renouveler 1 % des canalisations par an pour "
                "atteindre un rendement de 85 % en 2031, en priorité sur les secteurs alimentés par les "
                "captages de la Vèze.",
                "Objectif relevé à la demande du groupe et aligné sur le schéma directeur du syndicat d'eau.",
            ),
            translation=(
                "Programme pluriannuel du syndicat d'eau : 24 compteurs de sectorisation, campagne annuelle "
                "de recherche de fuites, 4 km de canalisations renouvelés par an",
                "1,9 million EUR sur cinq ans, dont 30 % d'aides",
                "Faisable; financé en partie par le budget annexe de l'eau",
            ),
            outcome=("adopted", ""),
        ),
        ProposalSpec(
            CULTURES, "agri", TOPIC_SAVING, "Accompagner l'évolution vers des cultures plus sobres en eau",
            "Proposer aux exploitants volontaires un accompagnement technique et des débouchés (sorgho, "
            "légumineuses) pour réduire de 15 % les surfaces de maïs irrigué d'ici 2031.",
            BIO, co_authors=(CHAMBRE,), endorsers=(IRRIGANT, CHAMBRE, COOP, BIO),
            translation=(
                "Animation agricole par la chambre, contrats de filière avec la coopérative, essais au lycée "
                "agricole",
                "85 000 EUR par an d'animation et d'essais",
                "Faisable si l'appel à projets filières est obtenu",
            ),
            outcome=(
                "deferred",
                "Le financement de l'accompagnement dépend de l'appel à projets régional sur les filières "
                "économes en eau, attendu à l'automne 2026; la proposition sera réexaminée en décembre 2026.",
            ),
        ),
        ProposalSpec(
            PLUIE, "agri", TOPIC_SAVING, "Récupérer les eaux de pluie des bâtiments publics et agricoles",
            "Équiper de cuves les bâtiments publics (ateliers municipaux, écoles) et aider les élevages à "
            "s'équiper pour le lavage et l'abreuvement.",
            COOP, endorsers=(ASA, COOP, EAU_POTABLE, BIO),
            translation=(
                "Cuves de 10 à 30 m3 sur 12 bâtiments publics; aide à l'équipement des élevages dans le "
                "cadre du contrat territorial",
                "160 000 EUR, dont 40 % d'aides",
                "Faisable en 2026 pour les bâtiments publics",
            ),
            outcome=("adopted", ""),
        ),
        # Groupe milieux aquatiques et cadre de vie (consent)
        ProposalSpec(
            RIPISYLVE, "milieux", TOPIC_RIVERS, "Restaurer la ripisylve de la Vèze aval",
            "Replanter une bande boisée de 10 m de large sur 12 km de berges de la Vèze aval pour ombrager "
            "la rivière, limiter son réchauffement et filtrer les ruissellements.",
            NATURE, contributions=("assecs-2025", "berges-nues"),
            endorsers=(NATURE, AAPPMA, RIVERAINS, HABITANT, CHAMBRE),
            amendment=(
                NATURE,
                "Replanter une bande boisée de 5 m de large sur 12 km de berges de la Vèze aval, par "
                "conventions volontaires avec les exploitants et avec une indemnisation des surfaces au "
                "titre du contrat territorial.",
                "Compromis trouvé en séance avec la chambre d'agriculture : largeur réduite, volontariat "
                "et indemnisation.",
            ),
            translation=(
                "Travaux en régie du service GEMAPI, plants d'essences locales, conventions de 15 ans avec "
                "les exploitants",
                "540 000 EUR sur cinq ans, aidés à 70 %",
                "Faisable par tranches, plantations de novembre à mars",
            ),
            outcome=(
                "adopted_with_changes",
                "Une première tranche de 6 km est engagée en 2026 sur les secteurs les plus exposés aux "
                "assecs; la seconde sera décidée au vu du bilan de la première.",
            ),
        ),
        ProposalSpec(
            ZONES_HUMIDES, "milieux", TOPIC_RIVERS, "Préserver les zones humides de la plaine de Brassac",
            "Acquérir ou conventionner 35 ha de prairies humides de la plaine de Brassac, y rétablir le "
            "fonctionnement hydraulique et y favoriser le pâturage extensif.",
            NATURE, co_authors=(AAPPMA,), contributions=("prairies",), endorsers=(NATURE, AAPPMA, RIVERAINS),
            translation=(
                "Animation foncière avec la SAFER, conventions de pâturage, comblement de deux fossés "
                "drainants",
                "310 000 EUR dont 180 000 EUR d'acquisitions, aidés à 80 %",
                "Faisable; dépend de l'accord des propriétaires",
            ),
            outcome=("adopted", ""),
        ),
        ProposalSpec(
            DEBIT_RESERVE, "milieux", TOPIC_RIVERS, "Relever le débit réservé à l'aval des seuils",
            "Porter le débit réservé à l'aval des six seuils de la Vèze au quart du module pendant l'été.",
            AAPPMA, endorsers=(AAPPMA, NATURE, HABITANT),
            translation=(
                "Révision des arrêtés d'autorisation des six ouvrages par les services de l'État",
                "Sans coût pour la collectivité; pertes d'usage pour deux microcentrales",
                "Hors compétence de la Communauté de communes",
            ),
            outcome=(
                "rejected",
                "Le débit réservé à l'aval des ouvrages est fixé par le préfet (article L. 214-18 du code de "
                "l'environnement) et ne relève pas du conseil communautaire; la demande est transmise à la "
                "DDT pour la révision des arrêtés des seuils.",
            ),
        ),
        ProposalSpec(
            SENTIER, "milieux", TOPIC_LIVING, "Sentier d'interprétation et classes d'eau",
            "Aménager un sentier d'interprétation de 3 km le long de la Vèze à Saint-Aubin et proposer des "
            "classes d'eau aux écoles du territoire.",
            RIVERAINS, co_authors=(HABITANT,), endorsers=(RIVERAINS, HABITANT, NATURE, CHAMBRE),
            translation=(
                "Sentier balisé avec 8 panneaux, conçu avec le CPIE; 6 classes d'eau par an",
                "95 000 EUR d'investissement, 15 000 EUR par an d'animation",
                "Faisable en 2026",
            ),
            outcome=("adopted", ""),
        ),
        ProposalSpec(
            PHYTO, "milieux", TOPIC_QUALITY, "Réduire les herbicides sur les aires de captage",
            "Sur les aires d'alimentation des deux captages de la Vèze, accompagner la conversion vers des "
            "pratiques sans herbicides et financer le matériel de désherbage mécanique.",
            NATURE, endorsers=(CHAMBRE, NATURE, RIVERAINS),
            amendment=(
                CHAMBRE,
                "Sur les aires d'alimentation des deux captages de la Vèze, accompagner les exploitants "
                "volontaires vers des pratiques sans herbicides, avec un diagnostic d'exploitation gratuit, "
                "et financer le matériel de désherbage mécanique en CUMA.",
                "Passer par le volontariat et les CUMA pour toucher davantage d'exploitations.",
            ),
            translation=(
                "Programme d'actions sur les aires de captage, diagnostics par la chambre d'agriculture, "
                "matériel en CUMA",
                "240 000 EUR sur cinq ans, aidés à 70 %",
                "Faisable une fois les aires d'alimentation délimitées",
            ),
            outcome=(
                "deferred",
                "En attente de l'étude des aires d'alimentation des captages conduite par le syndicat d'eau "
                "(fin 2026), qui délimitera les parcelles concernées.",
            ),
        ),
        ProposalSpec(
            OBSERVATOIRE, "milieux", TOPIC_RIVERS, "Observatoire citoyen des assecs",
            "Former un réseau de bénévoles (pêcheurs, riverains, randonneurs) qui relèvent chaque semaine, "
            "de juin à octobre, l'écoulement de 25 points de la Vèze et de ses affluents.",
            HABITANT, co_authors=(AAPPMA,), contributions=("releves",),
            endorsers=(AAPPMA, RIVERAINS, HABITANT),
            translation=(
                "Protocole de l'observatoire national des étiages, application mobile, formation des "
                "bénévoles par l'OFB",
                "8 000 EUR par an",
                "Faisable dès juin 2026",
            ),
            outcome=("adopted", ""),
        ),
    )
}
OBJECTION = (
    CHAMBRE,
    "Une bande de 10 m sur des parcelles cultivées retire des surfaces à une vingtaine d'exploitations, "
    "sans compensation prévue.",
    "La largeur de 5 m, le volontariat et l'indemnisation répondent à l'objection.",
)
WITHDRAWAL = (
    COOP,
    "Les auteurs reconnaissent que la création de retenues est hors du périmètre du projet : elle relève de "
    "la révision du SAGE, devant laquelle ils la porteront.",
)

ACTIONS = (
    ActionSpec(
        PARTAGE, "Règlement de partage de l'eau à l'étiage de la Basse-Vèze",
        "Rédiger et faire valider le règlement de tour d'eau et ses trois paliers avant l'étiage 2026.",
        "2026-06-30", OPERATOR_AGRI, "Chambre d'agriculture - service eau et irrigation",
        ((50, "Projet de règlement discuté avec l'ASA et l'organisme unique de gestion collective."),),
        ("2026-06-26", "Règlement signé par l'ASA et l'organisme unique, validé par la DDT; les paliers "
                       "s'appliquent dès l'étiage 2026."),
    ),
    ActionSpec(
        COMPTEURS, "Compteurs télé-relevés - première tranche",
        "Équiper les préleveurs de plus de 50 000 m3 par an (48 points).",
        "2026-12-31", OPERATOR_AGRI, "Chambre d'agriculture - service eau et irrigation",
        ((25, "Marché attribué; 12 compteurs posés."), (60, "29 compteurs posés sur 48.")),
    ),
    ActionSpec(
        FUITES, "Sectorisation et recherche de fuites - programme 2026",
        "Poser les compteurs de sectorisation et mener la première campagne de recherche de fuites.",
        "2026-12-31", OPERATOR_EAU, "Syndicat intercommunal d'eau potable du Val de Vèze - régie",
        ((40, "16 compteurs de sectorisation posés; 22 fuites réparées."),),
    ),
    ActionSpec(
        PLUIE, "Cuves de récupération des eaux de pluie dans les bâtiments publics",
        "Installer des cuves sur les ateliers municipaux et les écoles des 12 communes volontaires.",
        "2026-11-30", OPERATOR_GEMAPI, "Communauté de communes du Val de Vèze - service GEMAPI",
        ((30, "Quatre cuves installées, huit commandées."),),
    ),
    ActionSpec(
        RIPISYLVE, "Ripisylve de la Vèze aval - première tranche de 6 km",
        "Conventionner avec les exploitants riverains et planter 6 km de berges pendant l'hiver 2026-2027.",
        "2026-12-31", OPERATOR_GEMAPI, "Communauté de communes du Val de Vèze - service GEMAPI",
        ((20, "Conventions signées avec 9 exploitants sur 14."),),
    ),
    ActionSpec(
        ZONES_HUMIDES, "Zones humides de la plaine de Brassac",
        "Conventionner les prairies humides et combler les deux fossés drainants.",
        "2026-12-31", OPERATOR_GEMAPI, "Communauté de communes du Val de Vèze - service GEMAPI",
        ((15, "Animation foncière engagée avec la SAFER; 11 ha sous convention."),),
    ),
    ActionSpec(
        SENTIER, "Sentier d'interprétation de la Vèze à Saint-Aubin",
        "Baliser le sentier, poser les panneaux et ouvrir le sentier au public.",
        "2026-10-31", OPERATOR_GEMAPI, "Communauté de communes du Val de Vèze - service GEMAPI",
        ((70, "Balisage achevé; panneaux en fabrication."),),
        ("2026-10-09", "Sentier ouvert au public avec ses huit panneaux; deux classes d'eau déjà "
                       "accueillies."),
    ),
    ActionSpec(
        OBSERVATOIRE, "Observatoire citoyen des assecs - saison 2026",
        "Former les bénévoles et suivre 25 points d'écoulement de juin à octobre.",
        "2026-10-31", OPERATOR_GEMAPI, "Communauté de communes du Val de Vèze - service GEMAPI",
        ((50, "23 bénévoles formés; relevés hebdomadaires depuis le 2 juin."),
         (90, "Saison de relevés achevée; synthèse en cours.")),
    ),
)


def _open_main(app: DialogueApp) -> _Story:
    return _Story.open(
        app,
        slug=MAIN_SLUG,
        title="Projet de territoire pour la gestion de l'eau de la vallée de la Vèze",
        territory="Bassin versant de la Vèze - Communauté de communes du Val de Vèze (18 communes)",
        subject=(
            "Partager une ressource en eau en baisse entre eau potable, agriculture, milieux aquatiques et "
            "loisirs, et bâtir un programme d'actions concerté pour 2026-2031"
        ),
    )


def _define_framework(story: _Story, calendar: list[dict[str, str]]) -> None:
    """Defined, then revised once before the steering committee validates the design."""
    story.app.define_framework(
        CONVENOR,
        story.id,
        expected_results=EXPECTED_RESULTS,
        objects=OBJECTS,
        perimeter=PERIMETER,
        excluded=EXCLUDED,
        calendar=calendar,
    )


def _frame(story: _Story) -> None:
    """Stage 1 (September - November 2025): the framework, the people, the instances, the launch."""
    app, dialogue_id = story.app, story.id
    story.grant(Role.FACILITATOR, FACILITATOR)
    _define_framework(story, CALENDAR)
    app.set_internal_organisation(
        CONVENOR,
        dialogue_id,
        project_team=[
            "Vice-président chargé de l'eau et de la GEMAPI (pilotage politique)",
            "Chargée de mission PTGE (coordination et animation)",
            "Technicienne rivière (appui technique)",
            "Service communication de la Communauté de communes",
        ],
        description=(
            "Projet porté par le pôle environnement de la Communauté de communes. L'équipe projet se réunit "
            "chaque quinzaine; un bureau d'études appuie l'évaluation des volumes prélevables."
        ),
    )
    story.grant(Role.STEERING_MEMBER, *STEERING_ACCOUNTS)
    # Steering members also act as stakeholders: they approve the provisional action plan
    story.grant(Role.STAKEHOLDER, *STEERING_ACCOUNTS, *STAKEHOLDER_ACCOUNTS)
    story.grant(Role.EXPERT, EXPERT)
    story.grant(Role.TECHNICIAN, TECHNICIAN)
    story.grant(Role.AUDITOR, AUDITOR)
    story.identify([p for p in PEOPLE if p.key != "moulin"], by=FACILITATOR)
    stakeholder_accounts = {*STEERING_ACCOUNTS, *STAKEHOLDER_ACCOUNTS}
    story.confirm(CONFIRMATIONS, stakeholder_accounts)

    # Initial diagnosis, from 32 interviews held in September
    for concern, raised_by in CONCERNS:
        app.record_concern(FACILITATOR, dialogue_id, concern=concern, raised_by=raised_by)
    app.assess_feasibility(
        CONVENOR,
        dialogue_id,
        feasible=True,
        assessment=(
            "Les acteurs clés rencontrés en entretien (32 entretiens en septembre 2025) acceptent de "
            "participer; les marges de manœuvre sont réelles sur les économies d'eau et le partage à "
            "l'étiage; l'animation est financée à 70 % par l'agence de l'eau pour trois ans."
        ),
    )
    for topic in (TOPIC_SHARING, TOPIC_SAVING, TOPIC_QUALITY, TOPIC_RIVERS, TOPIC_LIVING):
        app.add_topic(FACILITATOR, dialogue_id, topic=topic)

    # Instances and links with the outside
    for instance in INSTANCES:
        story.design(instance)
    for target, modality in LINK_MODALITIES:
        app.define_link_modality(FACILITATOR, dialogue_id, target=target, modality=modality)

    # The steering committee returns the design once, then validates it
    app.submit_design(
        FACILITATOR,
        dialogue_id,
        summary=(
            "Un comité de pilotage et deux groupes de concertation; calendrier de novembre 2025 à mai 2026."
        ),
    )
    app.return_design(
        DDT,
        dialogue_id,
        reasons=(
            "Le groupe milieux aquatiques ne compte ni riverain ni habitant, et le calendrier ne prévoit "
            "aucun bilan après la première saison d'irrigation."
        ),
    )
    story.add_members("milieux", JOINED_AFTER_RETURN)
    story.confirm(LATE_CONFIRMATIONS, stakeholder_accounts)
    _define_framework(story, [*CALENDAR, AFTER_IRRIGATION_REVIEW])
    app.submit_design(
        FACILITATOR,
        dialogue_id,
        summary=(
            "Dispositif revu : l'association des riverains et une habitante rejoignent le groupe milieux "
            "aquatiques; un bilan après la saison d'irrigation est ajouté au calendrier."
        ),
    )
    app.validate_design(VP_EAU, dialogue_id, remarks="Validé par le comité de pilotage du 4 novembre 2025.")
    app.make_approach_public(
        CONVENOR,
        dialogue_id,
        channels=[
            "Site de la Communauté de communes",
            "Presse locale",
            "Affichage dans les 18 mairies",
            "Lettre d'information n° 0",
        ],
        published_on="2025-11-06",
    )
    app.hold_launch_meeting(
        FACILITATOR,
        dialogue_id,
        held_on="2025-11-20",
        attendance=134,
        summary=(
            "Réunion publique à la salle des fêtes de Saint-Aubin-sur-Vèze : présentation de la démarche, "
            "de son périmètre et de ce qui n'est pas ouvert à la discussion; 27 questions du public, "
            "principalement sur les restrictions d'été et le prix de l'eau."
        ),
    )
    app.advance_stage(CONVENOR, dialogue_id)


def _work_together(story: _Story) -> None:
    """Stage 2 (December 2025 - March 2026): diagnosis, proposals, regulation, provisional plan."""
    app, dialogue_id = story.app, story.id

    # First sessions: the shared diagnosis
    story.meet(MEETINGS["agri-1"])
    evenings = app.report_dysfunction(
        FACILITATOR,
        dialogue_id,
        description=(
            "Cinq exploitants seulement à la première séance du groupe agriculture : en journée, ils "
            "sont retenus sur leurs exploitations."
        ),
        weak_point="Horaires et lieux des séances du groupe agriculture",
    ).id
    app.propose_adjustment(
        FACILITATOR,
        dialogue_id,
        evenings,
        adjustment="Tenir les séances du groupe agriculture à 19 h, dans les communes de la Basse-Vèze.",
    )
    story.meet(MEETINGS["milieux-1"])
    meeting_id, corrected, reason = MINUTES_CORRECTION
    app.correct_minutes(FACILITATOR, dialogue_id, story.meetings[meeting_id], text=corrected, reason=reason)
    story.post(CONTRIBUTIONS)
    app.provide_expertise(
        EXPERT,
        dialogue_id,
        kind="study",
        title="Actualisation de l'étude des volumes prélevables de la Vèze",
        summary=(
            "Le volume prélevable d'étiage est de 4,2 millions de m3 contre 5,9 millions prélevés en "
            "moyenne de 2018 à 2024; l'écart porte pour 70 % sur l'irrigation et 20 % sur l'eau potable."
        ),
    )
    app.provide_expertise(
        EXPERT,
        dialogue_id,
        kind="local_knowledge",
        title="Recueil des savoirs locaux sur les assecs",
        summary=(
            "Quatorze entretiens avec d'anciens exploitants, meuniers et pêcheurs : les assecs de la Vèze "
            "aval, rares avant 1990, sont devenus annuels; trois sources de versant servent de refuges."
        ),
    )
    app.link_programme(
        FACILITATOR,
        dialogue_id,
        programme="SAGE de la Vèze",
        articulation=(
            "Les actions retenues sont présentées à la commission locale de l'eau pour avis de "
            "compatibilité; la question des retenues est renvoyée à la révision du SAGE."
        ),
    )
    app.link_programme(
        FACILITATOR,
        dialogue_id,
        programme="Contrat territorial Vèze 2024-2029",
        articulation="Les actions sur les rivières et les zones humides sont financées par le contrat.",
    )
    app.inform_population(
        CONVENOR,
        dialogue_id,
        means="Lettre d'information n° 1, distribuée dans 9 800 boîtes aux lettres et publiée en ligne",
        summary="Le diagnostic partagé : volumes prélevés, assecs de 2025, premières pistes des groupes.",
        informed_on="2026-01-15",
    )

    # Steering committee: review, and the two adjustments
    story.meet(MEETINGS["copil-1"])
    app.hold_steering_review(
        VP_EAU,
        dialogue_id,
        held_on="2026-01-20",
        summary="Diagnostic partagé accepté; participation agricole à renforcer; calendrier tenu.",
    )
    app.adopt_adjustment(VP_EAU, dialogue_id, evenings, remarks="Applicable dès la séance de février.")
    weirs = app.report_dysfunction(
        FACILITATOR,
        dialogue_id,
        description=(
            "Les débats du groupe milieux aquatiques reviennent à chaque séance sur les seuils et moulins."
        ),
        weak_point="Ordre du jour du groupe milieux aquatiques",
    ).id
    app.propose_adjustment(
        FACILITATOR,
        dialogue_id,
        weirs,
        adjustment="Créer un troisième groupe de concertation consacré aux seuils et aux moulins.",
    )
    app.reject_adjustment(
        DDT,
        dialogue_id,
        weirs,
        reasons=(
            "Une instance de plus disperserait les participants; le comité préfère une séance thématique "
            "sur les seuils au sein du groupe milieux, avec un temps de parole cadré."
        ),
    )
    # The canoe base stops its rentals on the Vèze and leaves the process
    app.remove_member(
        FACILITATOR,
        dialogue_id,
        story.instances["milieux"],
        stakeholder_id=story.stakeholders["canoe"],
        reason=(
            "La base de canoë-kayak a cessé son activité de location sur la Vèze et quitte le groupe; "
            "elle reste destinataire de la lettre d'information."
        ),
    )
    app.revoke_role(CONVENOR, dialogue_id, grantee_id=CANOE, role=Role.STAKEHOLDER.value)

    # Second sessions: the proposals
    _agriculture_proposals(story)
    _aquatic_proposals(story)
    app.inform_decision_makers(
        CONVENOR,
        dialogue_id,
        body="Bureau communautaire de la Communauté de communes du Val de Vèze",
        summary=(
            "Point d'étape : diagnostic partagé, onze propositions validées par les groupes, "
            "délibération en mai."
        ),
        informed_on="2026-03-05",
    )
    app.consult_population(
        FACILITATOR,
        dialogue_id,
        means="Questionnaire en ligne et registres en mairie du 16 février au 8 mars 2026",
        participants=412,
        summary=(
            "Les répondants placent en tête les économies d'eau potable (68 %) et la restauration des "
            "rivières (61 %); 54 % approuvent des règles de partage plus strictes en été."
        ),
        consulted_on="2026-03-08",
    )
    validated = [p for p in PROPOSALS.values() if p.key != RETENUES]
    for proposal in validated:
        story.translate(proposal)

    # The provisional action plan, agreed by consensus of the steering committee
    plan = app.draft_agreement(
        FACILITATOR,
        dialogue_id,
        instance_id=story.instances["copil"],
        title="Plan d'actions provisoire du PTGE de la Vèze",
        text=(
            "Le plan rassemble les onze propositions validées par les deux groupes de concertation, avec "
            "leur traduction technique, leur coût et leur calendrier, pour présentation au conseil "
            "communautaire."
        ),
        proposal_ids=[story.proposals[p.key] for p in validated],
    ).id
    story.meet(MEETINGS["copil-2"])
    for account in STEERING_ACCOUNTS:
        app.approve_agreement(account, dialogue_id, plan)
    app.validate_agreement(FACILITATOR, dialogue_id, plan)
    app.advance_stage(CONVENOR, dialogue_id)


def _agriculture_proposals(story: _Story) -> None:
    """Six proposals: the reservoirs are withdrawn as out of scope, the others validated by majority."""
    story.meet(MEETINGS["agri-2"])
    proposals = [p for p in PROPOSALS.values() if p.instance == "agri"]
    for proposal in proposals:
        story.draft(proposal)
    for proposal in proposals:
        story.amend(proposal)
        story.endorse(proposal)
    by, reason = WITHDRAWAL
    story.app.withdraw_proposal(by, story.id, story.proposals[RETENUES], reason=reason)
    for proposal in proposals:
        if proposal.key != RETENUES:
            story.validate(proposal)


def _aquatic_proposals(story: _Story) -> None:
    """Six proposals put to consent rounds in a live session, once the objection to the riverside
    woodland is resolved; all are validated."""
    story.meet(MEETINGS["milieux-2"], live=lambda meeting_id: _aquatic_session(story, meeting_id))


def _aquatic_session(story: _Story, meeting_id: UUID) -> None:
    app, dialogue_id = story.app, story.id
    app.open_live_session(FACILITATOR, dialogue_id, meeting_id)
    app.move_agenda_pointer(FACILITATOR, dialogue_id, meeting_id, item=0)
    app.name_cluster(
        FACILITATOR,
        dialogue_id,
        meeting_id,
        cluster="Température et berges",
        name="Berges, ombre et température",
    )
    proposals = [p for p in PROPOSALS.values() if p.instance == "milieux"]
    for proposal in proposals:
        story.draft(proposal)
    objector, reason, resolution = OBJECTION
    ripisylve = story.proposals[RIPISYLVE]
    app.object_to_proposal(objector, dialogue_id, ripisylve, reason=reason)
    for proposal in proposals:
        story.amend(proposal)
    app.resolve_objection(objector, dialogue_id, ripisylve, resolution=resolution)
    app.draft_minutes(
        FACILITATOR,
        dialogue_id,
        meeting_id,
        text="Six propositions rédigées; compromis trouvé sur la ripisylve.",
    )
    for proposal in proposals:
        proposal_id = story.proposals[proposal.key]
        app.open_consent_round(FACILITATOR, dialogue_id, meeting_id, proposal_id=proposal_id)
        story.endorse(proposal)
        app.close_consent_round(FACILITATOR, dialogue_id, meeting_id)
    app.close_live_session(FACILITATOR, dialogue_id, meeting_id)


def _decide_and_follow_up(story: _Story) -> None:
    """Stage 3 (April - October 2026): the conseil communautaire decides, actions are followed."""
    app, dialogue_id = story.app, story.id
    presented = [p for p in PROPOSALS.values() if p.outcome is not None]
    app.present_results(
        FACILITATOR,
        dialogue_id,
        body="Conseil communautaire de la Communauté de communes du Val de Vèze",
        presented_on="2026-04-14",
        proposal_ids=[story.proposals[p.key] for p in presented],
    )
    story.grant(Role.DECISION_MAKER, DECISION_MAKER)
    outcomes = []
    for proposal in presented:
        assert proposal.outcome is not None
        outcome, justification = proposal.outcome
        outcomes.append(
            {"proposal_id": story.proposals[proposal.key], "outcome": outcome, "justification": justification}
        )
    decision = app.adopt_decision(
        DECISION_MAKER,
        dialogue_id,
        body="conseil_communautaire",
        body_name="Conseil communautaire de la Communauté de communes du Val de Vèze",
        deliberation_reference="DEL-2026-041",
        adopted_on="2026-05-19",
        votes={"for": 31, "against": 4, "abstentions": 3},
        outcomes=outcomes,
    ).id
    app.communicate_decision(
        FACILITATOR,
        dialogue_id,
        decision_id=decision,
        channels=[
            "Courrier aux participants",
            "Lettre d'information n° 3",
            "Site de la Communauté de communes",
        ],
        communicated_on="2026-05-26",
        message=(
            "Par la délibération DEL-2026-041 du 19 mai 2026, le conseil communautaire a adopté six "
            "propositions, en a adopté deux avec des modifications, en a différé deux et en a rejeté une; "
            "chaque décision autre qu'une adoption telle quelle est justifiée publiquement."
        ),
    )

    # Actions, each with its operator, then the review of the process
    story.grant(Role.OPERATOR, *OPERATOR_ACCOUNTS)
    for action in ACTIONS:
        story.launch(action)
    story.meet(MEETINGS["copil-3"])
    app.review_process(
        VP_EAU,
        dialogue_id,
        reviewed_on="2026-06-16",
        summary=(
            "Sept réunions des instances, 134 personnes au lancement, 412 réponses au questionnaire; "
            "onze propositions validées dont huit adoptées; deux dysfonctionnements traités par le comité."
        ),
    )
    app.evaluate_process(
        FACILITATOR,
        dialogue_id,
        summary=(
            "Une concertation suivie jusqu'à la décision, dont les participants reconnaissent le résultat."
        ),
        strengths=[
            "Participation des exploitants presque triplée après le passage des séances en soirée",
            "Chaque proposition a reçu une réponse motivée du conseil communautaire",
        ],
        improvements=[
            "Associer plus tôt les usagers des loisirs nautiques",
            "Envoyer les fiches techniques aux groupes trois semaines avant les séances",
        ],
    )
    # Summer and autumn 2026: the operators report, two actions are completed
    for action in ACTIONS:
        story.report(action)
    story.meet(MEETINGS["copil-4"])
    app.continue_dialogue(
        CONVENOR,
        dialogue_id,
        follow_up=(
            "Comité de suivi deux fois par an : bilan de l'étiage, avancement des actions, réexamen des "
            "propositions différées."
        ),
        next_meeting_on="2026-12-15",
    )


# =============================================================================
# The earlier consultation: the weir of the Brassac mill (January - July 2025)
# =============================================================================

BRASSAC_INSTANCES = (
    InstanceSpec(
        "copil", "steering_committee", "Comité de pilotage du moulin de Brassac",
        "Valide la démarche et le choix du scénario soumis au bureau du syndicat",
        "Syndicat du bassin, commune de Brassac-la-Rivière, OFB",
        "consensus",
        "Présidé par le vice-président chargé de l'eau",
        "Trois réunions entre janvier et mai 2025",
        ("vp-eau", "maire-brassac", "ofb"),
    ),
    InstanceSpec(
        "groupe", "consultation_group", "Groupe riverains et usagers du moulin",
        "Comparer les scénarios d'aménagement du seuil et en proposer un",
        "Propriétaire du moulin, riverains, pêcheurs, association de protection de la nature",
        "consent",
        "Animation par la chargée de mission rivières du syndicat",
        "Deux séances en mars et avril 2025, à 18 h, au moulin",
        ("moulin", "riverains", "aappma", "nature"),
    ),
    InstanceSpec(
        "technique", "technical_committee", "Comité technique du moulin de Brassac",
        "Instruire les scénarios sur le plan hydraulique et réglementaire",
        "Services de l'État, OFB, bureau d'études",
        "majority",
        "Animation par le technicien rivière du syndicat",
        "Une réunion avant le choix du scénario, si nécessaire",
        (),
    ),
)
BRASSAC_PEOPLE = ("vp-eau", "maire-brassac", "ofb", "moulin", "riverains", "aappma", "nature")


def _record_brassac_consultation(app: DialogueApp) -> None:
    """A small consultation, left framing with a public waiver, decided, followed and closed."""
    story = _Story.open(
        app,
        slug=EARLIER_SLUG,
        title="Continuité écologique au moulin de Brassac",
        territory="Brassac-la-Rivière, Vèze moyenne",
        subject=(
            "Choisir avec les riverains et les usagers l'aménagement du seuil du moulin de Brassac exigé par "
            "le classement de la Vèze en liste 2 : passe à poissons, abaissement ou effacement"
        ),
    )
    dialogue_id = story.id

    # Framing: January 2025
    story.grant(Role.FACILITATOR, FACILITATOR)
    story.grant(Role.STEERING_MEMBER, VP_EAU)
    story.grant(Role.STAKEHOLDER, VP_EAU, RIVERAINS, AAPPMA, NATURE)
    story.grant(Role.TECHNICIAN, TECHNICIAN)
    app.define_framework(
        CONVENOR,
        dialogue_id,
        expected_results=[
            "Un scénario d'aménagement du seuil partagé",
            "Un dossier d'autorisation prêt à déposer",
        ],
        objects=["Le type d'aménagement du seuil", "Le maintien du plan d'eau du moulin"],
        perimeter=(
            "Le seuil du moulin de Brassac et la Vèze entre le pont de la route départementale et le moulin."
        ),
        excluded=["L'obligation de rétablir la continuité, qui découle du classement en liste 2"],
        calendar=[
            {"label": "Réunion publique", "date": "2025-02-06"},
            {"label": "Choix du scénario", "date": "2025-04-10"},
            {"label": "Décision du bureau du syndicat", "date": "2025-05-22"},
        ],
    )
    story.identify([PERSON[key] for key in BRASSAC_PEOPLE], by=CONVENOR)
    for instance in BRASSAC_INSTANCES:
        story.design(instance)
    app.submit_design(
        FACILITATOR,
        dialogue_id,
        summary="Un comité de pilotage, un groupe riverains et usagers, un comité technique.",
    )
    app.validate_design(VP_EAU, dialogue_id, remarks="Validé par le comité de pilotage du 21 janvier 2025.")
    app.make_approach_public(
        CONVENOR,
        dialogue_id,
        channels=["Bulletin municipal de Brassac", "Site du syndicat"],
        published_on="2025-01-27",
    )
    app.hold_launch_meeting(
        FACILITATOR,
        dialogue_id,
        held_on="2025-02-06",
        attendance=64,
        summary="Réunion publique au moulin : obligations réglementaires, trois scénarios, calendrier.",
    )
    app.advance_stage(
        CONVENOR,
        dialogue_id,
        waiver=(
            "Le comité technique prévu n'a pas été constitué : l'OFB a rendu son avis technique par écrit "
            "et siège au comité de pilotage, qui a jugé le 21 janvier 2025 qu'une instance de plus n'était "
            "pas utile pour un seul ouvrage."
        ),
    )

    # Collective work: March - April 2025
    story.meet(
        MeetingSpec(
            "scenarios", "groupe", "Groupe riverains et usagers - comparaison des scénarios",
            "2025-03-13T18:00",
            "Moulin de Brassac", ("Trois scénarios et leurs effets", "Choix d'un scénario"), 14, 1,
            "Quatorze participants. L'effacement complet est écarté par le propriétaire et les riverains, "
            "attachés au plan d'eau; une passe à poissons en rive gauche avec un abaissement du seuil de "
            "40 cm recueille l'accord du groupe.",
        )
    )
    scenario = ProposalSpec(
        "passe", "groupe", "Continuité du seuil", "Passe à poissons en rive gauche et seuil abaissé de 40 cm",
        "Aménager une passe à poissons en rive gauche et abaisser la crête du seuil de 40 cm, en conservant "
        "le plan d'eau du moulin.",
        RIVERAINS, endorsers=(RIVERAINS, AAPPMA, NATURE),
        translation=(
            "Passe à bassins successifs de 18 m, abaissement de crête, dossier d'autorisation "
            "environnementale",
            "380 000 EUR, aidés à 80 % par l'agence de l'eau",
            "Faisable; travaux à l'étiage 2026",
        ),
    )
    story.draft(scenario)
    story.endorse(scenario)
    story.validate(scenario)
    story.translate(scenario)
    agreement = app.draft_agreement(
        FACILITATOR,
        dialogue_id,
        instance_id=story.instances["groupe"],
        title="Scénario retenu pour le seuil du moulin de Brassac",
        text="Le groupe retient la passe à poissons en rive gauche avec un abaissement du seuil de 40 cm.",
        proposal_ids=[story.proposals["passe"]],
    ).id
    for account in (RIVERAINS, AAPPMA, NATURE):
        app.approve_agreement(account, dialogue_id, agreement)
    app.validate_agreement(FACILITATOR, dialogue_id, agreement)
    app.advance_stage(CONVENOR, dialogue_id)

    # Decision and follow-up: April - July 2025
    app.present_results(
        FACILITATOR,
        dialogue_id,
        body="Bureau du Syndicat mixte du bassin de la Vèze",
        presented_on="2025-04-29",
        proposal_ids=[story.proposals["passe"]],
    )
    story.grant(Role.DECISION_MAKER, DECISION_MAKER)
    decision = app.adopt_decision(
        DECISION_MAKER,
        dialogue_id,
        body="bureau_du_syndicat",
        body_name="Bureau du Syndicat mixte du bassin de la Vèze",
        deliberation_reference="DEL-2025-017",
        adopted_on="2025-05-22",
        votes={"for": 9, "against": 0, "abstentions": 1},
        outcomes=[{"proposal_id": story.proposals["passe"], "outcome": "adopted", "justification": ""}],
    ).id
    app.communicate_decision(
        FACILITATOR,
        dialogue_id,
        decision_id=decision,
        channels=["Courrier aux participants", "Bulletin municipal de Brassac"],
        communicated_on="2025-05-28",
        message=(
            "Le bureau du syndicat a adopté le scénario proposé par le groupe (délibération DEL-2025-017)."
        ),
    )
    story.grant(Role.OPERATOR, OPERATOR_GEMAPI)
    dossier = ActionSpec(
        "passe", "Dossier d'autorisation de la passe à poissons du moulin de Brassac",
        "Faire établir le projet et déposer le dossier d'autorisation environnementale.",
        "2025-09-30", OPERATOR_GEMAPI, "Syndicat mixte du bassin de la Vèze - service rivières",
        ((60, "Avant-projet validé par l'OFB."),),
        ("2025-07-04", "Dossier d'autorisation déposé en préfecture; travaux programmés à l'étiage 2026."),
    )
    story.launch(dossier)
    story.report(dossier)
    app.close_dialogue(
        CONVENOR,
        dialogue_id,
        summary=(
            "Concertation close : le scénario est décidé et son dossier déposé; les travaux seront suivis "
            "dans le projet de territoire pour la gestion de l'eau de la Vèze."
        ),
    )
