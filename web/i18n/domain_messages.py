"""What the domain and the application say, in the reader's language: indicator details, refusals.

The domain words its notes and errors in English (the CLI prints them so) and
also gives them as a code with named values; so does the application its
errors (not found, not authorised, conflict), and the replay its own. Here each known code has its
translatable wording with the same named values (``%(name)s``); a wording
that counts something is a function of the named values that picks its
plural form by ``count`` (ngettext). An unknown code, or none, shows the
domain's English.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from flask import Flask
from flask_babel import LazyString, lazy_pgettext, ngettext
from flask_babel import lazy_gettext as _l

from application.errors import ApplicationError
from domain.errors import CodedError, DomainError, InvalidActError
from projections.replay import ReplayError
from web.i18n.catalogue import C_
from web.i18n.labels import ACTS, INDICATORS, ROLES, STAGES
from web.i18n.public_labels import DESIGN, REGULATION, STEPS

SEPARATOR = lazy_pgettext(*C_("between the items of a list whose items hold commas", "; "))
"""A semicolon between items, with its no-break space before it in French."""

Wording: TypeAlias = LazyString | Callable[[Mapping[str, Any]], str]
"""A translatable text with named values, or a function of them for a count (``count``) in ngettext."""

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

REFUSALS: dict[str, Wording] = {
    "closed": _l("“%(act)s”: the dialogue “%(dialogue)s” is closed."),
    "wrong-stage": _l("“%(act)s” belongs to the stage “%(stages)s”; the dialogue is at “%(stage)s”."),
    "wrong-role": _l("“%(act)s” is for the roles %(allowed)s, not %(role)s."),
    "indicators-unmet": _l("Exit indicators not met: %(indicators)s."),
    "last-stage": _l("“%(act)s”: “%(stage)s” is the last stage; close the dialogue instead."),
    "role-held": _l("“%(act)s”: %(account)s already holds the role %(role)s."),
    "last-convenor": _l("“%(act)s”: a dialogue keeps at least one convenor."),
    "already-disabled": _l("“%(act)s”: the account %(login)s is already disabled."),
    "invitation-accepted": _l("This invitation was already accepted."),
    "invitation-cancelled": _l("This invitation was cancelled."),
    "invitation-expired": _l("This invitation has expired: send it again."),
    "own-account": _l("“%(act)s”: an administrator cannot disable their own account."),
    "framework-frozen": _l("“%(act)s”: the design is validated; the framework can no longer change."),
    "design-already": _l("“%(act)s”: the design is already at the step “%(design)s”."),
    "framework-first": _l("“%(act)s”: define the framework first."),
    "instance-first": _l("“%(act)s”: design at least one instance first."),
    "no-steering-committee": _l("The dialogue has no steering committee."),
    "steering-committee-only": _l(
        "“%(act)s”: only the steering committee of this dialogue reviews the design."
    ),
    "not-seated": _l("“%(act)s”: %(account)s is not a member of “%(instance)s”."),
    "design-not-submitted": _l("“%(act)s”: the design has not been submitted to the steering committee."),
    "design-not-validated": _l("“%(act)s”: the steering committee has not validated the design."),
    "own-participation": _l("“%(act)s”: a stakeholder confirms only their own participation."),
    "already-confirmed": _l("“%(act)s”: already confirmed on %(date)s."),
    "already-a-member": _l("“%(act)s”: already a member of “%(instance)s”."),
    "no-account-members": _l("“%(act)s”: “%(instance)s” has no members with an account."),
    "no-consensus": lambda p: ngettext(
        "“%(act)s”: “%(instance)s” decides by consensus; endorsements: %(support)s of %(count)s member, "
        "objections: %(objecting)s.",
        "“%(act)s”: “%(instance)s” decides by consensus; endorsements: %(support)s of %(count)s members, "
        "objections: %(objecting)s.",
        p["count"],
        **p,
    ),
    "no-consent": lambda p: ngettext(
        "“%(act)s”: “%(instance)s” decides by consent: %(count)s member objects.",
        "“%(act)s”: “%(instance)s” decides by consent: %(count)s members object.",
        p["count"],
        **p,
    ),
    "no-majority": lambda p: ngettext(
        "“%(act)s”: “%(instance)s” decides by majority; endorsements: %(support)s of %(count)s member, "
        "%(needed)s needed.",
        "“%(act)s”: “%(instance)s” decides by majority; endorsements: %(support)s of %(count)s members, "
        "%(needed)s needed.",
        p["count"],
        **p,
    ),
    "already-held": _l("“%(act)s”: “%(meeting)s” was already held on %(date)s."),
    "not-held": _l("“%(act)s”: “%(meeting)s” has not been held yet."),
    "minutes-exist": _l("“%(act)s”: the minutes exist already; correct them instead."),
    "no-minutes": _l("“%(act)s”: there are no minutes to correct."),
    "same-cluster": _l("“%(act)s”: already in the cluster “%(cluster)s”."),
    "already-endorsed": _l("“%(act)s”: this account has already endorsed it."),
    "document-shredded": _l("This document was shredded."),
    "document-superseded": _l("This document already has a newer version."),
    "proposal-closed": _l("“%(act)s”: the proposal “%(proposal)s” is no longer open (%(status)s)."),
    "objection-open": _l("“%(act)s”: this account already has an open objection."),
    "not-the-objector": _l("“%(act)s”: only the objector can lift their objection."),
    "not-an-author": _l("“%(act)s”: only an author of the proposal can withdraw it."),
    "proposal-not-validated": _l(
        "“%(act)s”: the proposal “%(proposal)s” is at the step “%(status)s”, not validated by its instance."
    ),
    "not-translated": _l("“%(act)s”: the proposal “%(proposal)s” has not been translated by a technician."),
    "already-ruled": _l("“%(act)s”: the proposal “%(proposal)s” was already ruled on (%(outcome)s)."),
    "agreement-validated": _l("“%(act)s”: the agreement “%(agreement)s” is already validated."),
    "already-approved": _l("“%(act)s”: this account has already approved it."),
    "not-approved": _l("“%(act)s”: no stakeholder has approved “%(agreement)s”."),
    "nothing-presented": _l("“%(act)s”: no proposal has been presented to the decision-makers."),
    "consultation-body": _l(
        "“%(act)s”: “%(body)s” is a consultation instance of this dialogue; "
        "the decision belongs to the legitimate body."
    ),
    "not-adopted": _l("“%(act)s”: the proposal was not adopted by the decision-makers."),
    "action-completed": _l("“%(act)s”: the action “%(action)s” is completed."),
    "not-the-operator": _l("“%(act)s”: only the operator assigned to “%(action)s” reports on it."),
    "adjustment-pending": _l("“%(act)s”: the dysfunction is already at the step “%(adjustment)s”."),
    "no-adjustment": _l("“%(act)s”: no adjustment awaits the steering committee."),
    "no-session": _l("“%(act)s”: no live session of this meeting is open."),
    "session-open": _l("A live session of this meeting is open already."),
    "round-open": _l("A consent round is open: close it first."),
    "no-round": _l("No consent round is open."),
    "same-item": _l("This agenda item is being discussed already."),
    "same-name": _l("The cluster has this name already."),
    "no-timer": _l("“%(act)s”: no countdown is running."),
    "hand-up": _l("Your hand is raised already."),
    "vote-open": _l("A dot vote is open already: close it first."),
    "vote-closed": _l("“%(act)s”: the dot vote is closed."),
    "no-dot-left": _l("“%(act)s”: all your %(dots)s dots are placed; take one back first."),
    "minutes-final": _l("The minutes are recorded already: correct them instead."),
    "consultation-ended": _l("“%(act)s”: the consultation has ended already."),
    "consultation-not-ended": _l("“%(act)s”: the consultation is still open; close it first."),
    "consultation-synthesised": _l("“%(act)s”: the consultation has its synthesis already."),
    "consultation-not-open": _l("“%(act)s”: the consultation is not open today."),
    "item-shredded": _l("This was shredded for a legal reason."),
    "item-hidden": _l("This is hidden by the moderation already."),
    "item-not-hidden": _l("This is not hidden."),
    "no-pending-report": _l("No report awaits a decision on this."),
    "contribution-closed": _l("“%(act)s”: the contribution is withdrawn or moderated."),
    "questionnaire-not-draft": _l("“%(act)s”: the questionnaire is not a draft any more."),
    "questionnaire-not-open": _l("“%(act)s”: the questionnaire is not open."),
    "evaluation-in-stage-3": _l("“%(act)s”: the process evaluation's questionnaire opens in stage 3."),
    "not-in-audience": _l("“%(act)s”: this questionnaire is not for you."),
    "not-comment-author": _l("“%(act)s”: only the comment's author may do this."),
    "comment-withdrawn-already": _l("“%(act)s”: the comment was withdrawn."),
    "comment-moderated": _l("“%(act)s”: the comment is hidden or removed by the moderation."),
}
"""Acts refused by a rule of the domain (every other DomainError)."""

APPLICATION_ERRORS: dict[str, Wording] = {
    "no-dialogue": _l("This dialogue does not exist."),
    "file-too-large": _l("The file is larger than the %(megabytes)s MB accepted."),
    "no-account": _l("The account %(login)s does not exist."),
    "no-invitation": _l("This invitation does not exist (or its person was erased)."),
    "no-link": _l("This link no longer works: it was used, it expired, or it was cancelled."),
    "no-act": _l("There is no act “%(name)s”."),
    "no-api-act": _l("There is no act “%(name)s” here (a dialogue is opened with POST /api/v1/dialogues)."),
    "no-decision": _l("This dialogue has no such decision."),
    "no-comment": _l("This dialogue has no such comment."),
    "no-item": _l("This dialogue has no such proposal, decision, meeting or action."),
    "no-personal-data": _l("No personal data is held for the person %(person)s (already erased?)."),
    "no-stakeholder": _l("This stakeholder does not exist."),
    "not-a-citizen": _l("Only a citizen who confirmed their address may follow a consultation."),
    "audit-trail-empty": _l("The audit trail holds no act of this dialogue yet."),
    "no-role": _l("You hold no role in this dialogue."),
    "act-not-allowed": _l("Your role does not allow this act: “%(act)s” is for the roles %(allowed)s."),
    "act-not-open": _l("The act “%(act)s” is not open to you in this dialogue at the moment."),
    "administrators-only": _l("Only a platform administrator may do this."),
    "organisers-only": _l(
        "Only an organiser opens a dialogue: a platform administrator gives this role to an account."
    ),
    "not-in-instance": _l(
        "“%(act)s”: only the members of “%(instance)s” and the facilitators and experts of this dialogue "
        "may do this."
    ),
    "auditors-only": _l("Only the auditors of this dialogue may consult its audit trail."),
    "not-in-session": _l(
        "Only the members of “%(instance)s” and the facilitators and experts of this dialogue "
        "take part in this live session."
    ),
    "session-closed": _l("No live session of “%(meeting)s” is open."),
    "changed-meanwhile": _l(
        "“%(act)s”: someone changed the same thing at the same moment; reload and try again."
    ),
    "account-changed": _l("The account %(login)s was changed at the same moment; reload and try again."),
    "slug-taken": _l("A dialogue already has the short name “%(slug)s”."),
    "login-taken": _l("The login %(login)s is taken."),
    "email-taken": _l("An account has this e-mail address already."),
}
"""What the application refuses: no such thing (404), not allowed (403), a conflict (409)."""

REPLAY_ERRORS: dict[str, Wording] = {
    "not-a-number": _l("A position is a whole number, not “%(text)s”."),
    "empty-log": _l("The log is empty: nothing to replay."),
    "outside-the-log": _l("Position %(position)s is outside the log: positions go from 1 to %(head)s."),
    "opened-later": _l("The dialogue was opened at position %(opened)s, after position %(position)s."),
    "no-dialogue": _l("This dialogue does not exist."),
    "file-too-large": _l("The file is larger than the %(megabytes)s MB accepted."),
    "not-a-time": _l(
        "“%(text)s” is neither a position nor an ISO 8601 time (2026-03-12 or 2026-03-12T18:30:00+01:00)."
    ),
    "before-the-log": _l(
        "Nothing was recorded at or before %(text)s: the first event was recorded at %(first)s."
    ),
}
"""Why a replay cannot be done as asked (projections.replay.ReplayError)."""

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
