"""Public pages (no login): the dialogues, each dialogue's transparency page, feeds and open data.

Everything comes from the ``transparency_log`` read model; names of people
only through :meth:`application.queries.Queries.public_names` (public office
or consent, never an erased person).
"""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from projections.merkle_log import read_head
from projections.store import Sql
from projections.transparency_log import TransparencyLogProjection as Log
from web import charts, dialogues, feeds, opendata
from web.labels import STAGES, labeller
from web.public_labels import CATEGORIES, FILTERS, votes_text
from web.readmodels import reached, read

bp = Blueprint("public", __name__)
for _name, _table in FILTERS.items():
    bp.add_app_template_filter(labeller(_table), _name)
bp.add_app_template_filter(votes_text)

STAGE_ORDER = ("framing", "collective_work", "decision_and_follow_up")


def listed(sql: Sql, slug: str) -> dict[str, Any] | None:
    """The dialogue known by ``slug`` as the public index lists it, or None."""
    return next((d for d in Log.dialogues(sql) if d["slug"] == slug), None)


def _dialogue(slug: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The public view of the dialogue known by ``slug`` and the names it may show; 404 if none."""
    with read() as sql:
        found = listed(sql, slug)
        view = None if found is None else Log.dialogue(sql, found["id"])
    if view is None:
        abort(404)
    return view, dialogues().public_names(UUID(view["id"]))


def _instant(text: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def proof_links(sql: Sql, dialogue_id: str) -> Callable[[Any], str | None]:
    """The link to the inclusion proof of a dialogue's act, known by when it was recorded.

    The public view dates each act (``recorded_at``) but does not carry its
    position in the log; the ``audit_trail`` read model has both for every act
    of the dialogue. An instant shared by two acts, or an act not yet under a
    signed head, gets no link (None) rather than a wrong or a missing proof.
    The proof is in the tree of the latest head (the default ``size``).
    """
    head = read_head(sql)
    signed = int(head["last_position"]) if head else 0
    positions: dict[datetime, int | None] = {}
    for row in sql.all(
        "SELECT position, recorded_at FROM audit_trail WHERE dialogue_id = ?",
        (str(dialogue_id),),
    ):
        moment = _instant(row["recorded_at"])
        if moment is not None:
            positions[moment] = None if moment in positions else int(row["position"])

    def proof(recorded_at: Any) -> str | None:
        moment = _instant(recorded_at) if recorded_at else None
        position = positions.get(moment) if moment is not None else None
        if position is None or position > signed:
            return None
        return url_for("transparency.inclusion", position=position)

    return proof


@bp.get("/")
def index() -> Any:
    with read() as sql:
        listed = Log.dialogues(sql)
    return render_template("public/index.html", dialogues=listed)


@bp.get("/dialogues/<slug>")
def dialogue(slug: str) -> Any:
    """The dialogue's public page; ``position``, read first, is what it shows at least (for live updates)."""
    position = reached(current_app)
    view, names = _dialogue(slug)
    with read() as sql:
        proof = proof_links(sql, view["id"])
    return render_template(
        "public/dialogue.html",
        d=view,
        position=position,
        names=names,
        proof=proof,
        indicators=dialogues().status(UUID(view["id"]))["indicators"],
        timeline_chart=timeline_chart(view),
        attendance_chart=attendance_chart(view),
        categories_chart=categories_chart(view),
        sections=opendata.SECTIONS,
        licence=opendata.LICENCE,
    )


def timeline_chart(view: dict[str, Any]) -> Any:
    entered = {t["to"]: t for t in view["timeline"]}
    current = STAGE_ORDER.index(view["stage"])
    steps = []
    for index, stage in enumerate(STAGE_ORDER):
        transition = entered.get(stage)
        state = "done" if index < current or view["closed"] else "current" if index == current else "upcoming"
        left = next((t for t in view["timeline"] if t["from"] == stage), None)
        note = ""
        if left and left["waiver"]:
            note = _("left with a waiver")
        elif left and left["to"] == "closed":
            note = _("dialogue closed")
        steps.append(
            charts.StageStep(
                str(STAGES[stage]), transition["recorded_at"][:10] if transition else None, state, note
            )
        )
    calendar = (view["framework"] or {}).get("calendar", [])
    milestones = [charts.Milestone(m["date"], m["label"]) for m in calendar]
    return charts.stage_timeline(
        "timeline-chart",
        _("Stage timeline"),
        _(
            "The three stages of the dialogue, the current one highlighted,"
            " and the milestones of its calendar."
        ),
        steps,
        milestones,
    )


def attendance_chart(view: dict[str, Any]) -> Any:
    bars = [
        charts.Bar(
            f"{m['held_on']} {m['title']}", m["attendance"], ngettext("present", "present", m["attendance"])
        )
        for m in view["meetings"]
        if m["attendance"] is not None
    ]
    return charts.bar_chart(
        "attendance-chart",
        _("Attendance per meeting"),
        _("Number of people present at each meeting held."),
        bars,
    )


def categories_chart(view: dict[str, Any]) -> Any:
    counts: dict[str, int] = {}
    for instance in view["instances"]:
        for category, count in instance["composition"]["by_category"].items():
            counts[category] = counts.get(category, 0) + count
    bars = [charts.Bar(str(CATEGORIES.get(c, c)), n) for c, n in sorted(counts.items(), key=lambda i: -i[1])]
    return charts.bar_chart(
        "categories-chart",
        _("Members of the instances by category"),
        _("Number of seats in all instances, by category of stakeholder."),
        bars,
    )


# --- feeds ---------------------------------------------------------------------


def _page_of(item: dict[str, Any], anchor: str) -> str:
    return url_for("public.dialogue", slug=item["dialogue"]["slug"], _external=True, _anchor=anchor)


@bp.get("/feeds/decisions.atom")
def decisions_atom() -> Response:
    with read() as sql:
        decisions = Log.decisions_feed(sql)
    body = feeds.atom_feed(
        decisions,
        self_url=url_for("public.decisions_atom", _external=True),
        home_url=url_for("public.index", _external=True),
        page_url=lambda decision: _page_of(decision, f"decision-{decision['id']}"),
        lang=str(get_locale()),
    )
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _ics(name: str, meetings: list[dict[str, Any]], filename: str) -> Response:
    body = feeds.calendar(
        name, meetings, page_url=lambda m: _page_of(m, f"meeting-{m['id']}"), host=request.host
    )
    return Response(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.get("/feeds/meetings.ics")
def meetings_ics() -> Response:
    with read() as sql:
        meetings = Log.meetings_feed(sql)
    return _ics(_("Meetings of the territorial dialogues"), meetings, "meetings.ics")


@bp.get("/dialogues/<slug>/meetings.ics")
def dialogue_meetings_ics(slug: str) -> Response:
    view, _names = _dialogue(slug)
    with read() as sql:
        meetings = [m for m in Log.meetings_feed(sql) if m["dialogue"]["id"] == view["id"]]
    return _ics(view["title"], meetings, f"{slug}-meetings.ics")


# --- open data -------------------------------------------------------------------


def _download(body: str, content_type: str, filename: str) -> Response:
    return Response(
        body,
        content_type=f"{content_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/dialogues/<slug>/open-data.json")
def open_data_json(slug: str) -> Response:
    view, names = _dialogue(slug)
    body = json.dumps(opendata.document(view, names), ensure_ascii=False, indent=1)
    return _download(body, "application/json", f"{slug}.json")


@bp.get("/dialogues/<slug>/open-data/<section>.csv")
def open_data_csv(slug: str, section: str) -> Response:
    rows = opendata.SECTIONS.get(section)
    if rows is None:
        abort(404)
    view, names = _dialogue(slug)
    return _download(opendata.to_csv(rows(view, names)), "text/csv", f"{slug}-{section}.csv")
