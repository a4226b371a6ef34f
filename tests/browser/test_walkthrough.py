"""A new dialogue taken through its three stages in Chromium, only with the UI's forms.

The administrator creates the accounts on /accounts and makes the convenor an
organiser; the convenor opens the dialogue and grants the roles; then each person
performs their acts through the act forms, in the order the process requires (the
path of tests/builders.py).
An anonymous visitor then finds the decision and each proposal's outcome on the
public page, and the auditor replays the dialogue to before the decision.
"""

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN, PASSWORD, Site

SLUG = "haies-du-bocage"
TITLE = "Les haies du bocage"
DAY = "2026-03-12"
ACCOUNTS = {
    "convenor": None,  # opens the dialogue: convenor by that act
    "facilitator": "facilitator",
    "steering": "steering_member",
    "stakeholder-1": "stakeholder",
    "stakeholder-2": "stakeholder",
    "stakeholder-3": "stakeholder",
    "technician": "technician",
    "decision-maker": "decision_maker",
    "operator": "operator",
    "auditor": "auditor",
}
SITS_ON = {
    "steering": "Comité de pilotage",
    **dict.fromkeys(["stakeholder-1", "stakeholder-2", "stakeholder-3"], "Groupe haies"),
}
PROPOSALS = {
    "Replanter 5 km de haies": ("adopted", ""),
    "Interdire l'arrachage": ("adopted_with_changes", "Limité aux haies classées au PLUi."),
}


def fill(page: Page, name: str, value: Any) -> None:
    """One field of an act form, by its name: text, textarea, select (the option of that value, or the
    only one whose text contains ``value``),
    a list of checkboxes (the labels containing each value), a checkbox (True)."""
    if isinstance(value, list):
        fieldset = page.locator(f'[data-field="{name}"]')
        for label in value:
            fieldset.get_by_label(label, exact=False).check()
        return
    control = page.locator(f'[name="{name}"]')
    if value is True:
        control.check()
    elif control.evaluate("e => e.tagName") == "SELECT":
        chosen = control.evaluate(
            "(e, v) => [...e.options].filter(o => o.value && (o.value === v || o.text.includes(v)))"
            ".map(o => o.value)",
            value,
        )
        assert len(chosen) == 1, f"{name}: {len(chosen)} options match {value!r}"
        control.select_option(chosen[0])
    else:
        control.fill(value)


def assert_recorded(page: Page, what: str) -> None:
    expect(page.locator("main .errors")).to_have_count(0)
    expect(page.locator(".flashes")).to_contain_text(what)


def perform(page: Page, act: str, fields: dict[str, Any], shot: Path | None = None) -> None:
    """From the dialogue's workspace page, follow the act's link, fill its form and record it."""
    page.goto(f"/workspace/dialogues/{SLUG}")  # what this person may do now, as others left it
    page.locator(f'li[data-act="{act}"] a').click()
    label = page.locator("h1").inner_text()
    for name, value in fields.items():
        fill(page, name, value)
    if shot is not None:
        page.screenshot(path=shot, full_page=True)
    page.locator("form.act-form button[type=submit]").click()
    assert page.url.endswith(f"/workspace/dialogues/{SLUG}"), page.locator("main").inner_text()
    assert_recorded(page, f"Recorded: {label} (position")


def test_a_dialogue_goes_through_its_three_stages_with_the_ui_only(
    clean_site: Site, person: Callable[..., Page], screenshots: Path
) -> None:
    # The administrator creates the accounts.
    admin = person(clean_site, ADMIN)
    for login in ACCOUNTS:
        admin.goto("/accounts")
        admin.fill("#login", login)
        admin.fill("#password", PASSWORD)
        admin.locator("main form.stacked button[type=submit]").click()
        assert_recorded(admin, f"Account {login} created.")

    # ... and makes the convenor an organiser: the platform role that opens dialogues.
    admin.goto("/accounts")
    admin.get_by_role("button", name="Make convenor an organiser").click()
    assert_recorded(admin, "convenor may now open dialogues")

    people = {login: person(clean_site, login) for login in ACCOUNTS}
    convenor, facilitator = people["convenor"], people["facilitator"]

    # --- framing -----------------------------------------------------------------
    convenor.goto("/workspace")
    convenor.get_by_role("link", name="Open a dialogue").click()
    for name, value in {
        "slug": SLUG,
        "title": TITLE,
        "territory": "Canton de Vèze",
        "subject": "Le bocage",
    }.items():
        fill(convenor, name, value)
    convenor.locator("form.act-form button[type=submit]").click()
    assert_recorded(convenor, "Recorded: Open a dialogue (position")
    expect(convenor.locator("h1")).to_have_text(TITLE)

    for login, role in ACCOUNTS.items():
        if role is not None:
            perform(convenor, "role-granted", {"grantee_id": login, "role": role})
    perform(
        convenor,
        "framework-defined",
        {
            "expected_results": "un plan de gestion des haies",
            "objects": "replantation\nentretien",
            "perimeter": "les 12 communes du canton",
            "excluded": "la fiscalité",
            "calendar-0-label": "lancement",
            "calendar-0-date": DAY,
        },
        shot=screenshots / "act-form.png",
    )
    for login in SITS_ON:
        perform(
            convenor,
            "stakeholder-identified",
            {
                "name": f"Personne {login}",
                "email": f"{login}@example.org",
                "phone": "",
                "category": "resident" if login != "steering" else "elected_official",
                "organisation": f"Association {login}",
                "stakeholder_account_id": login,
            },
        )
    for kind, name in (("steering_committee", "Comité de pilotage"), ("consultation_group", "Groupe haies")):
        perform(
            facilitator,
            "instance-designed",
            {
                "kind": kind,
                "name": name,
                "function": "suivre la démarche",
                "composition": "élus, associations, habitants",
                "functioning_rule": "majority",
                "facilitation": "animatrice neutre",
                "schedule": "mensuel",
            },
        )
    for login, instance in SITS_ON.items():
        perform(
            facilitator, "member-added", {"instance_id": instance, "stakeholder_id": f"Association {login}"}
        )
    perform(
        facilitator, "design-submitted", {"summary": "un comité de pilotage et un groupe de concertation"}
    )
    perform(people["steering"], "design-validated", {})
    perform(convenor, "approach-made-public", {"channels": "site de la communauté", "published_on": DAY})
    perform(convenor, "stage-advanced", {})
    expect(convenor.locator("main")).to_contain_text("Collective work")

    # --- collective work -----------------------------------------------------------
    for title in PROPOSALS:
        perform(
            people["stakeholder-1"],
            "proposal-drafted",
            {
                "instance_id": "Groupe haies",
                "topic": "haies",
                "title": title,
                "text": f"{title}, d'ici 2030",
                "co_authors": ["stakeholder-2"],
            },
        )
        for login in ("stakeholder-2", "stakeholder-3"):
            perform(people[login], "proposal-endorsed", {"proposal_id": title})
        perform(facilitator, "proposal-validated", {"proposal_id": title})
        perform(
            people["technician"],
            "technical-translation-recorded",
            {
                "proposal_id": title,
                "operational_form": "programme de plantation",
                "cost_estimate": "40 000 €",
                "feasibility": "faisable en deux hivers",
            },
        )
    perform(
        facilitator,
        "agreement-drafted",
        {
            "instance_id": "Groupe haies",
            "title": "Plan d'action provisoire",
            "text": "les mesures retenues",
            "proposal_ids": list(PROPOSALS),
        },
    )
    for login in ("stakeholder-2", "stakeholder-3"):
        perform(people[login], "agreement-approved", {"agreement_id": "Plan d'action provisoire"})
    perform(facilitator, "agreement-validated", {"agreement_id": "Plan d'action provisoire"})
    perform(convenor, "stage-advanced", {})
    expect(convenor.locator("main")).to_contain_text("Decision")

    # --- decision and follow-up --------------------------------------------------------
    perform(
        facilitator,
        "results-presented",
        {"body": "conseil communautaire", "presented_on": DAY, "proposal_ids": list(PROPOSALS)},
    )
    decision_maker = people["decision-maker"]
    decision_maker.goto(f"/workspace/dialogues/{SLUG}")
    decision_maker.locator('li[data-act="decision-adopted"] a').click()
    for name, value in {
        "body": "conseil_communautaire",
        "body_name": "Conseil communautaire du Val de Vèze",
        "deliberation_reference": "DEL-2026-017",
        "adopted_on": DAY,
        "votes.for": "31",
        "votes.against": "4",
        "votes.abstentions": "2",
    }.items():
        fill(decision_maker, name, value)
    for title, (outcome, justification) in PROPOSALS.items():
        row = decision_maker.locator("table.outcomes tbody tr", has_text=title)
        row.locator("select").select_option(outcome)
        row.locator("textarea").fill(justification)
    decision_maker.locator("form.act-form button[type=submit]").click()
    assert_recorded(decision_maker, "Recorded: Record the decision of the legitimate body (position")

    title = next(iter(PROPOSALS))
    perform(
        convenor,
        "action-created",
        {
            "proposal_id": title,
            "title": "Plantation 2026",
            "description": "5 km de haies",
            "due_on": "2026-12-15",
        },
    )
    perform(
        convenor,
        "operator-assigned",
        {"action_id": "Plantation 2026", "operator_id": "operator", "organisation": "Syndicat du bocage"},
    )
    people["operator"].goto(f"/workspace/dialogues/{SLUG}")
    expect(people["operator"].locator('li[data-act="progress-reported"]')).to_have_count(1)
    convenor.screenshot(path=screenshots / "workspace-dialogue.png", full_page=True)

    # --- the public finds the decision ------------------------------------------------------
    clean_site.settle()
    visitor = person(clean_site, None)
    visitor.goto("/")
    visitor.screenshot(path=screenshots / "public-list.png", full_page=True)
    visitor.get_by_role("link", name=TITLE).first.click()
    decision = visitor.locator("#decisions li")
    expect(decision).to_have_count(1)
    expect(decision).to_contain_text("DEL-2026-017")
    expect(decision).to_contain_text("Conseil communautaire du Val de Vèze")
    visitor.screenshot(path=screenshots / "public-dialogue.png", full_page=True)
    decision.get_by_role("link", name="DEL-2026-017").click()
    for title, (outcome, justification) in PROPOSALS.items():
        card = visitor.locator(".outcomes-list li", has_text=title)
        badge = card.locator(".fate")
        expect(badge).to_have_class(re.compile(rf"(^|\s)fate-{outcome}(\s|$)"))
        expect(badge).to_contain_text("adopted" if outcome == "adopted" else "adopted with changes")
        if justification:
            expect(card).to_contain_text(justification)

    # --- the auditor replays it to before the decision -----------------------------------------
    auditor = people["auditor"]
    auditor.goto("/audit")
    auditor.get_by_role("link", name=TITLE).first.click()
    expect(auditor.locator("ul.decisions")).to_contain_text("DEL-2026-017")
    auditor.screenshot(path=screenshots / "audit-trail.png", full_page=True)
    fill(auditor, "act", "decision-adopted")
    auditor.locator("form.filters button[type=submit]").click()
    rows = auditor.locator("table.trail tbody tr")
    expect(rows).to_have_count(1)
    decided_at = int(rows.locator("td").first.inner_text().strip().lstrip("#"))

    # The slider form, to the position just before the decision: the stage, not the decision.
    auditor.get_by_role("link", name="Replay").first.click()
    decisions = auditor.locator("section[aria-labelledby=replayed-decisions]")
    expect(decisions).to_contain_text("DEL-2026-017")
    slider = auditor.locator("#f-act")  # through the dialogue's acts, each by its date and name
    said = json.loads(slider.get_attribute("data-steps") or "[]")
    decision = max(
        i for i, step in enumerate(said) if step.endswith("Record the decision of the legitimate body")
    )
    slider.fill(str(decision - 1))
    auditor.locator("#replay-form button[type=submit]").click()
    expect(auditor.locator("#as-of")).to_contain_text(str(decided_at - 1))
    expect(decisions).to_contain_text("No decision yet.")
    expect(auditor.locator("strong.stage")).to_have_attribute("data-stage", "decision_and_follow_up")
    for title in PROPOSALS:
        expect(auditor.locator("tr", has_text=title)).to_have_attribute("data-status", "presented")
    auditor.screenshot(path=screenshots / "audit-replay.png", full_page=True)

    # The step link to the next act: the decision, and each proposal's outcome.
    auditor.locator("nav.steps a[rel=next]").click()
    expect(auditor.locator("#as-of")).to_contain_text(str(decided_at))
    expect(decisions).to_contain_text("DEL-2026-017")
    for title, (outcome, _justification) in PROPOSALS.items():
        expect(auditor.locator("tr", has_text=title)).to_have_attribute("data-status", outcome)
