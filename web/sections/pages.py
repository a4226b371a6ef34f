"""A dialogue's published record, one readable page per part of the fiche.

What the fiche asks a dialogue to publish (its framework and method, the
shared diagnosis, agreements and the provisional action plan, expertise,
programmes, the information and consultation of the population, regulation,
evaluation), each at ``/dialogues/<slug>/<section>``, from the
``transparency_log`` read model as the dialogue's page reads it: one page of each
growing list, the latest items of each list of notes; the contributions to the
shared diagnosis, cluster by cluster a page at a time, from the ``diagnosis``
read model. No person's name: the parts name organisations and categories.
"""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.dialogue import dialogue_id_for
from projections.diagnosis import clusters, contributions_page
from projections.transparency_log.page import dialogue_page
from web.extensions import read
from web.i18n.fieldlabels import CHOICES
from web.i18n.labels import labeller
from web.i18n.public_labels import CONTRIBUTIONS
from web.public import charts
from web.public.items import check_shown
from web.public.paging import LISTINGS, page_numbers

bp = Blueprint("sections", __name__)
bp.add_app_template_filter(labeller(CHOICES), "choice_label")


@dataclass(frozen=True)
class Section:
    """A page of a dialogue's record: its address, its title, and what it holds in one line."""

    name: str
    title: LazyString
    summary: LazyString


SECTIONS = {
    section.name: section
    for section in (
        Section(
            "framework",
            _l("Framework and method"),
            _l(
                "What is and is not open to discussion, who runs the dialogue, its instances and their rules."
            ),
        ),
        Section(
            "diagnosis",
            _l("Shared diagnosis"),
            _l("The concerns heard while preparing the dialogue and the contributions of the participants."),
        ),
        Section(
            "agreements",
            _l("Agreements and provisional action plan"),
            _l("The texts the groups validated and what was presented to the decision-makers."),
        ),
        Section(
            "expertise",
            _l("Expertise and local knowledge"),
            _l("Studies, analyses and local knowledge brought to the groups."),
        ),
        Section(
            "programmes",
            _l("Ongoing programmes"),
            _l("The programmes of the territory the dialogue links up with."),
        ),
        Section(
            "population",
            _l("Information and consultation of the population"),
            _l("How the inhabitants were informed and consulted, and what they said."),
        ),
        Section(
            "regulation",
            _l("Regulation: dysfunctions and adjustments"),
            _l("The weak points reported during the dialogue and what the steering committee decided."),
        ),
        Section(
            "evaluation",
            _l("Evaluation and follow-up"),
            _l("The review of the process, its evaluation, and how the dialogue continues."),
        ),
    )
}
"""The pages, in the order of the fiche (in templates: ``record_sections``)."""
bp.record_once(lambda state: state.app.jinja_env.globals.update(record_sections=SECTIONS))
KIND_ICONS = {"observation": "◉", "concern": "⚠", "idea": "✦", "question": "?"}
"""The icon beside the word of each kind of contribution (the word is always there)."""


@bp.get("/dialogues/<slug>/<any(" + ", ".join(SECTIONS) + "):name>")
def section(slug: str, name: str) -> str:
    """One part of the dialogue's record (``?agreements=2``, ``?dysfunctions=2``: the page of a list)."""
    check_shown(slug)
    numbers = page_numbers(request.args)
    diagnosis: dict[str, Any] = {}
    with read() as sql:
        view = dialogue_page(sql, dialogue_id_for(slug), numbers)
        if view is not None and name == "diagnosis":
            diagnosis = {
                "clusters": clusters(sql, view["id"]),
                "contributions": contributions_page(sql, view["id"], numbers["contributions"]),
            }
    if view is None:
        abort(404)
    return render_template(
        f"sections/{name}.html",
        d=view,
        section=SECTIONS[name],
        pages=view["pages"],
        listings=LISTINGS,
        contributions_chart=contributions_chart(view) if name == "diagnosis" else None,
        kind_icons=KIND_ICONS,
        **diagnosis,
    )


def contributions_chart(view: dict[str, Any]) -> Any:
    counts = view["contributions"]["by_kind"]
    bars = [charts.Bar(str(CONTRIBUTIONS.get(kind, kind)), n) for kind, n in counts.items()]
    return charts.bar_chart(
        "contributions-chart",
        _("Contributions by kind"),
        _("Number of contributions posted to the shared diagnosis, by kind."),
        bars,
    )
