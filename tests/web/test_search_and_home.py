"""``/search`` and the home page: the demo found by its words on both stores, escaped, paged; the
dialogues listed with their next meeting and latest decision, filtered by stage and territory."""

import re
from collections.abc import Iterator
from html import escape

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.demo import EARLIER_SLUG, MAIN_SLUG, WORKSHOP_SLUG, record_demo
from application.dialogues import DialogueApp
from domain.roles import Role
from projections.search import queries
from projections.transparency_log import overview as overview_module
from tests.builders import ACCOUNTS, Scenario
from tests.web.conftest import make_web_app
from tests.web.public_site import demo_site
from web import close_app
from web.public import search as search_module
from web.public.pagecache import PageCache

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INJECTED = 'Eau <img src=x onerror="alert(1)"> & <script>alert(2)</script> potable'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The demo, plus a public dialogue whose title holds markup and which has a meeting to come."""
    for app in demo_site(tmp_path_factory.mktemp("search")):
        dialogues: DialogueApp = app.extensions["dialogues"]
        scenario = Scenario(dialogues, slug="balisage", title=INJECTED)
        scenario.to_collective_work()
        dialogues.schedule_meeting(
            ACCOUNTS[Role.FACILITATOR],
            scenario.id,
            instance_id=scenario.consultation_group(),
            title="Atelier des riverains",
            starts_at="2099-05-19T14:00",
            place="salle des fêtes",
            agenda=["retenues"],
        )
        Scenario(dialogues, slug="cachee", title="Zygomorphe confidentiel").design_validated()
        yield app


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


def page_in(client: FlaskClient, path: str, language: str = "en") -> str:
    """The page at ``path`` (200) for a reader of ``language``."""
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def visible_text(html: str) -> str:
    body = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]+>", " ", re.sub(r'(href|value)="[^"]*"', "", body))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_demo_is_found_with_its_words_marked_on_both_stores(database_url: str, language: str) -> None:
    app = make_web_app(database_url)
    try:
        record_demo(app.extensions["dialogues"])
        client = app.test_client()
        html = page_in(client, "/search?q=irrigation", language)
        assert "Règles de partage des prélèvements d&#39;<mark>irrigation</mark> à l&#39;étiage" in html
        assert f'href="/dialogues/{MAIN_SLUG}"' in html
        accents_removed = page_in(client, "/search?q=reunion", language)
        assert "<mark>Réunion</mark> publique" in accents_removed
        assert f'href="/dialogues/{EARLIER_SLUG}"' in accents_removed
    finally:
        close_app(app)


def test_results_are_grouped_by_dialogue(client: FlaskClient) -> None:
    html = page_in(client, "/search?q=V%C3%A8ze")
    groups = re.findall(r'<section class="search-group"[^>]*>\s*<h2[^>]*><a href="([^"]+)"', html)
    assert groups == sorted(set(groups), key=groups.index)  # each dialogue once
    assert set(groups) == {f"/dialogues/{slug}" for slug in (MAIN_SLUG, EARLIER_SLUG, WORKSHOP_SLUG)}


def test_results_come_a_page_at_a_time(client: FlaskClient) -> None:
    first = page_in(client, "/search?q=eau")
    total = int(re.search(r"(\d+) results for", first).group(1))  # type: ignore[union-attr]
    assert total > 20
    assert len(re.findall(r"<h3><a ", first)) == 20
    assert 'href="/search?q=eau&amp;page=2"' in first
    second = page_in(client, "/search?q=eau&page=2")
    assert "Previous page of the results" in second and 'href="/search?q=eau"' in second
    assert re.findall(r'<h3><a href="([^"]+)"', first) != re.findall(r'<h3><a href="([^"]+)"', second)


def test_past_the_bound_the_page_says_that_the_most_recent_are_shown(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "CANDIDATES", 25)
    monkeypatch.setattr(queries, "CANDIDATES", 25)
    monkeypatch.setitem(client.application.extensions, "page_cache", PageCache(0))  # not the pages kept
    first = page_in(client, "/search?q=eau")
    assert "More than 25 results for “eau”: the 25 most recent, best first." in first
    assert "Page 1 of 2." in first
    assert len(re.findall(r"<h3><a ", page_in(client, "/search?q=eau&page=2"))) == 5
    assert "Plus de 25 résultats" in page_in(client, "/search?q=eau", "fr")


def test_content_and_query_are_escaped_never_markup(client: FlaskClient) -> None:
    html = page_in(client, "/search?q=onerror+potable")
    assert "<img" not in html and "<script>alert" not in html
    assert "&lt;img src=x <mark>onerror</mark>=" in html
    query = page_in(client, "/search?q=%3Cscript%3Ealert(3)%3C%2Fscript%3E")
    assert "<script>alert(3)" not in query and escape("<script>alert(3)</script>") in query


def test_a_dialogue_not_yet_public_is_not_found(client: FlaskClient) -> None:
    assert "Zygomorphe" not in page_in(client, "/search?q=zygomorphe")
    assert "0 results" in page_in(client, "/search?q=zygomorphe")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=a%01b", "q"),
        ("q=a%0Ab", "q"),
        ("q=" + "x" * 201, "q"),
        ("q=eau&page=0", "page"),
        ("q=eau&page=x", "page"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client: FlaskClient, query: str, field: str) -> None:
    response = client.get(f"/search?{query}")
    assert response.status_code == 400
    assert f"<strong>{field}</strong>" in response.get_data(as_text=True)


def test_an_empty_query_shows_the_form_only(client: FlaskClient) -> None:
    html = page_in(client, "/search?q=+")
    assert 'role="search"' in html and "results for" not in html


def test_the_home_page_shows_each_dialogue_with_its_next_meeting_and_latest_decision(
    client: FlaskClient,
) -> None:
    html = page_in(client, "/", "fr")
    assert "Atelier des riverains" in html and "19 mai 2099 à 14 h" in html
    assert "DEL-2026-041" in html
    assert (
        'role="search"' in html
        and 'href="/feeds/decisions.atom"' in html
        and 'href="/feeds/meetings.ics"' in html
    )
    assert not ISO_DATE.search(visible_text(html))
    assert "Zygomorphe" not in html
    assert escape(INJECTED, quote=False) in html.replace("&#34;", '"').replace("&quot;", '"')


def test_the_home_page_filters_by_stage_and_territory(client: FlaskClient) -> None:
    framing = page_in(client, "/?stage=framing")
    assert "1 dialogues shown" not in framing and "No dialogue matches these filters." in framing
    collective = page_in(client, "/?stage=collective_work")
    listed = collective.split("</form>", 2)[-1]
    assert "balisage" in listed and WORKSHOP_SLUG in listed and MAIN_SLUG not in listed
    territory = page_in(client, "/?territory=Brassac-la-Rivi%C3%A8re%2C+V%C3%A8ze+moyenne&stage=")
    cards = territory.split('class="cards dialogue-cards"')[1]
    assert EARLIER_SLUG in cards and MAIN_SLUG not in cards and "balisage" not in cards


@pytest.mark.parametrize(("query", "field"), [("stage=nope", "stage"), ("territory=a%01b", "territory")])
def test_a_bad_filter_is_a_400_naming_it(client: FlaskClient, query: str, field: str) -> None:
    response = client.get(f"/?{query}")
    assert response.status_code == 400 and f"<strong>{field}</strong>" in response.get_data(as_text=True)


def test_the_next_meeting_is_dated_in_words_in_english_too(client: FlaskClient) -> None:
    html = page_in(client, "/", "en")
    assert "19 May 2099, 2 pm" in html and "adopted on 19 May 2026" in html
    assert not ISO_DATE.search(visible_text(html))


def test_every_result_leads_to_the_page_that_shows_it(client: FlaskClient) -> None:
    links: set[str] = set()
    for path in ("/search?q=eau", "/search?q=eau&page=2", "/search?q=eau&page=3", "/search?q=proposition"):
        links |= set(re.findall(r'<h3><a href="([^"]+)"', page_in(client, path)))
    items = [link for link in links if "#" not in link]
    assert any("/proposals/" in link for link in items)  # a proposal: its own page
    for link in items:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
    for link in links - set(items):
        address, anchor = link.replace("&amp;", "&").split("#")
        assert f'id="{anchor}"' in page_in(client, address), link


@pytest.mark.parametrize(
    "query", ['"', "NEAR(eau potable)", "eau OR potable", "*", "eau -potable", "100 %", "l'eau"]
)
def test_query_syntax_of_the_stores_is_only_words(client: FlaskClient, query: str) -> None:
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200


def test_what_the_record_s_pages_show_is_found_on_them_not_on_the_dialogue_s_page(
    client: FlaskClient,
) -> None:
    links: set[str] = set()
    for query in ("pilotage", "salle des fêtes", "assecs", "affluents"):
        links |= set(re.findall(r'<h3><a href="([^"]+)"', page_in(client, f"/search?q={query}")))
    main = f"/dialogues/{MAIN_SLUG}"
    assert f"{main}/framework#launch-meeting" in links
    assert f"{main}/diagnosis#contributions" in links
    assert any(link.startswith(f"{main}/framework#instance-") for link in links)
    assert f"{main}/framework" in links  # the framework itself
    gone = ("#framework", "#instances", "#participation", "#calendar")
    assert [link for link in links if link.endswith(gone)] == []


def test_the_home_page_lists_the_dialogues_a_page_at_a_time_keeping_the_filters(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(overview_module, "PAGE_SIZE", 1)
    monkeypatch.setitem(client.application.extensions, "page_cache", PageCache(0))  # not the pages kept
    first = page_in(client, "/")
    assert first.count('<li>\n            <h3><a href="/dialogues/') == 1
    assert 'aria-label="Pages of the dialogues"' in first and "Page 1 of 4." in first
    assert 'href="/?dialogues=2#dialogues"' in first and "Previous page of the dialogues" not in first
    assert "4 dialogues in all." in first
    second = page_in(client, "/?dialogues=2")
    assert 'href="/#dialogues"' in second and 'href="/?dialogues=3#dialogues"' in second
    card = re.compile(r'<h3><a href="/dialogues/([^"]+)"')
    slugs = {card.findall(page_in(client, f"/?dialogues={n}"))[0] for n in (1, 2, 3, 4)}
    assert slugs == {MAIN_SLUG, EARLIER_SLUG, WORKSHOP_SLUG, "balisage"}
    assert "Nothing on this page." in page_in(client, "/?dialogues=5")
    filtered = page_in(client, "/?stage=collective_work&dialogues=2")  # balisage and the demo's workshop
    assert "Page 2 of 2." in filtered and "2 dialogues in all." in filtered
    assert 'href="/?stage=collective_work#dialogues"' in filtered  # the previous page, filtered too
    shown = {card.findall(page_in(client, f"/?stage=collective_work&dialogues={n}"))[0] for n in (1, 2)}
    assert shown == {WORKSHOP_SLUG, "balisage"}
    territory = page_in(client, "/?territory=Brassac-la-Rivi%C3%A8re%2C+V%C3%A8ze+moyenne&dialogues=x")
    assert EARLIER_SLUG in territory.split('class="cards dialogue-cards"')[1]
