"""The pages of a dialogue's record (``/dialogues/<slug>/<section>``) and the legal pages, on the demo."""

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.builders import Scenario
from tests.web.public_site import MAIN, PRIVATE_NAMES, PUBLIC_NAMES, demo_site, page
from tests.webapp import make_web_app
from web import close_app
from web.sections.pages import SECTIONS


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    yield from demo_site(tmp_path_factory.mktemp("record"))


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


@pytest.mark.parametrize("section", list(SECTIONS))
def test_each_page_of_the_record_names_no_private_person(client: FlaskClient, section: str) -> None:
    html = page(client, f"{MAIN}/{section}")

    assert [name for name in PRIVATE_NAMES + PUBLIC_NAMES if name in html] == []


@pytest.mark.parametrize(
    ("section", "published"),
    [
        ("framework", "Le bassin versant de la Vèze et de ses affluents"),
        ("framework", "Chargée de mission PTGE (coordination et animation)"),
        ("framework", "Réunion publique à la salle des fêtes de Saint-Aubin-sur-Vèze"),
        ("diagnosis", "Les assecs de la Vèze aval sont devenus annuels"),
        ("diagnosis", "Votes par points des séances en direct"),
        (
            "diagnosis",
            "Groupe milieux aquatiques - séance 2 : propositions</a>:\n            1 vote par points",
        ),
        ("agreements", "Plan d&#39;actions provisoire du PTGE de la Vèze"),
        ("expertise", "Recueil des savoirs locaux sur les assecs"),
        ("programmes", "Contrat territorial Vèze 2024-2029"),
        ("population", "412 participants"),
        ("regulation", "Horaires et lieux des séances du groupe agriculture"),
        ("evaluation", "Comité de suivi deux fois par an"),
    ],
)
def test_what_only_the_open_data_held_is_on_a_page(client: FlaskClient, section: str, published: str) -> None:
    assert published in page(client, f"{MAIN}/{section}")


def test_dates_read_as_people_read_them(client: FlaskClient) -> None:
    html = page(client, f"{MAIN}/population")

    assert "15 janvier 2026" in html and "2026-01-15" not in html


def test_english_pages_mark_the_french_content(client: FlaskClient) -> None:
    english = client.get(f"{MAIN}/expertise", headers={"Accept-Language": "en"}).get_data(as_text=True)
    french = page(client, f"{MAIN}/expertise")

    assert '<span lang="fr">Recueil des savoirs locaux sur les assecs</span>' in english
    assert "<h3>Recueil des savoirs locaux sur les assecs <span class" in french
    assert '<span lang="fr">' not in french


def test_an_unknown_section_is_not_found(client: FlaskClient) -> None:
    assert client.get(f"{MAIN}/secrets").status_code == 404


def test_the_record_of_a_dialogue_not_yet_public_is_not_found(site: Flask, client: FlaskClient) -> None:
    Scenario(site.extensions["dialogues"], slug="not-public-yet")

    assert client.get("/dialogues/not-public-yet/framework").status_code == 404


@pytest.mark.parametrize("path", ["/accessibility", "/legal-notice", "/personal-data", "/sitemap"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_legal_pages_answer_in_both_languages(client: FlaskClient, path: str, language: str) -> None:
    response = client.get(path, headers={"Accept-Language": language})

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.get_data(as_text=True)


def test_the_site_map_lists_every_page_of_each_public_dialogue(client: FlaskClient) -> None:
    html = page(client, "/sitemap")

    for section in SECTIONS:
        assert f'href="{MAIN}/{section}"' in html
    assert 'href="/dialogues/not-public-yet' not in html


def test_without_a_logo_there_is_no_logo(client: FlaskClient) -> None:
    assert client.get("/organisation/logo").status_code == 404
    assert "/organisation/logo" not in page(client, "/")


def test_the_site_map_links_the_search(client: FlaskClient) -> None:
    assert 'href="/search"' in page(client, "/sitemap")


def test_the_record_pages_read_the_read_model_on_both_stores(database_url: str) -> None:
    site = make_web_app(database_url)
    try:
        scenario = Scenario(site.extensions["dialogues"], slug="sevre")
        scenario.framing_done()
        scenario.approved_agreement()
        client = site.test_client()
        pages = {name: page(client, f"/dialogues/sevre/{name}") for name in SECTIONS}
    finally:
        close_app(site)

    assert "le bassin versant" in pages["framework"]
    assert "Plan d&#39;action provisoire" in pages["agreements"]
    assert "les mesures retenues" in pages["agreements"]


def test_the_shared_diagnosis_shows_the_contributions_texts_cluster_by_cluster(client: FlaskClient) -> None:
    html = page(client, f"{MAIN}/diagnosis")
    section = html[html.index('id="contributions"') :]

    headings = re.findall(r'<h3 id="cluster-\d+">([^<]+)</h3>', section)
    assert headings[:2] == ["Étiages et partage de l&#39;eau", "Économies d&#39;eau"]
    first = section[section.index('id="cluster-1"') : section.index('id="cluster-2"')]
    assert "Un tour d&#39;eau organisé par l&#39;ASA lisserait les prélèvements" in first
    assert '<span class="badge kind kind-idea"><span aria-hidden="true">✦</span> idée</span>' in first
    assert "soutenue par 2 participants" in first
    assert "demo-" not in section  # no account, hence nobody's login
    assert "Rien sur cette page." in page(client, f"{MAIN}/diagnosis?contributions=2")


def test_the_shared_diagnosis_marks_the_french_texts_in_english(client: FlaskClient) -> None:
    english = client.get(f"{MAIN}/diagnosis", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert '<span lang="fr">Un tour d&#39;eau organisé' in english
    assert '<span aria-hidden="true">✦</span> idea</span>' in english
    assert "endorsed by 2 participants" in english
