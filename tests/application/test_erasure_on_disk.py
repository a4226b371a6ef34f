"""PostgreSQL, read from its own files: after an erasure no copy of the erased key can be unwrapped.

The persons' keys are wrapped by the key-encryption key (``KEY_ENCRYPTION_KEY_FILE``); erasing
one rotates it. After ``VACUUM`` and ``CHECKPOINT``, the test reads the table's heap file, every WAL
segment and a ``pg_dump`` of the schema: the erased person's key is nowhere in clear, an old wrapped
copy of it is still there (what the rotation is for), and no 60-byte value in any of them unwraps,
for that person, under the current KEK. Skipped when the server's data directory cannot be read
(PostgreSQL on another machine).
"""

import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from application.dialogues import DialogueApp
from application.key_encryption import FileKeyEncryptionKeys, KeyEncryptionKey, KeyWrapError
from application.settings import persistence_env
from tests.conftest import POSTGRES_URL, postgres_schema

WRAPPED = 12 + 32 + 16
"""A wrapped key: nonce, the key, the tag."""
VARLENA = bytes([(WRAPPED + 1) << 1 | 1])
"""The one-byte header PostgreSQL writes before a short bytea of that length."""


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from postgres_schema()


def unwraps(kek: KeyEncryptionKey, blob: bytes, person: uuid.UUID) -> bool:
    try:
        kek.unwrap(blob, person)
    except KeyWrapError:
        return False
    return True


def candidates(data: bytes) -> Iterator[bytes]:
    """Every 60 bytes that follow a short-bytea header of that length."""
    start = data.find(VARLENA)
    while start != -1:
        yield data[start + 1 : start + 1 + WRAPPED]
        start = data.find(VARLENA, start + 1)


def test_no_copy_of_an_erased_key_unwraps_in_the_heap_the_wal_or_a_dump(
    postgres_url: str, tmp_path: Path
) -> None:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        data_directory = Path(str(connection.execute("SHOW data_directory").fetchone()[0]))  # type: ignore[index]
    wal = data_directory / "pg_wal"

    def wal_segments(when: str) -> dict[str, bytes]:
        """The WAL's segments as they are now: the server starts new ones and recycles old ones as
        other sessions write, so they are read right after the erasure and again after the checkpoint."""
        segments = [path for path in wal.iterdir() if re.fullmatch(r"[0-9A-F]{24}", path.name)]
        return {f"WAL {path.name} {when}": path.read_bytes() for path in segments if path.is_file()}

    try:
        next(wal.iterdir(), None)
    except OSError as error:
        pytest.skip(f"PostgreSQL's data directory cannot be read here ({error}): a server on another machine")

    kek_file = tmp_path / "kek.b64"
    app = DialogueApp({**persistence_env(postgres_url), "KEY_ENCRYPTION_KEY_FILE": str(kek_file)})
    try:
        erased, *others = [uuid.uuid4() for _ in range(3)]
        for person in (erased, *others):
            app.vault.seal(person, {"name": f"Personne {person}"})
        key = app.vault._key(erased)
        assert key is not None
        with app.vault.keys.transaction(commit=False) as cursor:
            cursor.execute(app.vault.keys.sql("SELECT key FROM {table} WHERE person_id = %s"), (str(erased),))
            old_copy = bytes(cursor.fetchone()["key"])
        assert app.vault.erase(erased)
        current = FileKeyEncryptionKeys(kek_file).current()
    finally:
        app.close()

    wal_after_erasure = wal_segments("after the erasure")
    schema = postgres_url.split("schema=")[1]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"VACUUM {schema}.personal_data_keys")
        connection.execute("CHECKPOINT")
        heap = connection.execute(f"SELECT pg_relation_filepath('{schema}.personal_data_keys')").fetchone()
    dump = subprocess.run(
        ["pg_dump", "--schema", schema, POSTGRES_URL.replace("postgresql://", "postgres://")],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    files = {"heap": (data_directory / str(heap[0])).read_bytes()}  # type: ignore[index]
    files.update(wal_after_erasure | wal_segments("after the checkpoint"))
    dumped = [
        bytes.fromhex(value.decode()) for value in re.findall(rb"\\\\x([0-9a-f]{%d})" % (2 * WRAPPED), dump)
    ]

    assert len(dumped) == len(others)  # the dump holds the live wrapped keys, and only them
    everything = b"".join(files.values()) + dump
    assert key not in everything and key.hex().encode() not in everything  # never written in clear
    assert old_copy in everything  # an old wrapped copy is still there: what the rotation is for
    found = [*dumped, *(blob for data in files.values() for blob in candidates(data))]
    assert old_copy in found  # the scan sees such values
    assert not [blob for blob in found if unwraps(current, blob, erased)]
    assert any(unwraps(current, blob, others[0]) for blob in found)  # the live keys do unwrap
