"""The audit pages show the acts the platform records by itself (a public consultation starting and
ending at its dates): in the trail, named and summarised, with "the platform" as actor in words, in
the act filter, and among the replay's steps."""

import json
import re
from collections.abc import Callable
from datetime import timedelta
from html import unescape

from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from domain.acts import PLATFORM_ACTS
from domain.dialogue.consultation import PLATFORM
from domain.roles import Role
from tests.application.test_consultation_calendar import DAY, later_consultation, on_day
from tests.builders import ACCOUNTS, Scenario
from tests.web.test_api_v1 import API, basic

SLUG = "calendrier-de-la-consultation"
TRAIL = f"/audit/dialogues/{SLUG}"
ROW = re.compile(r'<tr id="p(\d+)" data-act="([^"]+)" data-actor="([^"]+)"[^>]*>(.*?)</tr>', re.S)


def passed_its_dates(dialogues: DialogueApp) -> None:
    scenario = Scenario(dialogues, slug=SLUG)
    on_day(dialogues, DAY)
    later_consultation(scenario, dialogues)
    on_day(dialogues, DAY + timedelta(days=2))
    assert dialogues.reach_consultation_dates() == 1
    on_day(dialogues, DAY + timedelta(days=9))
    assert dialogues.reach_consultation_dates() == 1


def page(client: FlaskClient, url: str, language: str = "fr") -> str:
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def cells(row: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", unescape(c)).split())
        for c in re.findall(r"<td>(.*?)</td>", row, re.S)
    ]


def test_the_trail_lists_and_filters_the_platform_acts_by_the_platform_in_words(
    dialogues: DialogueApp, signed_in: Callable[..., FlaskClient]
) -> None:
    passed_its_dates(dialogues)
    auditor = signed_in(ACCOUNTS[Role.AUDITOR])

    french = {act: row for _p, act, actor, row in ROW.findall(page(auditor, TRAIL)) if actor == PLATFORM}
    assert list(french) == list(PLATFORM_ACTS)  # started, then ended
    started, ended = cells(french["consultation-started"]), cells(french["consultation-ended"])
    assert started[3:5] == ["Ouverture de la consultation publique à sa date", "la plateforme"]
    assert ended[3:5] == ["Clôture de la consultation publique à sa date", "la plateforme"]
    assert started[5].startswith("Consultation publique ouverte à son premier jour, le ")
    assert ended[5].startswith("Consultation publique close après son dernier jour, le ")
    assert not any(PLATFORM in cell for cell in started + ended)  # no raw id shown

    html = page(auditor, TRAIL, "en")
    english = {act: row for _p, act, actor, row in ROW.findall(html) if actor == PLATFORM}
    assert cells(english["consultation-ended"])[3:5] == [
        "Public consultation ended at its date",
        "the platform",
    ]
    assert '<option value="consultation-started">Public consultation opened at its date</option>' in html
    assert '<option value="consultation-ended">Public consultation ended at its date</option>' in html

    for act in PLATFORM_ACTS:
        found = ROW.findall(page(auditor, f"{TRAIL}?act={act}"))
        assert [(a, actor) for _p, a, actor, _row in found] == [(act, PLATFORM)]


def test_the_replay_steps_through_the_platform_acts(
    dialogues: DialogueApp, signed_in: Callable[..., FlaskClient]
) -> None:
    passed_its_dates(dialogues)
    auditor = signed_in(ACCOUNTS[Role.AUDITOR])

    html = page(auditor, f"{TRAIL}/replay", "en")
    slider = re.search(r'<input id="f-act"[^>]*>', html).group(0)  # type: ignore[union-attr]
    said = json.loads(unescape(re.search(r'data-steps="([^"]*)"', slider).group(1)))  # type: ignore[union-attr]

    assert said[-2].endswith(" — Public consultation opened at its date")
    assert said[-1].endswith(" — Public consultation ended at its date")


def test_the_api_lists_and_filters_the_platform_acts(dialogues: DialogueApp, client: FlaskClient) -> None:
    passed_its_dates(dialogues)
    headers = basic(ACCOUNTS[Role.CONVENOR])

    for act in PLATFORM_ACTS:
        response = client.get(f"{API}/dialogues/{SLUG}/acts?act={act}", headers=headers)
        assert response.status_code == 200, response.get_json()
        assert [(a["act"], a["actor_id"]) for a in response.get_json()["acts"]] == [(act, PLATFORM)]
    spec = client.get(f"{API}/openapi.json").get_json()
    listing = spec["paths"]["/dialogues/{slug}/acts"]["get"]["parameters"]
    assert set(PLATFORM_ACTS) <= set(next(p for p in listing if p["name"] == "act")["schema"]["enum"])
