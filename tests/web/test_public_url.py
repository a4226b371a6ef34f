"""Feeds build their absolute links and UIDs from the PUBLIC_URL setting, never from the request's Host."""

import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest

from application.settings import SettingsError
from tests.builders import Scenario
from tests.web.conftest import make_web_app
from web import close_app

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ("/feeds/decisions.atom", "/feeds/meetings.ics", "/dialogues/eau/meetings.ics")


@pytest.mark.parametrize(
    ("environment", "config", "base"),
    [
        ({}, {"PUBLIC_URL": "https://dialogue.example.org/"}, "https://dialogue.example.org"),
        ({"FLASK_PUBLIC_URL": "https://concertation.example.fr"}, {}, "https://concertation.example.fr"),
        ({}, {}, "http://127.0.0.1:5000"),  # make run's address
    ],
)
def test_a_forged_host_header_changes_no_link_of_the_feeds(
    monkeypatch: pytest.MonkeyPatch,
    sqlite_url: str,
    environment: dict[str, str],
    config: dict[str, str],
    base: str,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    site = make_web_app(sqlite_url, **config)
    try:
        scenario = Scenario(site.extensions["dialogues"], slug="eau")
        meeting = scenario.meeting()
        for day in ("19", "20"):  # moved twice: its calendar entry is updated, not doubled
            scenario.app.reschedule_meeting(
                scenario.facilitator,
                scenario.id,
                meeting,
                starts_at=f"2026-03-{day}T18:00",
                place="mairie",
                reason="salle",
            )
        scenario.decided()
        client = site.test_client()
        bodies = {path: client.get(path, base_url="https://evil.example").data for path in FEEDS}
    finally:
        close_app(site)

    for path, body in bodies.items():
        assert b"evil.example" not in body.replace(b"\r\n ", b""), path  # unfolded iCalendar lines
    feed = ET.fromstring(bodies["/feeds/decisions.atom"])
    links = [link.get("href", "") for link in feed.iter(f"{ATOM}link")]
    assert len(links) == 3 and feed.findtext(f"{ATOM}id") == f"{base}/feeds/decisions.atom"
    assert all(link.startswith(f"{base}/") for link in links), links
    for path in FEEDS[1:]:
        [event] = icalendar.Calendar.from_ical(bodies[path]).walk("VEVENT")
        assert str(event["URL"]).startswith(f"{base}/dialogues/eau/"), path
        assert str(event["UID"]) == f"{meeting}@" + base.split("://")[1], path  # the convocations' UID
        assert int(event["SEQUENCE"]) == 2, path  # the convocations' SEQUENCE: the times it was moved
        assert event.decoded("DTSTART").isoformat()[:16] == "2026-03-20T18:00", path


@pytest.mark.parametrize(
    "setting",
    ["dialogue.example.org", "ftp://dialogue.example.org", "https://example.org/dialogue", "https://"],
)
def test_a_public_url_that_is_not_a_site_s_address_is_refused_saying_what_to_write(
    setting: str, tmp_path: Path
) -> None:
    with pytest.raises(SettingsError, match=r"https://dialogue\.example\.org"):
        make_web_app(f"sqlite:///{tmp_path}/db.sqlite3", PUBLIC_URL=setting)
