"""One batching row writer for every projection.

During a batch (one transaction of the runner) a projection reads each row it
changes at most once, changes it in memory and writes it once, in ``flush``:
``KeyedRows`` holds the rows of one table by key (inserted, updated, or
upserted, each in one ``executemany`` in key order; new rows in one ``COPY`` on
PostgreSQL), ``AppendedRows`` the rows of a table that only grows (one
``executemany`` on SQLite, one ``COPY`` on PostgreSQL, where ``executemany``
makes a statement per row).
``RowWriter`` ties a projection's tables to the batch: a transaction other
than the batch's starts a new batch, forgetting what a batch rolled back left.
On PostgreSQL, what the table holds of the rows a batch read or wrote is kept
for the next batches while the runner says that each follows on
(``RowWriter.resume``: committed, and no other runner wrote these read models
since): a row changed again later is not read again, a round trip each (on
SQLite a read costs less than keeping the rows).
"""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from projections.store import Sql, dumps, loads

Row = dict[str, Any]
KEPT_ROWS = 20_000
"""Rows of a table kept from the batches before (``KeyedRows.previous``): a part created some batches
ago is changed again (a proposal endorsed), and memory stays bounded however long the log."""
Value = Callable[[Row], Any]


def _value(column: str, json: Collection[str], mirrored: Mapping[str, Value]) -> Value:
    """What a row's column is written as: mirrored from the row, JSON text, or as it is."""
    if column in mirrored:
        return mirrored[column]
    if column in json:
        return lambda row: dumps(row[column])
    return itemgetter(column)


class KeyedRows:
    """The rows of one table by their key (text), read at most once per batch and written once.

    ``columns``: the table's columns but its key; ``json``: those held decoded in the row;
    ``mirrored``: columns computed from the row when it is written (not read); ``updated``: the
    columns an update writes (default: all); ``upsert``: every row written is inserted or, if the
    table holds its key already, updated (rows that are not read before being set).
    """

    def __init__(
        self,
        table: str,
        key: str,
        columns: Sequence[str],
        *,
        json: Collection[str] = ("state",),
        mirrored: Mapping[str, Value] | None = None,
        updated: Sequence[str] | None = None,
        upsert: bool = False,
    ):
        mirrored = mirrored or {}
        updated = columns if updated is None else updated
        self.json = tuple(column for column in columns if column in json)
        self.upsert = upsert
        self.read = read = tuple(column for column in columns if column not in mirrored)
        self.select = f"SELECT {', '.join(read)} FROM {table} WHERE {key} = ?"  # noqa: S608
        self.table = table
        self.names = names = ", ".join([*columns, key])
        marks = ", ".join("?" for _ in range(len(columns) + 1))
        self.insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        if upsert:
            changes = ", ".join(f"{column} = excluded.{column}" for column in updated)
            self.insert += f" ON CONFLICT ({key}) DO UPDATE SET {changes}"
        assignments = ", ".join(f"{column} = ?" for column in updated)
        self.update = f"UPDATE {table} SET {assignments} WHERE {key} = ?"  # noqa: S608
        self._inserted = [_value(column, json, mirrored) for column in columns]
        self._updated = [_value(column, json, mirrored) for column in updated]
        self._read_of_inserted = itemgetter(*(columns.index(column) for column in read))
        self._changes = [
            (read.index(column), number) for number, column in enumerate(updated) if column in read
        ]
        self.rows: dict[str, Row | None] = {}
        """Key -> the row as this batch has it (None: the table has no such row)."""
        self.stored: dict[str, tuple[Any, ...] | None] = {}
        """PostgreSQL: key -> the values of the ``read`` columns as the table holds them (None: no such
        row), as read or written by this batch and those before it it follows on (``kept``)."""
        self.new: set[str] = set()
        self.changed: set[str] = set()

    def clear(self) -> None:
        self.rows = {}
        self.stored = {}
        self.new = set()
        self.changed = set()

    def kept(self) -> None:
        """The batch was written: what the table holds of its rows is kept for the next batch, with
        that of the batches before (up to ``KEPT_ROWS`` rows, then the last batch's alone), unless
        the next batch starts anew."""
        if len(self.stored) > KEPT_ROWS:
            stored = self.stored
            self.stored = {key: stored[key] for key in self.rows if key in stored}
        self.rows = {}
        self.new = set()
        self.changed = set()

    def get(self, sql: Sql, key: str) -> Row | None:
        """The row of ``key`` (read from the table the first time in the batch, unless a batch before
        it kept it), or None."""
        rows = self.rows
        if key in rows:
            return rows[key]
        stored = self.stored
        if key in stored:
            values = stored[key]
            found = None if values is None else dict(zip(self.read, values, strict=True))
        else:
            found = sql.one(self.select, (key,))
            if sql.postgres:
                stored[key] = None if found is None else tuple(found.values())
        if found is not None:
            for column in self.json:
                found[column] = loads(found[column])
        rows[key] = found
        return found

    def add(self, key: str, row: Row) -> None:
        """A new row (every column but the key and the mirrored ones), inserted at the end of the batch."""
        self.rows[key] = row
        self.new.add(key)

    def touch(self, key: str) -> None:
        """The row of ``key`` was changed: it is written at the end of the batch."""
        self.changed.add(key)

    def write(self, sql: Sql) -> None:
        rows, inserted, updated = self.rows, self._inserted, self._updated
        new = sorted(self.new | self.changed if self.upsert else self.new)
        written = [
            (*[value(row) for value in inserted], key) for key in new if (row := rows[key]) is not None
        ]
        if sql.postgres:
            written = list(map(sql.values, written))  # as the table holds them: kept (``_keep``)
        if sql.postgres and not self.upsert:
            if written:
                sql.copy(self.table, self.names, written, text=False)
        else:
            sql.executemany(self.insert, written)
        if sql.postgres:
            self._keep(written, changed=False)
        if not self.upsert:
            changes = [
                (*[value(row) for value in updated], key)
                for key in sorted(self.changed - self.new)
                if (row := rows[key]) is not None
            ]
            sql.executemany(self.update, changes)
            if sql.postgres:
                self._keep(list(map(sql.values, changes)), changed=True)

    def _keep(self, written: list[tuple[Any, ...]], *, changed: bool) -> None:
        """What the table now holds of the rows ``written`` (values, then the key), inserted or updated."""
        stored = self.stored
        if not changed:
            read_of = self._read_of_inserted
            for values in written:
                found = read_of(values)
                stored[values[-1]] = found if type(found) is tuple else (found,)
            return
        for values in written:
            before = stored.get(values[-1])
            if before is not None:
                after = list(before)
                for at, number in self._changes:
                    after[at] = values[number]
                stored[values[-1]] = tuple(after)


class AppendedRows:
    """Rows of a table that only grows, added during a batch and written at its end."""

    def __init__(self, table: str, columns: Sequence[str]):
        self.columns = ", ".join(columns)
        self.table = table
        self.insert = f"INSERT INTO {table} ({self.columns}) VALUES ({', '.join('?' for _ in columns)})"  # noqa: S608
        self.rows: list[tuple[Any, ...]] = []
        """The batch's rows, each a tuple in the order of the columns: append to it."""

    def clear(self) -> None:
        self.rows = []

    def kept(self) -> None:
        self.rows = []

    def write(self, sql: Sql) -> None:
        if not sql.postgres:
            sql.executemany(self.insert, self.rows)
        elif self.rows:
            sql.copy(self.table, self.columns, self.rows, text=False)  # as they were always written


class RowWriter:
    """The tables a projection writes in batches, and the batch they hold the rows of."""

    def __init__(self, tables: Iterable[KeyedRows | AppendedRows]):
        self.tables = tuple(tables)
        self.batch: Sql | None = None
        self.written: int | None = None
        """The position the last batch was committed at (``committed``), until the next one starts."""

    def join(self, sql: Sql) -> None:
        """Called before rows are read or added: another transaction than the batch's starts a new
        batch (the last one was written, or rolled back with what it held)."""
        if self.batch is not sql:
            self.start(sql)

    def start(self, sql: Sql | None) -> None:
        self.batch = sql
        self.written = None
        for table in self.tables:
            table.clear()

    def resume(self, sql: Sql, position: int) -> None:
        """A runner's batch ``sql`` begins for these tables, their read model being at ``position``
        (read under the batch's lock): the last batch's rows are kept if it was committed at that very
        position (no other runner wrote since), otherwise forgotten."""
        if self.written is not None and self.written == position and self.batch is None:
            self.batch = sql
            self.written = None
        else:
            self.start(sql)

    def committed(self, position: int) -> None:
        """The batch that ``flush`` wrote was committed, its read model now at ``position``."""
        if self.batch is None:
            self.written = position

    def flush(self, sql: Sql) -> None:
        """Write the batch's rows, if ``sql`` is the batch's transaction; they are kept for the next
        batch, should it ``resume`` them."""
        if self.batch is not sql:
            self.start(None)
            return
        for table in self.tables:
            table.write(sql)
            table.kept()
        self.batch = None
