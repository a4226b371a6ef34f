"""The Atom feed of decisions (RFC 4287) and the iCalendar feeds of meetings (RFC 5545).

Both are built as documents (``xml.etree`` and ``icalendar``), never by
pasting text together: escaping and line folding are the libraries' work.
What neither format may hold is replaced first (:func:`printable`): the
schemas refuse control characters, but acts recorded before they did keep
theirs in the log for ever, and a feed must not break on them.
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from flask_babel import gettext as _

from web.i18n.public_labels import BODIES, OUTCOMES, votes_text

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
TIMEZONE = ZoneInfo("Europe/Paris")
"""Meetings are scheduled in local time: the platform serves French territories."""
PRODID = "-//Dialogue territorial//Transparency log//FR"

Urls = Callable[[dict[str, Any]], str]
LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
NOT_PRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters (but tabs and line breaks), lone surrogates, non-characters: XML 1.0 and
RFC 5545 text admit none of them."""


def printable(text: str, *, multiline: bool = False) -> str:
    r"""``text`` as both formats admit it: a line break is ``\n`` (a space on one line), a tab a
    space on one line, any other control character U+FFFD."""
    text = NOT_PRINTABLE.sub("\ufffd", text)
    text = LINE_BREAKS.sub("\n" if multiline else " ", text)
    return text if multiline else text.replace("\t", " ")


def _atom(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = None if text is None else printable(text)
    return element


def _xhtml(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{XHTML}}}{tag}")
    element.text = None if text is None else printable(text, multiline=True)
    return element


def _decision_content(content: ET.Element, decision: dict[str, Any]) -> None:
    div = _xhtml(content, "div")
    body = BODIES.get(decision["body"], decision["body"])
    _xhtml(div, "p", f"{decision['body_name']} ({body})")
    _xhtml(
        div,
        "p",
        _(
            "Deliberation %(reference)s of %(date)s",
            reference=decision["deliberation_reference"],
            date=decision["adopted_on"],
        ),
    )
    _xhtml(div, "p", votes_text(decision["votes"]))
    outcomes = _xhtml(div, "ul")
    for outcome in decision["outcomes"]:
        text = f"{outcome['title']}: {OUTCOMES.get(outcome['outcome'], outcome['outcome'])}"
        if outcome["justification"]:
            text += f" — {outcome['justification']}"
        _xhtml(outcomes, "li", text)


def atom_feed(
    decisions: Iterable[dict[str, Any]], *, self_url: str, home_url: str, page_url: Urls, lang: str
) -> bytes:
    """One entry per decision: the body, the deliberation reference, every proposal's outcome."""
    ET.register_namespace("", ATOM)
    ET.register_namespace("xhtml", XHTML)
    decisions = list(decisions)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    _atom(feed, "id", self_url)
    _atom(feed, "title", _("Decisions of the territorial dialogues"))
    _atom(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _atom(feed, "link", rel="alternate", href=home_url, type="text/html")
    _atom(feed, "author").append(ET.Element(f"{{{ATOM}}}name"))
    feed[-1][0].text = _("Territorial dialogue")
    updated = max((d["updated_at"] for d in decisions), default=datetime.now(UTC).isoformat())
    _atom(feed, "updated", updated)
    for decision in decisions:
        entry = _atom(feed, "entry")
        _atom(entry, "id", f"urn:uuid:{decision['id']}")
        _atom(entry, "title", f"{decision['deliberation_reference']} — {decision['dialogue']['title']}")
        _atom(entry, "link", rel="alternate", href=page_url(decision), type="text/html")
        _atom(entry, "published", decision["recorded_at"])
        _atom(entry, "updated", decision["updated_at"])
        _atom(entry, "summary", f"{decision['body_name']}, {decision['adopted_on']}")
        _decision_content(_atom(entry, "content", type="xhtml"), decision)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))


def calendar(name: str, meetings: Iterable[dict[str, Any]], *, page_url: Urls, host: str) -> bytes:
    """One VEVENT per meeting, in Europe/Paris time with its VTIMEZONE; its UID and ``SEQUENCE`` (the
    times it was rescheduled) are the convocations', so a calendar updates the entry of a moved meeting."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", printable(name))
    meetings = list(meetings)
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"{meeting['id']}@{host}")  # the convocations' UID (web/notifications/mails.py)
        event.add("sequence", len(meeting.get("reschedulings", [])))  # the times it was moved, as theirs
        event.add("dtstamp", datetime.fromisoformat(meeting["updated_at"]).astimezone(UTC))
        event.add("dtstart", datetime.fromisoformat(meeting["starts_at"]).replace(tzinfo=TIMEZONE))
        event.add("summary", printable(meeting["title"]))
        event.add("location", printable(meeting["place"]))
        lines = [
            f"{meeting['instance']} — {meeting['dialogue']['title']}",
            *(f"- {i}" for i in meeting["agenda"]),
        ]
        event.add("description", "\n".join(printable(line) for line in lines))
        event.add("url", page_url(meeting))
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    if meetings:
        years = sorted(int(meeting["starts_at"][:4]) for meeting in meetings)
        cal.add_missing_timezones(first_date=date(years[0], 1, 1), last_date=date(years[-1] + 1, 1, 1))
    return bytes(cal.to_ical())
