"""The signed tree heads as C2SP checkpoints, and the witnesses' cosignatures of them.

``merkle_checkpoints``: for each head, the origin it was published under and
the log's note signature of its checkpoint text (``merkle_note``), signed by the
runner with the heads' key when it records the head (heads signed before
checkpoints existed are signed when a runner with the key opens).
``merkle_cosignatures``: the cosignature lines that witnesses listed in
``WITNESS_KEYS`` posted, one per witness and head, checked by the web process
before it stores them. Both are published facts, kept by a rebuild.
"""

import base64
import time
from typing import Any, Protocol

from projections import merkle_note
from projections.store import Sql

CHECKPOINTS = "merkle_checkpoints"
COSIGNATURES = "merkle_cosignatures"
TABLES = {
    CHECKPOINTS: "tree_size BIGINT PRIMARY KEY, origin TEXT NOT NULL, signature TEXT NOT NULL",
    COSIGNATURES: (
        "tree_size BIGINT NOT NULL, witness TEXT NOT NULL, line TEXT NOT NULL, timestamp BIGINT NOT NULL,"
        " received_ms BIGINT NOT NULL, PRIMARY KEY (tree_size, witness)"
    ),
}


class CheckpointSigner(Protocol):
    """Signs checkpoints of its ``origin`` with the Ed25519 key ``public_key_raw`` is the public half of."""

    @property
    def fingerprint(self) -> str: ...

    @property
    def origin(self) -> str: ...

    @property
    def public_key_raw(self) -> bytes: ...

    def sign(self, message: bytes) -> bytes: ...


def checkpoint_of(origin: str, size: int, root_hash_hex: str) -> merkle_note.Checkpoint:
    return merkle_note.Checkpoint(origin, size, bytes.fromhex(root_hash_hex))


def log_signature(origin: str, public_key: bytes, signature: bytes) -> merkle_note.Signature:
    """The log's own signature line of a checkpoint: the key named after the origin, type Ed25519."""
    return merkle_note.Signature(
        origin, merkle_note.key_id(origin, merkle_note.ED25519, public_key), signature
    )


def checkpoint_row(signer: CheckpointSigner, size: int, root_hash_hex: str) -> tuple[int, str, str]:
    """The row of ``merkle_checkpoints`` for a head: ``signer`` signs its checkpoint text."""
    text = checkpoint_of(signer.origin, size, root_hash_hex).text()
    line = log_signature(signer.origin, signer.public_key_raw, signer.sign(text.encode()))
    return size, signer.origin, base64.b64encode(line.key_id + line.signature).decode()


def sign_missing(sql: Sql, signer: CheckpointSigner) -> None:
    """Sign the checkpoints of the heads of ``signer``'s key that have none yet."""
    unsigned = f"SELECT h.tree_size, h.root_hash FROM merkle_heads h LEFT JOIN {CHECKPOINTS} c"  # noqa: S608
    rows = sql.all(
        unsigned + " ON c.tree_size = h.tree_size WHERE c.tree_size IS NULL AND h.key_fingerprint = ?",
        (signer.fingerprint,),
    )
    write(sql, [checkpoint_row(signer, int(row["tree_size"]), row["root_hash"]) for row in rows])


def write(sql: Sql, rows: list[tuple[int, str, str]]) -> None:
    if rows:
        sql.executemany(
            f"INSERT INTO {CHECKPOINTS} (tree_size, origin, signature) VALUES (?, ?, ?)"  # noqa: S608
            " ON CONFLICT (tree_size) DO NOTHING",
            rows,
        )


def read_note(sql: Sql, head: dict[str, Any]) -> str | None:
    """The signed checkpoint of ``head`` with its cosignatures, or None (not signed as a checkpoint)."""
    row = sql.one(f"SELECT origin, signature FROM {CHECKPOINTS} WHERE tree_size = ?", (head["tree_size"],))  # noqa: S608
    if row is None:
        return None
    text = checkpoint_of(row["origin"], int(head["tree_size"]), head["root_hash"]).text()
    own = f"{merkle_note.DASH} {row['origin']} {row['signature']}\n"
    return text + "\n" + own + "".join(c["line"] for c in read_cosignatures(sql, int(head["tree_size"])))


def read_cosignatures(sql: Sql, tree_size: int) -> list[dict[str, Any]]:
    """The cosignatures of the head of ``tree_size``, by witness name."""
    return sql.all(
        f"SELECT witness, line, timestamp, received_ms FROM {COSIGNATURES} WHERE tree_size = ?"  # noqa: S608
        " ORDER BY witness",
        (tree_size,),
    )


def record_cosignature(sql: Sql, tree_size: int, line: merkle_note.Signature, timestamp: int) -> None:
    """Store a checked cosignature; a witness's newer one of the same head replaces its older one."""
    sql.execute(
        f"INSERT INTO {COSIGNATURES} (tree_size, witness, line, timestamp, received_ms)"  # noqa: S608
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tree_size, witness) DO UPDATE SET line = excluded.line,"
        " timestamp = excluded.timestamp, received_ms = excluded.received_ms"
        " WHERE excluded.timestamp > merkle_cosignatures.timestamp",
        (tree_size, line.name, line.line(), timestamp, time.time_ns() // 1_000_000),
    )


def last_cosigned_ms(sql: Sql) -> int | None:
    """When a witness last posted a cosignature (ms since the epoch), or None."""
    row = sql.one(f"SELECT MAX(received_ms) AS received FROM {COSIGNATURES}")  # noqa: S608
    return None if row is None or row["received"] is None else int(row["received"])
