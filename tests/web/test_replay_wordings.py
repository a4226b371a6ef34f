"""The replay page says why it cannot replay as asked in the request's language (the CLI keeps English)."""

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from markupsafe import escape

from application.dialogues import DialogueApp
from tests.builders import Scenario

LANGUAGES = [("fr", {"Accept-Language": "fr"}), ("fr", {}), ("en", {"Accept-Language": "en"})]
"""The language expected, and the request's headers: French when asked for, and by default."""
REPLAY = "/audit/dialogues/sevre/replay"
WORDINGS = {
    "fr": {
        "noon": "«\u00a0noon\u00a0» n'est ni une position ni une date ISO 8601 "
        "(2026-03-12 ou 2026-03-12T18:30:00",
        "1900-01-01": "Rien n'a été enregistré jusqu'à 1900-01-01 inclus\u00a0: "
        "le premier événement date de ",
    },
    "en": {
        "noon": "“noon” is neither a position nor an ISO 8601 time (2026-03-12 or 2026-03-12T18:30:00",
        "1900-01-01": "Nothing was recorded at or before 1900-01-01: the first event was recorded at ",
    },
}
"""How the message for each ``at`` starts."""
ERROR = re.compile(r'<p class="errors" id="f-at-error" role="alert">([^<]*)</p>')


@pytest.mark.parametrize(("language", "headers"), LANGUAGES)
def test_a_time_the_replay_cannot_take_is_refused_in_the_requests_language(
    signed_in: Callable[..., FlaskClient], dialogues: DialogueApp, language: str, headers: dict[str, str]
) -> None:
    Scenario(dialogues, slug="sevre")
    administrator = signed_in("root")

    for at, wording in WORDINGS[language].items():
        response = administrator.get(f"{REPLAY}?at={at}", headers=headers)
        shown = ERROR.search(response.get_data(as_text=True))

        assert response.status_code == 400 and shown, at
        assert shown.group(1).startswith(str(escape(wording))), at
