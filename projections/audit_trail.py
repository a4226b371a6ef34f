"""Read model ``audit_trail``: one row per act, in log order, for auditors and the audit pages.

Each row holds the act's position in the log (its key), when it was recorded
(ISO 8601, UTC), its dialogue, its public name, the actor (account id and the
role they acted in; for the acts the platform records by itself, ``domain.acts.PLATFORM_ACTS``,
``platform:calendar`` in the role ``platform``), the dialogue's stage at that moment, the thing it concerns
(``subject_kind`` and ``subject_id``: the aggregate, e.g. "proposal" and its
id). Its one-line summary in French and in English is rendered by the web when a
page is read (``web.i18n.summaries.with_summaries``), from the act's event: a page
shows a few dozen acts, a rebuild goes through millions.

No personal data is held here. For the acts on a stakeholder the subject id is
the person's id in the personal-data vault: a reader shows their name through
the vault, so an erased person shows as erased everywhere at once.

Events of a part carry their dialogue only when the part is created: the
projection keeps the dialogue of the parts it saw lately in memory, and finds
that of any other part in the part's first event (``EventLog.first_event``),
so that a runner started again between two batches places them all the same.
The stage changes with ``StageAdvanced``; the stage of each dialogue is kept
in a table of its own (``audit_trail_stages``). Rows are buffered during a
batch and written at once in ``flush`` (``projections.rows``: one ``executemany``
on SQLite, ``COPY`` on PostgreSQL, whose driver would otherwise make a round trip per row).

A row needs five fields of its event (``Facts``). The projection reads the
stored notifications (``raw_notifications``) and takes them from the event the
runner decoded for other read models (``EventLog.decoded``), or else from the
stored JSON itself, which is three times cheaper than decoding the whole event, for
every event the library would decode as stored: no cipher, no compressor,
the JSON transcoder, a state recorded at its class's version (no upcasting).
Any other event is decoded by the application's mapper.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.utils import resolve_topic

from domain.acts import RECORDED_ACTS
from domain.stages import Stage
from projections.audit_facts import (
    ACT_EVENTS,
    ActEvent,
    Facts,
    as_stored,
    facts_of_event,
    facts_of_state,
    stored_version,
    utc_text,
    uuid_text,
)
from projections.projection import EventLog, Projection
from projections.rows import AppendedRows, KeyedRows, RowWriter
from projections.store import Sql

COLUMNS = (
    "position",
    "recorded_at",
    "dialogue_id",
    "act",
    "actor_id",
    "actor_role",
    "stage",
    "subject_kind",
    "subject_id",
)
MAX_LIMIT = 1000
MAX_CACHED_SUBJECTS = 20_000
"""Beyond this many (looked at between batches) the subject cache starts again, so that memory
stays flat however long the log: acts mostly concern recent parts, the log answers for the others."""


class AuditTrailProjection(Projection):
    name = "audit_trail"
    version = 4
    """1 held the summaries, 2 kept the dialogue of every part in a table, 3 lacked the platform's acts."""
    raw_notifications = True
    reads_decoded = True
    cost = 13
    copy_cost = 4
    tables = {
        "audit_trail": (
            "position BIGINT PRIMARY KEY, recorded_at TEXT NOT NULL, dialogue_id TEXT NOT NULL,"
            " act TEXT NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL, stage TEXT NOT NULL,"
            " subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL"
        ),
        "audit_trail_stages": "dialogue_id TEXT PRIMARY KEY, stage TEXT NOT NULL",
    }
    retired_tables = frozenset({"audit_trail_subjects"})
    appended_keys = {"audit_trail": {"audit_trail_pkey": ("PRIMARY KEY", "position")}}
    indexes = {
        "audit_trail_by_dialogue": "audit_trail (dialogue_id, position)",
        "audit_trail_by_act": "audit_trail (act, position)",
        "audit_trail_by_actor": "audit_trail (actor_id, position)",
        "audit_trail_by_time": "audit_trail (recorded_at)",
    }

    def __init__(self) -> None:
        self._subject_of: dict[Any, tuple[str, str]] = {}
        """Originator id -> (subject id, dialogue id) as text: facts of the log, kept between batches."""
        self._acts = AppendedRows("audit_trail", COLUMNS)
        self._stages = KeyedRows("audit_trail_stages", "dialogue_id", ("stage",), json=(), upsert=True)
        """Dialogue id -> its stage, read again in every batch (another runner may have moved it on)."""
        self._rows: RowWriter = RowWriter((self._acts, self._stages))
        self._topics: dict[str, tuple[ActEvent, int | None] | None] = {}
        """Topic -> its act and the version of its class whose facts are read from the stored JSON
        (``as_stored``); None: not an act."""

    # --- tables ---------------------------------------------------------------

    def drop(self, sql: Sql) -> None:
        super().drop(sql)
        self._subject_of.clear()
        self._rows.start(None)

    # --- applying -------------------------------------------------------------

    def _subject(self, log: EventLog, originator_id: Any, facts: Facts, info: ActEvent) -> tuple[str, str]:
        """The subject's id and its dialogue's id; a part's creation event says which dialogue."""
        subject_id = uuid_text(originator_id)
        if info.kind == "dialogue":
            dialogue_id = subject_id
        elif facts.dialogue_id is not None:
            dialogue_id = facts.dialogue_id
        else:
            created = getattr(log.first_event(originator_id), "dialogue_id", None)
            # A part whose creation is not in the log cannot be placed: it stands for itself.
            dialogue_id = subject_id if created is None else uuid_text(created)
        self._subject_of[originator_id] = subject_and_dialogue = (subject_id, dialogue_id)
        return subject_and_dialogue

    def _topic(self, topic: str, mapper: Any) -> tuple[ActEvent, int | None] | None:
        event_class = resolve_topic(topic)
        info = ACT_EVENTS.get(event_class.__name__)  # bookkeeping (``PartAttached``) has no row
        found = self._topics[topic] = None if info is None else (info, as_stored(mapper, event_class))
        return found

    def apply_notifications(self, sql: Sql, notifications: Sequence[Any], log: EventLog) -> None:
        self._rows.join(sql)
        topics, mapper, decoded = self._topics, log.mapper, log.decoded
        for notification in notifications:
            topic = notification.topic
            found = topics[topic] if topic in topics else self._topic(topic, mapper)
            if found is None:
                continue
            info, version = found
            facts = None
            event = decoded.get(notification.id)
            if event is not None:
                facts = facts_of_event(event, info)
            elif version is not None:
                try:
                    state = orjson.loads(notification.state)
                    if stored_version(state) == version:
                        facts = facts_of_state(state, info)
                except (AttributeError, KeyError, TypeError, ValueError):
                    facts = None
            if facts is None:
                facts = facts_of_event(log.decode(notification), info)
            self._add(sql, log, notification.id, notification.originator_id, facts, info)

    def _add(
        self, sql: Sql, log: EventLog, position: int, originator_id: Any, facts: Facts, info: ActEvent
    ) -> None:
        subject = self._subject_of.get(originator_id)
        if subject is None or info.names_dialogue:
            subject = self._subject(log, originator_id, facts, info)
        subject_id, dialogue_id = subject
        act, stages = info.act, self._stages
        if act == "dialogue-opened":
            stages.add(dialogue_id, {"stage": Stage.FRAMING.value})
        known = stages.rows.get(dialogue_id) or stages.get(sql, dialogue_id)
        stage = Stage.FRAMING.value if known is None else known["stage"]
        if facts.to_stage is not None:
            stages.add(dialogue_id, {"stage": facts.to_stage})
        self._acts.rows.append(
            (
                position,
                facts.recorded_at,
                dialogue_id,
                act,
                facts.actor_id,
                facts.actor_role,
                stage,
                info.kind,
                subject_id,
            )
        )

    def flush(self, sql: Sql) -> None:
        self._rows.flush(sql)
        if len(self._subject_of) > MAX_CACHED_SUBJECTS:
            self._subject_of.clear()

    # --- reading --------------------------------------------------------------

    @staticmethod
    def query(
        sql: Sql,
        *,
        dialogue_id: UUID | str | None = None,
        act: str | None = None,
        actor_id: str | None = None,
        since: datetime | date | str | None = None,
        until: datetime | date | str | None = None,
        after: int = 0,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """The acts with a position greater than ``after``, in log order, at most ``limit`` of them.

        Filters: one dialogue, one act (public name), one actor (account id)
        and a time range: recorded at or after ``since`` and
        before ``until`` (datetimes, dates or ISO 8601 texts; without a time zone they
        are taken as UTC). To read the next page, pass the last row's position
        as ``after``. ValueError, naming the argument, for anything invalid.
        """
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit: must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise ValueError(f"after: must be a position (a whole number >= 0), not {after!r}")
        if act is not None and (not isinstance(act, str) or act not in RECORDED_ACTS):
            raise ValueError(f"act: no act is named {act!r}")
        conditions = ["position > ?"]
        params: list[Any] = [after]
        for column, value in (
            ("dialogue_id", _uuid_text("dialogue_id", dialogue_id)),
            ("act", act),
            ("actor_id", _text("actor_id", actor_id)),
        ):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)
        start, end = _moment("since", since), _moment("until", until)
        if start is not None and end is not None and end < start:
            raise ValueError(f"until: {end} is before since ({start})")
        if start is not None:
            conditions.append("recorded_at >= ?")
            params.append(start)
        if end is not None:
            conditions.append("recorded_at < ?")
            params.append(end)
        params.append(limit)
        return sql.all(
            f"SELECT {', '.join(COLUMNS)} FROM audit_trail"  # noqa: S608
            f" WHERE {' AND '.join(conditions)} ORDER BY position LIMIT ?",
            params,
        )


def _text(name: str, value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name}: must be text, not {value!r}")
    return value


def _uuid_text(name: str, value: Any) -> str | None:
    """The id as the table holds it (canonical UUID text)."""
    if value is None or isinstance(value, UUID):
        return None if value is None else str(value)
    try:
        return str(UUID(_text(name, value)))
    except ValueError:
        raise ValueError(f"{name}: must be an id (UUID), not {value!r}") from None


def _moment(name: str, value: Any) -> str | None:
    """A bound of the time range, as the table's text (UTC, fixed width)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{name}: must be an ISO 8601 date and time, not {value!r}") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, datetime):
        raise ValueError(f"{name}: must be a datetime, a date or an ISO 8601 text, not {value!r}")
    return utc_text(value)
