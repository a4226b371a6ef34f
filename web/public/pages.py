"""Public pages (no login): the dialogues, each dialogue's transparency page, feeds and open data.

Everything comes from the read models (``transparency_log``, and ``stage`` for
the exit indicators); names of people only through
:meth:`application.queries.Queries.public_names_of` (public office or consent,
never an erased person). A dialogue's page shows the lists that grow with it a
page at a time (:mod:`web.public.paging`): its cost does not grow with the dialogue.
"""

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from application.errors import NotFoundError
from domain.dialogue import dialogue_id_for
from projections.audit_facts import utc_text
from projections.merkle_log import read_head
from projections.stage import StageProjection
from projections.store import Sql
from projections.transparency_log import TransparencyLogProjection as Log
from projections.transparency_log.page import dialogue_page, find, page_of
from web.extensions import absolute_url, dialogues, read
from web.i18n.labels import STAGES, labeller
from web.i18n.public_labels import CATEGORIES, FILTERS, votes_text
from web.public import charts, feeds, opendata
from web.public.pagecache import Part, cached
from web.public.paging import LISTINGS, page_numbers, page_url

bp = Blueprint("public", __name__)
for _name, _table in FILTERS.items():
    bp.add_app_template_filter(labeller(_table), _name)
bp.add_app_template_filter(votes_text)
bp.add_app_template_global(page_url)

STAGE_ORDER = ("framing", "collective_work", "decision_and_follow_up")


def listed(sql: Sql, slug: str) -> dict[str, Any] | None:
    """The dialogue known by ``slug`` as the public index lists it, or None (none, or not public yet)."""
    found = find(sql, dialogue_id_for(slug))
    return found if found is not None and found["public"] else None


def check_shown(slug: str) -> None:
    """404 unless the dialogue's page shows to the reader: to anyone once its approach is public,
    before to its members and the administrators (a preview; its feeds and open data wait)."""
    dialogues().check_visible(g.account["login"] if g.account else None, dialogue_id_for(slug))


def _dialogue(slug: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The whole public view of the public dialogue known by ``slug`` and the names it may show; else 404."""
    with read() as sql:
        view = Log.dialogue(sql, dialogue_id_for(slug))
    if view is None or not view["public"]:
        raise NotFoundError(f"no dialogue {slug}", code="no-dialogue")
    return view, dialogues().public_names(UUID(view["id"]))


def _instant(text: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def recorded(value: Any) -> Iterator[Any]:
    """Every ``recorded_at`` in a view: when each act it shows was recorded."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "recorded_at":
                yield item
            else:
                yield from recorded(item)
    elif isinstance(value, list):
        for item in value:
            yield from recorded(item)


def proof_links(sql: Sql, dialogue_id: str, shown: Any) -> Callable[[Any], Markup]:
    """The link to the inclusion proof of an act of the dialogue that ``shown`` dates (HTML, or none).

    The public view dates each act (``recorded_at``) but does not carry its
    position in the log; the ``audit_trail`` read model has both, and is read
    for the instants ``shown`` holds only. An instant shared by two acts of the
    dialogue, or an act not yet under a signed head, gets no link rather
    than a wrong or a missing proof. The proof is in the tree of the latest head
    (the default ``size``).
    """
    head = read_head(sql)
    signed = int(head["last_position"]) if head else 0
    texts = sorted({utc_text(moment) for moment in map(_instant, recorded(shown)) if moment is not None})
    marks = ", ".join("?" for _ in texts)
    query = f"SELECT position, recorded_at, dialogue_id FROM audit_trail WHERE recorded_at IN ({marks})"  # noqa: S608
    positions: dict[datetime, int | None] = {}
    for row in sql.all(query, texts) if texts else []:
        moment = _instant(row["recorded_at"])
        if moment is not None and row["dialogue_id"] == str(dialogue_id):
            positions[moment] = None if moment in positions else int(row["position"])
    link = Markup(' <a class="proof" href="{}?position={}">{}</a>')
    href, label = url_for("transparency.inclusion"), _("inclusion proof")
    links = {
        moment: link.format(href, position, label)  # each argument escaped
        for moment, position in positions.items()
        if position is not None and position <= signed
    }

    def proof_link(recorded_at: Any) -> Markup:
        moment = _instant(recorded_at) if recorded_at else None
        return links.get(moment, Markup()) if moment is not None else Markup()

    return proof_link


@bp.get("/dialogues/<slug>")
def dialogue(slug: str) -> Any:
    """The dialogue's public page, with the page asked of each growing list (``?proposals=2``...)."""
    check_shown(slug)
    part = cached(lambda reached: _dialogue_part(slug, min(reached.values(), default=0)))
    return render_template("public/dialogue.html", slug=slug, title=part.title, part=part.content)


def _dialogue_part(slug: str, position: int) -> Part:
    """The page's content; ``position``, where the read models stood first, is what it shows at least."""
    with read() as sql:
        view = dialogue_page(sql, dialogue_id_for(slug), page_numbers(request.args))
        if view is None:
            raise NotFoundError(f"no dialogue {slug}", code="no-dialogue")
        stage = StageProjection.view(sql, view["id"])
        proof_link = proof_links(sql, view["id"], view)
    people = {
        m["person_id"]
        for i in view["instances"]
        for m in i["members"]
        if m["public_office"] or m["name_consent"]
    }
    names = dialogues().public_names_of(people)
    html = render_template(
        "public/_dialogue.html",
        d=view,
        pages=view["pages"],
        listings=LISTINGS,
        position=position,
        names=names,
        proof_link=proof_link,
        indicators=stage["indicators"] if stage else [],
        timeline_chart=timeline_chart(view),
        attendance_chart=attendance_chart(view),
        categories_chart=categories_chart(view),
        sections=opendata.SECTIONS,
        licence=opendata.LICENCE,
    )
    return Part(Markup(html), view["title"], frozenset(names))  # noqa: S704  # nosec B704  # by Jinja, escaped


@bp.get("/dialogues/<slug>/<any(meetings, decisions):name>/<item_id>")
def item(slug: str, name: str, item_id: str) -> Any:
    """A meeting or a decision of the dialogue: the page of its list that shows it, at its place."""
    check_shown(slug)
    with read() as sql:
        number = page_of(sql, dialogue_id_for(slug), name, item_id)
    if number is None:
        abort(404)
    args: dict[str, Any] = {name: number} if number > 1 else {}
    return redirect(url_for("public.dialogue", slug=slug, **args, _anchor=f"{name[:-1]}-{item_id}"), 303)


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
    held = sorted((m for m in view["meetings"] if m["attendance"] is not None), key=lambda m: m["held_on"])
    bars = [
        charts.Bar(
            f"{m['held_on']} {m['title']}", m["attendance"], ngettext("present", "present", m["attendance"])
        )
        for m in held
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


def _page_of(item: dict[str, Any], name: str) -> str:
    """Where the dialogue's page shows a meeting or a decision (through :func:`item`)."""
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
        lang=str(get_locale()),
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
