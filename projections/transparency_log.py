"""Read model ``transparency_log``: what the public may see of each dialogue.

The fiche requires the decision process to be transparent. This read model
keeps, per dialogue, its framework, stage timeline (with every waiver and its
justification), instances and their composition, meetings and minutes, the
path of each proposal from its drafting to its outcome, each decision of a
legitimate body, the actions and their progress, regulation, evaluation and
the links with the wider world. It backs the public pages and the feeds.

Four tables: one row per dialogue, one row per part of a dialogue
(stakeholder, instance, meeting, proposal, agreement, action, dysfunction),
one row per decision, and one row per item of the lists that grow with the
log (a dialogue's notes, concerns, topics, link modalities and presentations;
a proposal's path, an action's progress reports, a dysfunction's history),
so that no row grows without bound. Each row holds its public state as JSON;
names that never change (instance names, proposal titles) are copied at write
time so that every row reads on its own. Rows are read at most once per batch,
changed in memory and written once each in ``flush`` (``executemany``).

Personal data (DESIGN.md section 7): a stakeholder is kept as their person id,
category, organisation and the ``public_office`` / ``name_consent`` flags;
the web layer resolves the names it may show through the vault. Sealed
contacts are never copied, and neither are account ids: proposals count
their supporters through salted digests that the public view leaves out.
"""

import hashlib
from collections import Counter
from collections.abc import Callable
from typing import Any

from domain.stages import Stage
from projections.projection import Projection, on
from projections.store import Sql, dumps, loads

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
PART_LISTS = {"proposal": ("path",), "action": ("reports",), "dysfunction": ("history",)}
"""Lists that grow with the log: each item is a row of ``transparency_items`` (appended, never
rewritten), put back in its list by the public view; the row of their owner stays small.
A dialogue's notes are kept there too, as the lists ``notes.<section>``."""

MEMBER_FIELDS = ("person_id", "category", "organisation", "public_office", "name_consent")
"""What an instance's member list shows of each member; the web layer resolves allowed names."""

PART_KINDS = ("stakeholder", "instance", "meeting", "proposal", "agreement", "action", "dysfunction")

State = dict[str, Any]
Row = dict[str, Any]
Change = Callable[[State], None]


def recorded_at(event: Any) -> str:
    """When the act was recorded (UTC, ISO 8601)."""
    return str(event.timestamp.isoformat())


def step(event: Any, name: str, business_date: str | None = None, **details: Any) -> State:
    """One step of a path, dated ``on`` its business date (if any) and by when it was recorded."""
    return {"step": name, "on": business_date, "recorded_at": recorded_at(event), **details}


def public(state: State) -> State:
    """The state without its private keys (those starting with an underscore)."""
    return {key: value for key, value in state.items() if not key.startswith("_")}


def mirrored(table: str, state: State) -> State:
    """The mirrored columns of a row, from its state (booleans as integers)."""
    values = {column: state[column] for column in MIRRORED.get(table, ())}
    return {column: int(v) if isinstance(v, bool) else v for column, v in values.items()}


def _row_values(table: str, key: str, row: Row) -> tuple[Any, ...]:
    """A buffered row's values, in the order of ``COLUMNS[table]`` (its key first)."""
    values = {**row, **mirrored(table, row["state"]), "state": dumps(row["state"])}
    return (key, *(values[column] for column in COLUMNS[table][1:]))


def supporter(proposal_id: Any, account_id: str) -> str:
    """An opaque token for one account on one proposal: counts supporters without naming them."""
    return hashlib.sha256(f"{proposal_id}:{account_id}".encode()).hexdigest()[:16]


class TransparencyLogProjection(Projection):
    name = "transparency_log"
    version = 2  # 1 listed a dialogue before its approach was made public
    cost = 5
    tables = {
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

    indexes = {
        f"{PARTS}_dialogue": f"{PARTS} (dialogue_id, kind, created)",
        f"{DECISIONS}_dialogue": f"{DECISIONS} (dialogue_id, created)",
        f"{ITEMS}_dialogue": f"{ITEMS} (dialogue_id, position, seq)",
        f"{ITEMS}_owner": f"{ITEMS} (owner_id, list, position, seq)",
    }

    def __init__(self) -> None:
        self._start_batch(None)

    def drop(self, sql: Sql) -> None:
        super().drop(sql)
        self._start_batch(None)

    # --- the batch's rows -------------------------------------------------------
    # Rows are read at most once per batch, changed in memory and written once each in ``flush``.

    def _start_batch(self, sql: Sql | None) -> None:
        """Forget the rows of another batch (written, or rolled back with it)."""
        self._batch = sql
        self._rows: dict[str, dict[str, Row | None]] = {table: {} for table in KEYS}
        self._new: dict[str, set[str]] = {table: set() for table in KEYS}
        self._changed: dict[str, set[str]] = {table: set() for table in KEYS}
        self._items: list[tuple[Any, ...]] = []
        self._last: tuple[int, int] = (0, -1)
        """(position, seq) of the last item: the items of one event are numbered from 0."""

    def flush(self, sql: Sql) -> None:
        if self._batch is sql:
            for table, rows in self._rows.items():
                new, changed = self._new[table], self._changed[table] - self._new[table]
                columns = COLUMNS[table]
                sql.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",  # noqa: S608
                    [_row_values(table, key, row) for key in sorted(new) if (row := rows[key]) is not None],
                )
                assignments = ", ".join(f"{column} = ?" for column in columns[1:])
                sql.executemany(
                    f"UPDATE {table} SET {assignments} WHERE {KEYS[table]} = ?",  # noqa: S608
                    [
                        (*values[1:], values[0])
                        for key in sorted(changed)
                        if (row := rows[key]) is not None
                        for values in [_row_values(table, key, row)]
                    ],
                )
            sql.executemany(
                f"INSERT INTO {ITEMS} (position, seq, owner_id, dialogue_id, list, item)"  # noqa: S608
                " VALUES (?, ?, ?, ?, ?, ?)",
                self._items,
            )
        self._start_batch(None)

    def _row(self, sql: Sql, table: str, key: Any) -> Row | None:
        if self._batch is not sql:
            self._start_batch(sql)
        key = str(key)
        rows = self._rows[table]
        if key not in rows:
            found = sql.one(f"SELECT * FROM {table} WHERE {KEYS[table]} = ?", (key,))  # noqa: S608
            if found is not None:
                found["state"] = loads(found["state"])
            rows[key] = found
        return rows[key]

    def _state(self, sql: Sql, table: str, key: Any) -> State | None:
        row = self._row(sql, table, key)
        return None if row is None else row["state"]  # type: ignore[no-any-return]

    def _insert(
        self, sql: Sql, table: str, key: Any, event: Any, position: int, state: State, **columns: Any
    ) -> None:
        if self._batch is not sql:
            self._start_batch(sql)
        key = str(key)
        self._rows[table][key] = {
            **columns,
            "created": position,
            "updated": position,
            "updated_at": recorded_at(event),
            "state": state,
        }
        self._new[table].add(key)

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
        key = str(key)
        row = self._row(sql, table, key)
        if row is None:
            return
        if change is not None:
            change(row["state"])
        row["updated"] = position
        row["updated_at"] = recorded_at(event)
        self._changed[table].add(key)
        dialogue_id = key if table == DIALOGUES else row["dialogue_id"]
        for name, item in items:
            last_position, seq = self._last
            self._last = (position, seq + 1 if last_position == position else 0)
            self._items.append((*self._last, key, dialogue_id, name, dumps(item)))

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
            dialogue_id=str(event.dialogue_id),
            kind=kind,
        )

    def _title(self, sql: Sql, part_id: Any) -> str | None:
        """The title (or name) of a part, copied where it is referred to."""
        state = self._state(sql, PARTS, part_id)
        return None if state is None else state.get("title") or state.get("name")

    # --- the dialogue -----------------------------------------------------------

    @on("DialogueOpened")
    def opened(self, sql: Sql, event: Any, position: int) -> None:
        state: State = {
            "stage": Stage.FRAMING.value,
            "closed": False,
            "public": False,
            "framework": None,
            "organisation": None,
            "feasibility": None,
            "design": {"status": None, "history": []},
            "made_public": None,
            "launch_meeting": None,
            "contributions": {},
            "timeline": [
                {
                    "from": None,
                    "to": Stage.FRAMING.value,
                    "recorded_at": recorded_at(event),
                    "waiver": None,
                    "unmet": [],
                }
            ],
        }
        self._insert(
            sql,
            DIALOGUES,
            event.originator_id,
            event,
            position,
            state,
            slug=event.slug,
            title=event.title,
            territory=event.territory,
            subject=event.subject,
            opened_at=recorded_at(event),
        )

    @staticmethod
    def _transition(event: Any, state: State, to: str, **details: Any) -> None:
        unmet = [{"name": i["name"], "detail": i["detail"]} for i in event.indicators if not i["met"]]
        state["timeline"].append(
            {
                "from": state["stage"],
                "to": to,
                "recorded_at": recorded_at(event),
                "waiver": event.waiver,
                "unmet": unmet,
                **details,
            }
        )

    @on("StageAdvanced")
    def advanced(self, sql: Sql, event: Any, position: int) -> None:
        def advance(state: State) -> None:
            self._transition(event, state, event.to_stage)
            state["stage"] = event.to_stage

        self._dialogue(sql, event, position, advance)

    @on("DialogueClosed")
    def closed(self, sql: Sql, event: Any, position: int) -> None:
        def close(state: State) -> None:
            self._transition(event, state, "closed", summary=event.summary)
            state["closed"] = True

        self._dialogue(sql, event, position, close)

    def _set(self, sql: Sql, event: Any, position: int, key: str, value: Any) -> None:
        """Set one section of the dialogue's state."""
        self._dialogue(sql, event, position, lambda state: state.update({key: value}))

    def _append(self, sql: Sql, event: Any, position: int, key: str, item: Any) -> None:
        """Append an item to one list of the dialogue (a row of its own)."""
        self._change(sql, DIALOGUES, event.originator_id, event, position, None, ((key, item),))

    @on("FrameworkDefined")
    def framework(self, sql: Sql, event: Any, position: int) -> None:
        def define(state: State) -> None:
            versions = (state["framework"] or {}).get("versions", 0) + 1
            state["framework"] = {
                "expected_results": list(event.expected_results),
                "objects": list(event.objects),
                "perimeter": event.perimeter,
                "excluded": list(event.excluded),
                "calendar": [dict(milestone) for milestone in event.calendar],
                "recorded_at": recorded_at(event),
                "versions": versions,
            }

        self._dialogue(sql, event, position, define)

    @on("InternalOrganisationSet")
    def organisation(self, sql: Sql, event: Any, position: int) -> None:
        organisation = {
            "project_team": list(event.project_team),
            "description": event.description,
            "recorded_at": recorded_at(event),
        }
        self._set(sql, event, position, "organisation", organisation)

    @on("ConcernRecorded")
    def concern(self, sql: Sql, event: Any, position: int) -> None:
        concern = {"concern": event.concern, "raised_by": event.raised_by, "recorded_at": recorded_at(event)}
        self._append(sql, event, position, "concerns", concern)

    @on("FeasibilityAssessed")
    def feasibility(self, sql: Sql, event: Any, position: int) -> None:
        assessed = {
            "feasible": event.feasible,
            "assessment": event.assessment,
            "recorded_at": recorded_at(event),
        }
        self._set(sql, event, position, "feasibility", assessed)

    @on("TopicAdded")
    def topic(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event, position, "topics", event.topic)

    @on("LinkModalityDefined")
    def link_modality(self, sql: Sql, event: Any, position: int) -> None:
        modality = {"target": event.target, "modality": event.modality, "recorded_at": recorded_at(event)}
        self._append(sql, event, position, "link_modalities", modality)

    @on("DesignSubmitted", "DesignValidated", "DesignReturned")
    def design(self, sql: Sql, event: Any, position: int) -> None:
        status = type(event).__name__.removeprefix("Design").lower()
        text = (
            getattr(event, "summary", None)
            or getattr(event, "remarks", None)
            or getattr(event, "reasons", "")
        )

        def review(state: State) -> None:
            state["design"]["status"] = status
            state["design"]["history"].append(
                {"status": status, "text": text, "recorded_at": recorded_at(event)}
            )

        self._dialogue(sql, event, position, review)

    @on("ApproachMadePublic")
    def made_public(self, sql: Sql, event: Any, position: int) -> None:
        made_public = {
            "channels": list(event.channels),
            "published_on": event.published_on,
            "recorded_at": recorded_at(event),
        }
        self._dialogue(sql, event, position, lambda state: state.update(made_public=made_public, public=True))

    @on("LaunchMeetingHeld")
    def launch_meeting(self, sql: Sql, event: Any, position: int) -> None:
        meeting = {
            "held_on": event.held_on,
            "attendance": event.attendance,
            "summary": event.summary,
            "recorded_at": recorded_at(event),
        }
        self._set(sql, event, position, "launch_meeting", meeting)

    @on(*NOTES)
    def noted(self, sql: Sql, event: Any, position: int) -> None:
        note = {**event.details, "recorded_at": recorded_at(event)}
        section = NOTES[type(event).__name__]
        self._append(sql, event, position, f"notes.{section}", note)

    @on("ContributionPosted")
    def contribution(self, sql: Sql, event: Any, position: int) -> None:
        def count(state: State) -> None:
            state["contributions"][event.kind] = state["contributions"].get(event.kind, 0) + 1

        self._change(sql, DIALOGUES, event.dialogue_id, event, position, count)

    # --- decision -----------------------------------------------------------------

    @on("ResultsPresented")
    def presented(self, sql: Sql, event: Any, position: int) -> None:
        proposals = [{"id": str(p), "title": self._title(sql, p)} for p in event.proposal_ids]
        presentation = {
            "body": event.body,
            "presented_on": event.presented_on,
            "proposals": proposals,
            "recorded_at": recorded_at(event),
        }
        self._append(sql, event, position, "presentations", presentation)
        presented = step(event, "presented", event.presented_on, body=event.body)
        for proposal_id in event.proposal_ids:
            self._path(sql, event, position, presented, part_id=proposal_id)

    @on("DecisionAdopted")
    def decision(self, sql: Sql, event: Any, position: int) -> None:
        outcomes = [
            {
                "proposal_id": str(o["proposal_id"]),
                "title": self._title(sql, o["proposal_id"]),
                "outcome": o["outcome"],
                "justification": o["justification"],
            }
            for o in event.outcomes
        ]
        decision = {
            "id": str(event.decision_id),
            "body": event.body,
            "body_name": event.body_name,
            "deliberation_reference": event.deliberation_reference,
            "adopted_on": event.adopted_on,
            "recorded_at": recorded_at(event),
            "votes": dict(event.votes),
            "outcomes": outcomes,
            "communications": [],
        }
        self._insert(
            sql, DECISIONS, event.decision_id, event, position, decision, dialogue_id=str(event.originator_id)
        )
        for outcome in outcomes:
            ruled = step(
                event,
                "outcome",
                event.adopted_on,
                outcome=outcome["outcome"],
                justification=outcome["justification"],
                decision_id=decision["id"],
                body_name=event.body_name,
                deliberation_reference=event.deliberation_reference,
            )
            self._path(sql, event, position, ruled, part_id=outcome["proposal_id"])

    @on("DecisionCommunicated")
    def communicated(self, sql: Sql, event: Any, position: int) -> None:
        communication = {
            "channels": list(event.channels),
            "communicated_on": event.communicated_on,
            "message": event.message,
            "recorded_at": recorded_at(event),
        }
        self._change(
            sql,
            DECISIONS,
            event.decision_id,
            event,
            position,
            lambda state: state["communications"].append(communication),
        )

    # --- stakeholders and instances -------------------------------------------------

    @on("StakeholderIdentified")
    def stakeholder(self, sql: Sql, event: Any, position: int) -> None:
        # Neither the sealed contact nor the account id: only what a public page may show.
        person = {
            "person_id": str(event.originator_id),
            "category": event.category,
            "organisation": event.organisation,
            "public_office": event.public_office,
            "name_consent": event.name_consent,
            "confirmed_on": None,
        }
        self._new_part(sql, event, position, "stakeholder", person)

    @on("ParticipationConfirmed")
    def confirmed(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event, position, lambda state: state.update(confirmed_on=event.confirmed_on))

    @on("InstanceDesigned")
    def instance(self, sql: Sql, event: Any, position: int) -> None:
        fields = ("kind", "name", "function", "composition", "functioning_rule", "facilitation", "schedule")
        instance = {field: getattr(event, field) for field in fields}
        instance.update(members=[], designed_at=recorded_at(event))
        self._new_part(sql, event, position, "instance", instance)

    @on("MemberAdded")
    def member_added(self, sql: Sql, event: Any, position: int) -> None:
        person = self._state(sql, PARTS, event.stakeholder_id) or {"person_id": str(event.stakeholder_id)}
        member = {field: person.get(field) for field in MEMBER_FIELDS}
        self._part(sql, event, position, lambda state: state["members"].append(member))

    @on("MemberRemoved")
    def member_removed(self, sql: Sql, event: Any, position: int) -> None:
        def remove(state: State) -> None:
            state["members"] = [m for m in state["members"] if m["person_id"] != str(event.stakeholder_id)]

        self._part(sql, event, position, remove)

    # --- meetings -----------------------------------------------------------------

    @on("MeetingScheduled")
    def meeting(self, sql: Sql, event: Any, position: int) -> None:
        meeting = {
            "title": event.title,
            "instance_id": str(event.instance_id),
            "instance": self._title(sql, event.instance_id),
            "starts_at": event.starts_at,
            "place": event.place,
            "agenda": list(event.agenda),
            "scheduled_at": recorded_at(event),
            "held_on": None,
            "attendance": None,
            "excused": None,
            "minutes": None,
        }
        self._new_part(sql, event, position, "meeting", meeting)

    @on("MeetingHeld")
    def held(self, sql: Sql, event: Any, position: int) -> None:
        held = {"held_on": event.held_on, "attendance": event.attendance, "excused": event.excused}
        self._part(sql, event, position, lambda state: state.update(held))

    @on("MinutesRecorded")
    def minutes(self, sql: Sql, event: Any, position: int) -> None:
        minutes = {
            "text": event.text,
            "recorded_at": recorded_at(event),
            "corrected": False,
            "corrections": 0,
            "corrected_at": None,
            "reasons": [],
        }
        self._part(sql, event, position, lambda state: state.update(minutes=minutes))

    @on("MinutesCorrected")
    def minutes_corrected(self, sql: Sql, event: Any, position: int) -> None:
        def correct(state: State) -> None:
            minutes = state["minutes"]
            minutes.update(text=event.text, corrected=True, corrected_at=recorded_at(event))
            minutes["corrections"] += 1
            minutes["reasons"].append(event.reason)

        self._part(sql, event, position, correct)

    # --- proposals ------------------------------------------------------------------

    def _path(self, sql: Sql, event: Any, position: int, new_step: State, part_id: Any = None) -> None:
        """Add a step to a proposal's path; the proposal's status follows it (amendments aside)."""

        def follow(state: State) -> None:
            if new_step["step"] != "amended":
                state["status"] = new_step.get("outcome") or new_step["step"]

        self._change(
            sql, PARTS, part_id or event.originator_id, event, position, follow, (("path", new_step),)
        )

    @on("ProposalDrafted")
    def drafted(self, sql: Sql, event: Any, position: int) -> None:
        authors = {event.actor_id, *event.co_authors}
        proposal = {
            "title": event.title,
            "topic": event.topic,
            "text": event.text,
            "instance_id": str(event.instance_id),
            "instance": self._title(sql, event.instance_id),
            "authors": len(authors),
            "contributions": len(event.contribution_ids),
            "status": "drafted",
            "amendments": 0,
            "endorsements": 0,
            "open_objections": 0,
            "objections": [],
            "_endorsers": [],
            "_objectors": {},
        }
        self._new_part(sql, event, position, "proposal", proposal)
        self._part_item(sql, event, position, "path", step(event, "drafted"))

    @on("ProposalAmended")
    def amended(self, sql: Sql, event: Any, position: int) -> None:
        def amend(state: State) -> None:
            state["text"] = event.text
            state["amendments"] += 1

        self._part(sql, event, position, amend)
        self._path(sql, event, position, step(event, "amended", text=event.text, rationale=event.rationale))

    @staticmethod
    def _settle(state: State, token: str, status: str, event: Any, resolution: str | None) -> None:
        """Close the open objection of ``token``, if any."""
        index = state["_objectors"].pop(token, None)
        if index is not None:
            objection = state["objections"][index]
            objection.update(status=status, resolution=resolution, resolved_at=recorded_at(event))

    @staticmethod
    def _count_support(state: State) -> None:
        state["endorsements"] = len(state["_endorsers"])
        state["open_objections"] = len(state["_objectors"])

    @on("ProposalEndorsed")
    def endorsed(self, sql: Sql, event: Any, position: int) -> None:
        token = supporter(event.originator_id, event.actor_id)

        def endorse(state: State) -> None:
            state["_endorsers"].append(token)
            self._settle(state, token, "lifted", event, None)
            self._count_support(state)

        self._part(sql, event, position, endorse)

    @on("ProposalObjected")
    def objected(self, sql: Sql, event: Any, position: int) -> None:
        token = supporter(event.originator_id, event.actor_id)

        def object_to(state: State) -> None:
            if token in state["_endorsers"]:
                state["_endorsers"].remove(token)
            state["_objectors"][token] = len(state["objections"])
            state["objections"].append(
                {
                    "reason": event.reason,
                    "raised_at": recorded_at(event),
                    "status": "open",
                    "resolution": None,
                    "resolved_at": None,
                }
            )
            self._count_support(state)

        self._part(sql, event, position, object_to)

    @on("ObjectionResolved")
    def objection_resolved(self, sql: Sql, event: Any, position: int) -> None:
        token = supporter(event.originator_id, event.actor_id)

        def resolve(state: State) -> None:
            self._settle(state, token, "resolved", event, event.resolution)
            self._count_support(state)

        self._part(sql, event, position, resolve)

    @on("ProposalValidated")
    def validated(self, sql: Sql, event: Any, position: int) -> None:
        validated = step(event, "validated", rule=event.rule, endorsements=event.endorsements)
        self._path(sql, event, position, validated)

    @on("ProposalWithdrawn")
    def withdrawn(self, sql: Sql, event: Any, position: int) -> None:
        self._path(sql, event, position, step(event, "withdrawn", reason=event.reason))

    @on("TechnicalTranslationRecorded")
    def translated(self, sql: Sql, event: Any, position: int) -> None:
        translated = step(
            event,
            "translated",
            operational_form=event.operational_form,
            cost_estimate=event.cost_estimate,
            feasibility=event.feasibility,
        )
        self._path(sql, event, position, translated)

    # --- agreements -----------------------------------------------------------------

    @on("AgreementDrafted")
    def agreement(self, sql: Sql, event: Any, position: int) -> None:
        agreement = {
            "title": event.title,
            "text": event.text,
            "instance_id": str(event.instance_id),
            "instance": self._title(sql, event.instance_id),
            "proposals": [{"id": str(p), "title": self._title(sql, p)} for p in event.proposal_ids],
            "drafted_at": recorded_at(event),
            "approvals": 0,
            "validated": False,
            "validated_at": None,
        }
        self._new_part(sql, event, position, "agreement", agreement)

    @on("AgreementApproved")
    def approved(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event, position, lambda state: state.update(approvals=state["approvals"] + 1))

    @on("AgreementValidated")
    def agreement_validated(self, sql: Sql, event: Any, position: int) -> None:
        validated = {"validated": True, "validated_at": recorded_at(event), "approvals": event.approvals}
        self._part(sql, event, position, lambda state: state.update(validated))

    # --- actions --------------------------------------------------------------------

    @on("ActionCreated")
    def action(self, sql: Sql, event: Any, position: int) -> None:
        action = {
            "title": event.title,
            "description": event.description,
            "proposal_id": str(event.proposal_id),
            "proposal": self._title(sql, event.proposal_id),
            "due_on": event.due_on,
            "created_at": recorded_at(event),
            "operator_organisation": None,
            "operator_assigned_at": None,
            "progress": 0,
            "completed": False,
            "completed_on": None,
            "completion_summary": None,
        }
        self._new_part(sql, event, position, "action", action)

    @on("OperatorAssigned")
    def operator(self, sql: Sql, event: Any, position: int) -> None:
        # The operator's account id stays out: the public sees the organisation.
        assigned = {"operator_organisation": event.organisation, "operator_assigned_at": recorded_at(event)}
        self._part(sql, event, position, lambda state: state.update(assigned))

    @on("ProgressReported")
    def progress(self, sql: Sql, event: Any, position: int) -> None:
        report = {"recorded_at": recorded_at(event), "percent": event.percent, "note": event.note}

        def record(state: State) -> None:
            state["progress"] = event.percent

        self._change(sql, PARTS, event.originator_id, event, position, record, (("reports", report),))

    @on("ActionCompleted")
    def completed(self, sql: Sql, event: Any, position: int) -> None:
        done = {
            "completed": True,
            "progress": 100,
            "completed_on": event.completed_on,
            "completion_summary": event.summary,
        }
        self._part(sql, event, position, lambda state: state.update(done))

    # --- regulation -----------------------------------------------------------------

    @on("DysfunctionReported")
    def dysfunction(self, sql: Sql, event: Any, position: int) -> None:
        dysfunction = {
            "description": event.description,
            "weak_point": event.weak_point,
            "reported_at": recorded_at(event),
            "adjustment": None,
            "status": "reported",
        }
        self._new_part(sql, event, position, "dysfunction", dysfunction)

    def _regulate(self, sql: Sql, event: Any, position: int, status: str, text: str, **changes: Any) -> None:
        """A step of the regulation of a dysfunction: an adjustment proposed, adopted or rejected."""

        def regulate(state: State) -> None:
            state.update(status=status, **changes)

        entry = {"status": status, "text": text, "recorded_at": recorded_at(event)}
        self._change(sql, PARTS, event.originator_id, event, position, regulate, (("history", entry),))

    @on("AdjustmentProposed")
    def adjustment_proposed(self, sql: Sql, event: Any, position: int) -> None:
        self._regulate(sql, event, position, "proposed", event.adjustment, adjustment=event.adjustment)

    @on("AdjustmentAdopted")
    def adjustment_adopted(self, sql: Sql, event: Any, position: int) -> None:
        self._regulate(sql, event, position, "adopted", event.remarks)

    @on("AdjustmentRejected")
    def adjustment_rejected(self, sql: Sql, event: Any, position: int) -> None:
        self._regulate(sql, event, position, "rejected", event.reasons)

    # --- reading --------------------------------------------------------------------

    @staticmethod
    def dialogues(sql: Sql) -> list[State]:
        """Every dialogue whose approach is public, in the order they were opened."""
        rows = sql.all(
            "SELECT dialogue_id, slug, title, territory, subject, stage, closed, public, opened_at"  # noqa: S608
            f" FROM {DIALOGUES} WHERE public = 1 ORDER BY created"
        )
        return [listed(row) for row in rows]

    @staticmethod
    def dialogue(sql: Sql, dialogue_id: Any) -> State | None:
        """All the public may see of one dialogue, or None if there is no such dialogue."""
        row = sql.one(f"SELECT * FROM {DIALOGUES} WHERE dialogue_id = ?", (str(dialogue_id),))  # noqa: S608
        if row is None:
            return None
        state = loads(row["state"])
        owners = {row["dialogue_id"]: dialogue_lists(state)}
        found = sql.all(
            f"SELECT part_id, kind, state FROM {PARTS} WHERE dialogue_id = ? ORDER BY created",  # noqa: S608
            (row["dialogue_id"],),
        )
        part_states = []
        for part in found:
            part_state = loads(part["state"])
            owners[part["part_id"]] = part_lists(part["kind"], part_state)
            part_states.append(part_state)
        # Items appended after a row was written (older rows may hold the first ones themselves).
        for item in sql.all(
            f"SELECT owner_id, list, item FROM {ITEMS} WHERE dialogue_id = ? ORDER BY position, seq",  # noqa: S608
            (row["dialogue_id"],),
        ):
            owner = owners.get(item["owner_id"])
            if owner is not None and item["list"] in owner:
                owner[item["list"]].append(loads(item["item"]))
        parts: dict[str, list[State]] = {kind: [] for kind in PART_KINDS}
        for part, part_state in zip(found, part_states, strict=True):
            parts[part["kind"]].append(part_view(part["part_id"], part_state))
        decisions = sql.all(
            f"SELECT state FROM {DECISIONS} WHERE dialogue_id = ? ORDER BY created",  # noqa: S608
            (row["dialogue_id"],),
        )
        return dialogue_view(row, state, parts, [loads(d["state"]) for d in decisions])

    @staticmethod
    def decisions_feed(sql: Sql, limit: int = 50) -> list[State]:
        """The latest decisions of every public dialogue, newest first (for an Atom feed)."""
        rows = sql.all(
            "SELECT d.state, d.updated_at, g.dialogue_id, g.slug, g.title"  # noqa: S608
            f" FROM {DECISIONS} d JOIN {DIALOGUES} g ON g.dialogue_id = d.dialogue_id"
            f" WHERE g.public = 1 ORDER BY d.created DESC LIMIT ?",
            (limit,),
        )
        return [
            {
                **loads(row["state"]),
                "updated_at": row["updated_at"],
                "dialogue": {"id": row["dialogue_id"], "slug": row["slug"], "title": row["title"]},
            }
            for row in rows
        ]

    @staticmethod
    def meetings_feed(sql: Sql) -> list[State]:
        """Every scheduled meeting of every public dialogue, by start time (for an iCalendar feed)."""
        rows = sql.all(
            "SELECT p.part_id, p.state, p.updated_at, g.dialogue_id, g.slug, g.title"  # noqa: S608
            f" FROM {PARTS} p JOIN {DIALOGUES} g ON g.dialogue_id = p.dialogue_id"
            f" WHERE p.kind = 'meeting' AND g.public = 1 ORDER BY p.created"
        )
        meetings = [
            {
                "id": row["part_id"],
                **loads(row["state"]),
                "updated_at": row["updated_at"],
                "dialogue": {"id": row["dialogue_id"], "slug": row["slug"], "title": row["title"]},
            }
            for row in rows
        ]
        return sorted(meetings, key=lambda meeting: meeting["starts_at"])


def dialogue_lists(state: State) -> dict[str, list[Any]]:
    """The lists of a dialogue's state that grow with the log, by their name in ``transparency_items``."""
    notes = state.setdefault("notes", {})
    lists = {name: state.setdefault(name, []) for name in DIALOGUE_LISTS}
    lists.update({f"notes.{section}": notes.setdefault(section, []) for section in NOTES.values()})
    return lists


def part_lists(kind: str, state: State) -> dict[str, list[Any]]:
    """The lists of a part's state that grow with the log, by their name in ``transparency_items``."""
    return {name: state.setdefault(name, []) for name in PART_LISTS.get(kind, ())}


def part_view(part_id: str, state: State) -> State:
    """What the public sees of one part: its id and its public state."""
    return {"id": part_id, **public(dict(sorted(state.items())))}


def listed(row: State) -> State:
    return {
        "id": row["dialogue_id"],
        "slug": row["slug"],
        "title": row["title"],
        "territory": row["territory"],
        "subject": row["subject"],
        "stage": row["stage"],
        "closed": bool(row["closed"]),
        "public": bool(row["public"]),
        "opened_at": row["opened_at"],
    }


def _counts(members: list[State], key: str) -> dict[str, int]:
    return dict(sorted(Counter(str(member[key]) for member in members).items()))


def _instance_view(instance: State) -> State:
    members = instance["members"]
    composition = {
        "members": len(members),
        "by_category": _counts(members, "category"),
        "by_organisation": _counts(members, "organisation"),
    }
    return {**instance, "composition": composition}


def _stakeholders_view(people: list[State]) -> State:
    return {
        "count": len(people),
        "confirmed": sum(1 for person in people if person["confirmed_on"]),
        "by_category": _counts(people, "category"),
        "by_organisation": _counts(people, "organisation"),
        "people": people,
    }


def dialogue_view(row: State, state: State, parts: dict[str, list[State]], decisions: list[State]) -> State:
    """The public view of one dialogue, from its row, its parts (by kind) and its decisions."""
    notes = state["notes"]
    timeline = state["timeline"]
    contributions = state["contributions"]
    return {
        **listed(row),
        "updated_at": row["updated_at"],
        "framework": state["framework"],
        "topics": state["topics"],
        "organisation": state["organisation"],
        "diagnosis": {"concerns": state["concerns"], "feasibility": state["feasibility"]},
        "design": state["design"],
        "timeline": timeline,
        "waivers": [transition for transition in timeline if transition["waiver"]],
        "closing": next((t for t in timeline if t["to"] == "closed"), None),
        "stakeholders": _stakeholders_view(parts["stakeholder"]),
        "instances": [_instance_view(instance) for instance in parts["instance"]],
        "meetings": parts["meeting"],
        "contributions": {
            "total": sum(contributions.values()),
            "by_kind": dict(sorted(contributions.items())),
        },
        "proposals": parts["proposal"],
        "agreements": parts["agreement"],
        "presentations": state["presentations"],
        "decisions": decisions,
        "actions": parts["action"],
        "regulation": {"dysfunctions": parts["dysfunction"], "steering_reviews": notes["steering_reviews"]},
        "evaluation": {"evaluations": notes["evaluations"], "process_reviews": notes["process_reviews"]},
        "links": {
            "modalities": state["link_modalities"],
            "programmes": notes["programmes"],
            "population_informed": notes["population_informed"],
            "population_consulted": notes["population_consulted"],
            "decision_makers_informed": notes["decision_makers_informed"],
            "expertise": notes["expertise"],
            "launch_meeting": state["launch_meeting"],
            "made_public": state["made_public"],
        },
        "follow_up": notes["continuations"],
    }
