"""An administrator's lists of every dialogue (the workspace, the audits, the erasures, the invitation's
choice): in the order the dialogues were opened, a page at a time where they are links, read from the
read models without reading any dialogue."""

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

import web.admin.pages
from application.dialogues import DialogueApp
from tests.builders import ensure_accounts
from tests.webapp import aggregates_read
from web.public.paging import DIALOGUES_PAGE

OPENED = DIALOGUES_PAGE + 3
TITLES = [f"Dialogue {i:02}" for i in range(OPENED)]


@pytest.fixture
def admin(dialogues: DialogueApp, signed_in: Callable[..., FlaskClient]) -> FlaskClient:
    """An administrator, on a platform of ``OPENED`` dialogues."""
    ensure_accounts(dialogues, "orga", organisers=("orga",))
    for i, title in enumerate(TITLES):
        dialogues.open_dialogue("orga", slug=f"d{i:02}", title=title, territory="T", subject="S")
    return signed_in("boss", administrator=True)


def titles(html: str) -> list[str]:
    return re.findall(r">(Dialogue \d\d)<", html)


@pytest.mark.parametrize("url", ["/workspace", "/audit", "/admin/erasures"])
def test_a_page_of_every_dialogue_in_the_order_opened_reading_none(
    admin: FlaskClient, dialogues: DialogueApp, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    read = aggregates_read(dialogues, monkeypatch)

    first = admin.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    second = admin.get(f"{url}?dialogues=2", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert titles(first) == TITLES[:DIALOGUES_PAGE] and titles(second) == TITLES[DIALOGUES_PAGE:]
    assert "Page 1 of 2." in first and f'href="{url}?dialogues=2#dialogues"' in first
    assert "Page 2 of 2." in second and f'href="{url}#dialogues"' in second
    assert {str(i) for i in dialogues.dialogue_ids()}.isdisjoint(read)


def test_the_invitations_choice_offers_every_dialogue_reading_none(
    admin: FlaskClient, dialogues: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = aggregates_read(dialogues, monkeypatch)

    page = admin.get("/admin/invitations").get_data(as_text=True)

    assert titles(page) == TITLES
    assert {str(i) for i in dialogues.dialogue_ids()}.isdisjoint(read)


def test_beyond_a_hundred_dialogues_an_administrator_invites_into_one_from_its_workspace_page(
    admin: FlaskClient, dialogues: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("web.admin.pages.CHOICE_AT_MOST", DIALOGUES_PAGE)  # fewer than the OPENED
    rows_read = []
    listed = web.admin.pages.listed_dialogues
    monkeypatch.setattr("web.admin.pages.listed_dialogues", lambda ids: rows_read.append(ids) or listed(ids))

    page = admin.get("/admin/invitations", headers={"Accept-Language": "en"}).get_data(as_text=True)
    workspace = admin.get("/workspace/dialogues/d07", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    into = admin.get("/admin/invitations?dialogue=d07", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    assert titles(page) == [] and "follow “Invite a person into this dialogue”" in page
    assert 'aria-describedby="dialogue-description"' in page
    assert 'href="/admin/invitations?dialogue=d07">Invite a person into this dialogue<' in workspace
    assert titles(into) == ["Dialogue 07"] and [len(ids) for ids in rows_read] == [1]
