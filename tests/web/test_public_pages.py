"""The public pages: the list of dialogues and each dialogue's transparency page."""

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from application.demo import EARLIER_SLUG, MAIN_SLUG, PEOPLE, record_demo
from tests.demo_story import OBJECTION, PROPOSALS, WITHDRAWAL
from tests.web.public_site import (
    EARLIER,
    MAIN,
    PRIVATE_NAMES,
    PUBLIC_NAMES,
    demo_site,
    page,
    public_urls,
)
from web.public import summary
from web.public.items import item_url
from web.sections.pages import SECTIONS


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    yield from demo_site(tmp_path_factory.mktemp("public"))


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


def test_the_list_shows_both_demo_dialogues_with_territory_and_state(client: FlaskClient) -> None:
    html = page(client, "/")
    assert f'href="/dialogues/{MAIN_SLUG}"' in html
    assert f'href="/dialogues/{EARLIER_SLUG}"' in html
    assert "Brassac-la-Rivière, Vèze moyenne" in html
    assert 'class="badge"' in html and 'class="badge badge-open"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_the_dialogue_page_shows_the_decision_first_and_its_page_the_justifications(
    client: FlaskClient,
) -> None:
    html = page(client, MAIN)
    decided = html[html.index('id="decided"') : html.index('id="stage"')]
    assert "DEL-2026-041" in decided and "19 mai 2026" in decided
    sentence = "Sur les 11 propositions présentées, 8 ont été adoptées (dont 2 avec modifications)"
    assert f"{sentence}, 2 différées et 1 rejetée." in decided
    assert html.index('id="decided"') < html.index('id="contents-title"') < html.index('id="timeline"')
    [decision] = articles(html, "decision")
    rejected = next(p for p in PROPOSALS.values() if p.outcome and p.outcome[0] == "rejected")
    assert rejected.outcome is not None
    assert escape(rejected.outcome[1]) not in html  # on the decision's page, linked
    assert escape(rejected.outcome[1]) in page(client, f"{MAIN}/decisions/{decision}")


def articles(html: str, kind: str) -> list[str]:
    """The ids of the items of one kind that the page lists, in its order."""
    return re.findall(rf'<li id="{kind}-([0-9a-f-]+)"', html)


def test_the_proposals_are_shown_ten_at_a_time_newest_first(client: FlaskClient) -> None:
    first, second = page(client, MAIN), page(client, f"{MAIN}?proposals=2")
    assert (len(articles(first, "proposal")), len(articles(second, "proposal"))) == (10, 2)
    titles = re.findall(r'<li id="proposal-[^"]+"><a href="[^"]+" lang="fr">([^<]+)</a>', first + second)
    assert titles == [escape(p.title) for p in reversed(PROPOSALS.values())]
    assert "Page 1, du plus récent au plus ancien." in first
    older = f'href="{MAIN}?proposals=2#proposals">Page suivante\u00a0: propositions plus anciennes</a>'
    newer = f'href="{MAIN}#proposals">Page précédente\u00a0: propositions plus récentes</a>'
    assert older in first and newer not in first
    assert newer in second and "propositions plus anciennes" not in second
    assert '<nav class="pages" aria-label="Pages des propositions">' in first
    assert 'aria-label="Pages des réunions"' not in first  # 9 meetings: one page


def test_a_page_link_keeps_the_pages_of_the_other_lists(client: FlaskClient) -> None:
    html = page(client, f"{MAIN}?decisions=3&proposals=2")
    assert f'href="{MAIN}?decisions=3#proposals">' in html
    assert (
        f'href="{MAIN}?proposals=2&amp;decisions=2#decisions">Page précédente\u00a0: décisions plus récentes'
        in html
    )
    assert "Rien sur cette page." in html and articles(html, "decision") == []


@pytest.mark.parametrize("asked", ["0", "-1", "abc", "²", "99999999999"])
def test_a_page_number_that_is_not_one_shows_the_first_page(client: FlaskClient, asked: str) -> None:
    html = page(client, f"{MAIN}?proposals={asked}")
    assert articles(html, "proposal") == articles(page(client, MAIN), "proposal")


def test_the_page_links_are_in_english_for_an_english_reader(client: FlaskClient) -> None:
    html = client.get(MAIN, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Next page: older proposals</a>" in html and "Page 1, newest first." in html


def test_each_proposal_decision_meeting_and_action_has_a_page_of_its_own(client: FlaskClient) -> None:
    first, second = page(client, MAIN), page(client, f"{MAIN}?proposals=2")
    for name, kind in (
        ("proposals", "proposal"),
        ("decisions", "decision"),
        ("meetings", "meeting"),
        ("actions", "action"),
    ):
        ids = articles(first, kind)
        assert ids, kind
        for item_id in ids:
            assert f'href="{MAIN}/{name}/{item_id}"' in first
            html = page(client, f"{MAIN}/{name}/{item_id}")
            assert f'href="{MAIN}#{name}"' in html  # back to its list
    oldest = "".join(page(client, f"{MAIN}/proposals/{p}") for p in articles(second, "proposal"))
    assert escape(WITHDRAWAL[1]) in oldest  # one of the two oldest
    [decision] = articles(first, "decision")
    assert client.get(f"{EARLIER}/decisions/{decision}").status_code == 404  # not of that dialogue
    assert client.get(f"{MAIN}/meetings/{decision}").status_code == 404  # a decision, not a meeting
    assert client.get(f"{MAIN}/meetings/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get(f"{MAIN}/stakeholders/{decision}").status_code == 404


def test_every_section_is_linkable(client: FlaskClient) -> None:
    html = page(client, MAIN)
    for section in (
        "outcomes",
        "proposals",
        "decisions",
        "actions",
        "meetings",
        "timeline",
        "participation",
        "open-data",
    ):
        assert f'id="{section}"' in html and f'href="#{section}"' in html
    contents = html[
        html.index('id="contents-title"') : html.index("</nav>", html.index('id="contents-title"'))
    ]
    assert [f'href="{MAIN}/{name}"' in contents for name in SECTIONS] == [True] * len(SECTIONS)


@pytest.mark.parametrize(
    ("section", "published"),
    [
        ("framework", "Le bassin versant de la Vèze et de ses affluents"),  # the perimeter
        ("framework", "Chargée de mission PTGE (coordination et animation)"),  # the organisation
        ("framework", "Réunion publique à la salle des fêtes de Saint-Aubin-sur-Vèze"),  # the launch
        ("regulation", "Horaires et lieux des séances du groupe agriculture"),
        ("evaluation", "Comité de suivi deux fois par an"),
    ],
)
def test_the_dialogue_page_links_the_record_s_pages_instead_of_repeating_them(
    client: FlaskClient, section: str, published: str
) -> None:
    html = page(client, MAIN)
    assert published in page(client, f"{MAIN}/{section}") and published not in html
    for gone in ('id="framework"', 'id="instances"', 'id="calendar"', 'id="regulation"', 'id="evaluation"'):
        assert gone not in html
    assert f'<a href="{MAIN}/{section}">' in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "How anyone can check that nothing published here was changed or removed afterwards"),
        ("fr", "Comment chacun peut vérifier que rien de ce qui est publié ici n'a été modifié ni retiré"),
    ],
)
def test_the_link_to_the_verifiable_log_says_in_plain_words_what_it_is_for(
    client: FlaskClient, language: str, words: str
) -> None:
    html = client.get(MAIN, headers={"Accept-Language": language}).get_data(as_text=True)
    assert f'<a href="/transparency">{words}' in html
    assert "signed heads" not in html and "têtes signées" not in html


def test_actions_show_their_progress_as_a_progress_element(client: FlaskClient) -> None:
    html = page(client, MAIN)
    assert 'max="100" value="60"' in html
    assert 'max="100" value="100"' in html


def test_the_waiver_of_the_brassac_dialogue_is_public(client: FlaskClient) -> None:
    html = page(client, EARLIER)
    assert escape("Le comité technique prévu n'a pas été constitué") in html


def svg_charts(html: str) -> list[str]:
    return [html[start : html.index("</svg>", start) + 6] for start in find_all(html, "<svg")]


def test_the_charts_are_well_formed_svg_with_title_and_description(client: FlaskClient) -> None:
    charts = svg_charts(page(client, MAIN))
    assert len(charts) == 3
    for chart in charts:
        svg = ET.fromstring(chart)
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert svg.get("role") == "img" and svg.get("aria-labelledby")
        assert svg.find("{http://www.w3.org/2000/svg}title") is not None
        assert svg.find("{http://www.w3.org/2000/svg}desc") is not None
    [attendance] = [chart for chart in charts if 'id="attendance-chart"' in chart]
    attendance = ET.fromstring(attendance)
    assert len(attendance.findall("{http://www.w3.org/2000/svg}g")) == 8


def test_the_dialogues_own_words_in_the_charts_are_marked_french(client: FlaskClient) -> None:
    html = page(client, MAIN)
    charts = {ET.fromstring(c).get("id"): ET.fromstring(c) for c in svg_charts(html)}
    titles = [t.text for t in charts["attendance-chart"].iter("{http://www.w3.org/2000/svg}tspan")]
    assert titles and all(t and t.lstrip() and t.strip()[0].isupper() for t in titles)
    marked = charts["attendance-chart"].findall(".//{http://www.w3.org/2000/svg}tspan[@lang='fr']")
    assert len(marked) == len(titles)
    milestones = charts["timeline-chart"].findall(
        ".//{http://www.w3.org/2000/svg}text[@class='milestone-label']"
    )
    assert milestones and all(m.get("lang") == "fr" for m in milestones)
    dates = charts["timeline-chart"].findall(".//{http://www.w3.org/2000/svg}text[@class='milestone-date']")
    assert dates and all(d.get("lang") is None for d in dates)


def test_pages_have_no_inline_script_or_style_only_the_live_updates_script_files(client: FlaskClient) -> None:
    for path in ("/", MAIN, EARLIER):
        html = page(client, path)
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        assert all(body == "" for _attributes, body in scripts) and "style=" not in html
        sources = {re.search(r'src="([^"?]+)\?v=', attributes).group(1) for attributes, _body in scripts}
        live = {"/static/vendor/socket.io.min.js", "/static/live-page.js"}
        assert sources == (set() if path == "/" else live)


def test_an_unknown_dialogue_is_a_404_page(client: FlaskClient) -> None:
    for path in (
        "/dialogues/no-such-dialogue",
        "/dialogues/no-such-dialogue/open-data.json",
        "/dialogues/no-such-dialogue/meetings.ics",
        f"{MAIN}/open-data/nothing.csv",
    ):
        assert client.get(path).status_code == 404
    page = client.get("/dialogues/no-such-dialogue", headers={"Accept-Language": "fr"})
    assert "Ce dialogue n&#39;existe pas." in page.get_data(as_text=True)
    page = client.get("/dialogues/no-such-dialogue", headers={"Accept-Language": "en"})
    assert "This dialogue does not exist." in page.get_data(as_text=True)


def test_no_private_name_appears_anywhere_public_but_public_office_holders_do(client: FlaskClient) -> None:
    everything = "".join(
        client.get(url).get_data(as_text=True)
        for slug in (MAIN_SLUG, EARLIER_SLUG)
        for url in public_urls(slug)
    )
    for name in PRIVATE_NAMES:
        assert name not in everything and escape(name) not in everything, name
    for name in PUBLIC_NAMES:
        assert escape(name) in everything, name


def test_an_erased_public_office_holder_disappears(web_app: Flask, client: FlaskClient) -> None:
    app = web_app.extensions["dialogues"]
    record_demo(app)
    main = app.dialogue_id(MAIN_SLUG)
    person = next(p for p in PEOPLE if p.public_office)
    person_id = next(id_ for id_, name in app.public_names(main).items() if name == person.name)
    own = web_app.test_client()
    assert person.name in own.get(f"/dialogues/{MAIN_SLUG}").get_data(as_text=True)
    app.erase_person(UUID(person_id))
    assert person_id not in app.public_names(main)
    for url in public_urls():
        assert person.name not in own.get(url).get_data(as_text=True), url


def escape(text: str) -> str:
    from markupsafe import escape as markup_escape

    return str(markup_escape(text))


def find_all(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def item_pages(client: FlaskClient, name: str, query: str = "") -> list[str]:
    """The pages of the items of one list that the dialogue's page links to (both asked with ``query``:
    addresses of their own, that no page kept by the cache answers)."""
    links = re.findall(rf'href="({MAIN}/{name}/[0-9a-f-]+)"', page(client, f"{MAIN}{query}"))
    return [page(client, f"{url}{query}") for url in links]


def test_an_action_past_its_due_date_is_flagged_overdue_with_an_icon_and_a_word(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    flagged = '<span class="badge fate fate-overdue"><span aria-hidden="true">⚠</span> en retard</span>'
    monkeypatch.setattr(summary, "today", lambda: date(2030, 1, 1))
    html = page(client, f"{MAIN}?on=2030")  # an address of its own: no page kept from another day
    start = html.index('<ul class="overdue">')
    late = html[start : html.index("</ul>", start)]
    assert late.count("<li>") >= 1 and late.count(flagged) == late.count("<li>")
    assert any(flagged in action for action in item_pages(client, "actions", "?on=2030"))
    monkeypatch.setattr(summary, "today", lambda: date(2020, 1, 1))
    assert flagged not in page(client, f"{MAIN}?on=2020")


def test_french_content_is_marked_french_in_english_pages_and_every_word_is_translated(
    client: FlaskClient,
) -> None:
    english = client.get(MAIN, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in english and '<h1 lang="fr">' in english
    titles = re.findall(r'<li id="proposal-[^"]+"><a href="[^"]+"( lang="fr")?>', english)
    assert titles and all(titles)
    objected = next(html for html in item_pages(client, "proposals") if escape(OBJECTION[1]) in html)
    assert '<span class="badge">résolue</span>' in objected and "(resolved)" not in objected


def test_an_item_the_dialogue_does_not_have_is_a_404_page_that_says_so(client: FlaskClient) -> None:
    response = client.get(f"{MAIN}/proposals/nothing", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    assert "Ce dialogue n&#39;a pas de telle proposition" in response.get_data(as_text=True)


def test_a_meeting_moved_shows_its_new_date_and_place_and_where_it_was_first_planned(
    client: FlaskClient,
) -> None:
    pages = [page(client, f"{EARLIER}/meetings/{m}") for m in articles(page(client, EARLIER), "meeting")]
    [moved] = [html for html in pages if "Initialement prévue le" in html]
    assert "Moulin de Brassac" in moved and "Salle des fêtes de Brassac-la-Rivière" in moved
    assert "13 mars 2025" in moved and "12 mars 2025" in moved
    assert "La salle des fêtes est prise le 12" in moved


def test_a_meeting_moved_marks_its_french_place_in_the_english_sentence(client: FlaskClient) -> None:
    english = [
        client.get(f"{EARLIER}/meetings/{m}", headers={"Accept-Language": "en"}).get_data(as_text=True)
        for m in articles(page(client, EARLIER), "meeting")
    ]
    [moved] = [html for html in english if "Moved from" in html]
    [sentence] = re.findall(r"<li>Moved from .*?</li>", moved, re.S)
    assert re.search(r'\(<span lang="fr">[^<]*Brassac[^<]*</span>\):', sentence), sentence


def test_a_meetings_page_shows_what_its_live_session_produced(client: FlaskClient) -> None:
    """The clusters named, the proposals put to the instance with their outcome, the dot vote's result."""
    ids = articles(page(client, MAIN), "meeting")
    pages = [page(client, f"{MAIN}/meetings/{i}") for i in ids]
    [html] = [p for p in pages if "Berges, ombre et température" in p]
    assert "Restaurer la ripisylve de la Vèze aval</span> — 4 points" in html
    assert "Sur les propositions, 3 points par membre." in html
    assert "5 membres ont placé des points." in html
    assert "Propositions soumises à l'instance" in html
    assert re.search(r"validée\s+\(5 des 5 membres l'ont soutenue, 0 s'y sont opposés\)", html)


def test_a_dot_votes_sentence_on_a_meetings_page_takes_the_singular_for_one(client: FlaskClient) -> None:
    from flask import render_template_string

    template = (
        '{{ ngettext("On %(subject)s, %(num)s dot per member.", "On %(subject)s, %(num)s dots per member.",'
        ' n, subject="x") }} {{ ngettext("%(num)s member placed dots.", "%(num)s members placed dots.", n) }}'
    )
    said = {}
    for language in ("fr", "en"):
        with client.application.test_request_context(headers={"Accept-Language": language}):
            said[language] = [render_template_string(template, n=n) for n in (0, 1, 3)]
    assert said["fr"] == [
        "Sur x, 0 point par membre. 0 membre a placé des points.",
        "Sur x, 1 point par membre. 1 membre a placé des points.",
        "Sur x, 3 points par membre. 3 membres ont placé des points.",
    ]
    assert said["en"][1:] == [
        "On x, 1 dot per member. 1 member placed dots.",
        "On x, 3 dots per member. 3 members placed dots.",
    ]
    source = Path("web/templates/public/_meeting.html").read_text(encoding="utf-8")
    assert 'ngettext("On %(subject)s, %(num)s dot per member.", "On %(subject)s, %(num)s dots' in source
    assert 'ngettext("%(num)s member placed dots.", "%(num)s members placed dots.", v.voters)' in source


@pytest.mark.parametrize("item_id", ["0b5c1e2a-93f1-4c6e-8d0a-1f2e3d4c5b6a", "a b/c", "é~!$&'()*+,;=:@%?#"])
def test_an_item_s_address_is_the_one_the_routing_builds(site: Flask, item_id: str) -> None:
    with site.test_request_context("/", base_url="http://localhost/under"):
        built = url_for("public.item", slug=MAIN_SLUG, name="proposals", item_id=item_id)

        assert item_url(MAIN_SLUG, "proposals", item_id) == built
