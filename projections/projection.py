"""Base of a read model: its tables and indexes, and one handler per event it cares about."""

import re
from collections.abc import Callable, Sequence
from types import MethodType
from typing import Any, ClassVar

from projections.decoding import event_decoder
from projections.rows import RowWriter
from projections.store import Sql

Handler = Callable[[Any, Sql, Any, int], None]
Apply = Callable[[Sql, Any, int], None]
"""A handler bound to its projection: ``apply(sql, event, position)``."""


def on(*event_names: str, stored: bool = False) -> Callable[[Handler], Handler]:
    """Mark a method as the handler of the events of these class names (e.g. "DecisionAdopted");
    ``stored``: it is given the stored notification, undecoded, for what needs no more than its
    aggregate's id (``originator_id``, as the log reader gives it): the event is decoded only if
    another handler needs it."""

    def mark(method: Handler) -> Handler:
        method.__dict__["handles"] = event_names  # function attributes (a Callable declares none)
        method.__dict__["stored"] = stored
        return method

    return mark


WHOLE_NUMBER_KEY = re.compile(r"\b(?:BIGINT|INTEGER) PRIMARY KEY")


def sqlite_table(columns: str, *, without_rowid: bool = False) -> str:
    """The table's definition for SQLite: a whole-number key becomes the rowid itself, not one more
    index; ``without_rowid``: the rows are kept in their key's own B-tree (one B-tree, not two)."""
    if without_rowid:
        return f"({columns}) WITHOUT ROWID"
    return f"({WHOLE_NUMBER_KEY.sub('INTEGER PRIMARY KEY', columns)})"


class EventLog:
    """The log a projection of raw notifications reads (``Projection.apply_notifications``): its mapper
    and ``decode`` (the mapper's decoding, faster: ``projections.decoding``), to decode what it needs,
    and its recorder, to look an aggregate's first event up."""

    def __init__(self, recorder: Any, mapper: Any):
        self.recorder = recorder
        self.mapper = mapper
        self.decode = event_decoder(mapper)
        self.decoded: dict[int, Any] = {}
        """Position -> its event, for the events of the batch decoded for the handlers (``sharing``)."""

    def sharing(self) -> Callable[[Any], Any]:
        """``decode``, keeping each event in ``decoded`` for the raw projections of the batch (their JSON
        is then read once)."""
        decode = self.decode
        decoded = self.decoded = {}

        def decode_and_keep(notification: Any) -> Any:
            event = decoded[notification.id] = decode(notification)
            return event

        return decode_and_keep

    def first_event(self, originator_id: Any) -> Any | None:
        """The first event of an aggregate, decoded (None if it has none); ``originator_id`` as the
        notifications give it."""
        stored = self.recorder.select_events(originator_id, lte=1, limit=1)
        return self.mapper.to_domain_event(stored[0]) if stored else None


class Projection:
    """A read model built only from events, in tables of the events' database.

    ``name`` is its public, stable name; ``tables`` maps each table to its
    column definitions, ``indexes`` each secondary index to its ``table
    (columns)``. Handlers run inside the runner's batch transaction.
    """

    name: ClassVar[str]
    tables: ClassVar[dict[str, str]]
    indexes: ClassVar[dict[str, str]] = {}
    handlers: ClassVar[dict[str, Handler]]
    raw_notifications: ClassVar[bool] = False
    """True for a projection of the stored bytes: it gets ``apply_notifications`` instead of events."""
    reads_decoded: ClassVar[bool] = False
    """A projection of the stored bytes taking the events decoded for the others (``EventLog.decoded``)."""
    retired_tables: ClassVar[frozenset[str]] = frozenset()
    """Tables of earlier versions, no longer written: ``drop`` removes them too."""
    kept_tables: ClassVar[frozenset[str]] = frozenset()
    """Tables that a rebuild keeps (published facts): ``drop`` leaves them, the rebuild adds to them."""
    version: ClassVar[int] = 1
    """Raised by a release that changes what the tables hold: a runner then builds them again."""
    without_rowid: ClassVar[frozenset[str]] = frozenset()
    """SQLite tables of small rows under a text key written in no order: one B-tree each, not two."""
    cost: ClassVar[float] = 0.5
    """CPU microseconds per event of the log to rebuild it, decoding aside: to share a rebuild between
    processes (``projections.parallel_rebuild``)."""
    appended_keys: ClassVar[dict[str, dict[str, tuple[str, str]]]] = {}
    """PostgreSQL: table -> its key constraints (name -> ``PRIMARY KEY`` or ``UNIQUE``, and columns, as
    its definition declares them), for tables whose rows a batch only appends (one ``COPY``): a
    rebuild creates these tables without them and adds them with its indexes, once the rows are in.
    Sorted once at the end, a key costs the server a fraction of keeping its B-tree up to date row by
    row (``merkle_leaves``' two keys: its ``COPY`` of 200,000 rows 0.41 to 0.58 s of CPU with them,
    0.15 to 0.19 s without, both keys then built in 0.1 s). Each is built as a unique index with the
    indexes (readers go on meanwhile), then made the constraint (``add_keys``). A rebuild that
    dies leaves them to the next runner, as its indexes; rows written twice would make adding a key
    fail, as they would have made the ``COPY`` fail."""
    copy_cost: ClassVar[float] = 0.1
    """The same, to copy its rows and make its indexes when it was rebuilt in a worker process."""
    _rows: RowWriter | None = None
    """Its tables' batching writer (``projections.rows``), if it has one."""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.handlers = {  # its own and those of its bases (handlers of a read model kept in mixins)
            event_name: method
            for klass in reversed(cls.__mro__)
            for method in vars(klass).values()
            for event_name in getattr(method, "handles", ())
        }

    def create(self, sql: Sql, *, indexes: bool = True) -> None:
        """Create the tables, and the indexes unless a rebuild adds them at its end (then, on
        PostgreSQL, the tables created here without their ``appended_keys``)."""
        bare = set()
        if sql.postgres and not indexes and self.appended_keys:
            bare = set(self.appended_keys) - self.tables_in(sql)  # new, hence empty
        for table, columns in self.tables.items():
            if sql.postgres:
                definition = f"({columns})"
            else:
                definition = sqlite_table(columns, without_rowid=table in self.without_rowid)
            sql.execute(f"CREATE TABLE IF NOT EXISTS {table} {definition}")
        for table in sorted(bare):  # the columns keep their NOT NULL
            for name in self.appended_keys[table]:
                sql.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        if indexes:
            index_and_key(sql, [self])

    def create_indexes(self, sql: Sql) -> None:
        """The secondary indexes, and on PostgreSQL the unique indexes of the ``appended_keys`` a
        rebuild left out (made their constraints by ``add_keys``)."""
        for index, table_and_columns in self.indexes.items():
            sql.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table_and_columns}")
        for table, name, _kind, columns in self._missing_keys(sql):
            sql.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {table} ({columns})")

    def add_keys(self, sql: Sql) -> None:
        """PostgreSQL: the ``appended_keys`` a rebuild left out, from their unique indexes
        (``create_indexes``): no scan, but an exclusive lock of the table until the transaction
        ends, hence once every index of the transaction is made."""
        for table, name, kind, _columns in self._missing_keys(sql):
            sql.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {kind} USING INDEX {name}")

    def _missing_keys(self, sql: Sql) -> list[tuple[str, str, str, str]]:
        """(table, name, kind, columns) of each of the ``appended_keys`` the store lacks."""
        if not sql.postgres or not self.appended_keys:
            return []
        found = sql.all(
            "SELECT conname AS name FROM pg_constraint"
            " WHERE connamespace = current_schema()::regnamespace AND conname = ANY(?)",
            ([name for keys in self.appended_keys.values() for name in keys],),
        )
        present = {row["name"] for row in found}
        return [
            (table, name, kind, columns)
            for table, keys in self.appended_keys.items()
            for name, (kind, columns) in keys.items()
            if name not in present
        ]

    @staticmethod
    def columns(sql: Sql, table: str) -> set[str]:
        """The names of the columns ``table`` has in the store (to bring an older table up to date)."""
        if sql.postgres:
            rows = sql.all(
                "SELECT column_name AS name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = ?",
                (table,),
            )
        else:
            rows = sql.all(f"PRAGMA table_info({table})")
        return {row["name"] for row in rows}

    @staticmethod
    def tables_in(sql: Sql) -> set[str]:
        """The names of the store's tables (of the current schema on PostgreSQL)."""
        statement = (
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            if sql.postgres
            else "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
        return {row["name"] for row in sql.all(statement)}

    def drop(self, sql: Sql) -> None:
        for table in [*self.tables, *sorted(self.retired_tables)]:
            if table not in self.kept_tables:
                sql.execute(f"DROP TABLE IF EXISTS {table}")

    def handler(self, event_name: str) -> Apply | None:
        """What applies the events of this class name; None: this projection ignores them."""
        method = self.handlers.get(event_name)
        return None if method is None else MethodType(method, self)

    @classmethod
    def handles_stored(cls, event_name: str) -> bool:
        """Whether the handler of this class name takes the stored notification (``on(stored=True)``)."""
        method = cls.handlers.get(event_name)
        return method is not None and bool(method.__dict__.get("stored"))

    def apply_notifications(self, sql: Sql, notifications: Sequence[Any], log: EventLog) -> None:
        """Apply stored notifications in log order, undecoded (projections with ``raw_notifications``);
        ``log``: for what the projection decodes or looks up."""

    def begin(self, sql: Sql, position: int) -> None:
        """A runner's batch starts for this read model, at ``position`` (read under the batch's lock):
        its writer keeps the last batch's rows if that batch was this one's last, committed."""
        if self._rows is not None:
            self._rows.resume(sql, position)

    def flush(self, sql: Sql) -> None:
        """Write what was buffered during a batch; called before the batch's position is saved."""

    def committed(self, position: int) -> None:
        """The runner's batch that ``flush`` wrote was committed: this read model is at ``position``."""
        if self._rows is not None:
            self._rows.committed(position)


def index_and_key(sql: Sql, projections: Sequence[Projection]) -> None:
    """The end of a build: the projections' indexes, then the keys a rebuild left out, whose exclusive
    locks last to the end of the transaction (``Projection.add_keys``)."""
    for projection in projections:
        projection.create_indexes(sql)
    for projection in projections:
        projection.add_keys(sql)
