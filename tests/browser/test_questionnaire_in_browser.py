"""A questionnaire in Chromium: a citizen signs up from it on a phone (the mailed link through the
loopback SMTP server), is refused with the question named, answers; the facilitator closes it from
the workspace; the public page then shows the results as charts and tables. axe-core finds no
violation; at 390 px no page scrolls sideways."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, PHONE, Site, checked, sign_up
from tests.builders import ACCOUNTS, Role, Scenario
from tests.smtp import SmtpServer

EMAIL = "nina.roux@example.org"


def test_a_citizen_answers_and_the_closed_questionnaire_shows_its_results(
    mail_site: Site, smtp: SmtpServer, person: Callable[..., Page]
) -> None:
    site = mail_site
    scenario = Scenario(site.dialogues)
    questionnaire_id = scenario.questionnaire()
    slug = site.dialogues.status(scenario.id)["slug"]
    address = f"/dialogues/{slug}/questionnaires/{questionnaire_id}"
    site.settle()

    citizen = person(site, None, **PHONE)
    citizen.goto(address)
    expect(citizen.locator(".questionnaire-state")).to_contain_text("0 answers")
    checked(citizen)
    citizen.get_by_role("link", name="Sign up to answer").click()
    sign_up(citizen, smtp, EMAIL, "Nina R.")
    citizen.goto(address)

    channel = citizen.get_by_role("group", name="Comment avez-vous connu la consultation ?")
    channel.get_by_label("Mairie").check()
    citizen.get_by_role("group", name="Quels usages de l'eau vous concernent ?").get_by_label(
        "Jardin"
    ).check()
    citizen.get_by_label("Une remarque ?").fill("Des réunions le soir, après le travail.")
    citizen.get_by_role("button", name="Send my answer").click()
    summary = citizen.locator(".error-summary")
    expect(summary).to_contain_text("this question needs an answer")
    checked(citizen)
    summary.get_by_role("link").first.click()
    expect(citizen.locator("#q-2-0")).to_be_focused()
    expect(citizen.get_by_label("Une remarque ?")).to_have_value("Des réunions le soir, après le travail.")
    citizen.get_by_role("group", name="Êtes-vous satisfait de la démarche ?").get_by_label("4").check()
    citizen.get_by_role("button", name="Send my answer").click()
    expect(citizen.locator("main")).to_contain_text("You have answered this questionnaire.")
    expect(citizen.locator(".questionnaire-state")).to_contain_text("1 answer")
    checked(citizen)

    facilitator = person(site, ACCOUNTS[Role.FACILITATOR], PASSWORD)
    facilitator.goto(f"/workspace/dialogues/{slug}/questionnaires")
    checked(facilitator)
    facilitator.get_by_role(
        "button", name="Close and publish the results Votre avis sur la consultation"
    ).click()
    expect(facilitator.locator("main")).to_contain_text("Recorded")

    site.settle()
    public = person(site, None, **PHONE)
    public.goto(address)
    expect(public.locator(".questionnaire-state")).to_contain_text("closed")
    expect(public.locator("svg.chart")).to_have_count(3)
    first = public.locator("section.result").first
    expect(first.locator("table")).to_contain_text("Mairie")
    expect(public.locator(".answer-texts")).to_contain_text("Des réunions le soir, après le travail.")
    expect(public.locator("main")).not_to_contain_text("Nina R.")
    checked(public)
    public.goto(f"/dialogues/{slug}")
    expect(public.locator("main")).to_contain_text("Votre avis sur la consultation")


def test_the_builder_adds_a_row_saves_a_draft_and_is_accessible(
    mail_site: Site, person: Callable[..., Page]
) -> None:
    site = mail_site
    scenario = Scenario(site.dialogues)
    scenario.consultation()
    slug = site.dialogues.status(scenario.id)["slug"]
    site.settle()
    facilitator = person(site, ACCOUNTS[Role.FACILITATOR], PASSWORD)
    facilitator.goto(f"/workspace/dialogues/{slug}/questionnaires/new")
    facilitator.get_by_label("Title").fill("Bilan")
    facilitator.locator("#questions-0-prompt").fill("Votre avis ?")
    facilitator.locator("#questions-0-kind").select_option("scale")
    facilitator.get_by_role("button", name="Add a question").click()
    expect(facilitator.locator("ol.question-rows > li")).to_have_count(2)
    facilitator.locator("#questions-1-prompt").fill("Une remarque ?")
    facilitator.locator("#questions-1-kind").select_option("long")
    facilitator.get_by_role("button", name="Save the draft").click()
    expect(facilitator.locator("main")).to_contain_text("Recorded")
    [drafted] = site.dialogues.questionnaires(scenario.id)
    assert [q["kind"] for q in drafted["questions"]] == ["scale", "long"]
    facilitator.goto(f"/workspace/dialogues/{slug}/questionnaires/{drafted['questionnaire_id']}/edit")
    checked(facilitator)


def test_a_participant_reports_an_answer_and_the_results_show_it_hidden(
    mail_site: Site, person: Callable[..., Page]
) -> None:
    site = mail_site
    scenario = Scenario(site.dialogues)
    questionnaire_id = str(scenario.questionnaire())
    slug = site.dialogues.status(scenario.id)["slug"]
    address = f"/dialogues/{slug}/questionnaires/{questionnaire_id}"
    answers = {"0": "Presse", "2": "2", "4": "Texte de réponse à masquer"}
    site.dialogues.answer_questionnaire(
        scenario.citizen("Paul"), scenario.id, questionnaire_id=questionnaire_id, answers=answers
    )
    site.dialogues.close_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id)
    [text_id] = site.dialogues._dialogue(scenario.id).answer_texts
    site.settle()

    reporter = person(site, ACCOUNTS[Role.STAKEHOLDER], PASSWORD, **PHONE)
    reporter.goto(address)
    checked(reporter)
    reporter.locator(f"#answer-{text_id}").get_by_role("link", name="Report").click()
    expect(reporter.locator("h1")).to_have_text("Report to the moderation")
    reporter.get_by_label("Why do you report it?").select_option(label="abusive or insulting")
    reporter.get_by_role("button", name="Send the report").click()
    expect(reporter.locator("main")).to_contain_text("Your report is sent to the moderators")

    site.dialogues.hide_item(
        ACCOUNTS[Role.MODERATOR], scenario.id, item_kind="answer", item_id=text_id, reason="abusive"
    )
    site.settle()
    public = person(site, None, **PHONE)
    public.goto(address)
    shown = public.locator(f"#answer-{text_id}")
    expect(shown).to_contain_text("Hidden by the moderation:")
    expect(shown).not_to_contain_text("Texte de réponse à masquer")
    checked(public)
