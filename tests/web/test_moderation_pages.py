"""The moderation's pages: a citizen reports a contribution from the consultation's page (once), a
moderator deals with it on the queue (each act confirmed by a tick), the public page shows the
reason instead of the text, the public log counts and never quotes; an author edits and withdraws."""

from flask import Flask
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from tests.builders import Scenario, ensure_accounts
from tests.web.test_consultation_pages import signed_up
from tests.webapp import csrf_token, make_web_app, sign_in
from web import close_app

MODERATOR = "moderatrice"


def setting(web_app: Flask, dialogues: DialogueApp) -> tuple[Scenario, str, str]:
    scenario = Scenario(dialogues)
    contribution = str(scenario.citizen_contribution())
    ensure_accounts(dialogues, MODERATOR)
    dialogues.grant_role(scenario.convenor, scenario.id, grantee_id=MODERATOR, role="moderator")
    slug = dialogues.status(scenario.id)["slug"]
    return scenario, contribution, slug


def moderator(web_app: Flask) -> FlaskClient:
    client = web_app.test_client()
    assert sign_in(client, MODERATOR).status_code == 303  # type: ignore[attr-defined]
    return client


def test_a_citizen_reports_once_and_a_moderator_hides_with_a_public_reason(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    scenario, contribution, slug = setting(web_app, dialogues)
    page = f"/dialogues/{slug}/consultations/{scenario.consultation()}"
    anonymous = web_app.test_client().get(f"/dialogues/{slug}/report/contribution/{contribution}")
    assert anonymous.status_code == 200 and "Se connecter pour signaler" in anonymous.get_data(as_text=True)
    citizen = web_app.test_client()
    signed_up(citizen, dialogues, "lucie@example.org", "Lucie")
    report = f"/dialogues/{slug}/report/contribution/{contribution}"
    assert f'href="{report}"' in citizen.get(page).get_data(as_text=True)
    missing = citizen.post(report, data={"reason": "", "csrf_token": csrf_token(citizen, report)})
    assert missing.status_code == 400 and 'id="f-reason-errors"' in missing.get_data(as_text=True)
    sent = citizen.post(
        report,
        data={
            "reason": "abusive",
            "text": "Note pour les modérateurs",
            "csrf_token": csrf_token(citizen, report),
        },
    )
    assert sent.status_code == 303
    again = citizen.post(report, data={"reason": "spam", "csrf_token": csrf_token(citizen, report)})
    assert again.status_code == 409
    assert citizen.get(f"/workspace/dialogues/{slug}/moderation").status_code in (302, 303)  # not an account

    client = moderator(web_app)
    queue = f"/workspace/dialogues/{slug}/moderation"
    listed = client.get(queue).get_data(as_text=True)
    assert "Note pour les modérateurs" in listed and "Le ruisseau est à sec dès juillet." in listed
    hide = f"{queue}/item-hidden"
    fields = {
        "item_kind": "contribution",
        "item_id": contribution,
        "reason": "abusive",
        "explanation": "Propos blessants",
    }
    unconfirmed = client.post(hide, data={**fields, "csrf_token": csrf_token(client, queue)})
    assert unconfirmed.status_code == 400
    assert shown_text(web_app, page) and "Le ruisseau" in shown_text(web_app, page)
    assert (
        client.post(
            hide, data={**fields, "confirm": "yes", "csrf_token": csrf_token(client, queue)}
        ).status_code
        == 303
    )

    public = shown_text(web_app, page)
    assert "Masqué par la modération" in public and "Propos blessants" in public
    assert "Le ruisseau est à sec" not in public
    log = web_app.test_client().get(f"/dialogues/{slug}/moderation").get_data(as_text=True)
    assert (
        "Propos blessants" in log
        and "Le ruisseau" not in log
        and "Note pour" not in log
        and "Lucie" not in log
    )
    opendata = web_app.test_client().get(f"/dialogues/{slug}/open-data/public-contributions.json")
    assert "Le ruisseau" not in opendata.get_data(as_text=True)


def shown_text(web_app: Flask, path: str) -> str:
    answer = web_app.test_client().get(path)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_only_a_moderator_sees_the_queue(web_app: Flask, dialogues: DialogueApp) -> None:
    _scenario, _contribution, slug = setting(web_app, dialogues)
    ensure_accounts(dialogues, "curieux")
    client = web_app.test_client()
    assert sign_in(client, "curieux").status_code == 303  # type: ignore[attr-defined]
    assert client.get(f"/workspace/dialogues/{slug}/moderation").status_code in (403, 404)
    client = moderator(web_app)
    assert client.get(f"/workspace/dialogues/{slug}/moderation").status_code == 200
    assert f'href="/workspace/dialogues/{slug}/moderation"' in client.get(
        f"/workspace/dialogues/{slug}"
    ).get_data(as_text=True)


def test_an_author_publishes_a_new_version_then_withdraws(web_app: Flask, dialogues: DialogueApp) -> None:
    scenario, _contribution, slug = setting(web_app, dialogues)
    consultation = scenario.consultation()
    page = f"/dialogues/{slug}/consultations/{consultation}"
    citizen = web_app.test_client()
    signed_up(citizen, dialogues, "marie@example.org", "Marie")
    posted = citizen.post(
        f"{page}/contributions",
        data={"kind": "idea", "text": "Première version", "csrf_token": csrf_token(citizen, page)},
    )
    assert posted.status_code == 303
    [mine] = [c for c in dialogues.consultation_page(scenario.id, str(consultation))["contributions"]
              if c["pseudonym"] == "Marie"]  # fmt: skip
    edit = f"{page}/contributions/{mine['contribution_id']}/edit"
    assert edit in citizen.get(page).get_data(as_text=True)
    assert citizen.post(edit, data={"text": "", "csrf_token": csrf_token(citizen, edit)}).status_code == 400
    assert (
        citizen.post(
            edit, data={"text": "Deuxième version", "csrf_token": csrf_token(citizen, edit)}
        ).status_code
        == 303
    )
    assert "Deuxième version" in shown_text(web_app, page) and "Première version" not in shown_text(
        web_app, page
    )
    assert web_app.test_client().get(edit).status_code in (302, 303)  # someone else: to the sign-up
    unconfirmed = citizen.post(edit, data={"withdraw": "yes", "csrf_token": csrf_token(citizen, edit)})
    assert unconfirmed.status_code == 400
    withdrawn = citizen.post(
        edit, data={"withdraw": "yes", "confirm": "yes", "csrf_token": csrf_token(citizen, edit)}
    )
    assert withdrawn.status_code == 303
    assert "Deuxième version" not in shown_text(web_app, page)


def test_a_participants_contribution_hidden_leaves_the_diagnosis_and_the_search_until_shown_again(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    scenario = Scenario(dialogues)
    contribution = str(scenario.contribution())
    slug = dialogues.status(scenario.id)["slug"]
    item = {"item_kind": "contribution", "item_id": contribution}
    moderator_login = "moderator"  # tests.builders.ACCOUNTS[Role.MODERATOR], granted by the Scenario

    def seen() -> tuple[str, str]:
        web_app.extensions["projections"].catch_up()  # as the runner would
        client = web_app.test_client()
        return (
            client.get(f"/dialogues/{slug}/diagnosis").get_data(as_text=True),
            client.get("/search?q=baissent").get_data(as_text=True),
        )

    diagnosis, found = seen()
    assert "les puits baissent en août" in diagnosis and "les puits" in found
    dialogues.hide_item(moderator_login, scenario.id, reason="personal-data", **item)
    diagnosis, found = seen()
    assert "les puits baissent en août" not in diagnosis and "Masqué par la modération" in diagnosis
    assert "les puits" not in found
    dialogues.unhide_item(moderator_login, scenario.id, **item)
    diagnosis, found = seen()
    assert "les puits baissent en août" in diagnosis and "les puits" in found


def test_reports_are_limited_per_reporter(sqlite_url: str) -> None:
    app = make_web_app(sqlite_url, REPORT_RATE_LIMIT="1 per minute")
    try:
        dialogues: DialogueApp = app.extensions["dialogues"]
        scenario = Scenario(dialogues)
        first = str(scenario.citizen_contribution())
        second = str(scenario.contribution())
        slug = dialogues.status(scenario.id)["slug"]
        client = app.test_client()
        assert sign_in(client, "stakeholder").status_code == 303  # type: ignore[attr-defined]
        before = dialogues.recorder.max_notification_id()
        answers = []
        for item_id in (first, second):
            report = f"/dialogues/{slug}/report/contribution/{item_id}"
            answer = client.post(report, data={"reason": "spam", "csrf_token": csrf_token(client, report)})
            answers.append(answer.status_code)
        assert answers == [303, 429]
        assert dialogues.recorder.max_notification_id() == (before or 0) + 1
    finally:
        close_app(app)
