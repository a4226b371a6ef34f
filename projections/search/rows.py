"""The tables of the ``search`` read model and the helpers its handlers change them with.

``search_dialogues``: one row per dialogue (its slug, title, territory, and
whether its approach is public: only then are its documents found).
``search_documents``: one row per thing a public page shows (the dialogue
itself, its framework, an instance, a meeting and its minutes, a contribution,
a proposal, a decision, an action), keyed by its id, with the page's anchor
where it is shown. Its state holds its title and its texts by name; the
columns ``title``, ``body`` (the texts, one per line) and ``stems`` (the words
as SQLite's index holds them) are made from it when the row is written. On
PostgreSQL, whose index is made by the server from ``title`` and ``body``
(``projections.search.fulltext``), nothing reads ``stems``: it is written
empty there, not computed. A
document is created by one event, whose position (``created``) numbers it in
the full-text index (``projections.search.fulltext``).
"""

from collections.abc import Callable, Iterable
from typing import Any

from projections.decoding import id_text
from projections.projection import Projection, index_and_key
from projections.rows import KeyedRows, Row, RowWriter
from projections.search import fulltext
from projections.search.text import stemmed
from projections.store import Sql

DIALOGUES = "search_dialogues"
DOCUMENTS = fulltext.DOCUMENTS

TABLES = {
    DIALOGUES: (
        "dialogue_id TEXT PRIMARY KEY, slug TEXT NOT NULL, title TEXT NOT NULL, territory TEXT NOT NULL,"
        " public INTEGER NOT NULL, created BIGINT NOT NULL"
    ),
    DOCUMENTS: (
        "doc_id TEXT PRIMARY KEY, created BIGINT NOT NULL, dialogue_id TEXT NOT NULL, kind TEXT NOT NULL,"
        " anchor TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, stems TEXT NOT NULL,"
        " state TEXT NOT NULL"
    ),
}
INDEXES = {
    f"{DOCUMENTS}_created": f"{DOCUMENTS} (created)",
    f"{DOCUMENTS}_dialogue": f"{DOCUMENTS} (dialogue_id)",
}

State = dict[str, Any]
Texts = dict[str, str | list[str]]


FIRST = ("subject", "text", "description", "function", "summary", "minutes", "place", "agenda")
"""The texts a document's body starts with, in this order; the others follow by name (the state
is kept as JSON with sorted keys: the order must not depend on it)."""
FIRST_NAMES = frozenset(FIRST)


def body(state: State) -> str:
    """A document's texts, one per line."""
    texts = state["texts"]
    names = [name for name in FIRST if name in texts]
    if len(names) < len(texts):
        names += sorted(texts.keys() - FIRST_NAMES)
    lines: list[str] = []
    for text in (texts[name] for name in names):
        lines.extend(text if isinstance(text, list) else [text])
    return "\n".join(line for line in lines if line)


_written: tuple[Row | None, str] = (None, "")
"""The row whose body was made last, and its body: a row's ``body`` and ``stems`` are written one
after the other (the row is not changed between them)."""


def _body(row: Row) -> str:
    global _written  # one tuple, replaced at once: safe between threads
    last = _written
    if last[0] is not row:
        last = _written = (row, body(row["state"]))
    return last[1]


def _stems(row: Row) -> str:
    """The words of a document as SQLite's full-text index holds them (``search_index``)."""
    return stemmed(f"{row['state']['title']}\n{_body(row)}")


MIRRORED: dict[str, Callable[[Row], Any]] = {
    "title": lambda row: row["state"]["title"],
    "body": _body,
}


class SearchRows(Projection):
    """The search's tables, written in batches; ``unaccent``: on PostgreSQL, remove accents with the
    server's extension when it has one (else the fallback of ``projections.search.fulltext``)."""

    tables = TABLES
    indexes = INDEXES

    def __init__(self, *, unaccent: bool = True) -> None:
        self.unaccent = unaccent
        self._stemming = True
        """Whether the batch being written is SQLite's, whose index holds the stems (set by ``flush``)."""
        self._dialogues = KeyedRows(
            DIALOGUES, "dialogue_id", ("slug", "title", "territory", "public", "created"), json=()
        )
        self._documents = KeyedRows(
            DOCUMENTS,
            "doc_id",
            ("created", "dialogue_id", "kind", "anchor", "title", "body", "stems", "state"),
            mirrored={**MIRRORED, "stems": lambda row: _stems(row) if self._stemming else ""},
        )
        self._rows: RowWriter = RowWriter((self._dialogues, self._documents))

    def create(self, sql: Sql, *, indexes: bool = True) -> None:
        super().create(sql, indexes=False)
        fulltext.create(sql, unaccent=self.unaccent)
        if indexes:
            index_and_key(sql, [self])

    def create_indexes(self, sql: Sql) -> None:
        super().create_indexes(sql)
        fulltext.index(sql)

    def drop(self, sql: Sql) -> None:
        super().drop(sql)
        fulltext.drop(sql)
        self._rows.start(None)

    def flush(self, sql: Sql) -> None:
        self._stemming = not sql.postgres
        self._rows.flush(sql)

    # --- the helpers of the handlers --------------------------------------------

    def _dialogue(self, sql: Sql, dialogue_id: Any) -> Row | None:
        self._rows.join(sql)
        return self._dialogues.get(sql, id_text(dialogue_id))

    def _open(self, sql: Sql, dialogue_id: Any, position: int, **columns: Any) -> None:
        self._rows.join(sql)
        self._dialogues.add(id_text(dialogue_id), {**columns, "public": 0, "created": position})

    def _publish(self, sql: Sql, dialogue_id: Any) -> None:
        row = self._dialogue(sql, dialogue_id)
        if row is not None:
            row["public"] = 1
            self._dialogues.touch(id_text(dialogue_id))

    def _add(
        self,
        sql: Sql,
        key: Any,
        position: int,
        dialogue_id: Any,
        kind: str,
        anchor: str,
        title: str,
        texts: Texts,
        *,
        replace: bool = False,
    ) -> None:
        """A new document; with ``replace``, one that exists already has its title and texts replaced
        (otherwise its key is new: the event created what the document is about)."""
        state = {"title": title, "texts": dict(texts)}
        found = self._document(sql, key) if replace else None
        if found is not None:
            found["state"] = state
            self._documents.touch(id_text(key))
            return
        self._rows.join(sql)
        row = {
            "created": position,
            "dialogue_id": id_text(dialogue_id),
            "kind": kind,
            "anchor": anchor,
            "state": state,
        }
        self._documents.add(id_text(key), row)

    def _document(self, sql: Sql, key: Any) -> Row | None:
        self._rows.join(sql)
        return self._documents.get(sql, id_text(key))

    def _texts(self, sql: Sql, key: Any, change: Callable[[Texts], None]) -> None:
        """Change the texts of a document; ignored if there is none."""
        row = self._document(sql, key)
        if row is not None:
            change(row["state"]["texts"])
            self._documents.touch(id_text(key))

    def _set(self, sql: Sql, key: Any, name: str, text: str) -> None:
        self._texts(sql, key, lambda texts: texts.update({name: text}))

    def _append(self, sql: Sql, key: Any, name: str, items: Iterable[str]) -> None:
        def append(texts: Texts) -> None:
            found = texts.get(name)
            texts[name] = [*(found if isinstance(found, list) else []), *items]

        self._texts(sql, key, append)
