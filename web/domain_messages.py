"""What the domain says, in the reader's language: indicator details, refused values, refused acts.

The domain words its notes and errors in English (the CLI prints them so) and
also gives them as a code with named values. Here each known code has its
translatable wording with the same named values (``%(name)s``); an unknown
code, or none, shows the domain's English.
"""

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from domain.errors import DomainError, InvalidActError
from web.labels import ACTS, ROLES, STAGES

INDICATOR_NOTES = {
    "framework-not-defined": _l("expected results, objects and perimeter not defined"),
    "framework-formalised": _l("expected results, objects and perimeter formalised"),
    "no-steering-committee": _l("no steering committee designed"),
    "no-consultation-group": _l("no consultation group designed"),
    "instance-without-members": _l("instance “%(instance)s” has no members"),
    "instances-defined": _l("%(count)s instances with composition, work object and schedule"),
    "design-not-validated": _l("design not validated by the steering committee"),
    "approach-not-public": _l("approach not made public"),
    "approach-validated-and-public": _l("validated by the steering committee and made public"),
    "no-proposal-validated": _l("no proposal validated by its instance"),
    "proposals-validated": _l("%(count)s proposals validated by their instance"),
    "no-agreement-validated": _l("no agreement or provisional action plan validated by the stakeholders"),
    "agreements-validated": _l("%(count)s agreements validated by the stakeholders"),
    "no-proposal-to-translate": _l("no validated proposal to translate"),
    "proposal-not-translated": _l("proposal “%(proposal)s” not translated"),
    "proposals-translated": _l("%(count)s validated proposals translated by technicians"),
    "no-proposal-adopted": _l("no proposal adopted by the decision-makers"),
    "proposals-adopted": _l("%(count)s proposals adopted by the decision-makers"),
    "no-action": _l("no action created"),
    "action-without-operator": _l("action “%(action)s” has no operator"),
    "operators-identified": _l("an operator for each of the %(count)s actions"),
}
"""The pieces of an exit indicator's detail (domain.indicators.NOTES)."""

INVALID_VALUES = {
    "text": _l("must be text"),
    "required": _l("is required"),
    "texts": _l("must be a list of texts"),
    "at-least-one": _l("needs at least one entry"),
    "choice": _l("must be one of %(choices)s"),
    "count": _l("must be a whole number (0 or more)"),
    "percent": _l("must be between 0 and 100"),
    "date": _l("must be a date as YYYY-MM-DD"),
    "datetime": _l("must be a date and time as YYYY-MM-DDTHH:MM"),
}
"""The reasons the domain's checks refuse a value (domain.base.check_*)."""

REFUSALS = {
    "closed": _l("“%(act)s”: the dialogue “%(dialogue)s” is closed."),
    "wrong-stage": _l("“%(act)s” belongs to the stage “%(stages)s”; the dialogue is at “%(stage)s”."),
    "wrong-role": _l("“%(act)s” is for the roles %(allowed)s, not %(role)s."),
}
"""Acts refused by the dialogue's guards (domain.dialogue.check_accepts, domain.base.Actor)."""

LABELLED = {"act": ACTS, "stage": STAGES, "role": ROLES}
"""Named values that are ids of acts, stages or roles: shown by their labels."""


def translated(table: Mapping[str, LazyString], code: str | None, params: Mapping[str, Any]) -> str | None:
    """The translation of ``code`` with its named values; None when the code is unknown."""
    wording = table.get(code) if code else None
    if wording is None:
        return None
    try:
        return str(wording) % dict(params) if params else str(wording)
    except (KeyError, TypeError, ValueError):
        return None


def worded(table: Mapping[str, LazyString], code: str | None, params: Mapping[str, Any], english: str) -> str:
    """The translation of ``code`` with its named values, or ``english`` when the code is unknown."""
    text = translated(table, code, params)
    return english if text is None else text


def indicator_detail(indicator: Mapping[str, Any]) -> str:
    """An indicator's detail in the reader's language, from its notes (its English detail without them)."""
    english = str(indicator.get("detail", ""))
    notes = indicator.get("notes")
    if not notes:
        return english
    pieces = [translated(INDICATOR_NOTES, n.get("code"), n.get("params") or {}) for n in notes]
    return english if None in pieces else "; ".join(p for p in pieces if p is not None)


def invalid_value(error: InvalidActError) -> str:
    """Why a value was refused, in the reader's language."""
    return worded(INVALID_VALUES, error.code, error.params, error.message)


def refusal(error: DomainError) -> str:
    """Why an act was refused, in the reader's language (the English message for an unknown code)."""
    code = getattr(error, "code", None)
    params = dict(getattr(error, "params", None) or {})
    for name, table in LABELLED.items():
        if name in params:
            params[name] = str(table.get(params[name], params[name]))
    for name in ("stages", "allowed"):
        table = STAGES if name == "stages" else ROLES
        if isinstance(params.get(name), list | tuple):
            params[name] = ", ".join(str(table.get(v, v)) for v in params[name])
    return worded(REFUSALS, code, params, str(error))


def init_app(app: Flask) -> None:
    app.add_template_filter(indicator_detail, "indicator_detail")
