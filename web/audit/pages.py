"""Auditor pages: the audit trail with filters, the replay of a dialogue, the provenance of a decision.

A dialogue's audit pages are for the accounts holding the ``auditor`` role in
it and for platform administrators: anonymous visitors are sent to sign in,
others get 403. Every page is a plain GET: filters, slider and steps work
without JavaScript.
"""

import bisect
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from flask import Blueprint, current_app, g, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from application.errors import NotAuthorisedError, NotFoundError
from domain.acts import RECORDED_ACTS
from domain.dialogue.consultation import PLATFORM_ROLE
from domain.errors import InvalidActError
from projections.audit_trail import AuditTrailProjection
from projections.replay import EventReader, ReplayError, as_of_position, replay
from projections.stage import StageProjection
from projections.transparency_log.page import Page, decisions_page
from web.audit.provenance import positions, provenance, summaries
from web.auth.views import login_required
from web.extensions import dialogues, projected, read
from web.i18n import languages
from web.i18n.dates import moment as moment_of
from web.i18n.domain_messages import refusal
from web.i18n.labels import ACTS as ACT_LABELS
from web.i18n.labels import labeller
from web.i18n.summaries import with_summaries
from web.public.pagecache import PageCache, Part, cached
from web.public.paging import LISTINGS, dialogues_page, page_numbers

bp = Blueprint("audit", __name__, url_prefix="/audit")
bp.record_once(lambda state: state.app.jinja_env.globals.update(platform_role=PLATFORM_ROLE))
"""The role of the acts the platform records by itself: shown as "the platform" (``audit/_audit.html``)."""

PAGE = 50
"""Acts per page of the trail."""
SUMMARIES = 4096
"""Summaries of acts kept per app and process (``summarised``)."""

act_label = labeller(ACT_LABELS)


def language() -> str:
    return "en" if languages.language() == "en" else "fr"


def audited(slug: str) -> tuple[UUID, str]:
    """The dialogue's id and title, if the signed-in account may audit it (else 403; 404 if not shown to it).

    Read from the ``stage`` read model; an auditor's role from the dialogue itself.
    """
    listed = projected(slug, StageProjection.listed)
    dialogue_id = UUID(listed["dialogue_id"])
    login = g.account["login"]
    dialogues().check_visible(login, dialogue_id)  # not public yet: as if there were none, to non-members
    if not g.account["administrator"] and "auditor" not in dialogues().roles_in(login, dialogue_id):
        raise NotAuthorisedError(f"{login} is not an auditor of the dialogue {slug}", code="auditors-only")
    return dialogue_id, str(listed["title"])


@bp.get("")
@login_required
def index() -> Any:
    if g.account["administrator"]:
        page = dialogues_page()
        return render_template("audit/index.html", audits=page.items, page=page)
    audits = [d for d in dialogues().dialogues_of(g.account["login"]) if "auditor" in d["roles"]]
    return render_template("audit/index.html", audits=audits, page=None)


# --- the trail ------------------------------------------------------------------


def moment(text: str) -> datetime | None:
    """An ISO 8601 date or date-time (UTC unless it says otherwise), or None if it is not one."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def trail_filters(args: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The query's filters, and a message for each field that is not valid."""
    filters: dict[str, Any] = {}
    errors: dict[str, str] = {}
    act = args.get("act", "").strip()
    if act and act not in RECORDED_ACTS:
        errors["act"] = _("No act is named “%(act)s”.", act=act)
    filters["act"] = act or None
    actor = args.get("actor", "").strip()
    if len(actor) > 200:
        errors["actor"] = _("An account id has at most 200 characters.")
    filters["actor_id"] = actor or None
    for field in ("since", "until"):
        text = args.get(field, "").strip()
        filters[field] = moment(text) if text else None
        if text and filters[field] is None:
            errors[field] = _("Give a date (2026-03-12) or a date and time (2026-03-12T18:30), in UTC.")
    if filters["since"] and filters["until"] and filters["until"] < filters["since"]:
        errors["until"] = _("The end of the range is before its start.")
    after = args.get("after", "0").strip() or "0"
    if not after.isdigit():
        errors["after"] = _("A position is a whole number (0 or more).")
    filters["after"] = int(after) if after.isdigit() else 0
    return filters, errors


@bp.get("/dialogues/<slug>")
@login_required
def trail(slug: str) -> Any:
    """The audit trail of one dialogue, filtered, a page at a time, and a page of its decisions."""
    dialogue_id, title = audited(slug)
    part = cached(lambda _reached: _trail_part(slug, dialogue_id, title))
    return render_template("audit/trail.html", title=title, part=part.content), part.status


def _trail_part(slug: str, dialogue_id: UUID, title: str) -> Part:
    """The trail page's content (the same for every account that may audit the dialogue)."""
    filters, errors = trail_filters(request.args)
    rows: list[dict[str, Any]] = []
    with read() as sql:
        if not errors:
            rows = AuditTrailProjection.query(sql, dialogue_id=dialogue_id, limit=PAGE + 1, **filters)
        decisions = decisions_page(sql, dialogue_id, page_numbers(request.args)["decisions"])
    page, more = rows[:PAGE], len(rows) > PAGE
    people = dialogues().people({row["subject_id"] for row in page if row["subject_kind"] == "stakeholder"})
    summarised(page)
    for row in page:
        row["person"] = people.get(row["subject_id"]) if row["subject_kind"] == "stakeholder" else None
    next_args = {k: v for k, v in request.args.items() if k != "after"}
    html = render_template(
        "audit/_trail.html",
        slug=slug,
        title=title,
        rows=page,
        next_after=page[-1]["position"] if more else None,
        next_args=next_args,
        args=request.args,
        errors=errors,
        acts=sorted(RECORDED_ACTS, key=act_label),
        decisions=decisions,
        decisions_listing=LISTINGS["decisions"],
    )
    named = frozenset(person_id for person_id, person in people.items() if not person["erased"])
    return Part(Markup(html), title, named, 400 if errors else 200)  # noqa: S704  # nosec B704  # by Jinja, escaped


def summarised(rows: list[dict[str, Any]]) -> None:
    """Each row of the trail with the summary of its act in the page's language (``with_summaries``):
    an act once recorded never changes, so each is read and summarised once per process and language
    (kept by its position, time and name)."""
    cache = current_app.extensions.setdefault("act_summaries", PageCache(SUMMARIES))
    lang = language()
    missing = []
    for row in rows:
        kept = cache.get((row["position"], row["recorded_at"], row["act"], lang))
        if kept is None:
            missing.append(row)
        else:
            row["summary"] = kept.content
    if missing:
        app = dialogues()
        with_summaries(EventReader(app.recorder, app.mapper), missing, lang)
        for row in missing:
            cache.put((row["position"], row["recorded_at"], row["act"], lang), Part(row["summary"]))


# --- the replay -----------------------------------------------------------------


def dialogue_bounds(dialogue_id: UUID) -> tuple[int, int]:
    """The positions of the dialogue's first and last acts."""
    with read() as sql:
        first = AuditTrailProjection.query(sql, dialogue_id=dialogue_id, limit=1)
        last = sql.one(
            "SELECT MAX(position) AS position FROM audit_trail WHERE dialogue_id = ?", (str(dialogue_id),)
        )
    if not first or last is None:
        msg = f"no act of the dialogue {dialogue_id} in the audit trail yet"
        raise NotFoundError(msg, code="audit-trail-empty")
    return int(first[0]["position"]), int(last["position"])


def moments(dialogue_id: UUID) -> list[tuple[int, str, str]]:
    """The dialogue's acts in log order, the slider's steps: position, when recorded, act name."""
    with read() as sql:
        rows = sql.all(
            "SELECT position, recorded_at, act FROM audit_trail WHERE dialogue_id = ? ORDER BY position",
            (str(dialogue_id),),
        )
    return [(int(row["position"]), str(row["recorded_at"]), str(row["act"])) for row in rows]


def neighbours(dialogue_id: UUID, position: int) -> tuple[int | None, int | None]:
    """The positions of the dialogue's acts just before and just after ``position``."""
    with read() as sql:
        before = sql.one(
            "SELECT MAX(position) AS position FROM audit_trail WHERE dialogue_id = ? AND position < ?",
            (str(dialogue_id), position),
        )
        after = AuditTrailProjection.query(sql, dialogue_id=dialogue_id, after=position, limit=1)
    previous = None if before is None or before["position"] is None else int(before["position"])
    return previous, int(after[0]["position"]) if after else None


def requested_position(
    head: int, steps: list[tuple[int, str, str]]
) -> tuple[int | None, str | None, str | None]:
    """The position asked for (``position``, ``at``, or ``act``: the slider's step, the dialogue's act of
    that rank; the head by default), or the field and why not."""
    step = request.args.get("act", "").strip()
    if step:
        if not step.isdigit() or int(step) >= len(steps):
            return None, "position", _("Choose an act of this dialogue on the slider.")
        return steps[int(step)][0], None, None
    app = dialogues()
    at = request.args.get("at", "").strip()
    text = request.args.get("position", "").strip()
    if at and not text:
        try:
            return as_of_position(app.recorder, app.mapper, at), None, None
        except ReplayError as error:
            return None, "at", refusal(error)
    if not text:
        return head, None, None
    if not text.isdigit():
        return None, "position", _("A position is a whole number, not “%(text)s”.", text=text)
    return int(text), None, None


@bp.get("/dialogues/<slug>/replay")
@login_required
def replay_view(slug: str) -> Any:
    """The dialogue as it stood at a position of the log, with a slider and step buttons."""
    dialogue_id, title = audited(slug)
    app = dialogues()
    head = int(app.recorder.max_notification_id() or 0)
    first, last = dialogue_bounds(dialogue_id)
    steps = moments(dialogue_id)
    position, field, message = requested_position(head, steps)
    state = None
    if position is not None and not first <= position <= head:
        field = "position"
        message = _(
            "Position %(position)s is outside this dialogue: choose from %(first)s to %(head)s.",
            position=position,
            first=first,
            head=head,
        )
    elif position is not None:
        try:
            state = replay(
                app.recorder,
                app.mapper,
                dialogue_id,
                position,
                contributions=app.contribution_index,
                pages=page_numbers(request.args),
            )
        except ReplayError as error:
            field, message = "position", refusal(error)
    previous, following = neighbours(dialogue_id, state["as_of"]) if state else (None, None)
    return render_template(
        "audit/replay.html",
        slug=slug,
        title=title,
        state=state,
        position=position if state else head,
        first=first,
        last=last,
        head=head,
        previous=previous,
        following=following,
        said=[f"{moment_of(at)} — {ACT_LABELS.get(act, act)}" for _position, at, act in steps],
        span=(moment_of(steps[0][1]), moment_of(steps[-1][1])),
        step=_step(steps, state["as_of"] if state else head),
        errors={field: message} if field else {},
        args=request.args,
        pages=_pages(state),
        listings=LISTINGS,
    ), (400 if field else 200)


def _pages(state: dict[str, Any] | None) -> dict[str, Page]:
    """The page of each list the replay shows a page at a time, as the public page's pager takes it."""
    if state is None:
        return {}
    return {
        name: Page(page["number"], state[name], page["number"] * page["size"] < page["total"])
        for name, page in state["pages"].items()
    }


def _step(steps: list[tuple[int, str, str]], position: int) -> int:
    """The slider's step at ``position``: the rank of the dialogue's last act at or before it."""
    return max(0, bisect.bisect_right([step[0] for step in steps], position) - 1)


# --- the provenance of a decision --------------------------------------------------


@bp.get("/dialogues/<slug>/decisions/<decision_id>/provenance")
@login_required
def decision_provenance(slug: str, decision_id: str) -> Any:
    """The chain of acts from the first contributions to a decision and on to its actions."""
    dialogue_id, title = audited(slug)
    try:
        decision = UUID(decision_id)
    except ValueError:
        raise InvalidActError(
            "decision_id", _("A decision's id is a UUID, not “%(id)s”.", id=decision_id)
        ) from None
    app = dialogues()
    chain = provenance(app.recorder, app.mapper, dialogue_id, decision)
    said = summaries(app.recorder, app.mapper, positions(chain), language())
    return render_template("audit/provenance.html", slug=slug, title=title, chain=chain, summaries=said)
