"""A public consultation, the whole path in Chromium: a citizen signs up on a phone, confirms by the
link of the mail the loopback SMTP server received, posts an observation, supports another citizen's,
comments a proposal and answers the consultation's questionnaire; the facilitator closes the
questionnaire and the consultation and publishes its synthesis through the workspace's forms; the
public pages show it all. axe-core finds no violation; at 390 px no page scrolls sideways."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, PHONE, Site, checked, sign_up
from tests.builders import ACCOUNTS, Role, Scenario
from tests.smtp import SmtpServer

EMAIL = "lucie.martin@example.org"


def test_a_citizen_takes_part_and_the_facilitator_publishes_the_synthesis(
    mail_site: Site, smtp: SmtpServer, person: Callable[..., Page]
) -> None:
    site = mail_site
    scenario = Scenario(site.dialogues)
    consultation_id = scenario.consultation()
    scenario.citizen_contribution()  # Paul du Moulin's observation
    proposal_id = scenario.drafted_proposal()
    questionnaire_id = scenario.questionnaire()
    slug = site.dialogues.status(scenario.id)["slug"]
    address = f"/dialogues/{slug}/consultations/{consultation_id}"
    proposal = f"/dialogues/{slug}/proposals/{proposal_id}"
    questionnaire = f"/dialogues/{slug}/questionnaires/{questionnaire_id}"
    site.settle()

    citizen = person(site, None, **PHONE)
    citizen.goto(address)
    checked(citizen)
    citizen.get_by_role("link", name="Sign up to contribute").click()
    sign_up(citizen, smtp, EMAIL, "Lucie M.")
    checked(citizen)
    citizen.get_by_role("link", name="Comment partager l'eau en été ?").click()
    citizen.get_by_label("observation").check()
    citizen.get_by_label("Your contribution").fill("Les puits des jardins baissent dès juin.")
    citizen.get_by_role("button", name="Publish my contribution").click()
    expect(citizen.locator("ol.contributions")).to_contain_text("Les puits des jardins baissent dès juin.")
    citizen.get_by_role("button", name="Support the contribution of Paul du Moulin").click()
    paul = citizen.locator("li.contribution", has_text="Paul du Moulin")
    expect(paul).to_contain_text("1 support")
    expect(paul).to_contain_text("You support it.")
    checked(citizen)

    citizen.goto(proposal)
    citizen.get_by_label("Your comment").fill("Et les jardins familiaux, ils comptent dans les 10 % ?")
    citizen.get_by_role("button", name="Publish my comment").click()
    expect(citizen.locator("section.comments")).to_contain_text("Et les jardins familiaux")
    checked(citizen)

    citizen.goto(questionnaire)
    channel = citizen.get_by_role("group", name="Comment avez-vous connu la consultation ?")
    channel.get_by_label("Mairie").check()
    citizen.get_by_role("group", name="Êtes-vous satisfait de la démarche ?").get_by_label("4").check()
    citizen.get_by_label("Une remarque ?").fill("Des réunions le soir, après le travail.")
    citizen.get_by_role("button", name="Send my answer").click()
    expect(citizen.locator("main")).to_contain_text("You have answered this questionnaire.")
    checked(citizen)

    facilitator = person(site, ACCOUNTS[Role.FACILITATOR], PASSWORD)
    facilitator.goto(f"/workspace/dialogues/{slug}/questionnaires")
    facilitator.get_by_role(
        "button", name="Close and publish the results Votre avis sur la consultation"
    ).click()
    expect(facilitator.locator("main")).to_contain_text("Recorded")
    facilitator.goto(f"/workspace/dialogues/{slug}/acts/consultation-closed")
    facilitator.get_by_label("Public consultation").select_option(str(consultation_id))
    facilitator.locator("main form button[type=submit]").click()
    expect(facilitator.locator("main")).to_contain_text("Recorded")
    facilitator.goto(f"/workspace/dialogues/{slug}/acts/consultation-synthesised")
    facilitator.get_by_label("Public consultation").select_option(str(consultation_id))
    facilitator.get_by_label("Text").fill("Deux observations sur la baisse des nappes en été.")
    facilitator.get_by_label("Main themes").fill("Baisse des nappes: 2")
    facilitator.get_by_label("Follow-up").fill("Le groupe eau en tiendra compte.")
    facilitator.locator("main form button[type=submit]").click()
    expect(facilitator.locator("main")).to_contain_text("Recorded")

    site.settle()
    public = person(site, None, **PHONE)
    public.goto(address)
    expect(public.locator(".synthesis")).to_contain_text("Deux observations sur la baisse des nappes en été.")
    expect(public.locator(".synthesis table")).to_contain_text("Baisse des nappes")
    expect(public.locator("ol.contributions li")).to_have_count(2)
    expect(public.locator("ol.contributions")).to_contain_text("Les puits des jardins baissent dès juin.")
    expect(public.locator("li.contribution", has_text="Paul du Moulin")).to_contain_text("1 support")
    expect(public.get_by_text("Sign up to contribute")).to_have_count(0)  # closed
    checked(public)
    public.get_by_role("link", name="Votre avis sur la consultation").click()
    expect(public.locator(".questionnaire-state")).to_contain_text("closed")
    expect(public.locator(".questionnaire-state")).to_contain_text("1 answer")
    expect(public.locator("section.result").first.locator("table")).to_contain_text("Mairie")
    expect(public.locator(".answer-texts")).to_contain_text("Des réunions le soir, après le travail.")
    expect(public.locator("main")).not_to_contain_text("Lucie M.")
    checked(public)
    public.goto(proposal)
    comments = public.locator("section.comments")
    expect(comments).to_contain_text("Et les jardins familiaux, ils comptent dans les 10 % ?")
    expect(comments).to_contain_text("Lucie M.")
    checked(public)
    public.goto(f"/dialogues/{slug}")
    expect(public.locator("main")).to_contain_text(
        "Contributions of the public to the public consultations: 2"
    )
    checked(public)
