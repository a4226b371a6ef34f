"""Comments in Chromium: a citizen signs up on a phone and comments a proposal during the public
consultation; a stakeholder replies; the public page shows the thread. axe-core finds no violation;
at 390 px no page scrolls sideways."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, PHONE, Site, checked, sign_up
from tests.builders import ACCOUNTS, Role, Scenario
from tests.smtp import SmtpServer

EMAIL = "jeanne.roux@example.org"


def test_a_citizen_comments_a_proposal_and_a_stakeholder_replies(
    mail_site: Site, smtp: SmtpServer, person: Callable[..., Page]
) -> None:
    site = mail_site
    scenario = Scenario(site.dialogues)
    scenario.consultation()
    proposal = scenario.drafted_proposal()
    slug = site.dialogues.status(scenario.id)["slug"]
    address = f"/dialogues/{slug}/proposals/{proposal}"
    site.settle()

    citizen = person(site, None, **PHONE)
    citizen.goto("/citizens/sign-up")
    sign_up(citizen, smtp, EMAIL, "Jeanne R.")

    citizen.goto(address)
    checked(citizen)
    citizen.get_by_role("button", name="Publish my comment").click()  # empty: refused, named
    expect(citizen.locator(".error-summary")).to_be_visible()
    checked(citizen)
    citizen.get_by_label("Your comment").fill("Et les jardins familiaux, ils comptent dans les 10 % ?")
    citizen.get_by_role("button", name="Publish my comment").click()
    thread = citizen.locator("section.comments")
    expect(thread).to_contain_text("Et les jardins familiaux")
    expect(thread).to_contain_text("Jeanne R.")
    checked(citizen)

    stakeholder = person(site, ACCOUNTS[Role.STAKEHOLDER], PASSWORD, **PHONE)
    stakeholder.goto(address)
    stakeholder.locator("details.reply summary").first.click()
    stakeholder.get_by_label("Your reply").fill("Oui : tout prélèvement compte, jardins compris.")
    stakeholder.get_by_role("button", name="Publish my reply").click()
    expect(stakeholder.locator("ol.replies")).to_contain_text("tout prélèvement compte")
    checked(stakeholder)

    site.settle()
    public = person(site, None, **PHONE)
    public.goto(address)
    expect(public.locator("section.comments h2")).to_have_text("2 comments")
    expect(public.locator("ol.replies .comment-meta")).to_contain_text("Stakeholder")
    expect(public.get_by_role("link", name="Sign in to comment")).to_be_visible()
    checked(public)


def test_a_participant_reports_a_comment_and_the_public_page_shows_it_hidden(
    mail_site: Site, person: Callable[..., Page]
) -> None:
    site = mail_site
    scenario = Scenario(site.dialogues)
    scenario.consultation()
    proposal = str(scenario.drafted_proposal())
    slug = site.dialogues.status(scenario.id)["slug"]
    address = f"/dialogues/{slug}/proposals/{proposal}"
    comment = site.dialogues.post_comment(
        ACCOUNTS[Role.FACILITATOR], scenario.id, target="proposal", target_id=proposal, text="Texte à masquer"
    ).id
    site.settle()

    reporter = person(site, ACCOUNTS[Role.STAKEHOLDER], PASSWORD, **PHONE)
    reporter.goto(address)
    checked(reporter)
    reporter.locator(f"#comment-{comment}").get_by_role("link", name="Report").click()
    expect(reporter.locator("h1")).to_have_text("Report to the moderation")
    reporter.get_by_label("Why do you report it?").select_option(label="abusive or insulting")
    reporter.get_by_role("button", name="Send the report").click()
    expect(reporter.locator("main")).to_contain_text("Your report is sent to the moderators")

    site.dialogues.hide_item(
        ACCOUNTS[Role.MODERATOR], scenario.id, item_kind="comment", item_id=str(comment), reason="abusive",
        explanation="Un riverain est mis en cause.",
    )  # fmt: skip
    site.settle()
    public = person(site, None, **PHONE)
    public.goto(address)
    shown = public.locator(f"#comment-{comment}")
    expect(shown).to_contain_text("Hidden by the moderation:")
    expect(shown).to_contain_text("Un riverain est mis en cause.")
    expect(shown).not_to_contain_text("Texte à masquer")
    checked(public)
