"""The full-text index of the ``search`` read model, one per store.

SQLite: an FTS5 table without content (``search_index``), one row per document
(its rowid the document's ``created`` position), holding the stems made in
Python (``projections.search.text``); triggers on ``search_documents`` keep it
in step with every insert, update and delete, so that whatever writes the
documents (a batch, the catch-up after a rebuild) writes the index. A rebuild
writes the documents without the triggers and fills the index from them at its
end, with its other indexes (``index``), in the order of their rowids: FTS5
writes out the terms it holds in memory at every rowid that comes out of order,
which made the triggers (rows written in the order of their keys) ten times slower.

PostgreSQL: a ``tsv`` column of ``search_documents`` generated from the title
and the text by ``search_vector`` (French stems, accents removed), under a GIN
index; a query goes through ``search_query``, its twin. The accents are removed
by the ``unaccent`` extension when the server has it (a configuration
``search_french``: ``unaccent`` then ``french_stem``), created if the database
allows it; otherwise by ``search_plain``, which replaces the accented letters
of French before the ``french`` configuration (docs/deploy.md).
"""

from projections.projection import Projection
from projections.store import Sql

DOCUMENTS = "search_documents"
INDEX = "search_index"
ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
UNACCENTED = "aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYY"

SQLITE_TRIGGERS = {
    "search_documents_indexed": "AFTER INSERT ON search_documents BEGIN"
    " INSERT INTO search_index (rowid, stems) VALUES (new.created, new.stems); END",
    "search_documents_unindexed": "AFTER DELETE ON search_documents BEGIN"
    " INSERT INTO search_index (search_index, rowid, stems) VALUES ('delete', old.created, old.stems); END",
    "search_documents_reindexed": "AFTER UPDATE ON search_documents BEGIN"
    " INSERT INTO search_index (search_index, rowid, stems) VALUES ('delete', old.created, old.stems);"
    " INSERT INTO search_index (rowid, stems) VALUES (new.created, new.stems); END",
}
"""The triggers that keep the index in step with ``search_documents`` (SQLite)."""


def create(sql: Sql, *, unaccent: bool) -> None:
    """The store's index of the documents (their table exists), empty on SQLite until ``index``
    fills it; ``unaccent``: use the extension if the server has it (PostgreSQL)."""
    if not sql.postgres:
        sql.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX} USING fts5"
            "(stems, content='', tokenize='unicode61 remove_diacritics 2')"
        )
        return
    if "tsv" in Projection.columns(sql, DOCUMENTS):
        return
    configuration = _configuration(sql) if unaccent else None
    if configuration is None:
        ligatures = (
            "replace(replace(replace(replace(lower($1), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae')"
        )
        plain = f"translate({ligatures}, '{ACCENTED}', '{UNACCENTED}')"
        sql.execute(
            f"CREATE OR REPLACE FUNCTION search_plain(text) RETURNS text AS $$ SELECT {plain} $$"
            " LANGUAGE SQL IMMUTABLE PARALLEL SAFE"
        )
        vector, query = (
            "to_tsvector('french', search_plain($1))",
            "plainto_tsquery('french', search_plain($1))",
        )
    else:
        vector = f"to_tsvector('{configuration}'::regconfig, $1)"
        query = f"plainto_tsquery('{configuration}'::regconfig, $1)"
    for name, kind, body in (("search_vector", "tsvector", vector), ("search_query", "tsquery", query)):
        sql.execute(
            f"CREATE OR REPLACE FUNCTION {name}(text) RETURNS {kind} AS $$ SELECT {body} $$"
            " LANGUAGE SQL IMMUTABLE PARALLEL SAFE"
        )
    sql.execute(
        f"ALTER TABLE {DOCUMENTS} ADD COLUMN tsv tsvector"
        " GENERATED ALWAYS AS (search_vector(title || ' ' || body)) STORED"
    )


def index(sql: Sql) -> None:
    """Bring the index in step with the documents and keep it so. SQLite: without the triggers
    (a rebuild, or one that stopped before its end), the index is filled again from the documents
    in one statement, then the triggers made; PostgreSQL: the GIN index of the ``tsv`` column."""
    if sql.postgres:
        sql.execute(f"CREATE INDEX IF NOT EXISTS {DOCUMENTS}_tsv ON {DOCUMENTS} USING gin (tsv)")
        return
    first = next(iter(SQLITE_TRIGGERS))
    if sql.one("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = ?", (first,)) is None:
        sql.execute(f"INSERT INTO {INDEX} ({INDEX}) VALUES ('delete-all')")  # noqa: S608
        sql.execute(  # in the order of the rowids: FTS5 writes out what it holds at each one out of order
            f"INSERT INTO {INDEX} (rowid, stems) SELECT created, stems FROM {DOCUMENTS} ORDER BY created"  # noqa: S608
        )
    for name, body in SQLITE_TRIGGERS.items():
        sql.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def drop(sql: Sql) -> None:
    if not sql.postgres:
        sql.execute(f"DROP TABLE IF EXISTS {INDEX}")


def _configuration(sql: Sql) -> str | None:
    """The name of the configuration that removes accents before the French stems, made if need
    be in the projection's schema; None when the server has no ``unaccent`` extension to use."""
    found = sql.one(
        "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'unaccent'"
    )
    if found is None:
        if sql.one("SELECT 1 AS available FROM pg_available_extensions WHERE name = 'unaccent'") is None:
            return None
        sql.execute("SAVEPOINT search_unaccent")
        try:
            sql.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        except Exception:  # not allowed to: the fallback does without
            sql.execute("ROLLBACK TO SAVEPOINT search_unaccent")
            return None
        sql.execute("RELEASE SAVEPOINT search_unaccent")
        found = {"schema": "public"}
    made = sql.one(
        "SELECT current_schema() AS schema, EXISTS (SELECT 1 FROM pg_ts_config c"
        " JOIN pg_namespace n ON n.oid = c.cfgnamespace"
        " WHERE c.cfgname = 'search_french' AND n.nspname = current_schema()) AS made"
    )
    assert made is not None  # a SELECT without FROM has its row
    qualified = f"{made['schema']}.search_french"
    if not made["made"]:
        sql.execute(f"CREATE TEXT SEARCH CONFIGURATION {qualified} (COPY = pg_catalog.french)")
        sql.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {qualified} ALTER MAPPING FOR hword, hword_part, word"
            f" WITH {found['schema']}.unaccent, french_stem"
        )
    return qualified
