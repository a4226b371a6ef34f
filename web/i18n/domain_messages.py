"""What the domain and the application say, in the reader's language: indicator details, refusals.

The domain words its notes and errors in English (the CLI prints them so) and
also gives them as a code with named values; so does the application its
errors (not found, not authorised, conflict), and the replay its own. Here each known code has its
translatable wording with the same named values (``%(name)s``); a wording
that counts something is a function of the named values that picks its
plural form by ``count`` (ngettext). An unknown code, or none, shows the
domain's English.
"""

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, ngettext

from application.errors import ApplicationError
from domain.errors import CodedError, DomainError, InvalidActError
from projections.replay import ReplayError
from web.i18n.catalogue import C_
from web.i18n.labels import ACTS, INDICATORS, ROLES, STAGES
from web.i18n.public_labels import DESIGN, REGULATION, STEPS
from web.i18n.refusal_texts import APPLICATION_ERRORS, REFUSALS, REPLAY_ERRORS, Wording

SEPARATOR = lazy_pgettext(*C_("between the items of a list whose items hold commas", "; "))
"""A semicolon between items, with its no-break space before it in French."""

INDICATOR_NOTES: dict[str, Wording] = {
    "framework-not-defined": _l("expected results, objects and perimeter not defined"),
    "framework-formalised": _l("expected results, objects and perimeter formalised"),
    "no-steering-committee": _l("no steering committee designed"),
    "no-consultation-group": _l("no consultation group designed"),
    "instance-without-members": _l("instance “%(instance)s” has no members"),
    "instances-defined": lambda p: ngettext(
        "%(count)s instance with composition, work object and schedule",
        "%(count)s instances with composition, work object and schedule",
        p["count"],
        **p,
    ),
    "design-not-validated": _l("design not validated by the steering committee"),
    "approach-not-public": _l("approach not made public"),
    "approach-validated-and-public": _l("validated by the steering committee and made public"),
    "no-proposal-validated": _l("no proposal validated by its instance"),
    "proposals-validated": lambda p: ngettext(
        "%(count)s proposal validated by its instance",
        "%(count)s proposals validated by their instance",
        p["count"],
        **p,
    ),
    "no-agreement-validated": _l("no agreement or provisional action plan validated by the stakeholders"),
    "agreements-validated": lambda p: ngettext(
        "%(count)s agreement validated by the stakeholders",
        "%(count)s agreements validated by the stakeholders",
        p["count"],
        **p,
    ),
    "no-proposal-to-translate": _l("no validated proposal to translate"),
    "proposal-not-translated": _l("proposal “%(proposal)s” not translated"),
    "proposals-translated": lambda p: ngettext(
        "%(count)s validated proposal translated by technicians",
        "%(count)s validated proposals translated by technicians",
        p["count"],
        **p,
    ),
    "no-proposal-adopted": _l("no proposal adopted by the decision-makers"),
    "proposals-adopted": lambda p: ngettext(
        "%(count)s proposal adopted by the decision-makers",
        "%(count)s proposals adopted by the decision-makers",
        p["count"],
        **p,
    ),
    "no-action": _l("no action created"),
    "action-without-operator": _l("action “%(action)s” has no operator"),
    "operators-identified": lambda p: ngettext(
        "%(count)s action with its operator", "%(count)s actions, each with its operator", p["count"], **p
    ),
}
"""The pieces of an exit indicator's detail (domain.indicators.NOTES)."""

INVALID_VALUES: dict[str, Wording] = {
    "text": _l("must be text"),
    "required": _l("is required"),
    "texts": _l("must be a list of texts"),
    "at-least-one": _l("needs at least one entry"),
    "choice": _l("must be one of %(choices)s"),
    "count": _l("must be a whole number (0 or more)"),
    "percent": _l("must be between 0 and 100"),
    "seconds": _l("must be between 1 and %(most)s seconds"),
    "no-hand": _l("has no hand raised"),
    "dots": _l("must be between 1 and %(most)s dots"),
    "nothing-to-vote": _l("there is nothing of this kind to vote on"),
    "not-an-option": _l("is not an option of this vote"),
    "no-dot-here": _l("holds none of your dots"),
    "date": _l("must be a date as YYYY-MM-DD"),
    "datetime": _l("must be a date and time as YYYY-MM-DDTHH:MM"),
    "boolean": _l("must be true or false"),
    "email": _l("is not an e-mail address"),
    "role-needs-dialogue": _l("a role goes with a dialogue: choose both, or neither"),
    "login": _l("use 1 to 64 lowercase letters, digits, dots, hyphens or underscores (no e-mail address)"),
    "reserved": _l("“%(login)s” is reserved"),
    "slug": _l("use lowercase letters, digits and hyphens only"),
    "part-id": _l("is not a valid id"),
    "unknown-part": _l("%(part)s is not part of this dialogue"),
    "undeclared-field": _l("is not a field of this act"),
    "other-instance": _l("belongs to another instance"),
    "other-dialogue": _l("belongs to another dialogue"),
    "not-a-member": _l("not a member of “%(instance)s”"),
    "role-not-held": _l("%(account)s does not hold the role %(role)s"),
    "topic-exists": _l("“%(topic)s” is already a topic"),
    "milestone": _l("each milestone needs a label and a date"),
    "no-milestone": _l("needs at least one milestone"),
    "no-proposal": _l("needs at least one proposal"),
    "votes": _l("give the votes for, against and abstentions"),
    "outcome": _l("needs a proposal, an outcome and a justification"),
    "not-presented": _l("%(proposal)s was not presented to the decision-makers"),
    "two-outcomes": _l("%(proposal)s is given two outcomes"),
    "outcomes-missing": lambda p: ngettext(
        "no outcome for the presented proposal “%(proposals)s”",
        "no outcome for the presented proposals: %(proposals)s",
        p["count"],
        **p,
    ),
    "too-short": lambda p: ngettext(
        "must have at least %(count)s character", "must have at least %(count)s characters", p["count"], **p
    ),
    "too-long": lambda p: ngettext(
        "must have at most %(count)s character", "must have at most %(count)s characters", p["count"], **p
    ),
    "wrong-password": _l("is not the account's password"),
    "unknown-account": _l("no account has the login “%(login)s”"),
    "no-role-here": _l("“%(login)s” holds no role in this dialogue"),
    "not-the-round": _l("is not the proposal of the open consent round"),
    "agenda-item": _l("the agenda items are numbered from 0 to %(last)s"),
    "round-other-instance": _l("the proposal belongs to another instance than the meeting's"),
    "same-schedule": _l("is the meeting's date and place already"),
    "file-name": _l("needs a plain file name"),
    "file-type": _l("must be one of %(accepted)s"),
    "file-mismatch": _l("its content is not what “.%(extension)s” says: send a file of an accepted type"),
    "sha256": _l("must be a SHA-256 in lowercase hexadecimal"),
    "before-opening": _l("must be on or after the opening day (%(opens_on)s)"),
    "themes-count": _l("give 1 to %(count)s themes"),
    "pseudonym": _l("use 2 to 40 letters, digits, spaces, dots, hyphens or apostrophes"),
    "pseudonym-taken": _l("is taken by another citizen: choose another one"),
    "terms": _l("the terms of use must be accepted to take part"),
    "own-contribution": _l("one does not support one's own contribution"),
    "already-supported": _l("you have already supported this contribution"),
    "own-item": _l("one does not report one's own writing"),
    "already-reported": _l("you have already reported this"),
    "not-shreddable": _l("its text was not sealed under a key of its own: it can be hidden, not shredded"),
    "question": _l("must be a question: its text, kind, options and whether it is required"),
    "no-options": _l("only a choice question has options"),
    "options-count": _l("give 2 to %(count)s options"),
    "repeated-option": _l("give each option only once"),
    "questions-count": _l("give 1 to %(count)s questions"),
    "no-consultation": _l("only a questionnaire of a public consultation names one"),
    "answers": _l("must give each question its answer"),
    "no-question": _l("is not a question of this questionnaire"),
    "required-answer": _l("this question needs an answer"),
    "scale": _l("must be a whole number from 1 to 5"),
    "empty-answer": _l("answer at least one question"),
    "already-answered": _l("you have already answered this questionnaire"),
    "citizen-target": _l("citizens comment on proposals and on contributions of the public"),
    "other-item": _l("is a comment on another item"),
    "reply-to-reply": _l("is a reply: answer the comment it replies to (one level of replies)"),
    "comment-withdrawn": _l("was withdrawn by its author"),
    "import-errors": lambda p: ngettext(
        "%(count)s line has an error: nothing recorded",
        "%(count)s lines have an error: nothing recorded",
        p["count"],
        **p,
    ),
}
"""The reasons a value given to an act is refused (InvalidActError)."""

LABELLED = {
    "act": ACTS,
    "stage": STAGES,
    "stages": STAGES,
    "role": ROLES,
    "allowed": ROLES,
    "status": STEPS,
    "outcome": STEPS,
    "design": DESIGN,
    "adjustment": REGULATION,
}
"""Named values that are ids (or lists of ids) of acts, stages, roles, steps: shown by their labels."""


def translated(table: Mapping[str, Wording], code: str | None, params: Mapping[str, Any]) -> str | None:
    """The translation of ``code`` with its named values; None when the code is unknown."""
    wording = table.get(code) if code else None
    if wording is None:
        return None
    try:
        if callable(wording):
            return wording(dict(params))
        return str(wording) % dict(params) if params else str(wording)
    except (KeyError, TypeError, ValueError):
        return None


def worded(table: Mapping[str, Wording], error: CodedError, english: str) -> str:
    """The translation of the error's code with its named values shown, or ``english`` for an unknown code."""
    text = translated(table, error.code, shown(error.params))
    return english if text is None else text


def shown(params: Mapping[str, Any]) -> dict[str, Any]:
    """Named values as the reader sees them: ids by their labels, lists joined, unmet indicators worded."""
    values = dict(params)
    for name, value in params.items():
        table = LABELLED.get(name, {})
        if name == "indicators":
            values[name] = str(SEPARATOR).join(
                f"{INDICATORS.get(i['name'], i['name'])} ({indicator_detail(i)})" for i in value
            )
        elif isinstance(value, list | tuple):
            values[name] = ", ".join(str(table.get(v, v)) for v in value)
        elif name in LABELLED:
            values[name] = str(table.get(value, value))
    return values


def indicator_detail(indicator: Mapping[str, Any]) -> str:
    """An indicator's detail in the reader's language, from its notes (its English detail without them)."""
    english = str(indicator.get("detail", ""))
    notes = indicator.get("notes")
    if not notes:
        return english
    pieces = [translated(INDICATOR_NOTES, n.get("code"), n.get("params") or {}) for n in notes]
    return english if None in pieces else str(SEPARATOR).join(p for p in pieces if p is not None)


def invalid_value(error: InvalidActError) -> str:
    """Why a value was refused, in the reader's language."""
    return worded(INVALID_VALUES, error, error.message)


def refusal(error: DomainError | ApplicationError | ReplayError) -> str:
    """Why an act, a request or a replay was refused, in the reader's language (English: unknown code)."""
    table = (
        APPLICATION_ERRORS
        if isinstance(error, ApplicationError)
        else REPLAY_ERRORS
        if isinstance(error, ReplayError)
        else REFUSALS
    )
    return worded(table, error, str(error))


def init_app(app: Flask) -> None:
    app.add_template_filter(indicator_detail, "indicator_detail")
