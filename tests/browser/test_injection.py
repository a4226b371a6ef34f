"""Script, HTML and SQL payloads in every text field, shown in real Chromium: nothing runs.

The demo is recorded with a payload added to every text that the domain
takes (``check_text``, through which every text field of every act goes):
titles, contributions, proposals, minutes, names, reasons... The public,
workspace, audit and live pages of the dialogue are then opened in Chromium,
and a new act with the payload reaches the live page while it is open. The
payloads call ``__xss``, a function exposed by the test: any script that runs
calls it (as would an ``alert``, caught too). Each page must show the payload
as text, hold no element that the payload would have made, and be served with
a Content-Security-Policy that allows no inline script.
"""

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from application import demo
from domain import base
from tests.browser.conftest import Site, served

PAYLOAD = (
    " <script>__xss('script')</script><img src=x onerror=\"__xss('img')\">"
    "<svg onload=__xss('svg')></svg>\"><a href=\"javascript:__xss('href')\">lien</a>"
    "' OR 1=1; DROP TABLE stored_events; --"
)
SHOWN = "<script>__xss('script')</script>"
"""A part of the payload that each page must show as text."""
SLUG = demo.MAIN_SLUG
PAGES = {
    "public": (None, f"/dialogues/{SLUG}"),
    "workspace": (demo.FACILITATOR, f"/workspace/dialogues/{SLUG}"),
    "audit": (demo.AUDITOR, f"/audit/dialogues/{SLUG}"),
    "live": (demo.FACILITATOR, f"/workspace/dialogues/{SLUG}/live"),
}
IDENTIFIERS = {
    "slug",
    "login",
    "account_id",
    "grantee_id",
    "stakeholder_account_id",
    "operator_id",
    "sealed_contact",
    "email",
    "co_authors",
    "item_id",
    "file",
    "account",
    "pseudonym",
    "sealed_email",
    "sealed_text",
    "option",
    "target_id",
    "parent_id",
    "consultation_id",
    "respondent",
}
"""Text fields that are checked as identifiers, addresses or file names (refused with the payload): left
as they are (a document's ``item_id`` names an item, its ``file`` name says its type by its extension;
a citizen's ``pseudonym`` is a pattern, their sealed address and texts are ciphertext; a dot's
``option`` names one of its vote's options; a comment's ``target_id`` and ``parent_id`` name what it
answers; a questionnaire's ``consultation_id`` names its consultation, an answer's ``respondent`` is
a token)."""
MADE_BY_THE_PAYLOAD = "img[src='x'], svg[onload], [onerror], a[href^='javascript:'], script:not([src])"


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Site]:
    """The demo, every text of it followed by PAYLOAD (but dates and identifiers)."""

    def poison(check: Callable[..., Any]) -> Callable[..., Any]:
        def poisoned(field: str, value: Any, **options: Any) -> Any:
            checked = check(field, value, **options)
            if field in IDENTIFIERS or field.endswith(".options"):  # an answer names its option
                return checked
            return [text + PAYLOAD for text in checked] if isinstance(checked, list) else checked + PAYLOAD

        return poisoned

    checks = {name: getattr(base, name) for name in ("check_text", "check_texts")}
    database = Path(tmp_path_factory.mktemp("xss")) / "db.sqlite3"
    with pytest.MonkeyPatch.context() as patch, served(database) as site:
        for module in list(sys.modules.values()):  # where the domain imported them (base keeps its own)
            for name, check in checks.items():
                if module is not base and getattr(module, name, None) is check:
                    patch.setattr(module, name, poison(check))
        demo.record_demo(site.dialogues)
        site.settle()
        yield site


def watched(page: Page) -> list[str]:
    """What runs on ``page``: the calls of ``__xss`` and the dialogs opened."""
    ran: list[str] = []
    page.expose_function("__xss", lambda origin: ran.append(f"__xss({origin})"))
    page.on("dialog", lambda dialog: (ran.append(f"dialog {dialog.message}"), dialog.dismiss()))
    return ran


def join_a_live_session(page: Page) -> None:
    """Join the live session open on the board, opening one first when none is."""
    sessions = page.locator("[data-session-list]")
    expect(sessions.locator("li[data-meeting]").first).to_be_visible()
    if sessions.locator("[data-join-session]").count() == 0:
        sessions.locator("[data-open-session]").first.click()
    sessions.locator("[data-join-session]").first.click()
    expect(page.locator("[data-session]")).to_be_visible()


@pytest.mark.parametrize("name", PAGES)
def test_payloads_in_every_text_field_are_shown_as_text_and_never_run(
    name: str,
    poisoned_site: Site,
    person: Callable[..., Page],
) -> None:
    login, path = PAGES[name]
    page = person(poisoned_site, login, demo.PASSWORD)
    ran = watched(page)
    response = page.goto(path)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    if name == "live":  # an act recorded while the page is open reaches the session's journal
        expect(page.locator("[data-live-status]")).to_have_attribute("data-connected", "true")
        join_a_live_session(page)
        newest = page.locator("[data-journal] li[data-position]").first
        expect(newest).to_be_visible()
        shown = newest.get_attribute("data-position")
        dialogues = poisoned_site.dialogues
        dialogues.report_dysfunction(
            demo.FACILITATOR, dialogues.dialogue_id(SLUG), description="en direct", weak_point="w"
        )
        expect(newest).not_to_have_attribute("data-position", str(shown))

    policy = response.headers["content-security-policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert ran == []
    assert page.locator(MADE_BY_THE_PAYLOAD).count() == 0
    assert SHOWN in page.locator("body").inner_text()


@pytest.mark.parametrize("kind", ["proposals", "decisions", "meetings", "actions", "consultations"])
def test_payloads_are_shown_as_text_on_the_pages_of_the_items(
    kind: str, poisoned_site: Site, person: Callable[..., Page]
) -> None:
    listing = poisoned_site.app.test_client().get(f"/dialogues/{SLUG}").get_data(as_text=True)
    found = re.search(rf'href="(/dialogues/{SLUG}/{kind}/[0-9a-f-]+)"', listing)
    assert found is not None, kind
    page = person(poisoned_site, None)
    ran = watched(page)
    response = page.goto(found.group(1))
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert ran == []
    assert page.locator(MADE_BY_THE_PAYLOAD).count() == 0
    assert SHOWN in page.locator("body").inner_text()
