"""``/search``: the public content of every public dialogue, found by its words (read model ``search``).

The query is read by a schema (at most 200 characters, no control character:
otherwise 400 naming ``q``); the results come grouped by dialogue, a page at a
time, each with the words of the query marked in its title and in an extract
of its text (its texts one after the other, between " · "). The marks are pieces of
text that the template escapes. Past ``CANDIDATES`` documents found, the most recent
are the ones ranked, and the page says so. The results are kept by the page cache for the state
of the read models and the address.
"""

from collections.abc import Iterable
from typing import Any

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from marshmallow import EXCLUDE, Schema, fields, validate

from projections.search import SearchProjection
from projections.search.queries import CANDIDATES
from projections.search.text import marked, stems
from web.extensions import read
from web.public.pagecache import Part, Positions, cached
from web.public.pages import bp
from web.schemas import fields as f

PAGE_SIZE = 20
MAX_PAGE = 10_000

KINDS = {
    "dialogue": _l("Dialogue"),
    "framework": _l("Framework"),
    "launch_meeting": _l("Launch public meeting"),
    "instance": _l("Instance"),
    "meeting": _l("Meeting"),
    "contribution": _l("Contribution to the shared diagnosis"),
    "consultation": _l("Public consultation"),
    "proposal": _l("Proposal"),
    "decision": _l("Decision"),
    "action": _l("Action"),
}
LISTS = {"meeting": "meetings", "proposal": "proposals", "decision": "decisions", "action": "actions"}
"""Kinds that have a page of their own (``public.item``), and the name of their list in its address."""


class SearchQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    q = f.text(required=False)
    page = fields.Integer(required=False, validate=validate.Range(min=1, max=MAX_PAGE))


SECTIONS = {
    "framework": ("framework", ""),
    "launch_meeting": ("framework", "launch-meeting"),
    "instance": ("framework", "instance-{id}"),
    "contribution": ("diagnosis", "contributions"),
}
"""Kinds shown on a page of the dialogue's record (``sections.section``): the page, the place on it."""


def result_url(row: dict[str, Any]) -> str:
    """Where the public site shows the document: its item's page, the record's page that shows it, else
    its place on the dialogue's page."""
    if row["kind"] in LISTS:
        return url_for("public.item", slug=row["slug"], name=LISTS[row["kind"]], item_id=row["doc_id"])
    if row["kind"] in SECTIONS:
        name, anchor = SECTIONS[row["kind"]]
        place = anchor.format(id=row["doc_id"]) or None
        return url_for("sections.section", slug=row["slug"], name=name, _anchor=place)
    return url_for("public.dialogue", slug=row["slug"], _anchor=row["anchor"] or None)


def grouped(rows: Iterable[dict[str, Any]], wanted: set[str]) -> list[dict[str, Any]]:
    """The results by dialogue, in order; each with its label, link and marked pieces."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        if not groups or groups[-1]["id"] != row["dialogue_id"]:
            groups.append(
                {
                    "id": row["dialogue_id"],
                    "title": row["dialogue_title"],
                    "territory": row["territory"],
                    "url": url_for("public.dialogue", slug=row["slug"]),
                    "results": [],
                }
            )
        groups[-1]["results"].append(
            {
                "kind": KINDS.get(row["kind"], row["kind"]),
                "title": marked(row["title"], wanted, around=0) if row["title"] else None,
                "extract": [(text.replace("\n", " · "), hit) for text, hit in marked(row["body"], wanted)],
                "url": result_url(row),
            }
        )
    return groups


@bp.get("/search")
def search() -> Any:
    """The search page: its form, and the results of ``?q=`` (page ``?page=``)."""
    asked = SearchQuery().load(request.args)
    query = asked.get("q", "").strip()
    number = asked.get("page", 1)

    def content(_reached: Positions) -> Part:
        rows: list[dict[str, Any]] = []
        total = 0
        if query:
            with read() as sql:
                rows, total = SearchProjection.search(
                    sql, query, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
                )
        shown = min(total, CANDIDATES)
        html = render_template(
            "public/_search.html",
            q=query,
            groups=grouped(rows, set(stems(query))),
            total=shown,
            more=total > CANDIDATES,
            number=number,
            last=max(1, -(-shown // PAGE_SIZE)),
        )
        return Part(Markup(html))  # noqa: S704  # nosec B704  # by Jinja, escaped

    return render_template("public/search.html", q=query, part=cached(content).content)
