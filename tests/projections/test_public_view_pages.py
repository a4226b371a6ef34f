"""A page of a dialogue's public view: its lists a page at a time, newest first, each list of items cut."""

from typing import Any
from uuid import UUID, uuid4

import pytest

from application.dialogues import DialogueApp
from domain.roles import Role
from projections.transparency_log import TransparencyLogProjection as Log
from projections.transparency_log import items
from projections.transparency_log import page as transparency_page
from projections.transparency_log.page import PAGED, dialogue_page, find
from tests.builders import ACCOUNTS, Scenario
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


ON_THEIR_PAGES = ("position", "path", "actions", "reports")
"""What the parts of a page hold that the whole view does not (their position), and the lists of items
the page leaves to the parts' own pages."""


def without_position(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in item.items() if key not in ON_THEIR_PAGES} for item in items]


def test_a_page_as_long_as_the_dialogue_is_its_whole_view_newest_first(app: DialogueApp) -> None:
    whole, page = pages_of(walk(app), {}, size=100)
    pages, earlier = page.pop("pages"), page.pop("earlier")
    versions = page.pop("whole_versions")  # of each stakeholder and instance: (its id, its row's version)
    assert len(versions) == whole["stakeholders"]["count"] + len(whole["instances"])
    assert page.pop("upcoming") == without_position(page["meetings"])
    assert page.pop("latest_decision") == page["decisions"][0]
    dysfunctions = page["regulation"].pop("dysfunctions")
    assert without_position(dysfunctions) == whole["regulation"].pop("dysfunctions")[::-1]
    for name in LISTS:
        shown = page.pop(name)
        assert shown == pages[name].items, name
        assert without_position(shown) == without_position(whole.pop(name))[::-1], name
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
        assert find(sql, w.id) == next(d for d in Log.dialogues(sql) if d["id"] == str(w.id))
    assert set(PAGED) == {*LISTS, "dysfunctions"}


def test_a_list_of_items_shows_its_latest_only(app: DialogueApp, monkeypatch: pytest.MonkeyPatch) -> None:
    w = walk(app)
    monkeypatch.setattr(transparency_page, "ITEMS_SHOWN", 2)
    whole, page = pages_of(w, {}, size=10)
    [history] = [f["history"] for f in whole["regulation"]["dysfunctions"]]
    assert len(history) > 2
    [shown] = [f["history"] for f in page["regulation"]["dysfunctions"]]
    assert shown == history[-2:]
    assert (str(w.dysfunction), "history") in page["earlier"]
    assert (str(w.id), "topics") not in page["earlier"]  # one topic
    assert all("path" not in p for p in page["proposals"])  # on the proposal's page
    with caught_up(app).store.transaction(commit=False) as sql:
        proposal = items.item(sql, w.id, "proposal", str(w.proposal))
    path = next(p["path"] for p in whole["proposals"] if p["id"] == str(w.proposal))
    assert len(path) > 2 and proposal is not None and proposal["path"] == path[-2:]
    assert (str(w.proposal), "path") in proposal["earlier"]


def test_an_item_is_read_by_its_id_in_its_dialogue_with_the_position_of_the_act_that_made_it(
    app: DialogueApp,
) -> None:
    w = walk(app)
    _, page = pages_of(w, {}, size=10)
    with caught_up(app).store.transaction(commit=False) as sql:
        proposal = items.item(sql, w.id, "proposal", str(w.proposal))
        decision = items.item(sql, w.id, "decision", str(w.decision))
        assert items.item(sql, w.id, "meeting", str(w.proposal)) is None  # a proposal, not a meeting
        assert items.item(sql, w.id, "stakeholder", str(w.mayor)) is None  # no page of its own
        assert items.item(sql, uuid4(), "proposal", str(w.proposal)) is None
    assert proposal is not None and decision is not None
    listed = next(p for p in page["proposals"] if p["id"] == str(w.proposal))
    assert {
        key: value for key, value in proposal.items() if key not in ("earlier", "path", "actions")
    } == listed
    assert [step["step"] for step in proposal["path"]][:1] == ["drafted"]
    assert proposal["position"] > 0 and decision == page["decisions"][0]


class CountingSql:
    """A store's transaction that counts the rows it reads."""

    def __init__(self, sql: Any):
        self.sql, self.rows = sql, 0
        self.kept: dict[str, Any] = {}  # nothing kept from one count to the next: every row counted

    def all(self, *args: Any) -> list[Any]:
        rows = self.sql.all(*args)
        self.rows += len(rows)
        return list(rows)

    def one(self, *args: Any) -> Any:
        row = self.sql.one(*args)
        self.rows += row is not None
        return row


def rows_read(app: DialogueApp, dialogue_id: UUID) -> int:
    with caught_up(app).store.transaction(commit=False) as sql:
        counting = CountingSql(sql)
        assert dialogue_page(counting, dialogue_id, {}) is not None  # type: ignore[arg-type]
    return counting.rows


def test_a_page_reads_as_many_rows_however_many_proposals_the_dialogue_has(app: DialogueApp) -> None:
    s = Scenario(app)
    author = ACCOUNTS[Role.STAKEHOLDER]
    for number in range(12):
        s._draft(author, f"Proposition {number}")
    before = rows_read(app, s.id)
    for number in range(12, 40):
        s._draft(author, f"Proposition {number}")
    assert rows_read(app, s.id) == before


def test_after_an_act_a_page_decodes_again_only_the_rows_it_changed(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = Scenario(app, slug="decoded")
    scenario.second_meeting()
    runner = caught_up(app)
    decoded: list[Any] = []
    loads = transparency_page.loads
    monkeypatch.setattr(transparency_page, "loads", lambda text: decoded.append(loads(text)) or decoded[-1])

    def page() -> dict[str, Any]:
        runner.catch_up()
        with runner.store.transaction(commit=False) as sql:
            view = dialogue_page(sql, scenario.id, {})
        assert view is not None
        decoded.clear()
        return view

    page()
    again = page()
    third = scenario.future_meeting()
    runner.catch_up()
    with runner.store.transaction(commit=False) as sql:
        after = dialogue_page(sql, scenario.id, {})
    assert after is not None
    assert [d.get("title") for d in decoded] == [None, "Atelier restitution"]  # the dialogue, the new meeting
    assert [m["id"] for m in after["meetings"]] == [str(third), *(m["id"] for m in again["meetings"])]
    assert after["meetings"][1:] == again["meetings"] and after["instances"] == again["instances"]


def test_the_latest_items_of_a_part_are_read_again_once_its_row_moves(app: DialogueApp) -> None:
    """An owner's latest items are kept by its row's version: an item appended moves it."""
    scenario = Scenario(app, slug="items")
    dysfunction = scenario.dysfunction()
    runner = caught_up(app)

    def history() -> list[Any]:
        runner.catch_up()
        with runner.store.transaction(commit=False) as sql:
            view = dialogue_page(sql, scenario.id, {})
        assert view is not None
        [found] = view["regulation"]["dysfunctions"]
        return list(found["history"])

    before = history()
    assert history() == before
    app.propose_adjustment(scenario.facilitator, scenario.id, dysfunction, adjustment="réunions le soir")
    after = history()
    assert len(after) == len(before) + 1 and after[:-1] == before
