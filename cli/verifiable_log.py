"""The verifiable (RFC 9162) log read back: ``dialogue verify`` against the database, ``dialogue export``."""

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from psycopg.rows import tuple_row

from application.csv_files import write_csv
from application.dialogues import DialogueApp
from application.exports import dialogue_events, published_documents
from application.signing import HeadSigner, fingerprint_of, public_key_pem, signing_key_file, witness_keys
from cli.store import dialogue_of, opened, projection_runner
from projections import bundle, merkle, verify_documents, verify_log
from projections.merkle_log import LEAVES, read_head, read_heads, read_leaves
from projections.runner import ProjectionRunner

PAGE = 20_000
"""Rows read at once by ``dialogue verify``."""

README = """# Verifiable log of a territorial dialogue: open-data export

Exported from the platform with `dialogue export --dialogue {dialogue_id}`.

* `transparency_log.json`, `transparency_log.csv`: every leaf of the log (all dialogues of the
  platform): `leaf_index`, `position` of the event in the log, `leaf_hash` (hex);
* `tree_heads.json`: every signed tree head: `tree_size`, `last_position`, `root_hash`,
  `timestamp_ms`, `signature` (hex), `key_fingerprint`, `reason`;
* `events.json`: the events of dialogue `{dialogue_id}` in canonical form: `position`,
  `originator_id`, `originator_version`, `topic`, `state_base64` (the stored bytes);
* `documents/`: the files of the dialogue's documents (not those shredded), each named by its
  SHA-256, the hash carried by the act that attached it; `documents.json`: their index;
* `public_key.pem`: the Ed25519 public key of the heads
  (fingerprint `{fingerprint}`: SHA-256 of the raw key).

How to check it (RFC 9162, as for Certificate Transparency):

* leaf hash = SHA-256(0x00 || canonical event); node hash = SHA-256(0x01 || left || right);
* canonical event = `DT-EVENT-1` || position (8 bytes, big-endian) || version (8 bytes) ||
  aggregate id (16 bytes) || length of the topic (4 bytes) || topic (UTF-8) ||
  length of the state (4 bytes) || state;
* each head signs `DT-TREE-HEAD-1` || tree size (8 bytes) || timestamp in ms (8 bytes) || root hash
  with Ed25519; its root is the Merkle tree hash of the first `tree_size` leaves.

Personal data (names, e-mails, phone numbers) is sealed in the states with a key per person: it
cannot be read here, and erasing a person does not change a single hash. `dialogue verify DIR` checks
all of this offline.
"""


def _pages(runner: ProjectionRunner, columns: str, table: str, key: str, stop: int) -> Iterator[list[Any]]:
    """Rows (``key`` first, then ``columns``) of ``table`` up to ``key`` = ``stop``, ``PAGE`` at a time.

    As tuples, from the driver's own cursor: no dict, no notification object per row.
    """
    start = -1
    while True:
        with runner.store.transaction(commit=False) as sql:
            if sql.postgres:
                cursor, mark = sql.cursor, "%s"
                cursor.row_factory = tuple_row
            else:
                cursor, mark = sql.cursor.sqlite_cursor, "?"
                cursor.row_factory = None
            cursor.execute(
                f"SELECT {key}, {columns} FROM {table} WHERE {key} > {mark} AND {key} <= {mark}"  # noqa: S608
                f" ORDER BY {key} LIMIT {mark}",
                (start, stop, PAGE),
            )
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        start = rows[-1][0]


def log_leaves(runner: ProjectionRunner) -> verify_log.LogLeaves:
    """The leaves of the ``merkle_log`` projection, in order."""
    log = verify_log.LogLeaves([], [])
    for rows in _pages(runner, "position, leaf_hash", LEAVES, "leaf_index", 2**63 - 1):
        log.positions += [row[1] for row in rows]
        log.hashes += [bytes.fromhex(row[2]) for row in rows]
    return log


def stored_events(app: DialogueApp, runner: ProjectionRunner, stop: int) -> Iterator[verify_log.Batch]:
    """The stored events up to position ``stop``: their leaves' inputs, ``PAGE`` at a time."""
    key = "notification_id" if runner.store.postgres else "rowid"
    columns = "originator_id, originator_version, topic, state"
    recorder: Any = app.recorder  # eventsourcing's SQLite or PostgreSQL recorder
    for rows in _pages(runner, columns, recorder.events_table_name, key, stop):
        yield [row[0] for row in rows], list(itertools.starmap(merkle.leaf_input, rows))


def verify_database(
    app: DialogueApp, runner: ProjectionRunner, public_key: Ed25519PublicKey
) -> list[verify_log.Problem]:
    """Bring the log up to date, then check it against every event of the store."""
    runner.catch_up()
    log = log_leaves(runner)
    with runner.store.transaction(commit=False) as sql:
        heads = verify_log.heads_from(read_heads(sql))
    stop = log.positions[-1] if log.positions else 0
    return verify_log.check_store(lambda: stored_events(app, runner, stop), log, heads, public_key)


def export(
    app: DialogueApp, runner: ProjectionRunner, dialogue_id: UUID, out: Path, public_key: Ed25519PublicKey
) -> dict[str, int]:
    """Write the export of ``dialogue_id`` in ``out``; how many leaves, heads and events."""
    runner.catch_up()
    with runner.store.transaction(commit=False) as sql:
        leaves = read_leaves(sql)
        heads = read_heads(sql)
    events = dialogue_events(app, dialogue_id)
    out.mkdir(parents=True, exist_ok=True)
    fingerprint = fingerprint_of(public_key)

    def write_json(name: str, key: str, rows: list[dict[str, Any]]) -> None:
        document = {"dialogue_id": str(dialogue_id), "key_fingerprint": fingerprint, key: rows}
        (out / name).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")

    write_json(verify_log.EXPORT_FILES["leaves"], "leaves", leaves)
    with (out / "transparency_log.csv").open("w", newline="") as file:
        write_csv(file, ["leaf_index", "position", "leaf_hash"], leaves)
    write_json(verify_log.EXPORT_FILES["heads"], "heads", heads)
    write_json(verify_log.EXPORT_FILES["events"], "events", events)
    (out / verify_log.EXPORT_FILES["public_key"]).write_text(public_key_pem(public_key))
    export_documents(app, dialogue_id, out)
    (out / "README.md").write_text(README.format(dialogue_id=dialogue_id, fingerprint=fingerprint))
    return {"leaves": len(leaves), "heads": len(heads), "events": len(events)}


def export_documents(app: DialogueApp, dialogue_id: UUID, out: Path) -> None:
    """The files of the dialogue's documents not shredded, each named by its SHA-256, and their index."""
    documents = list(app.documents(dialogue_id).values())
    if not documents:
        return
    folder = out / verify_documents.FOLDER
    folder.mkdir(exist_ok=True)
    for document in documents:
        content = None if document["shredded"] else app.document_content(document["sha256"])
        if content is not None:
            (folder / document["sha256"]).write_bytes(content)
    index = {"dialogue_id": str(dialogue_id), "documents": documents}
    (out / "documents.json").write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n")


# --- the commands ---------------------------------------------------------------


def report_problems(problems: list[verify_log.Problem], checked: str) -> None:
    """Exit 0 with a summary when all holds; otherwise name the first position that does not match."""
    if not problems:
        click.echo(f"verified: {checked}; every leaf, root and signature holds")
        return
    click.echo(f"NOT VERIFIED: first problem at {problems[0]}", err=True)
    for problem in problems[1:20]:
        click.echo(f"  also {problem}", err=True)
    if len(problems) > 20:
        click.echo(f"  ... and {len(problems) - 20} more", err=True)
    raise SystemExit(1)


@click.command("verify")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--public-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The heads' public key (PEM); default: that of SIGNING_KEY_FILE (or of the export).",
)
@click.pass_obj
def verify(database_url: str | None, folder: Path | None, public_key: Path | None) -> None:
    """Recompute the verifiable log's leaves and roots and check every head's signature.

    Without FOLDER: against the database. With FOLDER: offline, on an export
    (`dialogue export`), without the server or the database. Exits 0 when all
    holds; otherwise 1, naming the first position that does not match.
    """
    if folder is not None:
        if public_key is not None:
            published = verify_log.load_public_key(public_key.read_bytes())
            exported = verify_log.load_public_key(
                (folder / verify_log.EXPORT_FILES["public_key"]).read_bytes()
            )
            if fingerprint_of(published) != fingerprint_of(exported):
                report_problems([verify_log.Problem(0, "the export's public key is not the one given")], "")
        try:
            problems = verify_log.read_export(folder)
        except (OSError, ValueError, KeyError) as error:
            raise click.ClickException(f"cannot read the export {folder}: {error}") from None
        report_problems(problems, f"export {folder}")
        return
    key = (
        verify_log.load_public_key(public_key.read_bytes())
        if public_key is not None
        else HeadSigner(signing_key_file()).public_key
    )
    with opened(database_url) as app:
        runner = projection_runner(app)
        problems = verify_database(app, runner, key)
        head = runner.head()
    report_problems(problems, f"{head} events of the database")


def write_dialogue_bundle(app: DialogueApp, runner: ProjectionRunner, dialogue_id: UUID, path: Path) -> int:
    """The dialogue's bundle under the latest signed head, as ``/dialogues/<slug>/bundle.zip`` serves it.

    The same function of the same data as ``web.bundles.downloads``: the same bytes for the same head.
    """
    runner.catch_up()
    with runner.store.transaction(commit=False) as sql:
        head = read_head(sql)
        if head is None:
            raise click.ClickException("no signed tree head yet: run the projections first")
        log = bundle.log_part(sql, head)
    found = app.summary(dialogue_id)
    dialogue = {"dialogue_id": str(dialogue_id), "slug": found["slug"], "title": found["title"]}
    events = dialogue_events(app, dialogue_id, stop=int(head["last_position"]))
    documents, files = published_documents(app, dialogue_id, bundle.published(events))
    content = bundle.bundle_files(dialogue, log, events, documents, files, witness_keys())
    with path.open("wb") as out:
        bundle.write_bundle(out, content)
    return int(head["tree_size"])


@click.command("export")
@click.option("--dialogue", "reference", required=True, help="The dialogue (id or slug).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), help="A folder to export to.")
@click.option(
    "--bundle",
    "bundle_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the dialogue's bundle.zip here (the bytes /dialogues/<slug>/bundle.zip serves).",
)
@click.pass_obj
def export_command(
    database_url: str | None, reference: str, out: Path | None, bundle_path: Path | None
) -> None:
    """Open-data export of the verifiable log: leaves (JSON, CSV), heads, the dialogue's events, the key.

    With --bundle, the dialogue's bundle (a zip with VERIFY.md and verify_bundle.py), instead of
    or as well as the folder.
    """
    if out is None and bundle_path is None:
        raise click.UsageError("give --out FOLDER, --bundle FILE or both")
    with opened(database_url) as app:
        dialogue_id = dialogue_of(app, reference)
        app.status(dialogue_id)  # NotFoundError (a clear message) for an unknown dialogue
        runner = projection_runner(app)
        if bundle_path is not None:
            size = write_dialogue_bundle(app, runner, dialogue_id, bundle_path)
            click.echo(
                f"wrote the bundle of dialogue {dialogue_id} under the head of size {size} to {bundle_path}"
            )
        if out is None:
            return
        signer = HeadSigner(signing_key_file())
        counts = export(app, runner, dialogue_id, out, signer.public_key)
    click.echo(
        f"exported {counts['events']} events of dialogue {dialogue_id}, {counts['leaves']} leaves"
        f" and {counts['heads']} signed heads to {out} (key {signer.fingerprint})"
    )
