"""What the public follows of the consultations: an Atom feed announcing each consultation, its
opening on its first day and its closing (``/feeds/consultations.atom``), and the open data of the
public's contributions of a dialogue (CSV and JSON: each contribution's kind, pseudonym, date,
supports and text; a shredded text is empty)."""

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from flask import Response, abort
from flask_babel import get_locale
from flask_babel import gettext as _

from application.errors import NotFoundError
from projections.transparency_log.consultation import consultations_feed
from web.consultation.blueprint import bp
from web.extensions import absolute_url, dialogues, read
from web.public.opendata import LICENCE, to_csv

ATOM = "http://www.w3.org/2005/Atom"


def _atom(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


@bp.get("/feeds/consultations.atom")
def consultations_atom() -> Response:
    """One entry per public consultation: its question, its period, what is open to discussion."""
    with read() as sql:
        consultations = consultations_feed(sql)
    ET.register_namespace("", ATOM)
    self_url = absolute_url("consultation.consultations_atom")
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": str(get_locale())})
    _atom(feed, "id", self_url)
    _atom(feed, "title", _("Public consultations of the territorial dialogues"))
    _atom(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _atom(feed, "link", rel="alternate", href=absolute_url("public.index"), type="text/html")
    _atom(_atom(feed, "author"), "name", _("Territorial dialogue"))
    entries = sorted(
        (entry for c in consultations for entry in _entries(c)), key=lambda e: e["at"], reverse=True
    )
    _atom(feed, "updated", max((e["at"] for e in entries), default=datetime.now(UTC).isoformat()))
    for e in entries:
        c = e["consultation"]
        entry = _atom(feed, "entry")
        page = absolute_url(
            "consultation.page", slug=c["dialogue"]["slug"], consultation_id=c["consultation_id"]
        )
        _atom(entry, "id", e["id"])
        _atom(entry, "title", f"{e['title']}{c['question']} — {c['dialogue']['title']}")
        _atom(entry, "link", rel="alternate", href=page, type="text/html")
        _atom(entry, "published", e["at"])
        _atom(entry, "updated", e["at"])
        _atom(entry, "summary", e["summary"])
    body = bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _entries(c: dict[str, Any]) -> list[dict[str, Any]]:
    """A consultation's entries: announced, opened (its first day came), closed (early or after its
    last day); each with its own id, the consultation's for the announcement."""
    period = _("Public consultation open from %(start)s to %(end)s.", start=c["opens_on"], end=c["closes_on"])
    uuid = f"urn:uuid:{c['consultation_id']}"
    found = [{"id": uuid, "at": c["opened_at"], "title": "", "summary": f"{period} {c['scope']}"}]
    if c.get("started_at"):
        opened = _("Open from today until %(end)s: contribute.", end=c["closes_on"])
        found.append({"id": f"{uuid}#opened", "at": c["started_at"], "title": _("Open: "), "summary": opened})
    closed_at = c.get("closed_at") or c.get("ended_at")
    if closed_at:
        closed_on = c.get("closed_on") or c["closes_on"]
        said = _("Public consultation closed on %(date)s.", date=closed_on)
        found.append({"id": f"{uuid}#closed", "at": closed_at, "title": _("Closed: "), "summary": said})
    return [{**entry, "consultation": c} for entry in found]


def _contributions(slug: str) -> list[dict[str, Any]]:
    try:
        dialogue_id = dialogues().dialogue_id(slug)
    except NotFoundError:
        abort(404)
    if not dialogues().consultations(dialogue_id):
        abort(404)
    return [{**c, "text": c["text"] or ""} for c in dialogues().citizen_contributions(dialogue_id)]


def _download(body: str, content_type: str, filename: str) -> Response:
    return Response(
        body,
        content_type=f"{content_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/dialogues/<slug>/open-data/public-contributions.csv")
def contributions_csv(slug: str) -> Response:
    return _download(to_csv(iter(_contributions(slug))), "text/csv", f"{slug}-public-contributions.csv")


@bp.get("/dialogues/<slug>/open-data/public-contributions.json")
def contributions_json(slug: str) -> Response:
    body = json.dumps(
        {"licence": LICENCE, "contributions": _contributions(slug)}, ensure_ascii=False, indent=1
    )
    return _download(body, "application/json", f"{slug}-public-contributions.json")
