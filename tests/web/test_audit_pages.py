"""The auditor pages: trail with filters and pages, replay with slider and steps, provenance of a decision."""

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from flask import Flask
from flask.testing import FlaskClient

from application import credentials
from application.demo import AUDITOR, MAIN_SLUG, PASSWORD, record_demo
from tests.web.conftest import make_web_app, sign_in
from web import close_app

TRAIL = f"/audit/dialogues/{MAIN_SLUG}"
REPLAY = f"{TRAIL}/replay"
ROW = re.compile(r'<tr id="p(\d+)" data-act="([^"]+)" data-actor="([^"]+)" data-recorded-at="([^"]+)">')
NEXT = re.compile(r'<a rel="next" href="([^"]+)"')


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One web app on a store holding the demo, shared by the tests of this module (they only read)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(credentials, "HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))
        path = Path(tmp_path_factory.mktemp("audit")) / "demo.sqlite3"
        app = make_web_app(f"sqlite:///{path}")
        record_demo(app.extensions["dialogues"])
        yield app
    close_app(app)


def client_of(app: Flask, login: str | None) -> FlaskClient:
    client = app.test_client()
    if login is not None:
        assert sign_in(client, login, PASSWORD).status_code == 303  # type: ignore[attr-defined]
    return client


@pytest.fixture(scope="module")
def auditor(demo_app: Flask) -> FlaskClient:
    return client_of(demo_app, AUDITOR)


def page(client: FlaskClient, url: str, status: int = 200, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def rows(html: str) -> list[tuple[int, str, str, str]]:
    return [(int(p), act, actor, at) for p, act, actor, at in ROW.findall(html)]


def every_row(client: FlaskClient, url: str = TRAIL) -> list[tuple[int, str, str, str]]:
    """The rows of every page of the trail, following the "next page" links."""
    found = []
    next_url: str | None = url
    while next_url:
        html = page(client, next_url)
        found += rows(html)
        match = NEXT.search(html)
        next_url = match.group(1).replace("&amp;", "&") if match else None
    return found


@pytest.fixture(scope="module")
def trail(auditor: FlaskClient) -> list[tuple[int, str, str, str]]:
    return every_row(auditor)


def test_the_audits_page_lists_the_dialogues_the_account_audits(auditor: FlaskClient) -> None:
    html = page(auditor, "/audit")
    assert f'href="{TRAIL}"' in html


def test_the_trail_lists_the_demo_acts_in_order_with_summaries(auditor: FlaskClient, demo_app: Flask) -> None:
    html = page(auditor, TRAIL)
    first = rows(html)
    assert first[0][1] == "dialogue-opened"
    assert [r[0] for r in first] == sorted(r[0] for r in first)
    assert "Dialogue ouvert" in html  # the summary, in the default language
    assert "Dialogue opened" in page(auditor, TRAIL, **{"Accept-Language": "en"})
    with demo_app.app_context():
        app = demo_app.extensions["dialogues"]
        expected = [a["position"] for a in app.acts(app.dialogue_id(MAIN_SLUG))]
    assert [r[0] for r in first] == expected[: len(first)]


def test_pagination_returns_every_act_of_the_dialogue_once(
    trail: list[tuple[int, str, str, str]], demo_app: Flask
) -> None:
    with demo_app.app_context():
        app = demo_app.extensions["dialogues"]
        expected = [a["position"] for a in app.acts(app.dialogue_id(MAIN_SLUG))]
    assert len(expected) > 50  # more than one page
    assert [r[0] for r in trail] == expected


@pytest.mark.parametrize("act", ["proposal-drafted", "decision-adopted", "stakeholder-identified"])
def test_the_act_filter_keeps_that_act_only(
    auditor: FlaskClient, trail: list[tuple[int, str, str, str]], act: str
) -> None:
    found = every_row(auditor, f"{TRAIL}?act={act}")
    assert found == [r for r in trail if r[1] == act]
    assert found


def test_the_actor_filter_keeps_that_actor_only(
    auditor: FlaskClient, trail: list[tuple[int, str, str, str]]
) -> None:
    found = every_row(auditor, f"{TRAIL}?actor=demo-technician")
    assert found == [r for r in trail if r[2] == "demo-technician"]
    assert found


def test_the_time_range_keeps_the_acts_recorded_in_it(
    auditor: FlaskClient, trail: list[tuple[int, str, str, str]]
) -> None:
    since, until = trail[40][3], trail[90][3]
    query = f"since={since.replace('+', '%2B')}&until={until.replace('+', '%2B')}"
    found = every_row(auditor, f"{TRAIL}?{query}")
    assert found == [r for r in trail if since <= r[3] < until]
    assert found[0] == trail[40]


def test_the_decisions_are_listed_a_page_at_a_time_keeping_the_filters(auditor: FlaskClient) -> None:
    first = page(auditor, TRAIL)
    assert first.count("/provenance") == 1 and 'aria-label="Pages des décisions"' not in first
    beyond = page(auditor, f"{TRAIL}?act=decision-adopted&decisions=2")
    assert "/provenance" not in beyond and "Rien sur cette page." in beyond
    newer = (
        f'href="{TRAIL}?act=decision-adopted#decisions">Page précédente\u00a0: décisions plus récentes</a>'
    )
    assert newer in beyond
    assert len(rows(beyond)) == 1  # the acts are those of the filter still


def test_the_trail_names_the_stakeholders_for_the_auditor(auditor: FlaskClient) -> None:
    html = page(auditor, f"{TRAIL}?act=stakeholder-identified")
    assert "Bernard Fontanel" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("act=nope", "act"),
        ("since=yesterday", "since"),
        ("until=2026-13-45", "until"),
        ("since=2026-03-02&until=2026-03-01", "until"),
        ("after=-4", "after"),
        ("after=abc", "after"),
    ],
)
def test_bad_filters_show_the_form_again_with_a_message_next_to_the_field(
    auditor: FlaskClient, query: str, field: str
) -> None:
    html = page(auditor, f"{TRAIL}?{query}", 400)
    assert f'id="f-{field}-error"' in html
    assert 'class="filters"' in html


def test_a_stakeholder_is_refused_and_an_anonymous_visitor_is_sent_to_sign_in(demo_app: Flask) -> None:
    stakeholder = client_of(demo_app, "demo-stakeholder-1")
    for url in ("/audit", TRAIL, REPLAY):
        response = client_of(demo_app, None).get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    for url in (TRAIL, REPLAY, f"{TRAIL}/decisions/00000000-0000-0000-0000-000000000000/provenance"):
        assert stakeholder.get(url).status_code == 403
    assert f'href="{TRAIL}"' not in page(stakeholder, "/audit")


def test_a_platform_administrator_may_audit(demo_app: Flask) -> None:
    page(client_of(demo_app, "demo-admin"), TRAIL)


def stage_at(html: str) -> str:
    match = re.search(r'data-stage="([a-z_]+)"', html)
    assert match, html
    return match.group(1)


def test_the_replay_shows_framing_early_and_decision_at_the_head(
    auditor: FlaskClient, trail: list[tuple[int, str, str, str]]
) -> None:
    assert stage_at(page(auditor, f"{REPLAY}?position={trail[0][0]}")) == "framing"
    assert stage_at(page(auditor, f"{REPLAY}?position={trail[5][0]}")) == "framing"
    head = page(auditor, REPLAY)
    assert stage_at(head) == "decision_and_follow_up"
    assert 'type="range"' in head
    assert f'min="0" max="{len(trail) - 1}"' in head
    assert "DEL-2026-041" in head


def test_the_slider_moves_through_the_acts_each_shown_by_its_date_and_name(
    auditor: FlaskClient, trail: list[tuple[int, str, str, str]]
) -> None:
    html = page(auditor, f"{REPLAY}?act=5", **{"Accept-Language": "fr"})
    slider = re.search(r'<input id="f-act"[^>]*>', html).group(0)  # type: ignore[union-attr]
    said = json.loads(unescape(re.search(r'data-steps="([^"]*)"', slider).group(1)))  # type: ignore[union-attr]

    assert re.search(rf'id="as-of">[^<]*?{trail[5][0]}</h2>', html)
    assert len(said) == len(trail) and 'value="5"' in slider
    assert re.fullmatch(r"\d{1,2} \w+ \d{4}.* — .+", said[5]), said[5]  # "12 mars 2026 à 18:30 — ..."
    assert f'aria-valuetext="{said[5]}"' in unescape(slider)


def steps(html: str) -> dict[str, int]:
    return {rel: int(p) for p, rel in re.findall(r'href="[^"]*replay\?position=(\d+)" rel="(\w+)"', html)}


def test_the_step_buttons_move_to_the_previous_and_next_act(
    auditor: FlaskClient, trail: list[tuple[int, str, str, str]]
) -> None:
    positions = [r[0] for r in trail]
    middle = positions[100]
    found = steps(page(auditor, f"{REPLAY}?position={middle}"))
    assert found == {
        "first": positions[0],
        "prev": positions[99],
        "next": positions[101],
        "last": positions[-1],
    }
    at_first = steps(page(auditor, f"{REPLAY}?position={positions[0]}"))
    assert "prev" not in at_first
    assert at_first["next"] == positions[1]


def test_the_replay_accepts_a_time(auditor: FlaskClient, trail: list[tuple[int, str, str, str]]) -> None:
    position, _, _, recorded_at = trail[60]
    html = page(auditor, f"{REPLAY}?at={recorded_at.replace('+', '%2B')}")
    shown = int(re.search(r'id="as-of">[^<]*?(\d+)</h2>', html).group(1))  # type: ignore[union-attr]
    assert position <= shown < trail[61][0]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("position=abc", "position"),
        ("position=0", "position"),
        ("position=99999999", "position"),
        ("act=99999999", "position"),
        ("act=first", "position"),
        ("at=noon", "at"),
    ],
)
def test_bad_replay_positions_give_400_with_a_message(auditor: FlaskClient, query: str, field: str) -> None:
    html = page(auditor, f"{REPLAY}?{query}", 400)
    assert f'id="f-{field}-error"' in html


def provenance_url(auditor: FlaskClient) -> str:
    html = page(auditor, TRAIL)
    match = re.search(r'DEL-2026-041[^<]*\s*— <a href="([^"]+/provenance)"', html)
    assert match, "the trail page links the decision to its provenance"
    return match.group(1)


def test_the_provenance_of_the_demo_decision_goes_from_contributions_to_operators(
    auditor: FlaskClient,
) -> None:
    html = page(auditor, provenance_url(auditor))
    assert "DEL-2026-041" in html
    proposals = html.count("data-proposal=")
    assert proposals == 11
    assert 'data-contribution="' in html
    assert 'data-act="contribution-posted"' in html
    for act in (
        "proposal-drafted",
        "proposal-validated",
        "results-presented",
        "action-created",
        "operator-assigned",
    ):
        assert f'data-act="{act}"' in html
    operators = set(re.findall(r'<span class="operator">([^<]+)</span>', html))
    assert operators == {"demo-operator-1", "demo-operator-2", "demo-operator-3"}
    assert 'data-act="progress-reported"' in html
    assert re.search(rf'href="{TRAIL}\?after=\d+">#\d+</a>', html)


def test_a_bad_decision_id_gives_400_and_an_unknown_one_404(auditor: FlaskClient) -> None:
    assert "decision_id" in page(auditor, f"{TRAIL}/decisions/nope/provenance", 400)
    page(auditor, f"{TRAIL}/decisions/00000000-0000-0000-0000-000000000000/provenance", 404)


def test_the_audit_pages_have_no_inline_script_or_style(auditor: FlaskClient) -> None:
    urls = ["/audit", TRAIL, f"{TRAIL}?act=nope", REPLAY, f"{REPLAY}?position=abc", provenance_url(auditor)]
    for url in urls:
        html = auditor.get(url).get_data(as_text=True)
        assert "style=" not in html and "<style" not in html, url
        scripts: list[Any] = re.findall(r"<script[^>]*>", html)
        served = r'<script src="/static/[\w.-]+\?v=[0-9a-f]{12}"( defer)?>'
        assert all(re.fullmatch(served, s) for s in scripts), (url, scripts)
    assert 'src="/static/replay.js?v=' in auditor.get(REPLAY).get_data(as_text=True)


def test_the_replay_names_instance_kinds_and_categories_in_the_ui_language(auditor: FlaskClient) -> None:
    page = auditor.get(REPLAY).get_data(as_text=True)
    assert "Comité de pilotage" in page or "steering committee" in page
    assert "steering_committee" not in page and "elected_official" not in page


@pytest.mark.parametrize(
    ("language", "detail", "english"),
    [
        ("fr", "résultats attendus, objets et périmètre non définis", "perimeter not defined"),
        ("en", "expected results, objects and perimeter not defined", "non définis"),
    ],
)
def test_the_replay_words_the_indicator_details_in_the_ui_language(
    auditor: FlaskClient, trail: list[tuple[int, str, str, str]], language: str, detail: str, english: str
) -> None:
    opening = page(auditor, f"{REPLAY}?position={trail[0][0]}", **{"Accept-Language": language})

    assert f'<span class="detail">{detail}</span>' in opening
    assert english not in opening


def test_the_replay_shows_each_list_a_page_at_a_time_every_item_reachable_by_its_links(
    auditor: FlaskClient,
) -> None:
    def section(html: str, name: str) -> str:
        return html.split(f'id="{name}"')[1].split("</section>")[0]

    rows = {"proposals": "<tr data-status=", "actions": "<tr><td>", "decisions": "— <a href="}
    pages = {}
    for name, row in rows.items():
        url, seen, total, pages[name] = REPLAY, 0, -1, 0
        while url:
            shown = section(page(auditor, url), name)
            total = int(re.search(r'<span class="as">\((\d+)\)</span>', shown).group(1))  # type: ignore[union-attr]
            found = len(re.findall(row, shown))
            assert 0 < found <= 10
            seen, pages[name] = seen + found, pages[name] + 1
            older = re.search(rf'href="([^"]*{name}=\d+#{name})">', unescape(shown))
            url = older.group(1) if older else ""
        assert seen == total, name
    assert pages["proposals"] == 2  # 12 in the demo
    beyond = section(page(auditor, f"{REPLAY}?proposals=99"), "proposals")
    assert "Rien sur cette page." in beyond and "<tr data-status=" not in beyond
