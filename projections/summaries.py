"""A one-line human summary of every act, in French and in English, built from the event alone.

``SUMMARIES`` maps each public act name to its (French, English) template. A
template is a format string over the event's fields (and, for acts that note
something in the dialogue's record, the fields of ``details``), or a small
function for the few acts that need more than a format string. Format specs:

* ``{field}``: the value on one line (a list is joined with ", ");
* ``{field:short}``: free text, on one line and cut to ``SHORT`` characters;
* ``{field:when}``: an ISO date and time shown as ``2026-03-12 18:30``;
* ``{field:#one/many}``: a count (the number, or the length of a list) with
  its noun in the singular or the plural, by the rule of the language;
* ``{field:LABEL}``: the value's name in ``LABELS[LABEL]`` (roles, stages...).

Personal data never enters a summary: stakeholders appear by category and
organisation (their contact is sealed in the event and stays so), and free
texts likely to name a person (who raised a concern, why a member left, a
project team, the text of minutes) are counted or left out, never quoted.
"""

from collections.abc import Callable
from string import Formatter
from typing import Any

from domain.acts import ACTS, ACTS_BY_EVENT

LANGUAGES = ("fr", "en")
SHORT = 80
"""Longest free text quoted in a summary, in characters."""

LABELS: dict[str, dict[str, dict[Any, str]]] = {
    "role": {
        "fr": {
            "convenor": "porteur de la démarche",
            "facilitator": "animateur",
            "steering_member": "membre du comité de pilotage",
            "stakeholder": "partie prenante",
            "expert": "expert",
            "technician": "technicien",
            "decision_maker": "représentant de l'instance légitime",
            "operator": "opérateur",
            "auditor": "auditeur",
        },
        "en": {
            "convenor": "convenor",
            "facilitator": "facilitator",
            "steering_member": "steering committee member",
            "stakeholder": "stakeholder",
            "expert": "expert",
            "technician": "technician",
            "decision_maker": "decision-maker",
            "operator": "operator",
            "auditor": "auditor",
        },
    },
    "stage": {
        "fr": {
            "framing": "cadrage",
            "collective_work": "travail collectif",
            "decision_and_follow_up": "décision et suivi",
        },
        "en": {
            "framing": "framing",
            "collective_work": "collective work",
            "decision_and_follow_up": "decision and follow-up",
        },
    },
    "category": {
        "fr": {
            "elected_official": "élu",
            "administration": "administration",
            "association": "association",
            "economic_actor": "acteur économique",
            "farmer": "agriculteur",
            "resident": "habitant",
            "expert": "expert",
            "other": "autre",
        },
        "en": {
            "elected_official": "elected official",
            "administration": "administration",
            "association": "association",
            "economic_actor": "economic actor",
            "farmer": "farmer",
            "resident": "resident",
            "expert": "expert",
            "other": "other",
        },
    },
    "instance_kind": {
        "fr": {
            "steering_committee": "comité de pilotage",
            "consultation_group": "groupe de concertation",
            "technical_committee": "comité technique",
            "other": "autre instance",
        },
        "en": {
            "steering_committee": "steering committee",
            "consultation_group": "consultation group",
            "technical_committee": "technical committee",
            "other": "other instance",
        },
    },
    "rule": {
        "fr": {"consensus": "consensus", "consent": "consentement", "majority": "majorité"},
        "en": {"consensus": "consensus", "consent": "consent", "majority": "majority"},
    },
    "contribution_kind": {
        "fr": {
            "observation": "observation",
            "concern": "préoccupation",
            "idea": "idée",
            "question": "question",
        },
        "en": {"observation": "observation", "concern": "concern", "idea": "idea", "question": "question"},
    },
    "round_outcome": {
        "fr": {"validated": "validée", "not_validated": "non validée", "withdrawn": "retirée"},
        "en": {"validated": "validated", "not_validated": "not validated", "withdrawn": "withdrawn"},
    },
    "expertise_kind": {
        "fr": {"analysis": "analyse", "local_knowledge": "savoirs locaux", "study": "étude complémentaire"},
        "en": {"analysis": "analysis", "local_knowledge": "local knowledge", "study": "complementary study"},
    },
    "link_target": {
        "fr": {
            "population": "la population",
            "programmes": "les programmes en cours",
            "experts": "les experts",
            "decision_makers": "les décideurs",
        },
        "en": {
            "population": "the population",
            "programmes": "ongoing programmes",
            "experts": "experts",
            "decision_makers": "decision-makers",
        },
    },
    "feasible": {
        "fr": {True: "faisable", False: "non faisable"},
        "en": {True: "feasible", False: "not feasible"},
    },
    "body": {
        "fr": {
            "conseil_municipal": "le conseil municipal",
            "conseil_communautaire": "le conseil communautaire",
            "bureau_du_syndicat": "le bureau du syndicat",
        },
        "en": {
            "conseil_municipal": "conseil municipal",
            "conseil_communautaire": "conseil communautaire",
            "bureau_du_syndicat": "bureau du syndicat",
        },
    },
}


def one_line(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str) -> str:
    """At most ``SHORT`` characters, cut at a word boundary when there is one near the end."""
    if len(text) <= SHORT:
        return text
    cut = text[: SHORT - 1]
    head, space, _ = cut.rpartition(" ")
    if space and len(head) >= SHORT * 3 // 4:
        cut = head
    return cut.rstrip(" ,;:.-") + "…"


def plural(count: int, one: str, many: str, language: str) -> str:
    """``count`` with its noun: French takes the singular for 0 and 1, English for 1 only."""
    singular = count <= 1 if language == "fr" else count == 1
    return f"{count} {one if singular else many}"


def _text(value: Any, language: str) -> str:
    if type(value) is str and value.isprintable():
        return value  # already on one line: the common case, kept fast
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return one_line(", ".join(map(str, value)))
    return one_line(str(value))


def _formatter(spec: str) -> Callable[[Any, str], str]:
    """How a value is shown at a place of spec ``spec`` (see the module's docstring)."""
    if spec.startswith("#"):
        one, _, many = spec[1:].partition("/")
        return lambda value, language: plural(
            value if isinstance(value, int) else len(value), one, many or one, language
        )
    if spec in LABELS:
        labels = LABELS[spec]
        return lambda value, language: labels[language].get(value) or _text(value, language)
    if spec == "short":
        return lambda value, language: shorten(_text(value, language))
    if spec == "when":
        return lambda value, language: _text(value, language).replace("T", " ", 1)[:16]
    if spec == "":
        return _text
    raise ValueError(f"unknown format spec {spec!r}")


_MISSING = object()


def field(event: Any, name: str) -> Any:
    """The event's field ``name``, or the entry ``name`` of its ``details`` (noted acts)."""
    value = getattr(event, name, _MISSING)
    if value is _MISSING:
        details = getattr(event, "details", None)
        if not isinstance(details, dict) or name not in details:
            raise KeyError(f"{type(event).__name__} has no field {name!r}")
        value = details[name]
    return value


Render = Callable[[Any, str], str]
"""(event, language) -> the summary."""
Template = str | Render


def compile_template(template: str) -> Render:
    """A format string of the table, parsed once: rendering only looks fields up and joins."""
    head = ""
    places: list[tuple[str, Render, str]] = []
    """Each field's name, its formatter, and the text that follows it."""
    for literal, name, spec, conversion in Formatter().parse(template):
        if places:
            name_, format_, text = places[-1]
            places[-1] = (name_, format_, text + literal)
        else:
            head += literal
        if name is not None:
            if conversion or not name.isidentifier():
                raise ValueError(f"{template!r}: only {{field}} or {{field:spec}} may be used")
            places.append((name, _formatter(spec or ""), ""))

    def render(event: Any, language: str) -> str:
        text = head
        for name, format_, after in places:
            value = getattr(event, name, _MISSING)
            if value is _MISSING:
                value = field(event, name)
            text += format_(value, language) + after
        return text

    return render


# --- the acts that need more than a format string ----------------------------------


def _with_waiver(template: str, met: str, waived: str) -> Template:
    """Stage changes: say whether every exit indicator held, or which waiver was given."""
    when_met, when_waived = compile_template(template + met), compile_template(template + waived)

    def render(event: Any, language: str) -> str:
        return (when_met if field(event, "waiver") is None else when_waived)(event, language)

    return render


OUTCOMES = ("adopted", "adopted_with_changes", "rejected", "deferred")
OUTCOME_WORDS = {
    "fr": {
        "adopted": ("adoptée", "adoptées"),
        "adopted_with_changes": ("adoptée avec modifications", "adoptées avec modifications"),
        "rejected": ("rejetée", "rejetées"),
        "deferred": ("reportée", "reportées"),
    },
    "en": {
        "adopted": ("adopted", "adopted"),
        "adopted_with_changes": ("adopted with changes", "adopted with changes"),
        "rejected": ("rejected", "rejected"),
        "deferred": ("deferred", "deferred"),
    },
}
PROPOSAL_NOUN = {"fr": ("proposition", "propositions"), "en": ("proposal", "proposals")}


def _decision(template: str) -> Template:
    """``3 propositions adoptées, 1 rejetée``: the noun once, then each outcome that occurs."""

    def render(event: Any, language: str) -> str:
        outcomes = [item["outcome"] for item in field(event, "outcomes")]
        parts: list[str] = []
        for outcome in OUTCOMES:
            count = outcomes.count(outcome)
            if count:
                word = plural(count, *OUTCOME_WORDS[language][outcome], language)
                if not parts:
                    noun = plural(count, *PROPOSAL_NOUN[language], language).split(" ", 1)[1]
                    word = word.replace(" ", f" {noun} ", 1)
                parts.append(word)
        body = LABELS["body"][language].get(field(event, "body"))
        return template.format(
            body=body or one_line(field(event, "body_name")),
            reference=one_line(field(event, "deliberation_reference")),
            outcomes=", ".join(parts),
        )

    return render


# --- the table ----------------------------------------------------------------------

SUMMARIES: dict[str, tuple[Template, Template]] = {
    # Cross-stage
    "dialogue-opened": (
        "Dialogue ouvert : « {title} » ({territory})",
        'Dialogue opened: "{title}" ({territory})',
    ),
    "role-granted": (
        "Rôle « {role:role} » attribué au compte {account_id}",
        'Role "{role:role}" granted to account {account_id}',
    ),
    "role-revoked": (
        "Rôle « {role:role} » retiré au compte {account_id}",
        'Role "{role:role}" revoked from account {account_id}',
    ),
    "stage-advanced": (
        _with_waiver(
            "Passage de l'étape « {from_stage:stage} » à l'étape « {to_stage:stage} »",
            " (indicateurs de sortie remplis)",
            " par dérogation : {waiver:short}",
        ),
        _with_waiver(
            'Stage advanced from "{from_stage:stage}" to "{to_stage:stage}"',
            " (exit indicators met)",
            " by waiver: {waiver:short}",
        ),
    ),
    # Stage 1: framing
    "framework-defined": (
        "Cadre défini : {expected_results:#résultat attendu/résultats attendus},"
        " {objects:#objet de concertation/objets de concertation}, {calendar:#jalon/jalons}",
        "Framework defined: {expected_results:#expected result/expected results},"
        " {objects:#object of consultation/objects of consultation}, {calendar:#milestone/milestones}",
    ),
    "internal-organisation-set": (
        "Organisation interne définie : équipe projet de {project_team:#membre/membres}",
        "Internal organisation set: project team of {project_team:#member/members}",
    ),
    "stakeholder-identified": (
        "Partie prenante identifiée : {category:category}, {organisation}",
        "Stakeholder identified: {category:category}, {organisation}",
    ),
    "participation-confirmed": (
        "Participation confirmée le {confirmed_on}",
        "Participation confirmed on {confirmed_on}",
    ),
    "concern-recorded": (
        "Préoccupation recueillie : « {concern:short} »",
        'Concern recorded: "{concern:short}"',
    ),
    "feasibility-assessed": (
        "Faisabilité évaluée : démarche jugée {feasible:feasible}",
        "Feasibility assessed: the process is judged {feasible:feasible}",
    ),
    "topic-added": ("Thème ajouté : « {topic} »", 'Topic added: "{topic}"'),
    "instance-designed": (
        "Instance conçue : « {name} » ({kind:instance_kind}, validation par {functioning_rule:rule})",
        'Instance designed: "{name}" ({kind:instance_kind}, validates by {functioning_rule:rule})',
    ),
    "member-added": ("Membre ajouté à l'instance", "Member added to the instance"),
    "member-removed": ("Membre retiré de l'instance", "Member removed from the instance"),
    "link-modality-defined": (
        "Modalité de lien définie avec {target:link_target} : {modality:short}",
        "Link modality defined with {target:link_target}: {modality:short}",
    ),
    "design-submitted": (
        "Dispositif soumis au comité de pilotage",
        "Design submitted to the steering committee",
    ),
    "design-validated": (
        "Dispositif validé par le comité de pilotage",
        "Design validated by the steering committee",
    ),
    "design-returned": (
        "Dispositif renvoyé par le comité de pilotage : {reasons:short}",
        "Design returned by the steering committee: {reasons:short}",
    ),
    "approach-made-public": (
        "Démarche rendue publique le {published_on} ({channels})",
        "Approach made public on {published_on} ({channels})",
    ),
    "launch-meeting-held": (
        "Réunion publique de lancement tenue le {held_on} : {attendance:#participant/participants}",
        "Public launch meeting held on {held_on}: {attendance:#participant/participants}",
    ),
    # Stage 2: collective work
    "meeting-scheduled": (
        "Réunion « {title} » programmée le {starts_at:when} ({place})",
        'Meeting "{title}" scheduled for {starts_at:when} ({place})',
    ),
    "meeting-held": (
        "Réunion tenue le {held_on} : {attendance:#présent/présents}, {excused:#excusé/excusés}",
        "Meeting held on {held_on}: {attendance:#attendee/attendees}, {excused:#excused}",
    ),
    "minutes-recorded": ("Compte rendu de réunion enregistré", "Meeting minutes recorded"),
    "minutes-corrected": (
        "Compte rendu de réunion corrigé : {reason:short}",
        "Meeting minutes corrected: {reason:short}",
    ),
    "minutes-drafted": ("Projet de compte rendu enregistré", "Draft of the minutes saved"),
    "live-session-opened": ("Séance en direct ouverte", "Live session opened"),
    "live-session-closed": ("Séance en direct close", "Live session closed"),
    "agenda-pointer-moved": (
        "Ordre du jour : point en discussion « {label:short} »",
        'Agenda: now discussing "{label:short}"',
    ),
    "contribution-posted": (
        "Contribution au diagnostic partagé ({kind:contribution_kind}) : « {text:short} »",
        'Contribution to the shared diagnosis ({kind:contribution_kind}): "{text:short}"',
    ),
    "contribution-clustered": (
        "Contribution regroupée sous « {cluster} »",
        'Contribution clustered under "{cluster}"',
    ),
    "contribution-endorsed": ("Contribution soutenue", "Contribution endorsed"),
    "cluster-named": ("Regroupement « {cluster} » nommé « {name} »", 'Cluster "{cluster}" named "{name}"'),
    "proposal-drafted": (
        "Proposition rédigée : « {title} » (thème « {topic} »)",
        'Proposal drafted: "{title}" (topic "{topic}")',
    ),
    "proposal-amended": ("Proposition amendée : {rationale:short}", "Proposal amended: {rationale:short}"),
    "proposal-endorsed": ("Proposition soutenue", "Proposal endorsed"),
    "proposal-objected": (
        "Objection à la proposition : {reason:short}",
        "Objection to the proposal: {reason:short}",
    ),
    "objection-resolved": ("Objection levée : {resolution:short}", "Objection resolved: {resolution:short}"),
    "proposal-validated": (
        "Proposition validée par son instance ({rule:rule}, {endorsements:#soutien/soutiens})",
        "Proposal validated by its instance ({rule:rule}, {endorsements:#endorsement/endorsements})",
    ),
    "consent-round-opened": (
        "Tour de consentement ouvert sur « {title} » ({rule:rule}, {members:#membre/membres})",
        'Consent round opened on "{title}" ({rule:rule}, {members:#member/members})',
    ),
    "consent-round-closed": (
        "Tour de consentement clos : « {title} » {outcome:round_outcome} ({rule:rule} : "
        "{endorsements:#soutien/soutiens}, {objections:#objection/objections}, {members:#membre/membres})",
        'Consent round closed: "{title}" {outcome:round_outcome} ({rule:rule}: '
        "{endorsements:#endorsement/endorsements}, {objections:#objection/objections}, "
        "{members:#member/members})",
    ),
    "proposal-withdrawn": ("Proposition retirée : {reason:short}", "Proposal withdrawn: {reason:short}"),
    "agreement-drafted": (
        "Accord rédigé : « {title} » ({proposal_ids:#proposition/propositions})",
        'Agreement drafted: "{title}" ({proposal_ids:#proposal/proposals})',
    ),
    "agreement-approved": ("Accord approuvé par une partie prenante", "Agreement approved by a stakeholder"),
    "agreement-validated": (
        "Accord validé par les parties prenantes ({approvals:#approbation/approbations})",
        "Agreement validated by the stakeholders ({approvals:#approval/approvals})",
    ),
    "technical-translation-recorded": (
        "Traduction technique enregistrée : {operational_form:short} (coût estimé : {cost_estimate:short})",
        "Technical translation recorded: {operational_form:short} (estimated cost: {cost_estimate:short})",
    ),
    "steering-review-held": (
        "Point d'étape du comité de pilotage tenu le {held_on}",
        "Steering review held on {held_on}",
    ),
    "expertise-provided": (
        "Expertise apportée ({kind:expertise_kind}) : « {title} »",
        'Expertise provided ({kind:expertise_kind}): "{title}"',
    ),
    "programme-linked": (
        "Programme en cours articulé à la démarche : « {programme} »",
        'Ongoing programme linked: "{programme}"',
    ),
    "population-informed": (
        "Population informée le {on} ({means:short})",
        "Population informed on {on} ({means:short})",
    ),
    "population-consulted": (
        "Population consultée le {on} ({means:short}) : {participants:#participant/participants}",
        "Population consulted on {on} ({means:short}): {participants:#participant/participants}",
    ),
    "decision-makers-informed": (
        "Décideurs informés le {on} ({body:short})",
        "Decision-makers informed on {on} ({body:short})",
    ),
    "dysfunction-reported": (
        "Dysfonctionnement signalé, point faible : {weak_point:short}",
        "Dysfunction reported, weak point: {weak_point:short}",
    ),
    "adjustment-proposed": (
        "Ajustement proposé : {adjustment:short}",
        "Adjustment proposed: {adjustment:short}",
    ),
    "adjustment-adopted": (
        "Ajustement adopté par le comité de pilotage",
        "Adjustment adopted by the steering committee",
    ),
    "adjustment-rejected": (
        "Ajustement rejeté par le comité de pilotage : {reasons:short}",
        "Adjustment rejected by the steering committee: {reasons:short}",
    ),
    # Stage 3: decision and follow-up
    "results-presented": (
        "Résultats présentés aux décideurs ({body:short}) le {presented_on} :"
        " {proposal_ids:#proposition/propositions}",
        "Results presented to the decision-makers ({body:short}) on {presented_on}:"
        " {proposal_ids:#proposal/proposals}",
    ),
    "process-reviewed": (
        "Démarche passée en revue avec le comité de pilotage le {on}",
        "Process reviewed with the steering committee on {on}",
    ),
    "decision-adopted": (
        _decision("Décision adoptée par {body} (délibération {reference}) : {outcomes}"),
        _decision("Decision adopted by {body} (deliberation {reference}): {outcomes}"),
    ),
    "decision-communicated": (
        "Décision communiquée aux participants le {communicated_on} ({channels})",
        "Decision communicated to participants on {communicated_on} ({channels})",
    ),
    "process-evaluated": (
        "Démarche évaluée : {strengths:#point fort/points forts},"
        " {improvements:#piste d'amélioration/pistes d'amélioration}",
        "Process evaluated: {strengths:#strength/strengths}, {improvements:#improvement/improvements}",
    ),
    "action-created": (
        "Action créée : « {title} » (échéance {due_on})",
        'Action created: "{title}" (due {due_on})',
    ),
    "operator-assigned": (
        "Opérateur désigné : {organisation} (compte {operator_id})",
        "Operator assigned: {organisation} (account {operator_id})",
    ),
    "progress-reported": ("Avancement signalé : {percent} %", "Progress reported: {percent}%"),
    "action-completed": ("Action achevée le {completed_on}", "Action completed on {completed_on}"),
    "dialogue-continued": (
        "Dialogue poursuivi : prochaine rencontre le {next_meeting_on}",
        "Dialogue continued: next meeting on {next_meeting_on}",
    ),
    "dialogue-closed": (
        _with_waiver("Dialogue clos", " (indicateurs de sortie remplis)", " par dérogation : {waiver:short}"),
        _with_waiver("Dialogue closed", " (exit indicators met)", " by waiver: {waiver:short}"),
    ),
}


def check_language(language: str) -> int:
    """The index of ``language`` ("fr", "en"; "fr-FR" is taken as "fr"); ValueError otherwise."""
    primary = language.replace("_", "-").split("-", 1)[0].lower() if isinstance(language, str) else None
    if primary not in LANGUAGES:
        raise ValueError(f"language: must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return LANGUAGES.index(primary)


def _renderers_of(act: str) -> tuple[Render, Render]:
    # An act without a line in SUMMARIES (the tests forbid it) is still named, never dropped.
    french, english = SUMMARIES.get(act, (f"Acte « {act} »", f'Act "{act}"'))
    return (
        french if callable(french) else compile_template(french),
        english if callable(english) else compile_template(english),
    )


RENDERERS: dict[str, tuple[Render, Render]] = {act: _renderers_of(act) for act in ACTS}
"""Every act of the catalogue -> its (French, English) renderers."""


def summarise(event: Any, language: str) -> str:
    """The one-line summary of the act recorded by ``event``, in ``language`` ("fr" or "en").

    ValueError for an event that is not an act (bookkeeping) or an unknown language.
    """
    index = check_language(language)
    return _renderers(event)[index](event, LANGUAGES[index])


def summaries(event: Any) -> tuple[str, str]:
    """Both summaries of the act recorded by ``event``: (French, English)."""
    french, english = _renderers(event)
    return french(event, "fr"), english(event, "en")


def _renderers(event: Any) -> tuple[Render, Render]:
    spec = ACTS_BY_EVENT.get(type(event).__name__)
    if spec is None:
        raise ValueError(f"event: {type(event).__name__} is not an act")
    return RENDERERS[spec.name]
