"""Pages and API answers made of the read models are made once per state of the read models.

A new act, another language or another page of a list makes them again; so does
the erasure of a person they name, which moves no read model.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from domain.roles import Role
from tests.builders import ACCOUNTS, Scenario
from tests.web.conftest import make_web_app
from tests.webapp import CSRF_TOKEN
from web import close_app
from web.public import home, summary
from web.public import pages as public
from web.public import search as search_page
from web.public.pagecache import PageCache

CONVENOR = ACCOUNTS[Role.CONVENOR]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The dialogue pages read from the read models, one item each."""
    read: list[Any] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        read.append(args)
        return reading(*args, **kwargs)

    reading = public.dialogue_page
    monkeypatch.setattr(public, "dialogue_page", counted)
    return read


def mayor(scenario: Scenario) -> UUID:
    """A stakeholder who holds a public office, on the steering committee: the public page names her."""
    app = scenario.app
    person = app.identify_stakeholder(
        CONVENOR,
        scenario.id,
        name="Jeanne Marais",
        email="jeanne.marais@niort.example",
        phone="",
        category="elected_official",
        organisation="Mairie de Niort",
        public_office=True,
        name_consent=True,
    ).id
    app.add_member(CONVENOR, scenario.id, scenario.steering_committee(), stakeholder_id=person)
    return person


def html(client: FlaskClient, path: str, language: str = "fr") -> str:
    """The page, its CSRF tokens masked (signed with the second they were made in)."""
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, path
    return CSRF_TOKEN.sub('name="csrf_token" value="…"', response.get_data(as_text=True))


def test_a_page_is_read_once_until_an_act_changes_the_read_models(
    client: FlaskClient, dialogues: DialogueApp, renders: list[Any]
) -> None:
    scenario = Scenario(dialogues, slug="sevre")
    scenario.framing_done()  # the approach public: its public page shows
    scenario.framework_defined()
    html(client, "/dialogues/sevre")
    html(client, "/dialogues/sevre")
    assert len(renders) == 1
    assert "Stage timeline" in html(client, "/dialogues/sevre", "en")  # another language
    html(client, "/dialogues/sevre?proposals=2")  # another page of a list
    assert len(renders) == 3
    meeting = scenario.meeting()
    assert f'id="meeting-{meeting}"' in html(client, "/dialogues/sevre")
    assert len(renders) == 4


def test_the_home_page_and_the_search_are_read_once_until_an_act_or_for_the_home_the_minute_moves(
    client: FlaskClient, dialogues: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    for module, name in ((home, "overview_page"), (search_page.SearchProjection, "search")):
        reading = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _r=reading, _n=name, **k: read.append(_n) or _r(*a, **k))
    monkeypatch.setattr(home, "datetime", Now)  # the minute does not move by itself during the test
    Scenario(dialogues, slug="sevre").framing_done()
    for _ in range(2):
        html(client, "/")
        html(client, "/search?q=sevre")
    assert read == ["overview_page", "search"]
    Scenario(dialogues, slug="vire", title="La Vire").framing_done()
    assert "La Vire" in html(client, "/") and "La Vire" in html(client, "/search?q=vire")
    assert len(read) == 4
    monkeypatch.setattr(home, "datetime", Later)
    html(client, "/")
    html(client, "/search?q=vire")
    assert len(read) == 5


class Now(datetime):
    """The start of the current hour, whenever asked."""

    @classmethod
    def now(cls, tz: Any = None) -> "Now":
        moment = datetime.now(tz)
        return cls(moment.year, moment.month, moment.day, moment.hour, 0, tzinfo=moment.tzinfo)


class Later(Now):
    """A minute past the next hour: the home page's next meetings may have started."""

    @classmethod
    def now(cls, tz: Any = None) -> "Later":
        moment = datetime.now(tz) + timedelta(hours=1)
        return cls(moment.year, moment.month, moment.day, moment.hour, 1, tzinfo=moment.tzinfo)


def test_a_page_is_made_again_the_next_day_when_an_action_may_fall_overdue(
    client: FlaskClient, dialogues: DialogueApp, renders: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = Scenario(dialogues, slug="sevre")
    scenario.framing_done()
    monkeypatch.setattr(summary, "today", lambda: date(2026, 5, 1))
    html(client, "/dialogues/sevre")
    html(client, "/dialogues/sevre")
    monkeypatch.setattr(summary, "today", lambda: date(2026, 5, 2))
    html(client, "/dialogues/sevre")
    assert len(renders) == 2


def test_a_page_naming_a_person_is_made_again_once_she_is_erased(
    client: FlaskClient, dialogues: DialogueApp, renders: list[Any]
) -> None:
    scenario = Scenario(dialogues, slug="sevre")
    scenario.framing_done()  # the approach public: its public page shows
    person = mayor(scenario)
    assert "Jeanne Marais" in html(client, "/dialogues/sevre")
    assert "Jeanne Marais" in html(client, "/dialogues/sevre")
    assert len(renders) == 1
    dialogues.erase_person(person)
    assert "Jeanne Marais" not in html(client, "/dialogues/sevre")
    assert len(renders) == 2


def test_the_audit_trail_names_a_person_until_she_is_erased(
    dialogues: DialogueApp, signed_in: Callable[..., FlaskClient]
) -> None:
    scenario = Scenario(dialogues, slug="sevre")
    person = mayor(scenario)
    admin = signed_in("admin", administrator=True)
    trail = "/audit/dialogues/sevre?act=stakeholder-identified"
    assert "Jeanne Marais" in html(admin, trail)
    assert "Jeanne Marais" in html(admin, trail)
    dialogues.erase_person(person)
    after = html(admin, trail, "en")
    assert "Jeanne Marais" not in after and '<em class="erased">erased</em>' in after


def test_the_api_answers_follow_the_acts(
    dialogues: DialogueApp, signed_in: Callable[..., FlaskClient]
) -> None:
    scenario = Scenario(dialogues, slug="sevre")
    admin = signed_in("admin", administrator=True)
    before = admin.get("/api/v1/dialogues/sevre").get_json()
    acts = admin.get("/api/v1/dialogues/sevre/acts").get_json()["acts"]
    assert admin.get("/api/v1/dialogues/sevre").get_json() == before
    scenario.framework_defined()
    after = admin.get("/api/v1/dialogues/sevre").get_json()
    assert [i["met"] for i in after["indicators"]] != [i["met"] for i in before["indicators"]]
    more = admin.get("/api/v1/dialogues/sevre/acts").get_json()["acts"]
    assert more[: len(acts)] == acts and more[-1]["act"] == "framework-defined"


def test_a_size_of_zero_keeps_nothing(sqlite_url: str, renders: list[Any]) -> None:
    web_app: Flask = make_web_app(sqlite_url, PAGE_CACHE_SIZE=0)
    try:
        Scenario(web_app.extensions["dialogues"], slug="sevre").framing_done()
        client = web_app.test_client()
        html(client, "/dialogues/sevre")
        html(client, "/dialogues/sevre")
        assert len(renders) == 2
    finally:
        close_app(web_app)


def sections_made(web_app: Flask) -> set[tuple[Any, ...]]:
    """The keys of the sections and charts kept so far (``pagecache.kept``: their name first), one per
    state of their data."""
    return set(web_app.extensions.get("section_cache", PageCache(0)).entries)


def test_without_the_page_cache_an_act_makes_again_only_the_sections_whose_data_it_changed(
    database_url: str,
) -> None:
    web_app: Flask = make_web_app(database_url, PAGE_CACHE_SIZE=0)
    try:
        scenario = Scenario(web_app.extensions["dialogues"], slug="sevre")
        first = scenario.meeting()
        client = web_app.test_client()
        page = html(client, "/dialogues/sevre")
        made = sections_made(web_app)
        names = {key[0] for key in made}
        assert {"decided", "stage", "next-meeting", "proposals", "meetings", "meeting", "attendance"} <= names
        assert {"participation", "attendance-chart"} <= names
        assert html(client, "/dialogues/sevre") == page and sections_made(web_app) == made  # kept
        second = scenario.future_meeting()
        after = html(client, "/dialogues/sevre")
        assert f'id="meeting-{first}"' in page and f'id="meeting-{second}"' not in page
        assert f'id="meeting-{second}"' in after and "Atelier restitution" in after
        again = {key[0] for key in sections_made(web_app) - made}
        assert "meetings" in again
        assert len([key for key in sections_made(web_app) - made if key[0] == "meeting"]) == 1  # the new one
        assert not {"proposals", "decisions", "actions", "participation", "contents", "open-data"} & again
        assert not {"decided", "stage", "attendance", "attendance-chart"} & again  # nothing held, decided
        assert "Stage timeline" in html(client, "/dialogues/sevre", "en")  # another language: its own
    finally:
        close_app(web_app)


def test_without_the_page_cache_the_sections_naming_a_person_are_made_again_once_she_is_erased(
    database_url: str,
) -> None:
    web_app: Flask = make_web_app(database_url, PAGE_CACHE_SIZE=0)
    try:
        dialogues: DialogueApp = web_app.extensions["dialogues"]
        scenario = Scenario(dialogues, slug="sevre")
        scenario.framing_done()
        person = mayor(scenario)
        client = web_app.test_client()
        assert "Jeanne Marais" in html(client, "/dialogues/sevre")
        dialogues.erase_person(person)
        assert "Jeanne Marais" not in html(client, "/dialogues/sevre")
    finally:
        close_app(web_app)
