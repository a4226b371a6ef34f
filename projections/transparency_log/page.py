"""One page of a dialogue's public view, read from the ``transparency_log`` read model's rows.

The public page shows the dialogue's own record whole, with its instances and
stakeholders (they grow with the people taking part, not with their acts),
and the lists of parts that grow with the dialogue a page at a time, newest
first: meetings, proposals, agreements, decisions, actions, dysfunctions. Of
every list of items (the dialogue's notes, a proposal's path, an action's
progress reports...) it shows the latest ``ITEMS_SHOWN`` (``REPORTS_SHOWN`` of
progress reports). Each query reads a bounded number of rows through an index:
a page costs the same however long the dialogue.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from projections.lru import LRU
from projections.store import Sql, loads, loads_many
from projections.transparency_log.queries import dialogue_lists, dialogue_view, listed, part_lists, part_view
from projections.transparency_log.rows import DECISIONS, DIALOGUES, ITEMS, PARTS, State

PAGE_SIZE = 10
ITEMS_SHOWN = 20
REPORTS_SHOWN = 5
"""Of an action's progress reports, the latest only: its progress bar says where it stands."""
PAGED = {
    "meetings": "meeting",
    "proposals": "proposal",
    "agreements": "agreement",
    "actions": "action",
    "dysfunctions": "dysfunction",
    "decisions": "decision",
}
"""The lists shown a page at a time, by name (the page's query parameter), and the kind they list."""
WHOLE = ("stakeholder", "instance")
LISTED = ("dysfunction",)
"""The kinds whose lists of items the dialogue's page shows (a dysfunction's history); the others'
(a proposal's path, an action's reports) are on the item's own page (``items``)."""
VIEWS = 1024
"""Public views of parts kept by their row's version (:func:`_views`), per store and process: about 18
pages of 57 parts, some megabytes."""
ITEMS_KEPT = 1024
"""Owners whose latest items are kept by version (:func:`latest_items`), per store and process: 20
lists of at most 21 small items each at most."""


class Paged:
    """A page of a list: its number (from 1), whether more follow, and the pages before and after."""

    number: int
    more: bool

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.more else None


@dataclass(frozen=True)
class Page(Paged):
    """One page of a list, newest first: its number (from 1), its items, and whether more follow;
    ``versions``, of each item's row its key and ``updated`` (the position of the last act that
    changed it: the row's state is the same while those are), when read from rows."""

    number: int
    items: list[State]
    more: bool
    versions: tuple[tuple[str, int], ...] = ()


def find(sql: Sql, dialogue_id: UUID | str) -> State | None:
    """The dialogue as the public index lists it (``public``: its approach is made public), or None."""
    row = sql.one(
        "SELECT dialogue_id, slug, title, territory, subject, stage, closed, public, opened_at"  # noqa: S608
        f" FROM {DIALOGUES} WHERE dialogue_id = ?",
        (str(dialogue_id),),
    )
    return None if row is None else listed(row)


def _list(dialogue_id: str, kind: str) -> tuple[str, str, str, tuple[str, ...]]:
    """Where the items of one kind of a dialogue are: table, key column, condition and its values."""
    if kind == "decision":
        return DECISIONS, "decision_id", "dialogue_id = ?", (dialogue_id,)
    return PARTS, "part_id", "dialogue_id = ? AND kind = ?", (dialogue_id, kind)


def _newest(sql: Sql, dialogue_id: str, kind: str, number: int, size: int) -> tuple[list[State], bool]:
    """The rows of page ``number`` of a list, newest first, and whether more follow."""
    table, _key, where, values = _list(dialogue_id, kind)
    rows = sql.all(
        f"SELECT * FROM {table} WHERE {where} ORDER BY created DESC LIMIT ? OFFSET ?",  # noqa: S608
        (*values, size + 1, (number - 1) * size),
    )
    return rows[:size], len(rows) > size


def _parts(
    sql: Sql, dialogue_id: str, numbers: Mapping[str, int], size: int
) -> tuple[dict[str, tuple[list[State], bool]], list[State]]:
    """In one statement: the rows of page ``numbers[name]`` of each list of parts of ``PAGED``, newest
    first, and whether more follow; and the rows of the parts shown whole (``WHOLE``), oldest first
    (without their position: they have no page of their own). Their state for the ``LISTED`` kinds
    only: the others' views are kept by version (:func:`_views`)."""
    paged = {kind: name for name, kind in PAGED.items() if kind != "decision"}
    listed_state = f"CASE WHEN kind IN ({', '.join(repr(kind) for kind in LISTED)}) THEN state END AS state"
    columns = f"part_id, kind, created, updated, {listed_state}"
    page = (
        f"SELECT * FROM (SELECT {columns} FROM {PARTS} WHERE dialogue_id = ? AND kind = ?"  # noqa: S608
        " ORDER BY created DESC LIMIT ? OFFSET ?) AS page"
    )
    whole = (
        f"SELECT {columns} FROM {PARTS} WHERE dialogue_id = ? AND kind IN ({', '.join('?' for _ in WHOLE)})"  # noqa: S608
    )
    values: list[Any] = []
    for kind, name in paged.items():
        values += [dialogue_id, kind, size + 1, (numbers.get(name, 1) - 1) * size]
    rows = sql.all(" UNION ALL ".join([page] * len(paged) + [whole]), [*values, dialogue_id, *WHOLE])
    by_kind: dict[str, list[State]] = {kind: [] for kind in (*paged, *WHOLE)}
    for row in rows:
        by_kind[row["kind"]].append(row)
    found = {}
    for kind, name in paged.items():
        newest = sorted(by_kind[kind], key=lambda row: row["created"], reverse=True)
        found[name] = newest[:size], len(newest) > size
    shown_whole = [
        {"part_id": row["part_id"], "kind": row["kind"], "updated": row["updated"]}
        for row in sorted((row for kind in WHOLE for row in by_kind[kind]), key=lambda row: row["created"])
    ]
    return found, shown_whole


def _views(sql: Sql, rows: list[State]) -> dict[str, State]:
    """:func:`part_view` of each row's part, by its id: kept for the store by the row's version (its
    id and ``updated``; ``Sql.kept``), the states of the others read in one statement (or taken from
    the rows that hold them). Shared by every reader: never to be changed."""
    kept: LRU[Any] = sql.kept.get("part_views") or sql.kept.setdefault("part_views", LRU(VIEWS))
    views, missing = {}, {}
    for row in rows:
        view = kept.get((row["part_id"], row["updated"]))
        if view is not None:
            views[row["part_id"]] = view
        else:
            missing[row["part_id"]] = row
    unread = [part_id for part_id, row in missing.items() if row.get("state") is None]
    if unread:
        marks = ", ".join("?" for _ in unread)
        for row in sql.all(f"SELECT part_id, updated, state FROM {PARTS} WHERE part_id IN ({marks})", unread):  # noqa: S608
            missing[row["part_id"]] = row
    for part_id, row in missing.items():
        views[part_id] = part_view(part_id, loads(row["state"]))
        kept.put((part_id, row["updated"]), views[part_id])
    return views


def decisions_page(sql: Sql, dialogue_id: UUID | str, number: int = 1, size: int = PAGE_SIZE) -> Page:
    """Page ``number`` of the dialogue's decisions, newest first."""
    rows, more = _newest(sql, str(dialogue_id), "decision", number, size)
    return Page(number, loads_many(row["state"] for row in rows), more)


def shown(name: str) -> int:
    """How many of the latest items of a list are shown."""
    return REPORTS_SHOWN if name == "reports" else ITEMS_SHOWN


def latest_items(
    sql: Sql, owners: Mapping[str, Mapping[str, list[Any]]], versions: Mapping[str, int] | None = None
) -> set[tuple[str, str]]:
    """Fill each owner's lists with their latest items (:func:`shown`); the (owner, list) cut short.

    A list may already hold items (rows written before the items had a table of
    their own): those are the oldest. ``versions``: of owners, the ``updated`` of
    their row, which every item appended to them moves: their items are read once
    per version (kept for the store, ``ITEMS_KEPT``: ``Sql.kept``; shared, never to be changed).
    """
    wanted = [(owner, name) for owner, lists in owners.items() for name in lists]
    if not wanted:
        return set()
    keys = {
        owner: (owner, versions[owner], tuple(lists))
        for owner, lists in owners.items()
        if versions and owner in versions
    }
    kept: LRU[Any] = sql.kept.get("latest_items") or sql.kept.setdefault("latest_items", LRU(ITEMS_KEPT))
    found = {owner: items for owner, key in keys.items() if (items := kept.get(key)) is not None}
    if len(found) < len(owners):
        read = _read_items(sql, [(owner, name) for owner, name in wanted if owner not in found])
        found.update(read)
        for owner, lists in read.items():
            if owner in keys:
                kept.put(keys[owner], lists)
    cut = set()
    for owner, name in wanted:
        items = owners[owner][name]
        items.extend(found[owner][name])
        if len(items) > shown(name):
            del items[: -shown(name)]
            cut.add((owner, name))
    return cut


def _read_items(sql: Sql, wanted: list[tuple[str, str]]) -> dict[str, dict[str, list[Any]]]:
    """The latest items (one more than :func:`shown`) of each (owner, list) of ``wanted``, oldest first,
    in one statement."""
    latest = (
        f"SELECT * FROM (SELECT owner_id, list, position, seq, item FROM {ITEMS}"  # noqa: S608
        " WHERE owner_id = ? AND list = ? ORDER BY position DESC, seq DESC LIMIT ?) AS latest"
    )
    rows = sql.all(
        " UNION ALL ".join(latest for _ in wanted),
        [value for owner, name in wanted for value in (owner, name, shown(name) + 1)],
    )
    rows.sort(key=lambda row: (row["position"], row["seq"]))
    read: dict[str, dict[str, list[Any]]] = {}
    for owner, name in wanted:
        read.setdefault(owner, {})[name] = []
    for row, item in zip(rows, loads_many(row["item"] for row in rows), strict=True):
        read[row["owner_id"]][row["list"]].append(item)
    return read


def dialogue_page(
    sql: Sql, dialogue_id: UUID | str, numbers: Mapping[str, int], size: int = PAGE_SIZE
) -> State | None:
    """The public view of a dialogue with page ``numbers[name]`` (default 1) of each list of ``PAGED``.

    As ``TransparencyLogProjection.dialogue`` gives it, except that each paged
    list holds one page, each list of items of the dialogue and of its ``LISTED``
    parts its latest (:func:`shown`) and those of the other parts none; plus
    ``pages`` (a :class:`Page` by list name), ``earlier``, the (owner id, list)
    whose earlier items are left out, and ``whole_versions``, the :func:`versions` of the parts
    shown whole (stakeholders, instances). None if there is no such dialogue.
    """
    row = sql.one(f"SELECT * FROM {DIALOGUES} WHERE dialogue_id = ?", (str(dialogue_id),))  # noqa: S608
    if row is None:
        return None
    key = row["dialogue_id"]
    state = loads(row["state"])
    owners = {key: dialogue_lists(state)}
    found, whole = _parts(sql, key, numbers, size)
    found["decisions"] = _newest(sql, key, "decision", numbers.get("decisions", 1), size)
    rows = {kind: found[name][0] for name, kind in PAGED.items() if kind != "decision"}
    rows.update({kind: [] for kind in WHOLE})
    for part in whole:
        rows[part["kind"]].append(part)
    with_items = [part for kind in LISTED for part in rows[kind]]
    states = dict(
        zip(
            (part["part_id"] for part in with_items),
            loads_many(part["state"] for part in with_items),
            strict=True,
        )
    )
    owners.update((part["part_id"], part_lists(part["kind"], states[part["part_id"]])) for part in with_items)
    owned = {key: row["updated"], **{part["part_id"]: part["updated"] for part in with_items}}
    earlier = latest_items(sql, owners, owned)
    first_meetings = (
        rows["meeting"] if numbers.get("meetings", 1) == 1 else _newest(sql, key, "meeting", 1, size)[0]
    )
    views = _views(
        sql,
        [part for kind, kind_rows in rows.items() if kind not in LISTED for part in kind_rows]
        + first_meetings,
    )
    shown = {
        kind: [
            (
                part_view(part["part_id"], states[part["part_id"]])
                if kind in LISTED
                else views[part["part_id"]]
            )
            | positioned(part)
            for part in kind_rows
        ]
        for kind, kind_rows in rows.items()
    }
    decisions = decision_states(found["decisions"][0])
    pages = {
        name: Page(
            numbers.get(name, 1),
            decisions if kind == "decision" else shown[kind],
            found[name][1],
            versions(found[name][0], "decision_id" if kind == "decision" else "part_id"),
        )
        for name, kind in PAGED.items()
    }
    first_decisions = (
        decisions
        if numbers.get("decisions", 1) == 1
        else decision_states(_newest(sql, key, "decision", 1, 1)[0])
    )
    summary = {
        "upcoming": [views[m["part_id"]] for m in first_meetings],
        "latest_decision": first_decisions[0] if first_decisions else None,
    }
    return {
        **dialogue_view(row, state, shown, decisions),
        **summary,
        "pages": pages,
        "earlier": earlier,
        "whole_versions": versions(whole, "part_id"),
    }


def versions(rows: list[State], key: str) -> tuple[tuple[str, int], ...]:
    """Of each row, its key and the position of the last act that changed it: what a section made of
    those rows' states can be kept under, instead of a digest of the states."""
    return tuple((row[key], row["updated"]) for row in rows)


def positioned(row: State) -> State:
    """The position in the log of the act that made a paged part (the act its proof is of); nothing
    for the parts shown whole, which have no page of their own."""
    return {"position": row["created"]} if "created" in row else {}


def decision_state(row: State) -> State:
    """A decision as its row holds it, with the position in the log of its adoption."""
    return decision_states([row])[0]


def decision_states(rows: list[State]) -> list[State]:
    """:func:`decision_state` of each row, decoded at once."""
    states = loads_many(row["state"] for row in rows)
    return [{**state, "position": row["created"]} for row, state in zip(rows, states, strict=True)]
