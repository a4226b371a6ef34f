"""Finding the documents of the public dialogues that hold every word of a query.

The results come grouped by dialogue: the dialogue of the best result first,
and within a dialogue the best results first (SQLite's ``bm25``, PostgreSQL's
``ts_rank``), a page at a time. What a search reads and scores is bounded: the
``CANDIDATES`` most recent documents that match, found newest first by the
index, are the ones ranked (a word found in ten thousand documents costs as
much as one found in two hundred).
"""

from typing import Any

from projections.search.fulltext import INDEX
from projections.search.rows import DIALOGUES, DOCUMENTS
from projections.search.text import stems
from projections.store import Sql

CANDIDATES = 200
"""The most recent matching documents ranked; the count says when there are more."""
COLUMNS = (
    "d.doc_id, d.created, d.dialogue_id, d.kind, d.anchor, d.title, d.body,"
    " g.slug, g.title AS dialogue_title, g.territory"
)


def search(sql: Sql, query: str, *, limit: int = 20, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """The page of results (at most ``limit`` after ``offset``) and how many there are: at most
    ``CANDIDATES`` + 1, which says that there are more than the ``CANDIDATES`` ranked."""
    words = stems(query)
    if not words:
        return [], 0
    if sql.postgres:
        hits = (
            "SELECT d.created, d.dialogue_id, -ts_rank(d.tsv, q) AS score"  # noqa: S608
            f" FROM {DOCUMENTS} d JOIN {DIALOGUES} g ON g.dialogue_id = d.dialogue_id,"
            " search_query(?) q WHERE d.tsv @@ q AND g.public = 1 ORDER BY d.created DESC LIMIT ?"
        )
        match = query
    else:
        hits = (
            f"SELECT d.created, d.dialogue_id, bm25({INDEX}) AS score FROM {INDEX}"  # noqa: S608
            f" JOIN {DOCUMENTS} d ON d.created = {INDEX}.rowid"
            f" JOIN {DIALOGUES} g ON g.dialogue_id = d.dialogue_id"
            f" WHERE {INDEX} MATCH ? AND g.public = 1 ORDER BY {INDEX}.rowid DESC LIMIT ?"
        )
        match = " ".join(f'"{word}"' for word in dict.fromkeys(words))  # stems are \w+: safe in quotes
    # Ranked on their positions and scores alone; the page's documents read afterwards.
    rows = sql.all(
        f"WITH hits AS ({hits}),"  # noqa: S608
        " numbered AS (SELECT *, ROW_NUMBER() OVER (ORDER BY created DESC) AS n, COUNT(*) OVER () AS total"
        " FROM hits),"
        " ranked AS (SELECT *, MIN(score) OVER (PARTITION BY dialogue_id) AS best FROM numbered"
        " WHERE n <= ?),"
        " page AS (SELECT * FROM ranked ORDER BY best, dialogue_id, score, created LIMIT ? OFFSET ?)"
        f" SELECT {COLUMNS}, p.score, p.best, p.total FROM page p"
        f" JOIN {DOCUMENTS} d ON d.created = p.created JOIN {DIALOGUES} g ON g.dialogue_id = d.dialogue_id"
        " ORDER BY p.best, p.dialogue_id, p.score, p.created",
        (match, CANDIDATES + 1, CANDIDATES, limit, offset),
    )
    total = int(rows[0]["total"]) if rows else count(sql, hits, match) if offset else 0
    return rows, total


def count(sql: Sql, hits: str, match: str) -> int:
    found = sql.one(f"SELECT COUNT(*) AS n FROM ({hits}) counted", (match, CANDIDATES + 1))  # noqa: S608
    return int(found["n"]) if found else 0


def documents(sql: Sql, dialogue_id: Any) -> list[dict[str, Any]]:
    """Every document of a dialogue, in the order they were created (to check what is indexed)."""
    return sql.all(
        f"SELECT doc_id, kind, anchor, title, body FROM {DOCUMENTS} WHERE dialogue_id = ? ORDER BY created",  # noqa: S608
        (str(dialogue_id),),
    )
