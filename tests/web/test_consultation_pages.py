"""The public consultation's pages: a citizen signs up, confirms by the mailed link, contributes and
supports; each refusal names its field; the honeypot and the rate limits refuse robots."""

import html
import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.builders import Scenario
from tests.webapp import aggregates_read, csrf_token, make_web_app
from web import close_app


def mailed_link(app: DialogueApp) -> str:
    message = app.outbox.due(now=1e12, limit=1000)[-1].message
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"(/citizens/confirm/\S+)", text)
    assert found is not None, text
    return found.group(1)


def signed_up(client: FlaskClient, app: DialogueApp, email: str, pseudonym: str) -> None:
    token = csrf_token(client, "/citizens/sign-up")
    answer = client.post(
        "/citizens/sign-up",
        data={
            "email": email,
            "pseudonym": pseudonym,
            "accepts_terms": "yes",
            "csrf_token": token,
            "website": "",
        },
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)
    link = mailed_link(app)
    assert client.get(link).status_code == 200
    confirmed = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert confirmed.status_code == 303
    assert client.get(link).status_code == 404  # used up


def test_a_citizen_signs_up_contributes_and_supports_another(web_app: Flask, dialogues: DialogueApp) -> None:
    scenario = Scenario(dialogues)
    consultation_id = scenario.consultation()
    scenario.citizen_contribution()
    slug = dialogues.status(scenario.id)["slug"]
    page = f"/dialogues/{slug}/consultations/{consultation_id}"
    client = web_app.test_client()
    signed_up(client, dialogues, "lucie@example.org", "Lucie")

    posted = client.post(
        f"{page}/contributions",
        data={"kind": "observation", "text": "Les puits baissent.", "csrf_token": csrf_token(client, page)},
    )
    assert posted.status_code == 303
    [other] = [c for c in dialogues.consultation_page(scenario.id, str(consultation_id))["contributions"]
               if c["pseudonym"] == "Paul du Moulin"]  # fmt: skip
    support = f"{page}/contributions/{other['contribution_id']}/support"
    assert client.post(support, data={"csrf_token": csrf_token(client, page)}).status_code == 303
    again = client.post(support, data={"csrf_token": csrf_token(client, page)})

    assert again.status_code == 409
    refused = again.get_data(as_text=True)
    assert (
        'id="f-contribution_id-errors"' in refused and "vous avez déjà soutenu cette contribution" in refused
    )
    shown = client.get(page).get_data(as_text=True)
    assert "Les puits baissent." in shown and "Lucie" in shown and "lucie@example.org" not in shown


def test_a_refused_sign_up_names_its_field(web_app: Flask, dialogues: DialogueApp) -> None:
    client = web_app.test_client()
    token = csrf_token(client, "/citizens/sign-up")
    answer = client.post(
        "/citizens/sign-up",
        data={"email": "nope", "pseudonym": "Lucie", "accepts_terms": "yes", "csrf_token": token},
    )
    assert answer.status_code == 400
    assert 'id="f-email-errors"' in answer.get_data(as_text=True)
    robot = client.post(
        "/citizens/sign-up",
        data={"email": "a@example.org", "pseudonym": "Robot", "accepts_terms": "yes", "csrf_token": token,
              "website": "http://spam.example"},
    )  # fmt: skip
    assert robot.status_code == 400 and 'id="f-website-errors"' in robot.get_data(as_text=True)
    assert dialogues.outbox.due(now=1e12) == []


def test_a_contribution_too_long_is_refused_naming_the_text(web_app: Flask, dialogues: DialogueApp) -> None:
    scenario = Scenario(dialogues)
    consultation_id = scenario.consultation()
    slug = dialogues.status(scenario.id)["slug"]
    page = f"/dialogues/{slug}/consultations/{consultation_id}"
    client = web_app.test_client()
    signed_up(client, dialogues, "lucie@example.org", "Lucie")

    answer = client.post(
        f"{page}/contributions",
        data={"kind": "idea", "text": "x" * 2001, "csrf_token": csrf_token(client, page)},
    )

    assert answer.status_code == 400
    assert 'id="f-text-errors"' in answer.get_data(as_text=True)


def test_sign_ups_are_limited_per_address(sqlite_url: str) -> None:
    from tests.webapp import make_web_app

    app = make_web_app(sqlite_url, CITIZEN_SIGN_UP_RATE_LIMIT="2 per hour")
    client = app.test_client()
    token = csrf_token(client, "/citizens/sign-up")
    answers = [
        client.post("/citizens/sign-in", data={"email": "same@example.org", "csrf_token": token}).status_code
        for _ in range(3)
    ]
    assert answers == [303, 303, 429]


def test_an_anonymous_visitor_is_sent_to_sign_up(web_app: Flask, dialogues: DialogueApp) -> None:
    scenario = Scenario(dialogues)
    consultation_id = scenario.consultation()
    slug = dialogues.status(scenario.id)["slug"]
    page = f"/dialogues/{slug}/consultations/{consultation_id}"
    client = web_app.test_client()
    assert "Inscrivez-vous pour contribuer" in client.get(page).get_data(as_text=True)
    answer = client.post(
        f"{page}/contributions", data={"kind": "idea", "text": "t", "csrf_token": csrf_token(client, page)}
    )
    assert answer.status_code == 303 and "/citizens/sign-up" in answer.headers["Location"]


def test_a_citizens_writes_are_limited_per_citizen(sqlite_url: str) -> None:
    from tests.webapp import make_web_app

    app = make_web_app(sqlite_url, CITIZEN_WRITE_RATE_LIMIT="1 per minute")
    dialogues: DialogueApp = app.extensions["dialogues"]
    scenario = Scenario(dialogues)
    consultation_id = scenario.consultation()
    page = f"/dialogues/{dialogues.status(scenario.id)['slug']}/consultations/{consultation_id}"
    client = app.test_client()
    signed_up(client, dialogues, "lucie@example.org", "Lucie")
    client.get(page)  # its first read records its start (its first day is today)
    before = dialogues.recorder.max_notification_id()

    answers = [
        client.post(
            f"{page}/contributions",
            data={"kind": "idea", "text": f"idée {n}", "csrf_token": csrf_token(client, page)},
        ).status_code
        for n in range(2)
    ]

    assert answers == [303, 429]
    assert dialogues.recorder.max_notification_id() == (before or 0) + 1


def test_a_signed_in_citizen_follows_and_stops_following_a_consultation(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    scenario = Scenario(dialogues)
    consultation_id = str(scenario.consultation())
    page = f"/dialogues/{dialogues.status(scenario.id)['slug']}/consultations/{consultation_id}"
    client = web_app.test_client()
    anonymous = client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sign in to follow it by mail" in anonymous
    asked = client.post(f"{page}/follow", data={"follow": "yes", "csrf_token": csrf_token(client, page)})
    assert asked.status_code == 303 and "/citizens/sign-up" in asked.headers["Location"]
    signed_up(client, dialogues, "lucie@example.org", "Lucie")
    [citizen] = dialogues.consultation_followers.of(consultation_id) or [None]
    assert citizen is None  # following asked before signing in: nothing kept

    followed = client.post(f"{page}/follow", data={"follow": "yes", "csrf_token": csrf_token(client, page)})
    assert followed.status_code == 303
    [citizen] = dialogues.consultation_followers.of(consultation_id)
    shown = client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Stop following" in shown and "Vous suivez cette consultation." in shown  # the flash: as posted
    wrong = client.post(f"{page}/follow", data={"follow": "maybe", "csrf_token": csrf_token(client, page)})
    assert wrong.status_code == 400 and "follow" in wrong.get_data(as_text=True)
    elsewhere = page.rsplit("/", 1)[0] + "/8d0e3c1e-0000-4000-8000-000000000000"
    token = csrf_token(client, page)
    unknown = client.post(f"{elsewhere}/follow", data={"follow": "yes", "csrf_token": token})
    assert unknown.status_code == 404
    client.post(f"{page}/follow", data={"follow": "no", "csrf_token": csrf_token(client, page)})
    assert dialogues.consultation_followers.of(consultation_id) == []
    assert "citizen:" not in client.get(page).get_data(as_text=True)


def test_a_citizens_page_lists_the_consultations_open_today_of_the_public_dialogues_reading_none(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_web_app(database_url)
    try:
        dialogues: DialogueApp = site.extensions["dialogues"]
        first, second, private = (Scenario(dialogues, title=t) for t in ("Premier", "Second", "Privé"))
        today = dialogues.consultation_day()

        def opened(s: Scenario, question: str, from_day: int = 0) -> None:
            first_day = today + timedelta(days=from_day)
            dialogues.open_consultation(
                s.facilitator, s.id, question=question, scope="Le partage", kinds=["idea"],
                opens_on=first_day.isoformat(), closes_on=(today + timedelta(days=9)).isoformat(),
            )  # fmt: skip

        first.consultation()
        second.closed_consultation()
        opened(second, "Et en hiver ?")
        opened(first, "Et au printemps ?")  # after the second dialogue's: shown with its own dialogue's
        opened(first, "Et demain ?", from_day=1)
        opened(private, "Et en secret ?")  # its approach is not public
        client = site.test_client()
        signed_up(client, dialogues, "lucie@example.org", "Lucie")
        read = aggregates_read(dialogues, monkeypatch)

        page = client.get("/citizens/me").get_data(as_text=True)
    finally:
        close_app(site)

    shown = re.findall(r'/consultations/[^"]+">([^<]+)</a>\s*— <span[^>]*>([^<]+)</span>', page)
    assert [(html.unescape(q), html.unescape(t)) for q, t in shown] == [
        ("Comment partager l'eau en été ?", "Premier"),
        ("Et au printemps ?", "Premier"),
        ("Et en hiver ?", "Second"),
    ]
    assert {str(s.id) for s in (first, second, private)}.isdisjoint(read)
