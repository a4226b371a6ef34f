"""The batching row writer shared by the projections: rows read once per batch, written once at its end."""

from typing import Any

import pytest

from application.dialogues import DialogueApp
from projections.rows import AppendedRows, KeyedRows, RowWriter
from projections.store import ProjectionStore, Sql, dumps, loads, loads_many

TABLES = {
    "things": "thing_id TEXT PRIMARY KEY, label TEXT NOT NULL, size INTEGER NOT NULL, big INTEGER NOT NULL,"
    " state TEXT NOT NULL",
    "marks": "thing_id TEXT PRIMARY KEY, mark TEXT NOT NULL",
    "lines": "position BIGINT NOT NULL, text TEXT NOT NULL",
}


class Writer:
    """A projection's use of the writer: things by key (``big`` mirrored from the state), marks
    upserted, lines appended."""

    def __init__(self) -> None:
        mirrored = {"big": lambda row: int(row["state"]["size"] > 10)}
        self.things = KeyedRows("things", "thing_id", ("label", "size", "big", "state"), mirrored=mirrored)
        self.marks = KeyedRows("marks", "thing_id", ("mark",), json=(), upsert=True)
        self.lines = AppendedRows("lines", ("position", "text"))
        self.rows = RowWriter((self.things, self.marks, self.lines))


@pytest.fixture
def store(app: DialogueApp) -> ProjectionStore:
    store = ProjectionStore(app.recorder.datastore)
    with store.transaction(commit=True) as sql:
        for table, columns in TABLES.items():
            sql.execute(f"CREATE TABLE {table} ({columns})")
    return store


def table(store: ProjectionStore, name: str) -> list[dict[str, Any]]:
    with store.transaction(commit=False) as sql:
        return sql.all(f"SELECT * FROM {name} ORDER BY 1")


def thing(writer: Writer, sql: Sql, key: str, label: str, size: int) -> None:
    writer.rows.join(sql)
    writer.things.add(key, {"label": label, "size": size, "state": {"size": size, "notes": []}})


def test_rows_are_written_once_at_the_end_of_the_batch_new_ones_inserted_changed_ones_updated(
    store: ProjectionStore,
) -> None:
    writer = Writer()
    with store.transaction(commit=True) as sql:
        thing(writer, sql, "a", "first", 3)
        thing(writer, sql, "b", "second", 20)
        writer.lines.rows.append((1, "one"))
        writer.marks.add("a", {"mark": "x"})
        assert table(store, "things") == []  # nothing written before the flush
        writer.rows.flush(sql)
    assert table(store, "things") == [
        {"thing_id": "a", "label": "first", "size": 3, "big": 0, "state": '{"notes": [], "size": 3}'},
        {"thing_id": "b", "label": "second", "size": 20, "big": 1, "state": '{"notes": [], "size": 20}'},
    ]
    with store.transaction(commit=True) as sql:
        writer.rows.join(sql)
        row = writer.things.get(sql, "a")
        assert row is not None and row["state"] == {"size": 3, "notes": []}  # JSON read back decoded
        row["state"].update(size=12, notes=["grew"])
        writer.things.touch("a")
        assert writer.things.get(sql, "a") is row  # read once per batch: later changes see the first
        assert writer.things.get(sql, "missing") is None
        writer.marks.add("a", {"mark": "y"})  # upserted: the table has "a" already
        writer.marks.add("b", {"mark": "z"})
        writer.lines.rows.append((2, "two"))
        writer.rows.flush(sql)
    assert table(store, "things")[0] == {
        "thing_id": "a",
        "label": "first",
        "size": 3,
        "big": 1,
        "state": '{"notes": ["grew"], "size": 12}',
    }
    assert table(store, "marks") == [{"thing_id": "a", "mark": "y"}, {"thing_id": "b", "mark": "z"}]
    assert table(store, "lines") == [{"position": 1, "text": "one"}, {"position": 2, "text": "two"}]


def test_an_update_writes_only_the_columns_it_names(store: ProjectionStore) -> None:
    things = KeyedRows(
        "things", "thing_id", ("label", "size", "big", "state"), json=("state",), updated=("state",)
    )
    writer = RowWriter((things,))
    with store.transaction(commit=True) as sql:
        writer.join(sql)
        things.add("a", {"label": "first", "size": 3, "big": 0, "state": {}})
        writer.flush(sql)
    with store.transaction(commit=True) as sql:
        writer.join(sql)
        row = things.get(sql, "a")
        assert row is not None
        row.update(label="renamed", state={"seen": True})
        things.touch("a")
        writer.flush(sql)
    assert table(store, "things") == [
        {"thing_id": "a", "label": "first", "size": 3, "big": 0, "state": '{"seen": true}'}
    ]


def test_a_batch_rolled_back_leaves_nothing_and_the_next_transaction_starts_afresh(
    store: ProjectionStore,
) -> None:
    writer = Writer()
    with pytest.raises(RuntimeError), store.transaction(commit=True) as sql:
        thing(writer, sql, "a", "lost", 1)
        writer.lines.rows.append((1, "lost"))
        raise RuntimeError("the batch fails before its flush")
    with store.transaction(commit=True) as sql:
        writer.rows.join(sql)  # another transaction: the rows of the failed batch are forgotten
        assert writer.things.get(sql, "a") is None
        assert writer.lines.rows == []
        thing(writer, sql, "b", "kept", 1)
        writer.rows.flush(sql)
    assert [row["thing_id"] for row in table(store, "things")] == ["b"]
    assert table(store, "lines") == []


def test_a_flush_in_another_transaction_than_the_batch_writes_nothing(store: ProjectionStore) -> None:
    writer = Writer()
    with store.transaction(commit=False) as sql:
        thing(writer, sql, "a", "of another batch", 1)
    with store.transaction(commit=True) as sql:
        writer.rows.flush(sql)
    assert table(store, "things") == []


def test_texts_decoded_at_once_are_what_each_decodes_to() -> None:
    texts = [dumps({"a": [1, "b,c"], "d": None}), None, dumps("x]"), dumps([]), "  1 "]
    assert loads_many(texts) == [loads(text) for text in texts]
    assert loads_many([]) == []
    with pytest.raises(ValueError, match="Extra data"):
        loads_many(['{"a": 1}', "1, 2"])  # a text of two values is refused, as loads refuses it
