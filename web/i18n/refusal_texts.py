"""The wordings of refusals: acts refused by a rule of the domain, what the application refuses, why a
replay cannot be done (codes of DomainError, ApplicationError and ReplayError with their named values;
web/i18n/domain_messages.py picks and fills them), and the type of every wording table's entries."""

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from flask_babel import LazyString, ngettext
from flask_babel import lazy_gettext as _l

Wording: TypeAlias = LazyString | Callable[[Mapping[str, Any]], str]
"""A translatable text with named values, or a function of them for a count (``count``) in ngettext."""

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
