"""Public pages (no login): the dialogues, each dialogue's transparency page, feeds and open data.

Everything comes from the read models (``transparency_log``, and ``stage`` for
the exit indicators); names of people only through
:meth:`application.queries.Queries.public_names_of` (public office or consent,
never an erased person). A dialogue's page says first what was decided, the
stage, the next meeting and what became of the proposals and actions
(:mod:`web.public.summary`), then shows the lists that grow with it a page at a
time (:mod:`web.public.paging`), each item linking to its own page
(:mod:`web.public.items`): its cost does not grow with the dialogue.
"""

import json
from functools import lru_cache, partial
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from application.errors import NotFoundError
from domain.dialogue import dialogue_id_for
from projections.stage import StageProjection
from projections.store import Sql
from projections.transparency_log import TransparencyLogProjection as Log
from projections.transparency_log.page import dialogue_page, find
from web.extensions import absolute_url, dialogues, read
from web.i18n.dates import day
from web.i18n.labels import STAGES, labeller
from web.i18n.languages import language
from web.i18n.public_labels import CATEGORIES, FILTERS, votes_text
from web.public import charts, feeds, items, opendata, summary
from web.public.items import check_shown, signed
from web.public.pagecache import Part, cached, framed, kept, made
from web.public.paging import LISTINGS, page_numbers, page_url

bp = Blueprint("public", __name__)
for _name, _table in FILTERS.items():
    bp.add_app_template_filter(labeller(_table), _name)
bp.add_app_template_filter(votes_text)
bp.add_app_template_global(page_url)
bp.add_app_template_global(items.item_url)
bp.add_app_template_global(kept)
bp.add_app_template_global(framed)
bp.add_app_template_filter(summary.fate)
bp.add_app_template_filter(summary.icon)

STAGE_ORDER = ("framing", "collective_work", "decision_and_follow_up")
STEPS_KEPT = 256
"""The stages' steps kept (``stage_steps``), per process: a few per dialogue and language."""


def listed(sql: Sql, slug: str) -> dict[str, Any] | None:
    """The dialogue known by ``slug`` as the public index lists it, or None (none, or not public yet)."""
    found = find(sql, dialogue_id_for(slug))
    return found if found is not None and found["public"] else None


def _dialogue(slug: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The whole public view of the public dialogue known by ``slug`` and the names it may show; else 404."""
    with read() as sql:
        view = Log.dialogue(sql, dialogue_id_for(slug))
    if view is None or not view["public"]:
        raise NotFoundError(f"no dialogue {slug}", code="no-dialogue")
    return view, dialogues().public_names(UUID(view["id"]))


@bp.get("/dialogues/<slug>")
def dialogue(slug: str) -> Any:
    """The dialogue's public page, with the page asked of each growing list (``?proposals=2``...)."""
    check_shown(slug)
    part = cached(lambda reached: _dialogue_part(slug, min(reached.values(), default=0)))
    return render_template("public/dialogue.html", slug=slug, title=part.title, part=part.content)


def _dialogue_part(slug: str, position: int) -> Part:
    """The page's content; ``position``, where the read models stood first, is what it shows at least.
    Made in one read transaction: what its template reads (documents, questionnaires) reads in it."""
    with read() as sql:
        return _made(sql, slug, position)


def _made(sql: Sql, slug: str, position: int) -> Part:
    view = dialogue_page(sql, dialogue_id_for(slug), page_numbers(request.args))
    if view is None:
        raise NotFoundError(f"no dialogue {slug}", code="no-dialogue")
    stage = StageProjection.view(sql, view["id"])
    proven = signed(sql)
    people = {
        m["person_id"]
        for i in view["instances"]
        for m in i["members"]
        if m["public_office"] or m["name_consent"]
    }
    names = dialogues().public_names_of(people)
    on = summary.today()
    counted = summary.fates(view["proposal_statuses"])
    latest = view["latest_decision"]
    steps = stage_steps(view)
    html = render_template(
        "public/_dialogue.html",
        d=view,
        pages=view["pages"],
        listings=LISTINGS,
        position=position,
        names=names,
        signed=proven,
        today=on,
        overdue=summary.overdue,
        fates=counted,
        decision=latest,
        decided=summary.decided,  # its sentence made when its section is
        outcome_counts=summary.outcome_counts,
        next_meeting=summary.next_meeting(view, on),
        progress=summary.actions_progress(view, on),
        indicators=stage["indicators"] if stage else [],
        stages=steps,
        timeline_chart=timeline_chart(view, steps),
        attendance_chart=attendance_chart(view),
        categories_chart=partial(categories_chart, view),  # drawn when its section is made
        sections=opendata.SECTIONS,
        licence=opendata.LICENCE,
    )
    return Part(Markup(html), view["title"], frozenset(names))  # noqa: S704  # nosec B704  # by Jinja, escaped


bp.add_url_rule(
    "/dialogues/<slug>/<any(proposals, agreements, decisions, meetings, actions):name>/<item_id>",
    "item",
    items.item,
)


def stage_steps(view: dict[str, Any]) -> list[charts.StageStep]:
    """The three stages: each done, current or to come, with the date the dialogue entered it (the day
    its first dated act took effect, ``transparency_log.queries.stage_began``). Made once per all they
    show (the stages entered and left, with a waiver or not) and language: shared, never to be changed."""
    timeline = tuple((t["from"], t["to"], t["on"], bool(t["waiver"])) for t in view["timeline"])
    return _steps(timeline, view["stage"], bool(view["closed"]), language())


@lru_cache(maxsize=STEPS_KEPT)
def _steps(
    timeline: tuple[tuple[str | None, str, str, bool], ...], current_stage: str, closed: bool, _language: str
) -> list[charts.StageStep]:
    entered = {to: on for _from, to, on, _waiver in timeline}
    current = STAGE_ORDER.index(current_stage)
    steps = []
    for index, stage in enumerate(STAGE_ORDER):
        state = "done" if index < current or closed else "current" if index == current else "upcoming"
        left = next((t for t in timeline if t[0] == stage), None)
        note = ""
        if left and left[3]:
            note = _("left with a waiver")
        elif left and left[1] == "closed":
            note = _("dialogue closed")
        on = entered.get(stage)
        steps.append(charts.StageStep(str(STAGES[stage]), day(on) if stage in entered else None, state, note))
    return steps


def timeline_chart(view: dict[str, Any], steps: list[charts.StageStep]) -> Any:
    """The stages and the calendar's milestones, drawn once per their data (as the charts below)."""
    calendar = (view["framework"] or {}).get("calendar", [])
    milestones = [charts.Milestone(day(m["date"]), m["label"]) for m in calendar]
    shown = ([(s.label, s.entered, s.state, s.note) for s in steps], [(m.on, m.label) for m in milestones])
    return made("timeline-chart", shown, lambda: _timeline(steps, milestones))


def _timeline(steps: list[charts.StageStep], milestones: list[charts.Milestone]) -> Any:
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
    """The meetings held and how many attended: kept per those figures (its words made only then)."""
    held = sorted(
        (
            (m["held_on"], m["attendance"], m["title"])
            for m in view["meetings"]
            if m["attendance"] is not None
        ),
        key=lambda m: m[0],
    )
    return made("attendance-chart", held, lambda: _attendance(held))


def _attendance(held: list[tuple[str, int, str]]) -> Any:
    bars = [
        charts.Bar(day(on), count, ngettext("present", "present", count), content=title)
        for on, count, title in held
    ]
    return charts.bar_chart(
        "attendance-chart",
        _("Attendance per meeting"),
        _("Number of people present at each meeting held."),
        bars,
    )


def categories_chart(view: dict[str, Any]) -> Any:
    """The seats of the instances by category: kept per those counts (its labels made only then)."""
    counts: dict[str, int] = {}
    for instance in view["instances"]:
        for category, count in instance["composition"]["by_category"].items():
            counts[category] = counts.get(category, 0) + count
    ranked = sorted(counts.items(), key=lambda i: -i[1])
    return made("categories-chart", ranked, lambda: _categories(ranked))


def _categories(ranked: list[tuple[str, int]]) -> Any:
    return charts.bar_chart(
        "categories-chart",
        _("Members of the instances by category"),
        _("Number of seats in all instances, by category of stakeholder."),
        [charts.Bar(str(CATEGORIES.get(c, c)), n) for c, n in ranked],
    )


# --- feeds ---------------------------------------------------------------------


def _page_of(item: dict[str, Any], name: str) -> str:
    """The page of a meeting or a decision."""
    return absolute_url("public.item", slug=item["dialogue"]["slug"], name=name, item_id=item["id"])


@bp.get("/feeds/decisions.atom")
def decisions_atom() -> Response:
    with read() as sql:
        decisions = Log.decisions_feed(sql)
    body = feeds.atom_feed(
        decisions,
        self_url=absolute_url("public.decisions_atom"),
        home_url=absolute_url("public.index"),
        page_url=lambda decision: _page_of(decision, "decisions"),
        lang=language(),
    )
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _ics(name: str, meetings: list[dict[str, Any]], filename: str) -> Response:
    host = urlsplit(current_app.config["PUBLIC_URL"]).netloc  # the UIDs' domain
    body = feeds.calendar(name, meetings, page_url=lambda m: _page_of(m, "meetings"), host=host)
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
    with read() as sql:
        found = listed(sql, slug)
        meetings = (
            [] if found is None else [m for m in Log.meetings_feed(sql) if m["dialogue"]["id"] == found["id"]]
        )
    if found is None:
        abort(404)
    return _ics(found["title"], meetings, f"{slug}-meetings.ics")


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
