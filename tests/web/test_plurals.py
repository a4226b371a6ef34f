"""Counts shown in the UI agree in number with what they count, in French and in English."""

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_babel import force_locale

from tests.web.public_site import MAIN, demo_site
from web.i18n.public_labels import votes_text

PLURAL = {"fr": lambda n: n > 1, "en": lambda n: n != 1}
"""When a count takes the plural: French from 2, English for every count but 1."""
COUNTED = {
    "fr": r"(\d+) (soutien|amendement|abstention|personne|partie prenante|proposition validée|présent)(s?)\b",
    "en": r"(\d+) (endorsement|amendment|abstention|stakeholder|proposal validated|present)(s?)\b",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    yield from demo_site(tmp_path_factory.mktemp("plurals"))


@pytest.mark.parametrize(
    ("language", "abstentions", "text"),
    [
        ("fr", 1, "Votes\u00a0: 12 pour, 0 contre, 1 abstention"),
        ("fr", 2, "Votes\u00a0: 12 pour, 0 contre, 2 abstentions"),
        ("en", 1, "Votes: 12 for, 0 against, 1 abstention"),
        ("en", 2, "Votes: 12 for, 0 against, 2 abstentions"),
    ],
)
def test_the_votes_agree_with_the_number_of_abstentions(
    web_app: Flask, language: str, abstentions: int, text: str
) -> None:
    with web_app.test_request_context("/"), force_locale(language):
        assert votes_text({"for": 12, "against": 0, "abstentions": abstentions}) == text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_count_of_the_public_page_agrees_in_number(site: Flask, language: str) -> None:
    """On the dialogue's page and the pages of its decisions and proposals."""
    client = site.test_client()

    def get(path: str) -> str:
        return client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)

    dialogue = get(MAIN)
    items = re.findall(rf'href="({MAIN}/(?:decisions|proposals)/[0-9a-f-]+)"', dialogue)
    page = dialogue + "".join(get(path) for path in sorted(set(items)))

    counted = re.findall(COUNTED[language], page)

    assert {noun for _n, noun, _s in counted} >= {"abstention", "présent" if language == "fr" else "present"}
    english_present = language == "en"  # "1 present", "2 present": the English word does not change
    disagreeing = [
        (n, noun + s)
        for n, noun, s in counted
        if PLURAL[language](int(n)) != bool(s) and not (english_present and noun == "present")
    ]
    assert disagreeing == []
