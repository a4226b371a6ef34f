"""Every feed renders, valid, whatever characters the texts it carries hold.

The schemas refuse control characters now, but acts recorded before they did keep theirs
in the log for ever: those are recorded here through the application, which does not refuse them.
"""

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from uuid import UUID

import icalendar
import pytest
from flask import Flask

from application.dialogues import DialogueApp
from domain.roles import Role
from tests.builders import ACCOUNTS, DAY, MEMBERS, Scenario, point
from tests.web.conftest import make_web_app
from web import close_app
from web.public.feeds import printable

HOSTILE = "\r\nA\x00B\x01C\tD\x0bE\x1fF\x7fG\x85H\u2028I\ufffeJ\r"
"""CR/LF, NUL, other C0 and C1 controls, a tab, a line separator, a non-character."""
NOT_IN_A_FEED = set("\x00\x01\x0b\x1f\x7f\x85\u2028\ufffe")


class Hostile(Scenario):
    """A scenario whose every text that a feed carries holds HOSTILE."""

    @point
    def consultation_group(self) -> UUID:
        members = [ACCOUNTS[Role.STAKEHOLDER], *MEMBERS]
        return self._instance("consultation_group", f"Groupe{HOSTILE}", members)

    @point
    def drafted_proposal(self) -> UUID:
        return self._draft(ACCOUNTS[Role.STAKEHOLDER], f"Partage{HOSTILE}")


@pytest.fixture
def site(database_url: str) -> Iterator[Flask]:
    app = make_web_app(database_url)
    dialogues: DialogueApp = app.extensions["dialogues"]
    scenario = Hostile(dialogues, slug="sevre", title=f"Titre{HOSTILE}")
    scenario.to_collective_work()
    dialogues.schedule_meeting(
        scenario.facilitator,
        scenario.id,
        instance_id=scenario.consultation_group(),
        title=f"Atelier{HOSTILE}",
        starts_at=f"{DAY}T18:30",
        place=f"Salle{HOSTILE}",
        agenda=[f"Point{HOSTILE}", "second"],
    )
    proposal_id = scenario.presented()
    dialogues.adopt_decision(
        ACCOUNTS[Role.DECISION_MAKER],
        scenario.id,
        body="conseil_municipal",
        body_name=f"Conseil{HOSTILE}",
        deliberation_reference=f"DEL{HOSTILE}",
        adopted_on=DAY,
        votes={"for": 20, "against": 3, "abstentions": 2},
        outcomes=[{"proposal_id": proposal_id, "outcome": "adopted", "justification": f"Car{HOSTILE}"}],
    )
    yield app
    close_app(app)


def texts(document: str) -> str:
    return document.replace("\r\n", "")  # the content lines' own ends


@pytest.mark.parametrize("path", ["/dialogues/sevre/meetings.ics", "/feeds/meetings.ics"])
def test_the_calendars_carry_every_text_on_its_line(site: Flask, path: str) -> None:
    response = site.test_client().get(path)

    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    body = texts(response.get_data(as_text=True))
    assert not NOT_IN_A_FEED & set(body)
    assert "\r" not in body and "\n" not in body  # every line break escaped, as \n
    assert str(event["summary"]).startswith("Atelier") and "A\ufffdB\ufffdC D" in str(event["summary"])
    assert str(event["location"]).startswith("Salle")
    assert "Groupe" in str(event["description"]) and "Titre" in str(event["description"])
    assert "\n- Point" in str(event["description"])
    if path.startswith("/dialogues"):
        assert str(calendar["x-wr-calname"]).startswith("Titre")


def test_the_atom_feed_is_well_formed_xml_with_every_text(site: Flask) -> None:
    response = site.test_client().get("/feeds/decisions.atom")

    assert response.status_code == 200
    assert not NOT_IN_A_FEED & set(response.get_data(as_text=True))
    feed = ET.fromstring(response.data)  # refuses any character XML 1.0 does not admit
    entry = feed.find("{http://www.w3.org/2005/Atom}entry")
    assert entry is not None
    everything = "".join(entry.itertext())
    for text in ("Conseil", "DEL", "Titre", "Partage", "Car"):
        assert f"{text} A\ufffdB" in everything or f"{text}\nA\ufffdB" in everything, text


def test_printable_keeps_line_breaks_only_where_asked() -> None:
    assert printable("a\r\nb\tc\x00d") == "a b c\ufffdd"
    assert printable("a\r\nb\tc\x00d\u2028e", multiline=True) == "a\nb\tc\ufffdd\ne"
