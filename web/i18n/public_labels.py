"""What the public pages call categories, instance kinds, outcomes and the steps of a path.

Registered as template filters by the public blueprint; an id without a
label shows as itself (see :func:`web.i18n.labels.labeller`).
"""

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from web.i18n.catalogue import lazy
from web.i18n.fieldlabels import OUTCOME_CHOICES

CATEGORIES = {
    "elected_official": _l("Elected official"),
    "administration": _l("Administration"),
    "association": _l("Association"),
    "economic_actor": _l("Economic actor"),
    "farmer": _l("Farmer"),
    "resident": _l("Resident"),
    "expert": _l("Expert"),
    "other": _l("Other"),
}

INSTANCE_KINDS = {
    "steering_committee": _l("Steering committee"),
    "consultation_group": _l("Consultation group"),
    "technical_committee": _l("Technical committee"),
    "other": _l("Other instance"),
}

RULES = {
    "consensus": _l("consensus"),
    "consent": _l("consent (no reasoned objection)"),
    "majority": _l("majority"),
}

OUTCOMES = lazy(OUTCOME_CHOICES)

STEPS = {
    **OUTCOMES,
    "drafted": _l("drafted"),
    "amended": _l("amended"),
    "validated": _l("validated by its instance"),
    "withdrawn": _l("withdrawn"),
    "translated": _l("translated by a technician"),
    "presented": _l("presented to the decision-makers"),
    "outcome": _l("ruled on"),
}

FATES = {
    **OUTCOMES,
    "pending": _l("pending"),
    "withdrawn": _l("withdrawn"),
}
"""What became of a proposal, as the public page counts them (any status before an outcome is pending)."""

OBJECTIONS = {
    "open": _l("open"),
    "lifted": _l("lifted"),
    "resolved": _l("resolved"),
}

BODIES = {
    "conseil_municipal": _l("Municipal council"),
    "conseil_communautaire": _l("Community council"),
    "bureau_du_syndicat": _l("Board of the syndicate"),
    "other_deliberative_body": _l("Other deliberative body"),
}

REGULATION = {
    "reported": _l("reported"),
    "proposed": _l("adjustment proposed"),
    "adopted": _l("adjustment adopted"),
    "rejected": _l("adjustment rejected"),
}

DESIGN = {
    "submitted": _l("submitted"),
    "validated": _l("validated"),
    "returned": _l("returned"),
}


def votes_text(votes: Mapping[str, int]) -> str:
    """The votes of a decision, agreeing in number with the abstentions."""
    return str(
        ngettext(
            "Votes: %(yes)s for, %(no)s against, %(num)s abstention",
            "Votes: %(yes)s for, %(no)s against, %(num)s abstentions",
            votes.get("abstentions", 0),
            yes=votes.get("for", 0),
            no=votes.get("against", 0),
        )
    )


FILTERS = {
    "category_label": CATEGORIES,
    "instance_kind_label": INSTANCE_KINDS,
    "rule_label": RULES,
    "outcome_label": OUTCOMES,
    "step_label": STEPS,
    "body_label": BODIES,
    "regulation_label": REGULATION,
    "design_label": DESIGN,
    "fate_label": FATES,
    "objection_label": OBJECTIONS,
}

CONTRIBUTIONS = {
    "observation": _l("observations"),
    "concern": _l("concerns"),
    "idea": _l("ideas"),
    "question": _l("questions"),
}
FILTERS["contribution_label"] = CONTRIBUTIONS
