"""Read model ``stage``: per dialogue, its stage, each exit indicator, and counts of its parts.

The rows keep just what the domain's exit indicators look at; the indicators
themselves are evaluated by the domain (``domain.indicators``) on those rows,
so the read side can never disagree with the rule that gates a stage. The
dialogue's row also keeps its tally (how many parts of each kind, by status
for meetings, proposals and actions) and its waivers, so that a view reads
that row and the few parts its stage's indicators look at, whatever the
dialogue's size.
"""

from functools import lru_cache
from typing import Any

from domain.indicators import STAGE_PARTS
from domain.stages import Stage
from projections.decoding import id_text
from projections.projection import Projection, on
from projections.rows import KeyedRows, Row, RowWriter
from projections.stage_view import DESIGN_STATUS, describe, tally_key
from projections.store import Sql, loads

PART_EVENTS = {
    "StakeholderIdentified": "stakeholder",
    "InstanceDesigned": "instance",
    "MeetingScheduled": "meeting",
    "ContributionPosted": "contribution",
    "ProposalDrafted": "proposal",
    "AgreementDrafted": "agreement",
    "ActionCreated": "action",
    "DysfunctionReported": "dysfunction",
}
COUNTED_ONLY = frozenset({"stakeholder", "contribution", "dysfunction"})
"""Kinds of part that no later event changes here: counted in the tally, with no row of their own."""
LISTED_AT_ONCE = 500
"""Dialogues read by one query of ``listed_rows``."""


class StageProjection(Projection):
    """Rows are kept in memory during a batch and written once each in ``flush`` (``projections.rows``)."""

    name = "stage"
    version = 3  # 1 had no running counts (tally) nor waivers; 2 had rows for parts only counted
    cost = 1.3
    copy_cost = 0.2
    tables = {
        "stage_dialogues": (
            "dialogue_id TEXT PRIMARY KEY, slug TEXT NOT NULL, title TEXT NOT NULL, stage TEXT NOT NULL,"
            " closed INTEGER NOT NULL, state TEXT NOT NULL, position BIGINT NOT NULL"
        ),
        "stage_parts": (
            "part_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL,"
            " created BIGINT NOT NULL DEFAULT 0"
        ),
    }
    without_rowid = frozenset({"stage_parts"})
    indexes = {"stage_parts_dialogue": "stage_parts (dialogue_id, kind)"}

    def __init__(self) -> None:
        self._dialogues = KeyedRows(
            "stage_dialogues",
            "dialogue_id",
            ("slug", "title", "stage", "closed", "state", "position"),
            mirrored={
                "stage": lambda row: row["state"]["stage"],
                "closed": lambda row: int(row["state"]["closed"]),
            },
        )
        self._parts = KeyedRows(
            "stage_parts", "part_id", ("dialogue_id", "kind", "created", "state"), updated=("state",)
        )
        self._rows: RowWriter = RowWriter((self._dialogues, self._parts))

    def create(self, sql: Sql, *, indexes: bool = True) -> None:
        super().create(sql, indexes=indexes)
        if "created" not in self.columns(sql, "stage_parts"):  # a table from before the column
            sql.execute("ALTER TABLE stage_parts ADD COLUMN created BIGINT NOT NULL DEFAULT 0")

    def drop(self, sql: Sql) -> None:
        super().drop(sql)
        self._rows.start(None)

    def flush(self, sql: Sql) -> None:
        self._rows.flush(sql)

    def _dialogue(self, sql: Sql, dialogue_id: Any) -> Row | None:
        self._rows.join(sql)
        return self._dialogues.get(sql, id_text(dialogue_id))

    def _part_row(self, sql: Sql, part_id: Any) -> Row | None:
        self._rows.join(sql)
        return self._parts.get(sql, id_text(part_id))

    # --- the dialogue -------------------------------------------------------

    def _update(self, sql: Sql, dialogue_id: Any, position: int, **changes: Any) -> None:
        row = self._dialogue(sql, dialogue_id)
        if row is None:
            return
        row["state"].update(changes)
        row["position"] = position
        self._dialogues.touch(id_text(dialogue_id))

    @on("DialogueOpened")
    def opened(self, sql: Sql, event: Any, position: int) -> None:
        state = {
            "stage": Stage.FRAMING.value,
            "closed": False,
            "framework": False,
            "design_status": None,
            "made_public": False,
            "outcomes": {},
            "decisions": 0,
            "tally": {},
            "waivers": [],
        }
        self._rows.join(sql)
        row = {"slug": event.slug, "title": event.title, "state": state, "position": position}
        self._dialogues.add(id_text(event.originator_id), row)

    def _count(self, sql: Sql, dialogue_id: str, key: str, change: int) -> None:
        """Add ``change`` to one count of the dialogue's tally (a count down to 0 leaves it)."""
        row = self._dialogue(sql, dialogue_id)
        if row is None:
            return
        tally = row["state"]["tally"]
        count = tally.get(key, 0) + change
        if count:
            tally[key] = count
        else:
            del tally[key]
        self._dialogues.touch(dialogue_id)

    def _transition(self, sql: Sql, event: Any, position: int, to: str, **changes: Any) -> None:
        """The dialogue leaves its stage (for ``to``), its waiver kept if it needed one."""
        row = self._dialogue(sql, event.originator_id)
        if row is None:
            return
        if event.waiver:
            waiver = {"from": row["state"]["stage"], "to": to, "waiver": event.waiver, "by": event.actor_id}
            changes["waivers"] = [*row["state"]["waivers"], waiver]
        self._update(sql, event.originator_id, position, **changes)

    @on("StageAdvanced")
    def advanced(self, sql: Sql, event: Any, position: int) -> None:
        self._transition(sql, event, position, event.to_stage, stage=event.to_stage)

    @on("DialogueClosed")
    def closed(self, sql: Sql, event: Any, position: int) -> None:
        self._transition(sql, event, position, "closed", closed=True)

    @on("FrameworkDefined")
    def framework(self, sql: Sql, event: Any, position: int) -> None:
        self._update(sql, event.originator_id, position, framework=True)

    @on(*DESIGN_STATUS)
    def design(self, sql: Sql, event: Any, position: int) -> None:
        status = DESIGN_STATUS[type(event).__name__]
        self._update(sql, event.originator_id, position, design_status=status)

    @on("ApproachMadePublic")
    def made_public(self, sql: Sql, event: Any, position: int) -> None:
        self._update(sql, event.originator_id, position, made_public=True)

    @on("DecisionAdopted")
    def decided(self, sql: Sql, event: Any, position: int) -> None:
        row = self._dialogue(sql, event.originator_id)
        if row is None:
            return
        state = row["state"]
        outcomes = {**state["outcomes"], **{str(o["proposal_id"]): o["outcome"] for o in event.outcomes}}
        self._update(sql, event.originator_id, position, outcomes=outcomes, decisions=state["decisions"] + 1)
        for outcome in event.outcomes:
            self._part(sql, outcome["proposal_id"], outcome=outcome["outcome"])

    @on("ResultsPresented")
    def presented(self, sql: Sql, event: Any, position: int) -> None:
        for proposal_id in event.proposal_ids:
            self._part(sql, proposal_id, presented=True)

    # --- the parts ----------------------------------------------------------

    def _part(self, sql: Sql, part_id: Any, **changes: Any) -> None:
        key = id_text(part_id)
        row = self._part_row(sql, key)
        if row is not None:
            kind, state = row["kind"], row["state"]
            before = tally_key(kind, state)
            state.update(changes)
            self._parts.touch(key)
            after = tally_key(kind, state)
            if after != before:
                self._count(sql, row["dialogue_id"], before, -1)
                self._count(sql, row["dialogue_id"], after, 1)

    @on(*PART_EVENTS)
    def part_created(self, sql: Sql, event: Any, position: int) -> None:
        kind = PART_EVENTS[type(event).__name__]
        if kind in COUNTED_ONLY:
            self._count(sql, id_text(event.dialogue_id), kind, 1)
            return
        state: dict[str, Any] = {"title": getattr(event, "title", None) or getattr(event, "name", None)}
        if kind == "instance":
            state.update(kind=event.kind, members=0)
        elif kind == "proposal":
            state.update(status="drafted", translated=False, presented=False, outcome=None)
        elif kind == "agreement":
            state.update(validated=False)
        elif kind == "action":
            state.update(operator=None, progress=0, completed=False)
        elif kind == "meeting":
            state.update(held=False)
        self._rows.join(sql)
        dialogue_id = id_text(event.dialogue_id)
        row = {"dialogue_id": dialogue_id, "kind": kind, "created": position, "state": state}
        self._parts.add(id_text(event.originator_id), row)
        self._count(sql, dialogue_id, tally_key(kind, state), 1)

    @on("MemberAdded", "MemberRemoved")
    def membership(self, sql: Sql, event: Any, position: int) -> None:
        row = self._part_row(sql, event.originator_id)
        if row is not None:
            change = 1 if type(event).__name__ == "MemberAdded" else -1
            self._part(sql, event.originator_id, members=row["state"]["members"] + change)

    @on("MeetingHeld")
    def meeting_held(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event.originator_id, held=True)

    @on("ProposalValidated", "ProposalWithdrawn")
    def proposal_status(self, sql: Sql, event: Any, position: int) -> None:
        status = type(event).__name__.removeprefix("Proposal").lower()
        self._part(sql, event.originator_id, status=status)

    @on("TechnicalTranslationRecorded")
    def translated(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event.originator_id, translated=True)

    @on("AgreementValidated")
    def agreement_validated(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event.originator_id, validated=True)

    @on("OperatorAssigned")
    def operator(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event.originator_id, operator=event.operator_id)

    @on("ProgressReported")
    def progress(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event.originator_id, progress=event.percent)

    @on("ActionCompleted")
    def completed(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event.originator_id, completed=True, progress=100)

    # --- reading ------------------------------------------------------------

    @staticmethod
    def listed(sql: Sql, dialogue_id: Any) -> dict[str, Any] | None:
        """The dialogue's id, slug and title, or None."""
        return sql.one(
            "SELECT dialogue_id, slug, title FROM stage_dialogues WHERE dialogue_id = ?", (str(dialogue_id),)
        )

    @staticmethod
    def listed_rows(sql: Sql, dialogue_ids: list[Any]) -> dict[str, dict[str, Any]]:
        """The slug, title, stage and whether closed of those of the dialogues the model holds, by id
        (``LISTED_AT_ONCE`` a query: a list of every dialogue stays within the store's parameters)."""
        ids = [str(dialogue_id) for dialogue_id in dialogue_ids]
        rows = []
        for start in range(0, len(ids), LISTED_AT_ONCE):
            chunk = ids[start : start + LISTED_AT_ONCE]
            rows += sql.all(
                "SELECT dialogue_id, slug, title, stage, closed FROM stage_dialogues"  # noqa: S608
                f" WHERE dialogue_id IN ({', '.join('?' * len(chunk))})",
                tuple(chunk),
            )
        return {row.pop("dialogue_id"): {**row, "closed": bool(row["closed"])} for row in rows}

    @staticmethod
    def view(sql: Sql, dialogue_id: Any) -> dict[str, Any] | None:
        """The dialogue's stage, exit indicators and counts, as the projection holds them.

        Reads the dialogue's row and the parts its stage's indicators look at, nothing else.
        """
        row = sql.one("SELECT * FROM stage_dialogues WHERE dialogue_id = ?", (str(dialogue_id),))
        if row is None:
            return None
        kinds = _kinds(row["state"])
        marks = ", ".join("?" for _ in kinds)
        parts = sql.all(
            f"SELECT kind, state FROM stage_parts WHERE dialogue_id = ? AND kind IN ({marks})"  # noqa: S608
            " ORDER BY created, part_id",
            (str(dialogue_id), *kinds),
        )
        texts = tuple((part["kind"], part["state"]) for part in parts)
        return _described(row["dialogue_id"], row["slug"], row["title"], row["state"], texts)


VIEWS = 128
"""Stage views kept per process (:func:`_described`)."""


@lru_cache(maxsize=VIEWS)
def _kinds(state: str) -> tuple[str, ...]:
    """The kinds of parts the indicators of the stage of a dialogue's row (its text) look at."""
    return tuple(name.removesuffix("s") for name in STAGE_PARTS[Stage(loads(state)["stage"])])


@lru_cache(maxsize=VIEWS)
def _described(
    dialogue_id: str, slug: str, title: str, state: str, parts: tuple[tuple[str, str], ...]
) -> dict[str, Any]:
    """:func:`describe` of the rows as the table holds them (their texts): made once per those texts,
    shared by the readers (never to be changed)."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for kind, text in parts:
        by_kind.setdefault(kind, []).append(loads(text))
    return describe(dialogue_id, slug, title, loads(state), by_kind)
