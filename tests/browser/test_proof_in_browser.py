"""The proof of the demo's decision checked in a visitor's Chromium (``static/proof-check.js``).

The page recomputes the leaf from the act's bytes, follows the path to the signed checkpoint's root and
verifies the checkpoint's Ed25519 signature with the log's published verifier key; it says
"Vérifié dans votre navigateur", or which of the four failed when the JSON or the key it fetches was
tampered with on the way (Playwright's ``page.route``). Without Ed25519 in WebCrypto, the vendored
noble-ed25519 verifies. axe finds nothing on the page once checked, verified or not.
"""

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Page, Route

from application.demo import MAIN_SLUG
from projections import merkle_note
from tests.browser.conftest import Site
from tests.browser.test_proof_pages import decision_proof, violations

VERIFIED = {"fr": "Vérifié dans votre navigateur", "en": "Verified in your browser"}
FAILED = {
    "leaf": "the leaf does not match the act",
    "path": "the path does not lead from the leaf to the root hash",
    "signature": "signature does not verify with the log",
    "key": "published key (unknown key)",
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def outcome(page: Page) -> tuple[str, str]:
    """(data-outcome, text) of the check once it has ended."""
    page.wait_for_function(
        "() => { const r = document.getElementById('browser-check-result');"
        " return r && r.dataset.outcome && r.dataset.outcome !== 'checking'; }"
    )
    result = page.locator("#browser-check-result")
    return str(result.get_attribute("data-outcome")), result.inner_text()


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def tampered_leaf(proof: dict[str, Any]) -> None:
    leaf = base64.b64decode(proof["leaf_input"])
    proof["leaf_input"] = base64.b64encode(flip(leaf, len(leaf) - 2)).decode()  # a byte of the act's state


def tampered_path(proof: dict[str, Any]) -> None:
    proof["proof"][0] = flip(bytes.fromhex(proof["proof"][0]), 5).hex()


def tampered_signature(proof: dict[str, Any]) -> None:
    text, signatures = merkle_note.split_note(proof["checkpoint"])
    own = signatures[0]  # the log's own line comes first
    wrong = merkle_note.Signature(own.name, own.key_id, flip(own.signature, 10))
    proof["checkpoint"] = merkle_note.signed_note(text, [wrong, *signatures[1:]])


def tamper_json(page: Page, change: Callable[[dict[str, Any]], None]) -> None:
    def handle(route: Route) -> None:
        proof = route.fetch().json()
        change(proof)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(proof))

    page.route("**/transparency/proof/inclusion.json*", handle)


def serve_another_key(page: Page) -> None:
    """The key fetched is a key of the same name as the log's, but not the one that signed."""

    def handle(route: Route) -> None:
        published = merkle_note.parse_verifier_key(route.fetch().text())
        other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
        route.fulfill(
            status=200, content_type="text/plain", body=f"{merkle_note.verifier_key(published.name, other)}\n"
        )

    page.route("**/transparency/checkpoint/key", handle)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_decision_s_proof_is_verified_in_the_visitor_s_browser(
    demo_site: Site, person: Callable[..., Page], axe: Axe, language: str
) -> None:
    page = person(demo_site, None, language=language)
    proof_json: list[dict[str, Any]] = []
    page.on(
        "response",
        lambda r: proof_json.append(r.json()) if "/proof/inclusion.json" in r.url else None,
    )
    page.goto(decision_proof(page))
    found, text = outcome(page)
    assert found == "verified", text
    assert text.startswith(VERIFIED[language])
    assert proof_json and "leaf_input" in proof_json[0]  # the leaf was recomputed, not taken as given
    assert violations(axe, page) == []


@pytest.mark.parametrize(
    ("failure", "tamper"),
    [
        ("leaf", lambda page: tamper_json(page, tampered_leaf)),
        ("path", lambda page: tamper_json(page, tampered_path)),
        ("signature", lambda page: tamper_json(page, tampered_signature)),
        ("key", serve_another_key),
    ],
)
def test_a_tampered_proof_says_precisely_what_failed(
    demo_site: Site, person: Callable[..., Page], axe: Axe, failure: str, tamper: Callable[[Page], None]
) -> None:
    page = person(demo_site, None)
    address = decision_proof(page)
    tamper(page)
    page.goto(address)
    found, text = outcome(page)
    assert found == failure, text
    assert FAILED[failure] in text and not text.startswith(VERIFIED["en"])
    assert violations(axe, page) == []


def test_without_ed25519_in_webcrypto_the_vendored_library_verifies(
    demo_site: Site, person: Callable[..., Page]
) -> None:
    page = person(demo_site, None, language="fr")
    page.add_init_script(
        "const original = crypto.subtle.importKey.bind(crypto.subtle);"
        "crypto.subtle.importKey = (format, key, algorithm, ...rest) =>"
        " (algorithm && (algorithm === 'Ed25519' || algorithm.name === 'Ed25519'))"
        "  ? Promise.reject(new DOMException('no Ed25519 here', 'NotSupportedError'))"
        "  : original(format, key, algorithm, ...rest);"
    )
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    address = decision_proof(page)
    page.goto(address)
    found, text = outcome(page)
    assert found == "verified", text
    assert any("/static/vendor/noble-ed25519.js?v=" in url for url in loaded)


def test_a_document_s_proof_page_checks_the_act_that_published_it(
    demo_site: Site, person: Callable[..., Page]
) -> None:
    page = person(demo_site, None)
    with demo_site.app.app_context():
        dialogue_id = demo_site.dialogues.dialogue_id(MAIN_SLUG)
    document_id = next(iter(demo_site.dialogues.documents(dialogue_id)))
    page.goto(f"/documents/{document_id}/proof")
    found, text = outcome(page)
    assert found == "verified", text


def test_an_act_not_public_is_verified_from_its_published_leaf_hash_and_says_so(
    demo_site: Site, person: Callable[..., Page]
) -> None:
    page = person(demo_site, None)
    address = decision_proof(page)
    tamper_json(page, lambda proof: proof.pop("leaf_input"))  # as for an act of a dialogue not public
    page.goto(address)
    found, text = outcome(page)
    assert found == "verified", text
    assert "The act itself is not public" in text
