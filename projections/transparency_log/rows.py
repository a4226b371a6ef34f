"""The rows of the ``transparency_log`` read model: its tables, and the helpers its handlers change
them with, on the shared batching writer (``projections.rows``).

Four tables: one row per dialogue, one row per part of a dialogue
(stakeholder, instance, meeting, proposal, agreement, action, dysfunction),
one row per decision, and one row per item of the lists that grow with the
log (a dialogue's notes, concerns, topics, link modalities and presentations;
a proposal's path, an action's progress reports, a dysfunction's history),
so that no row grows without bound. Each row holds its public state as JSON;
names that never change (instance names, proposal titles) are copied at write
time so that every row reads on its own. Rows are read at most once per batch,
changed in memory and written once each in ``flush``.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from domain.fields import public_fields
from projections.decoding import id_text
from projections.projection import Projection
from projections.rows import AppendedRows, KeyedRows, Row, RowWriter
from projections.store import Sql, dumps

DIALOGUES = "transparency_dialogues"
PARTS = "transparency_parts"
DECISIONS = "transparency_decisions"
ITEMS = "transparency_items"

KEYS = {DIALOGUES: "dialogue_id", PARTS: "part_id", DECISIONS: "decision_id"}
COLUMNS = {
    DIALOGUES: (
        "dialogue_id",
        "slug",
        "title",
        "territory",
        "subject",
        "stage",
        "closed",
        "public",
        "opened_at",
        "created",
        "updated",
        "updated_at",
        "state",
    ),
    PARTS: ("part_id", "dialogue_id", "kind", "created", "updated", "updated_at", "state"),
    DECISIONS: ("decision_id", "dialogue_id", "created", "updated", "updated_at", "state"),
}
MIRRORED = {DIALOGUES: ("stage", "closed", "public")}
"""Columns copied from the row's state on every change, to be listed without reading the state."""

NOTES = {
    "SteeringReviewHeld": "steering_reviews",
    "ExpertiseProvided": "expertise",
    "ProgrammeLinked": "programmes",
    "PopulationInformed": "population_informed",
    "PopulationConsulted": "population_consulted",
    "DecisionMakersInformed": "decision_makers_informed",
    "ProcessReviewed": "process_reviews",
    "ProcessEvaluated": "evaluations",
    "DialogueContinued": "continuations",
}
"""Dated notes on the dialogue's record, by event, and the list that keeps them."""

DIALOGUE_LISTS = ("concerns", "topics", "link_modalities", "presentations")
PART_LISTS = {"proposal": ("path", "actions"), "action": ("reports",), "dysfunction": ("history",)}
"""Lists that grow with the log: each item is a row of ``transparency_items`` (appended, never
rewritten), put back in its list by the public view; the row of their owner stays small.
A dialogue's notes are kept there too, as the lists ``notes.<section>``."""

MEMBER_FIELDS = ("person_id", "category", "organisation", "public_office", "name_consent")
"""What an instance's member list shows of each member; the web layer resolves allowed names."""

PART_KINDS = ("stakeholder", "instance", "meeting", "proposal", "agreement", "action", "dysfunction")

State = dict[str, Any]
Change = Callable[[State], None]

TABLES = {
    DIALOGUES: (
        "dialogue_id TEXT PRIMARY KEY, slug TEXT NOT NULL, title TEXT NOT NULL, territory TEXT NOT NULL,"
        " subject TEXT NOT NULL, stage TEXT NOT NULL, closed INTEGER NOT NULL, public INTEGER NOT NULL,"
        " opened_at TEXT NOT NULL, created BIGINT NOT NULL, updated BIGINT NOT NULL,"
        " updated_at TEXT NOT NULL, state TEXT NOT NULL"
    ),
    PARTS: (
        "part_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL, kind TEXT NOT NULL,"
        " created BIGINT NOT NULL, updated BIGINT NOT NULL, updated_at TEXT NOT NULL, state TEXT NOT NULL"
    ),
    DECISIONS: (
        "decision_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL,"
        " created BIGINT NOT NULL, updated BIGINT NOT NULL, updated_at TEXT NOT NULL, state TEXT NOT NULL"
    ),
    ITEMS: (
        "position BIGINT NOT NULL, seq INTEGER NOT NULL, owner_id TEXT NOT NULL,"
        " dialogue_id TEXT NOT NULL, list TEXT NOT NULL, item TEXT NOT NULL, PRIMARY KEY (position, seq)"
    ),
}

INDEXES = {
    f"{PARTS}_dialogue": f"{PARTS} (dialogue_id, kind, created)",
    f"{DECISIONS}_dialogue": f"{DECISIONS} (dialogue_id, created)",
    f"{ITEMS}_dialogue": f"{ITEMS} (dialogue_id, position, seq)",
    f"{ITEMS}_owner": f"{ITEMS} (owner_id, list, position, seq)",
}

ITEM_COLUMNS = ("position", "seq", "owner_id", "dialogue_id", "list", "item")


EFFECT_DATES = (
    "held_on", "adopted_on", "presented_on", "published_on", "confirmed_on", "communicated_on",
    "completed_on", "on",
)  # fmt: skip
"""The fields (of an event, or of a note's ``details``) that say when an act took effect: not when it
was recorded, nor a date planned or due."""


_ON_CLASS: dict[type, bool] = {}
"""Event class -> whether it has ``details`` or one of the ``EFFECT_DATES`` as a class attribute."""


def effect_date(event: Any) -> str | None:
    """The day the act took effect, if its event says (``YYYY-MM-DD``)."""
    on_class = _ON_CLASS.get(type(event))
    if on_class is None:
        on_class = _ON_CLASS[type(event)] = any(hasattr(type(event), n) for n in ("details", *EFFECT_DATES))
    if not on_class and "details" not in vars(event) and vars(event).keys().isdisjoint(EFFECT_DATES):
        return None  # most acts: none of the names, checked at once
    details = getattr(event, "details", None)
    for name in EFFECT_DATES:
        value = getattr(event, name, None)
        if value is None and isinstance(details, dict):
            value = details.get(name)
        if value:
            return str(value)[:10]
    return None


_recorded: tuple[Any, str] = (None, "")
"""The last event ``recorded_at`` was asked about, and its answer (a handler asks several times)."""


def recorded_at(event: Any) -> str:
    """When the act was recorded (UTC, ISO 8601)."""
    global _recorded  # one tuple, replaced at once: safe between threads
    last = _recorded
    if last[0] is not event:
        last = _recorded = (event, str(event.timestamp.isoformat()))
    return last[1]


def public_record(event: Any) -> State:
    """The act as the public log keeps it: its event's public fields (``PUBLIC``) and when it was recorded."""
    return {**public_fields(event), "recorded_at": recorded_at(event)}


def step(event: Any, name: str, business_date: str | None = None, **details: Any) -> State:
    """One step of a path, dated ``on`` its business date (if any) and by when it was recorded, with
    the role its actor acted in (never the actor)."""
    return {
        "step": name,
        "on": business_date,
        "recorded_at": recorded_at(event),
        "role": event.actor_role,
        **details,
    }


def public(state: State) -> State:
    """The state without its private keys (those starting with an underscore), its keys in order."""
    return {key: state[key] for key in sorted(state) if not key.startswith("_")}


def supporter(proposal_id: Any, account_id: str) -> str:
    """An opaque token for one account on one proposal: counts supporters without naming them."""
    return hashlib.sha256(f"{id_text(proposal_id)}:{account_id}".encode()).hexdigest()[:16]


class TransparencyRows(Projection):
    """The tables of the transparency log and what its handlers change them with."""

    def __init__(self) -> None:
        mirrored = {column: _mirror(column) for column in MIRRORED[DIALOGUES]}
        self._tables = {
            table: KeyedRows(
                table, KEYS[table], COLUMNS[table][1:], mirrored=mirrored if table == DIALOGUES else None
            )
            for table in KEYS
        }
        self._items = AppendedRows(ITEMS, ITEM_COLUMNS)
        """The batch's items: those of one event are numbered from 0 (``seq``)."""
        self._rows: RowWriter = RowWriter((*self._tables.values(), self._items))

    def drop(self, sql: Sql) -> None:
        super().drop(sql)
        self._rows.start(None)

    def flush(self, sql: Sql) -> None:
        self._rows.flush(sql)

    def _row(self, sql: Sql, table: str, key: Any) -> Row | None:
        self._rows.join(sql)
        return self._tables[table].get(sql, id_text(key))

    def _state(self, sql: Sql, table: str, key: Any) -> State | None:
        row = self._row(sql, table, key)
        return None if row is None else row["state"]

    def _insert(
        self, sql: Sql, table: str, key: Any, event: Any, position: int, state: State, **columns: Any
    ) -> None:
        self._rows.join(sql)
        row = {
            **columns,
            "created": position,
            "updated": position,
            "updated_at": recorded_at(event),
            "state": state,
        }
        self._tables[table].add(id_text(key), row)
        if "dialogue_id" in columns:
            self._stage_dated(sql, event, columns["dialogue_id"])

    def _change(
        self,
        sql: Sql,
        table: str,
        key: Any,
        event: Any,
        position: int,
        change: Change | None,
        items: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        """Apply ``change`` to the state of one row and append ``items`` (list name, item) to its lists;
        ignored if there is no such row."""
        key = id_text(key)
        row = self._row(sql, table, key)
        if row is None:
            return
        if change is not None:
            change(row["state"])
        row["updated"] = position
        row["updated_at"] = recorded_at(event)
        self._tables[table].touch(key)
        dialogue_id = key if table == DIALOGUES else row["dialogue_id"]
        self._stage_dated(sql, event, dialogue_id)
        appended = self._items.rows
        for name, item in items:
            seq = appended[-1][1] + 1 if appended and appended[-1][0] == position else 0
            appended.append((position, seq, key, dialogue_id, name, dumps(item)))

    def _stage_dated(self, sql: Sql, event: Any, dialogue_id: Any) -> None:
        """The first act of the dialogue's current stage that says when it took effect dates the stage's
        start (``began_on`` of its transition in the timeline)."""
        on = effect_date(event)
        row = None if on is None else self._row(sql, DIALOGUES, dialogue_id)
        if row is None:
            return
        current = row["state"]["timeline"][-1]
        if "began_on" not in current:
            current["began_on"] = on
            self._tables[DIALOGUES].touch(id_text(dialogue_id))

    def _dialogue(self, sql: Sql, event: Any, position: int, change: Change) -> None:
        self._change(sql, DIALOGUES, event.originator_id, event, position, change)

    def _part(self, sql: Sql, event: Any, position: int, change: Change, part_id: Any = None) -> None:
        """Change the part the event is about (or ``part_id``)."""
        self._change(sql, PARTS, part_id or event.originator_id, event, position, change)

    def _part_item(
        self, sql: Sql, event: Any, position: int, name: str, item: Any, part_id: Any = None
    ) -> None:
        """Append an item to one list of the part the event is about (or ``part_id``)."""
        self._change(sql, PARTS, part_id or event.originator_id, event, position, None, ((name, item),))

    def _new_part(self, sql: Sql, event: Any, position: int, kind: str, state: State) -> None:
        self._insert(
            sql,
            PARTS,
            event.originator_id,
            event,
            position,
            state,
            dialogue_id=id_text(event.dialogue_id),
            kind=kind,
        )

    def _title(self, sql: Sql, part_id: Any) -> str | None:
        """The title (or name) of a part, copied where it is referred to."""
        state = self._state(sql, PARTS, part_id)
        return None if state is None else state.get("title") or state.get("name")

    def _set(self, sql: Sql, event: Any, position: int, key: str, value: Any) -> None:
        """Set one section of the dialogue's state."""
        self._dialogue(sql, event, position, lambda state: state.update({key: value}))

    def _append(self, sql: Sql, event: Any, position: int, key: str, item: Any) -> None:
        """Append an item to one list of the dialogue (a row of its own)."""
        self._change(sql, DIALOGUES, event.originator_id, event, position, None, ((key, item),))

    def _path(self, sql: Sql, event: Any, position: int, new_step: State, part_id: Any = None) -> None:
        """Add a step to a proposal's path; the proposal's status follows it (amendments aside), and
        so do the dialogue's counts of its proposals by status."""
        key = part_id or event.originator_id
        moved: list[str] = []

        def follow(state: State) -> None:
            if new_step["step"] != "amended":
                moved.append(state["status"])
                state["status"] = new_step.get("outcome") or new_step["step"]
                moved.append(state["status"])

        self._change(sql, PARTS, key, event, position, follow, (("path", new_step),))
        row = self._row(sql, PARTS, key)
        if moved and row is not None:
            self._tally(sql, event, position, row["dialogue_id"], "proposal_statuses", *moved)

    def _tally(
        self,
        sql: Sql,
        event: Any,
        position: int,
        dialogue_id: str,
        counts: str,
        before: str | None,
        after: str,
    ) -> None:
        """Move one count of the dialogue's ``counts`` from ``before`` (None: a new one) to ``after``:
        the public page reads the totals without reading every part."""

        def move(state: State) -> None:
            tally = state.setdefault(counts, {})
            if before is not None:
                tally[before] = tally.get(before, 0) - 1
            tally[after] = tally.get(after, 0) + 1

        self._change(sql, DIALOGUES, dialogue_id, event, position, move)


def _mirror(column: str) -> Callable[[Row], Any]:
    """A column copied from the row's state when it is written (booleans as integers)."""

    def value(row: Row) -> Any:
        found = row["state"][column]
        return int(found) if isinstance(found, bool) else found

    return value
