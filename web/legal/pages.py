"""The site's frame and the pages a French public site must have.

The frame: the local authority's name, logo and accent colour
(:func:`application.settings.organisation`, in every template as
``organisation``), and the footer's conformance status. The pages: the
accessibility statement (RGAA 4.1), the legal notice, personal data, and the
site map.
"""

from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, render_template, send_file
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from application.settings import DEFAULT_COLOUR, Organisation, organisation
from projections.transparency_log import TransparencyLogProjection as Log
from web.extensions import dialogues, read
from web.i18n.languages import language
from web.sections.pages import SECTIONS

bp = Blueprint("legal", __name__)

CONFORMANCE = {
    "none": _l("not compliant"),
    "partial": _l("partially compliant"),
    "total": _l("fully compliant"),
}
"""The RGAA's three statuses, as the footer and the statement word them."""


def conformance(rate: float | None) -> str:
    """The RGAA status for the rate of criteria an audit found met: "none" without an audit or under 50 %."""
    if rate is None or rate < 50:
        return "none"
    return "total" if rate >= 100 else "partial"


CONTENT_LANGUAGE = "fr"
"""The language the local authority and the participants write in: French local authorities."""


def the_organisation() -> Organisation:
    found: Organisation = current_app.extensions["organisation"]
    return found


@bp.app_context_processor
def frame() -> dict[str, Any]:
    """What base.html draws the frame with: the organisation, the conformance status, and
    ``content_lang``, the attribute that marks French content inside a page in another language."""
    found = the_organisation()
    status = CONFORMANCE[conformance(found.audit_rate)]
    foreign = language() != CONTENT_LANGUAGE
    return {
        "organisation": found,
        "conformance": status,
        "DEFAULT_COLOUR": DEFAULT_COLOUR,
        "content_lang": Markup(' lang="{}"').format(CONTENT_LANGUAGE) if foreign else Markup(),
    }


@bp.app_template_filter("content")
def content(text: object) -> Markup | object:
    """A text the authority or the participants wrote, marked French inside a page in another language."""
    if language() == CONTENT_LANGUAGE or text is None:
        return text
    return Markup('<span lang="{}">{}</span>').format(CONTENT_LANGUAGE, text)


@bp.get("/organisation/logo")
def logo() -> Response:
    """The organisation's logo, from the file its setting names."""
    found = the_organisation()
    if found.logo is None:
        abort(404)
    return send_file(found.logo, mimetype=found.logo_type, max_age=3600)


@bp.get("/organisation/colours.css")
def colours() -> Response:
    """The accent colour of the organisation, over the style sheet's (no inline style: CSP)."""
    body = f":root {{ --accent: {the_organisation().colour}; }}\n"
    response = Response(body, content_type="text/css; charset=utf-8")
    response.cache_control.max_age = 3600
    return response


@bp.get("/accessibility")
def accessibility() -> str:
    found = the_organisation()
    return render_template(
        "legal/accessibility.html", status=conformance(found.audit_rate), rate=found.audit_rate
    )


@bp.get("/legal-notice")
def legal_notice() -> str:
    return render_template("legal/legal_notice.html")


@bp.get("/personal-data")
def personal_data() -> str:
    lifetime = current_app.permanent_session_lifetime.days
    retention = float(dialogues().env.get("KEY_ENCRYPTION_KEY_RETENTION_DAYS") or 0)
    return render_template(
        "legal/personal_data.html", session_days=lifetime, kek_retention_days=round(retention)
    )


@bp.get("/sitemap")
def sitemap() -> str:
    """Every public page: the site's, and those of each public dialogue."""
    with read() as sql:
        listed = Log.dialogues(sql)
    return render_template("legal/sitemap.html", dialogues=listed, sections=SECTIONS)


def init_app(app: Flask) -> None:
    """Read and check the organisation's settings (a wrong one stops the start, naming the setting)."""
    app.extensions["organisation"] = organisation(app.config)
