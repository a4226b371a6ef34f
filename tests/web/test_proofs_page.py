"""The verifiable log's public page (`/transparency`), and the inclusion proof linked from each act."""

import re
from collections.abc import Iterator
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.demo import MAIN_SLUG
from projections import merkle
from tests.web.public_site import MAIN, demo_site, page


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
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", html)
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
