"""A page of a dialogue's public view: its lists a page at a time, newest first, each list of items cut."""

from typing import Any

import pytest

from application.dialogues import DialogueApp
from projections.transparency_log import TransparencyLogProjection as Log
from projections.transparency_log import page as transparency_page
from projections.transparency_log.page import PAGED, dialogue_page, find, page_of
from tests.projections.test_transparency_log import Walk, caught_up, walk

LISTS = ("meetings", "proposals", "agreements", "actions", "decisions")
"""The paged lists at the top of the view (the dysfunctions are under ``regulation``)."""


def pages_of(w: Walk, numbers: dict[str, int], size: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The whole view of the walk's dialogue, and one page of it."""
    runner = caught_up(w.scenario.app)
    with runner.store.transaction(commit=False) as sql:
        whole, page = Log.dialogue(sql, w.id), dialogue_page(sql, w.id, numbers, size)
    assert whole is not None and page is not None
    return whole, page


def test_a_page_as_long_as_the_dialogue_is_its_whole_view_newest_first(app: DialogueApp) -> None:
    whole, page = pages_of(walk(app), {}, size=100)
    pages, earlier = page.pop("pages"), page.pop("earlier")
    dysfunctions = page["regulation"].pop("dysfunctions")
    assert dysfunctions == whole["regulation"].pop("dysfunctions")[::-1]
    for name in LISTS:
        assert page.pop(name) == whole.pop(name)[::-1] == pages[name].items, name
    assert page == whole
    assert earlier == set() and all(not p.more and p.previous is None for p in pages.values())


def test_each_list_is_read_a_page_at_a_time(app: DialogueApp) -> None:
    w = walk(app)
    whole, first = pages_of(w, {}, size=2)
    _, second = pages_of(w, {"proposals": 2, "meetings": 5}, size=2)
    newest = [p["id"] for p in whole["proposals"][::-1]]
    assert len(newest) == 3
    assert [p["id"] for p in first["proposals"]] == newest[:2]
    assert (first["pages"]["proposals"].previous, first["pages"]["proposals"].next) == (None, 2)
    assert [p["id"] for p in second["proposals"]] == newest[2:]
    assert (second["pages"]["proposals"].previous, second["pages"]["proposals"].next) == (1, None)
    assert second["meetings"] == [] and second["pages"]["meetings"].previous == 4
    with caught_up(app).store.transaction(commit=False) as sql:
        assert page_of(sql, w.id, "proposals", newest[2], size=2) == 2
        assert page_of(sql, w.id, "proposals", newest[1], size=2) == 1
        assert page_of(sql, w.id, "decisions", str(w.decision), size=2) == 1
        assert page_of(sql, w.id, "meetings", newest[0], size=2) is None  # a proposal, not a meeting
        assert page_of(sql, w.id, "stakeholders", str(w.mayor), size=2) is None  # not a paged list
        assert find(sql, w.id) == next(d for d in Log.dialogues(sql) if d["id"] == str(w.id))
    assert set(PAGED) == {*LISTS, "dysfunctions"}


def test_a_list_of_items_shows_its_latest_only(app: DialogueApp, monkeypatch: pytest.MonkeyPatch) -> None:
    w = walk(app)
    monkeypatch.setattr(transparency_page, "ITEMS_SHOWN", 2)
    whole, page = pages_of(w, {}, size=10)
    path = next(p["path"] for p in whole["proposals"] if p["id"] == str(w.proposal))
    assert len(path) > 2
    assert next(p["path"] for p in page["proposals"] if p["id"] == str(w.proposal)) == path[-2:]
    assert (str(w.proposal), "path") in page["earlier"]
    assert (str(w.id), "topics") not in page["earlier"]  # one topic
