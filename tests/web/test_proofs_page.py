"""The verifiable log's public page (`/transparency`), and the inclusion proof linked from each act."""

import base64
import hashlib
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.demo import MAIN_SLUG
from projections import merkle
from tests.builders import Scenario
from tests.web.public_site import MAIN, demo_site, page
from tests.webapp import make_web_app
from web import close_app


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    yield from demo_site(tmp_path_factory.mktemp("transparency-page"))


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


def test_the_page_shows_the_latest_head_the_heads_and_the_key(client: FlaskClient) -> None:
    html = page(client, "/transparency")
    latest = client.get("/transparency/heads/latest").get_json()
    key = client.get("/transparency/key").get_json()
    heads = client.get("/transparency/heads").get_json()["heads"]
    assert latest["root_hash"] in html
    assert f"<dd>{latest['tree_size']}</dd>" in html
    visible = re.sub(r"<(code|pre)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", visible), "dates as people read them, not ISO"
    for head in heads:
        assert head["root_hash"] in html
    assert key["fingerprint"] in html
    assert key["public_key_pem"].strip() in html
    assert "dialogue verify DIR" in html
    assert latest["root_hash"] in page(client, "/transparency/")


def test_the_page_has_no_inline_script_or_style(client: FlaskClient) -> None:
    html = page(client, "/transparency")
    assert "<script" not in html and "<style" not in html and " style=" not in html


def test_the_page_is_linked_from_every_page_and_the_dialogue_page(client: FlaskClient) -> None:
    assert 'href="/transparency"' in page(client, "/")
    assert page(client, MAIN).count('href="/transparency"') >= 2  # footer and open-data section


def test_the_page_is_translated(client: FlaskClient) -> None:
    html = client.get("/transparency", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Journal de transparence" in html
    assert "Comment vérifier" in html


@pytest.mark.parametrize(
    ("language", "heading", "expert"),
    [
        ("fr", "Ce que cela vous garantit", "Pour les experts"),
        ("en", "What this guarantees you", "For experts"),
    ],
)
def test_the_page_opens_with_what_it_guarantees_in_plain_words(
    client: FlaskClient, language: str, heading: str, expert: str
) -> None:
    html = client.get("/transparency", headers={"Accept-Language": language}).get_data(as_text=True)
    main = html[html.index("<main") :]
    first_heading = re.findall(r"<h2[^>]*>(.*?)</h2>", main)[0]
    assert first_heading == heading
    assert main.index(heading) < main.index(expert) < main.index("RFC 9162")
    guarantee = main[main.index(heading) : main.index(expert)]
    for jargon in ("Merkle", "RFC", "hash", "Ed25519", "SHA-256"):
        assert jargon not in guarantee


def test_an_inclusion_proof_without_size_is_in_the_latest_head(client: FlaskClient) -> None:
    latest = client.get("/transparency/heads/latest").get_json()
    proof = client.get("/transparency/proof/inclusion?position=1").get_json()
    assert proof["tree_size"] == latest["tree_size"]
    assert proof["head"] == latest


def proof_links(html: str) -> list[str]:
    return [unescape(url) for url in re.findall(r'class="verify" href="([^"]+)"', html)]


def item_pages(html: str) -> list[str]:
    """The addresses of the item pages a dialogue's page links to."""
    return sorted(
        set(re.findall(rf'href="({MAIN}/(?:proposals|decisions|meetings|actions)/[0-9a-f-]+)"', html))
    )


def test_a_decision_on_the_demo_page_links_to_a_proof_that_verifies(site: Flask, client: FlaskClient) -> None:
    [decision] = [url for url in item_pages(page(client, MAIN)) if "/decisions/" in url]
    links = proof_links(page(client, decision))
    assert len(links) == 1, "the decision links to its inclusion proof"
    answer = client.get(links[0])
    assert answer.status_code == 200
    proof = answer.get_json()
    audit = client.get(f"/transparency/proof/inclusion?position={proof['position']}").get_json()
    assert audit == proof
    # The leaf is the hash of the stored DecisionAdopted event itself, recomputed here.
    recorder = site.extensions["dialogues"].recorder
    (stored,) = recorder.select_notifications(start=proof["position"], limit=1)
    assert stored.id == proof["position"] and stored.topic.endswith("DecisionAdopted")
    data = merkle.canonical_event(
        stored.id, stored.originator_id, stored.originator_version, stored.topic, bytes(stored.state)
    )
    assert merkle.leaf_hash(data).hex() == proof["leaf_hash"]
    head = proof["head"]
    assert merkle.verify_inclusion(
        proof["leaf_index"],
        head["tree_size"],
        bytes.fromhex(proof["leaf_hash"]),
        [bytes.fromhex(node) for node in proof["proof"]],
        bytes.fromhex(head["root_hash"]),
    )


def test_each_item_page_has_one_verify_control_for_a_distinct_act_in_the_log(client: FlaskClient) -> None:
    """One control per item, once a signed head covers the act that made it (the latest acts wait for
    the next head), named for its item."""
    links = []
    for item in item_pages(page(client, f"/dialogues/{MAIN_SLUG}")):
        html = page(client, item)
        found = proof_links(html)
        assert len(found) <= 1, item
        links += found
        assert len(re.findall(r'>Vérifier<span class="visually-hidden"> l', html)) == len(found), item
        waiting = "Vérifiable dès la publication de la prochaine tête signée du journal."
        assert (waiting in html) == (not found), item
    assert len(links) > 10 and len(set(links)) == len(links)
    for link in links:
        assert client.get(link).status_code == 200, link


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def decision_proof_link(client: FlaskClient) -> str:
    html = page(client, MAIN)
    decision = re.search(r'<section id="decided".*?</section>', html, re.S)  # "what was decided"
    assert decision is not None
    return proof_links(decision.group(0))[0]


@pytest.mark.parametrize(
    ("language", "proven", "head"),
    [("fr", "Ce qui est prouvé", "La tête signée"), ("en", "What is proven", "The signed head")],
)
def test_a_browser_gets_the_proof_as_a_page_saying_what_is_proven(
    client: FlaskClient, language: str, proven: str, head: str
) -> None:
    link = decision_proof_link(client)
    proof = client.get(link).get_json()
    answer = client.get(link, headers={**BROWSER, "Accept-Language": language})
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    assert "Accept" in answer.headers["Vary"]
    html = answer.get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    assert proven in html and head in html
    assert "DEL-" in html or "délibération" in html or "deliberation" in html  # the act, in plain words
    assert proof["head"]["root_hash"] in html and proof["head"]["key_fingerprint"] in html
    for node in proof["proof"]:
        assert node in html
    assert f'href="{MAIN}"' in html  # back to the dialogue
    visible = re.sub(r"<(code|pre)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", visible)


def test_the_json_stays_the_answer_for_programs_and_at_its_own_address(client: FlaskClient) -> None:
    link = decision_proof_link(client)
    proof = client.get(link).get_json()  # no Accept header: JSON, as before
    assert client.get(link, headers={"Accept": "application/json"}).get_json() == proof
    assert client.get(link, headers={"Accept": "*/*"}).get_json() == proof  # curl
    json_link = link.replace("/proof/inclusion?", "/proof/inclusion.json?")
    assert client.get(json_link, headers=BROWSER).get_json() == proof
    html = client.get(link, headers=BROWSER).get_data(as_text=True)
    assert 'rel="alternate" type="application/json"' in html and unescape_href(json_link) in html


def unescape_href(url: str) -> str:
    return url.replace("&", "&amp;")


def test_a_proof_page_for_a_missing_position_is_a_404_naming_it(client: FlaskClient) -> None:
    answer = client.get("/transparency/proof/inclusion?position=99999999", headers=BROWSER)
    assert answer.status_code == 404
    answer = client.get("/transparency/proof/inclusion?position=abc", headers=BROWSER)
    assert answer.status_code == 400 and "position" in answer.get_data(as_text=True)


def test_the_proof_page_names_no_act_of_a_dialogue_not_yet_public(tmp_path: Path) -> None:
    app = make_web_app(
        f"sqlite:///{tmp_path}/db.sqlite3", SIGNING_KEY_FILE=str(tmp_path / "key.pem"), HEAD_EVERY=1
    )
    try:
        dialogues = app.extensions["dialogues"]
        Scenario(dialogues, slug="pas-encore", title="Titre pas encore public").framework_defined()
        position = int(dialogues.recorder.max_notification_id())
        answer = app.test_client().get(f"/transparency/proof/inclusion?position={position}", headers=BROWSER)
        assert answer.status_code == 200  # the proof itself is public, as every leaf
        html = answer.get_data(as_text=True)
        assert "Titre pas encore public" not in html and "pas-encore" not in html
        proof = app.test_client().get(f"/transparency/proof/inclusion.json?position={position}").get_json()
        assert "leaf_input" not in proof and proof["checkpoint"]  # the act's bytes stay unshown
    finally:
        close_app(app)


def test_the_proof_page_names_the_act_of_a_public_dialogue_on_both_stores(
    database_url: str, tmp_path: Path
) -> None:
    app = make_web_app(database_url, SIGNING_KEY_FILE=str(tmp_path / "key.pem"), HEAD_EVERY=1)
    try:
        dialogues = app.extensions["dialogues"]
        position = Scenario(dialogues, slug="publique", title="Un dialogue public").framing_done()
        client = app.test_client()
        answer = client.get(f"/transparency/proof/inclusion?position={position}", headers=BROWSER)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 200
        assert 'href="/dialogues/publique"' in html and "Un dialogue public" in html
        proof = client.get(f"/transparency/proof/inclusion?position={position}").get_json()
        assert proof["position"] == position
        leaf_input = base64.b64decode(proof["leaf_input"])  # the act's bytes: they give its leaf hash
        assert hashlib.sha256(leaf_input).hexdigest() == proof["leaf_hash"]
    finally:
        close_app(app)


def test_the_witness_command_shown_names_the_public_address_not_the_host_asked(client: FlaskClient) -> None:
    html = client.get("/transparency", headers={"Host": "attacker.example"}).get_data(as_text=True)
    assert "dialogue witness --log http://127.0.0.1:5000 --state DIR" in html  # PUBLIC_URL's default
    assert "attacker.example" not in html


def test_a_proof_that_cannot_be_shown_answers_a_browser_with_a_page_and_a_client_with_json(
    client: FlaskClient,
) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language": "fr"}
    refused = client.get("/transparency/proof/inclusion?position=abc", headers=browser)
    assert refused.status_code == 400 and refused.mimetype == "text/html"
    html = refused.get_data(as_text=True)
    assert "<html" in html and "position" in html and 'lang="fr"' in html
    missing = client.get("/transparency/proof/inclusion?position=999999", headers=browser)
    assert missing.status_code == 404 and missing.mimetype == "text/html"
    as_curl = client.get("/transparency/proof/inclusion?position=abc")
    assert as_curl.status_code == 400 and "position" in as_curl.get_json()["errors"]
    as_json = client.get("/transparency/proof/inclusion.json?position=abc", headers=browser)
    assert as_json.status_code == 400 and "position" in as_json.get_json()["errors"]
