"""The Atom feed of decisions and the iCalendar feeds of meetings."""

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.public_site import MAIN, demo_site

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    yield from demo_site(tmp_path_factory.mktemp("feeds"))


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


def test_the_atom_feed_has_one_entry_per_decision_with_its_outcomes(client: FlaskClient) -> None:
    response = client.get("/feeds/decisions.atom")
    assert response.content_type.startswith("application/atom+xml")
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2  # one decision per demo dialogue
    main = next(e for e in entries if "DEL-2026-041" in (e.findtext(f"{ATOM}title") or ""))
    assert main.findtext(f"{ATOM}id", "").startswith("urn:uuid:")
    content = "".join(main.find(f"{ATOM}content").itertext())  # type: ignore[union-attr]
    assert "Conseil communautaire de la Communauté de communes du Val de Vèze" in content
    assert "DEL-2026-041" in content
    assert "Compteurs télé-relevés sur tous les prélèvements agricoles" in content


def test_the_pages_link_the_feeds(client: FlaskClient) -> None:
    html = client.get(MAIN).get_data(as_text=True)
    assert 'rel="alternate" type="application/atom+xml" href="/feeds/decisions.atom"' in html
    assert f'rel="alternate" type="text/calendar" href="{MAIN}/meetings.ics"' in html


def test_the_dialogue_calendar_has_its_nine_meetings(client: FlaskClient) -> None:
    response = client.get(f"{MAIN}/meetings.ics")
    assert response.content_type.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert len(events) == 9  # 8 held, the next steering committee convened
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "LOCATION"):
            assert event.get(required) is not None, required
    first = min(events, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART").isoformat() == "2025-12-04T14:00:00+01:00"
    assert str(first["SUMMARY"]) == "Groupe agriculture - séance 1 : diagnostic des usages"
    assert all(len(line) <= 75 for line in response.data.split(b"\r\n"))


def test_the_site_calendar_has_the_meetings_of_every_dialogue(client: FlaskClient) -> None:
    calendar = icalendar.Calendar.from_ical(client.get("/feeds/meetings.ics").data)
    events = calendar.walk("VEVENT")
    assert len(events) > 8
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_each_decision_and_meeting_links_to_its_own_page(client: FlaskClient) -> None:
    entry = ET.fromstring(client.get("/feeds/decisions.atom").data).findall(f"{ATOM}entry")[0]
    [link] = [e.get("href", "") for e in entry.findall(f"{ATOM}link") if e.get("rel") == "alternate"]
    events = icalendar.Calendar.from_ical(client.get(f"{MAIN}/meetings.ics").data).walk("VEVENT")
    for url, kind in [(link, "decisions"), *((str(e["URL"]), "meetings") for e in events)]:
        assert url.startswith(f"http://127.0.0.1:5000{MAIN}/{kind}/"), url  # PUBLIC_URL's default
        found = client.get(url.removeprefix("http://127.0.0.1:5000"))
        assert found.status_code == 200, url
