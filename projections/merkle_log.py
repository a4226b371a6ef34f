"""Read model ``merkle_log``: the verifiable log (RFC 9162) over every recorded event.

One leaf per stored event, in log order: the hash of its canonical encoding
(``merkle.canonical_event``: position, aggregate id, version, topic and the
stored state bytes). It reads the raw notifications (``raw_notifications``),
not decoded events, so every event counts and nothing is decoded for it.

Signed tree heads (size, root, time, Ed25519 signature) are recorded after
each ``DecisionAdopted`` and whenever ``head_every`` leaves have been added
since the last head. Signing is done by a ``Signer`` given by whoever builds
the projection (the application's signing key); without one, no head is
recorded. Heads are published facts: a rebuild drops the leaves and the
frontier, never the heads (a head already recorded at a size is kept as it
is, not signed again).

Tables: ``merkle_leaves`` (leaf index, position, leaf hash), ``merkle_heads``,
``merkle_frontier`` (one row: the size and the roots of the perfect subtrees,
so that appending is O(log n)) and ``merkle_keys`` (the public key of each
signer, registered when a runner with a signer opens): the web processes
publish the key from there, so they need no private key. Hashes are
lower-case hex. A batch's leaves are written at its end (``projections.rows``:
one ``COPY`` on PostgreSQL).
"""

import json
import time
from collections.abc import Sequence
from typing import Any, Protocol

from domain.acts import ACTS
from projections import merkle, merkle_checkpoints
from projections.projection import EventLog, Projection
from projections.rows import AppendedRows
from projections.store import Sql

LEAVES = "merkle_leaves"
HEADS = "merkle_heads"
KEYS = "merkle_keys"
FRONTIER = "merkle_frontier"
DECISION_ADOPTED = ACTS["decision-adopted"].event_name
DEFAULT_HEAD_EVERY = 100


class Signer(merkle_checkpoints.CheckpointSigner, Protocol):
    """Signs tree heads (Ed25519 over ``merkle.tree_head_message``) and checkpoints of its origin."""

    @property
    def public_key_pem(self) -> str: ...


def event_name(topic: str) -> str:
    """The class name of a topic's events ("domain.dialogue:Dialogue.DecisionAdopted": "DecisionAdopted")."""
    return topic.rpartition(".")[2].rpartition(":")[2]


class MerkleLogProjection(Projection):
    name = "merkle_log"
    raw_notifications = True
    """The runner passes the notifications themselves to ``apply_notifications``."""

    tables = {
        LEAVES: "leaf_index BIGINT PRIMARY KEY, position BIGINT NOT NULL UNIQUE, leaf_hash TEXT NOT NULL",
        HEADS: (
            "tree_size BIGINT PRIMARY KEY, last_position BIGINT NOT NULL, root_hash TEXT NOT NULL,"
            " timestamp_ms BIGINT NOT NULL, signature TEXT NOT NULL, key_fingerprint TEXT NOT NULL,"
            " reason TEXT NOT NULL"
        ),
        FRONTIER: "id INTEGER PRIMARY KEY, size BIGINT NOT NULL, last_head BIGINT NOT NULL,"
        " nodes TEXT NOT NULL",
        KEYS: "key_fingerprint TEXT PRIMARY KEY, public_key_pem TEXT NOT NULL, registered_ms BIGINT NOT NULL",
        **merkle_checkpoints.TABLES,
    }
    kept_tables = frozenset({HEADS, KEYS, *merkle_checkpoints.TABLES})
    appended_keys = {
        LEAVES: {
            f"{LEAVES}_pkey": ("PRIMARY KEY", "leaf_index"),
            f"{LEAVES}_position_key": ("UNIQUE", "position"),
        }
    }
    cost = 4.5
    copy_cost = 1.5

    def __init__(self, signer: Signer | None = None, head_every: int = DEFAULT_HEAD_EVERY):
        if head_every < 1:
            raise ValueError("head_every must be at least 1")
        self.signer = signer
        self.head_every = head_every
        self._frontier: merkle.Frontier | None = None
        self._position = -1
        self._last_head = 0
        self._leaves = AppendedRows(LEAVES, ("leaf_index", "position", "leaf_hash"))
        self._heads: list[tuple[Any, ...]] = []
        self._checkpoints: list[tuple[int, str, str]] = []
        self._decisions: dict[str, bool] = {}
        """Topic -> whether its events are ``DecisionAdopted`` (a head follows each)."""

    def create(self, sql: Sql, *, indexes: bool = True) -> None:
        """Create the tables; register the signer's public key (once: a key keeps its first date).

        Heads of this key without a checkpoint (signed before checkpoints were) get theirs.
        """
        super().create(sql, indexes=indexes)
        if self.signer is not None:
            sql.execute(
                f"INSERT INTO {KEYS} (key_fingerprint, public_key_pem, registered_ms) VALUES (?, ?, ?)"  # noqa: S608
                " ON CONFLICT (key_fingerprint) DO NOTHING",
                (self.signer.fingerprint, self.signer.public_key_pem, time.time_ns() // 1_000_000),
            )
            merkle_checkpoints.sign_missing(sql, self.signer)

    def drop(self, sql: Sql) -> None:
        """Drop the leaves and the frontier; published heads and keys stay (``kept_tables``)."""
        super().drop(sql)
        self._frontier = None

    def apply_notifications(self, sql: Sql, notifications: Sequence[Any], _log: EventLog) -> None:
        if not notifications:
            return
        if self._frontier is None or notifications[0].id <= self._position:
            self._load(sql)  # first batch, another runner went on, or a batch rolled back
        frontier = self._frontier
        assert frontier is not None
        leaves, decisions, every = self._leaves, self._decisions, self.head_every
        add_leaf, add_row = frontier.append, leaves.rows.append
        for notification, leaf in zip(notifications, merkle.event_leaf_hashes(notifications), strict=True):
            position = int(notification.id)
            topic = notification.topic
            add_row((frontier.size, position, leaf.hex()))
            add_leaf(leaf)
            decision = decisions.get(topic)
            if decision is None:
                decision = decisions[topic] = event_name(topic) == DECISION_ADOPTED
            if decision or frontier.size - self._last_head >= every:
                self._head(frontier, position, DECISION_ADOPTED if decision else "every")
        self._position = int(notifications[-1].id)

    def _head(self, frontier: merkle.Frontier, position: int, reason: str) -> None:
        self._last_head = frontier.size
        if self.signer is None:
            return
        root_hash = frontier.root()
        timestamp_ms = time.time_ns() // 1_000_000
        signature = self.signer.sign(merkle.tree_head_message(frontier.size, timestamp_ms, root_hash))
        self._heads.append(
            (
                frontier.size,
                position,
                root_hash.hex(),
                timestamp_ms,
                signature.hex(),
                self.signer.fingerprint,
                reason,
            )
        )
        self._checkpoints.append(
            merkle_checkpoints.checkpoint_row(self.signer, frontier.size, root_hash.hex())
        )

    def _load(self, sql: Sql) -> None:
        self._leaves.clear()
        self._heads = []
        self._checkpoints = []
        row = sql.one(f"SELECT size, last_head, nodes FROM {FRONTIER} WHERE id = 1")  # noqa: S608
        if row is None:
            self._frontier, self._last_head, self._position = merkle.Frontier(), 0, 0
            return
        nodes = [bytes.fromhex(node) for node in json.loads(row["nodes"])]
        self._frontier = merkle.Frontier(int(row["size"]), nodes)
        self._last_head = int(row["last_head"])
        last = sql.one(f"SELECT MAX(position) AS position FROM {LEAVES}")  # noqa: S608
        self._position = int(last["position"] or 0) if last else 0

    def flush(self, sql: Sql) -> None:
        if self._frontier is None or not (self._leaves.rows or self._heads):
            return
        self._leaves.write(sql)
        sql.executemany(
            f"INSERT INTO {HEADS} (tree_size, last_position, root_hash, timestamp_ms, signature,"  # noqa: S608
            " key_fingerprint, reason) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING",
            self._heads,
        )
        merkle_checkpoints.write(sql, self._checkpoints)
        nodes = json.dumps([node.hex() for node in self._frontier.nodes])
        sql.execute(
            f"INSERT INTO {FRONTIER} (id, size, last_head, nodes) VALUES (1, ?, ?, ?)"  # noqa: S608
            " ON CONFLICT (id) DO UPDATE SET size = excluded.size, last_head = excluded.last_head,"
            " nodes = excluded.nodes",
            (self._frontier.size, self._last_head, nodes),
        )
        self._leaves.clear()
        self._heads = []
        self._checkpoints = []
        self._frontier = None  # read again at the next batch: another runner may go on meanwhile


def read_leaves(sql: Sql, size: int | None = None) -> list[dict[str, Any]]:
    """The log's leaves in order (the first ``size`` of them), as rows."""
    if size is None:
        return sql.all(f"SELECT leaf_index, position, leaf_hash FROM {LEAVES} ORDER BY leaf_index")  # noqa: S608
    return sql.all(
        f"SELECT leaf_index, position, leaf_hash FROM {LEAVES} WHERE leaf_index < ? ORDER BY leaf_index",  # noqa: S608
        (size,),
    )


HEAD_COLUMNS = "tree_size, last_position, root_hash, timestamp_ms, signature, key_fingerprint, reason"


def read_heads(sql: Sql) -> list[dict[str, Any]]:
    """Every signed tree head, smallest first."""
    return sql.all(f"SELECT {HEAD_COLUMNS} FROM {HEADS} ORDER BY tree_size")  # noqa: S608


def read_head(sql: Sql, tree_size: int | None = None) -> dict[str, Any] | None:
    """The head of ``tree_size`` (default: the latest), or None."""
    if tree_size is None:
        return sql.one(f"SELECT {HEAD_COLUMNS} FROM {HEADS} ORDER BY tree_size DESC LIMIT 1")  # noqa: S608
    return sql.one(f"SELECT {HEAD_COLUMNS} FROM {HEADS} WHERE tree_size = ?", (tree_size,))  # noqa: S608


def leaf_at(sql: Sql, position: int) -> dict[str, Any] | None:
    """The leaf of the event at ``position``, or None."""
    return sql.one(f"SELECT leaf_index, position, leaf_hash FROM {LEAVES} WHERE position = ?", (position,))  # noqa: S608


def read_key(sql: Sql) -> dict[str, Any] | None:
    """The public key that signed the latest head (before any head: the last registered), or None."""
    head = read_head(sql)
    if head is not None:
        return sql.one(
            f"SELECT key_fingerprint, public_key_pem FROM {KEYS} WHERE key_fingerprint = ?",  # noqa: S608
            (head["key_fingerprint"],),
        )
    return sql.one(
        f"SELECT key_fingerprint, public_key_pem FROM {KEYS} ORDER BY registered_ms DESC LIMIT 1"  # noqa: S608
    )
