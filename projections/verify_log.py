"""Checking the verifiable log: leaves against events, roots against signed heads, signatures.

No database here (standard library, ``projections.merkle``, ``head_signatures``
(PyNaCl), ``cryptography`` only): ``dialogue verify`` feeds ``check_store`` the
store's events and the ``merkle_log`` tables, ``dialogue verify DIR``
``check_export`` the files of an export (``read_export``).

What holds when they return no problem:

* each event given re-hashes to the leaf the log holds for its position; for
  a whole store, every leaf of the log has its event, in order;
* every head's root is the RFC 9162 root of the first ``tree_size`` leaves
  (recomputed from the events for a whole store), so successive heads are
  consistent: each is a prefix of the next; heads grow and their times too;
* every head's Ed25519 signature verifies with the published public key;
* for an export, each document's file has the SHA-256 its act published (``verify_documents``).

Each problem names the position of the log it concerns (for a head: the
position of its last leaf); they come sorted by position.
"""

import base64
import csv
import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from projections import merkle
from projections.head_signatures import Verification
from projections.verify_documents import check_documents

EXPORT_FILES = {
    "leaves": "transparency_log.json",
    "heads": "tree_heads.json",
    "events": "events.json",
    "public_key": "public_key.pem",
}

MISSING = b"\0" * 32
"""Stands for the leaf of an event missing from the store, keeping the indexes of those after it."""


@dataclass(frozen=True, order=True)
class Problem:
    position: int
    what: str

    def __str__(self) -> str:
        return f"position {self.position}: {self.what}"


@dataclass
class LogLeaves:
    """The log's leaves in order: the position of each one's event and its hash."""

    positions: list[int]
    hashes: list[bytes]


@dataclass(frozen=True)
class Head:
    tree_size: int
    last_position: int
    root_hash: bytes
    timestamp_ms: int
    signature: bytes


Batch = tuple[list[int], list[bytes]]
"""Stored events in log order: their positions and what their leaves hash (``merkle.leaf_input``)."""


def load_public_key(pem: bytes | str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the public key is not an Ed25519 key")
    return key


def check_store(
    read: Callable[[], Iterable[Batch]], log: LogLeaves, heads: Sequence[Head], public_key: Ed25519PublicKey
) -> list[Problem]:
    """Every problem of a whole store; ``read()`` yields all its events up to the log's last position.

    In one pass when the events match the log leaf for leaf, the roots of the
    heads computed as the leaves go by, the signatures checked meanwhile;
    otherwise ``read()`` is called again to find each difference.
    """
    ordered = sorted(heads, key=lambda head: head.tree_size)
    with _signatures(ordered, public_key) as signatures:
        problems: list[Problem] = []
        roots = _matching_roots(read(), log, ordered)
        if roots is None:
            events = itertools.chain.from_iterable(itertools.starmap(zip, read()))
            recomputed, problems = _align(events, log)
            roots = _roots(recomputed, ordered)
        problems += _check_heads(roots, log, ordered, signatures.result())
    return sorted(problems)


def check_export(
    events: Iterable[tuple[int, bytes]], log: LogLeaves, heads: Sequence[Head], public_key: Ed25519PublicKey
) -> list[Problem]:
    """Every problem of an export: ``events`` (position, canonical bytes) against their leaves, the heads."""
    ordered = sorted(heads, key=lambda head: head.tree_size)
    with _signatures(ordered, public_key) as signatures:
        problems: list[Problem] = []
        by_position = dict(zip(log.positions, log.hashes, strict=True))
        previous = 0
        for position, data in events:
            if position <= previous:
                problems.append(Problem(position, f"out of log order (after position {previous})"))
            previous = position
            leaf = by_position.get(position)
            if leaf is None:
                problems.append(Problem(position, "event not in the verifiable log"))
            elif merkle.leaf_hash(data) != leaf:
                problems.append(Problem(position, "event does not match its leaf in the log (changed)"))
        problems += _check_heads(_roots(log.hashes, ordered), log, ordered, signatures.result())
    return sorted(problems)


def _signatures(ordered: Sequence[Head], public_key: Ed25519PublicKey) -> Verification:
    pairs = [
        (merkle.tree_head_message(head.tree_size, head.timestamp_ms, head.root_hash), head.signature)
        for head in ordered
    ]
    return Verification(public_key, pairs)


def _roots(hashes: Sequence[bytes], ordered: Sequence[Head]) -> dict[int, bytes]:
    tree = merkle.PrefixRoots(head.tree_size for head in ordered)
    tree.add(hashes)
    return tree.finish()


def _matching_roots(
    batches: Iterable[Batch], log: LogLeaves, ordered: Sequence[Head]
) -> dict[int, bytes] | None:
    """The heads' roots when the events match the log leaf for leaf, in order (None: look closer)."""
    sha256 = hashlib.sha256
    tree = merkle.PrefixRoots(head.tree_size for head in ordered)
    done = 0
    for positions, events in batches:
        hashes = [sha256(event).digest() for event in events]
        end = done + len(hashes)
        if hashes != log.hashes[done:end] or positions != log.positions[done:end]:
            return None
        tree.add(hashes)
        done = end
    return tree.finish() if done == len(log.positions) else None


def _align(events: Iterable[tuple[int, bytes]], log: LogLeaves) -> tuple[list[bytes], list[Problem]]:
    """The leaves recomputed from (position, leaf input), one per leaf of the log; each difference."""
    problems: list[Problem] = []
    recomputed: list[bytes] = []
    positions, hashes = log.positions, log.hashes
    i = previous = 0
    for position, data in events:
        if position <= previous:
            problems.append(Problem(position, f"out of log order (after position {previous})"))
        previous = position
        while i < len(positions) and positions[i] < position:
            problems.append(Problem(positions[i], "event missing from the store (deleted)"))
            recomputed.append(MISSING)
            i += 1
        if i == len(positions):
            break  # recorded after the log's last leaf: not yet in the log
        if positions[i] > position:
            problems.append(Problem(position, "event in the store that the log does not hold (inserted)"))
            continue
        computed = hashlib.sha256(data).digest()
        if computed != hashes[i]:
            problems.append(Problem(position, "event does not match its leaf in the log (changed)"))
        recomputed.append(computed)
        i += 1
    for position in positions[i:]:
        problems.append(
            Problem(position, f"event missing from the store (the store ends at position {previous})")
        )
        recomputed.append(MISSING)
    return recomputed, problems


def _check_heads(
    roots: dict[int, bytes], log: LogLeaves, ordered: Sequence[Head], signed: Sequence[bool]
) -> list[Problem]:
    """Each head's root against ``roots``, its last position, its signature, and the order of heads."""
    problems: list[Problem] = []
    size = len(log.positions)
    previous: Head | None = None
    for head, verified in zip(ordered, signed, strict=True):
        where, about = head.last_position, f"head of tree size {head.tree_size}"
        if not 0 < head.tree_size <= size:
            problems.append(Problem(where, f"{about}: the log has {size} leaves"))
            continue
        if log.positions[head.tree_size - 1] != head.last_position:
            problems.append(Problem(where, f"{about}: its last leaf is not this position"))
        if roots[head.tree_size] != head.root_hash:
            problems.append(Problem(where, f"{about}: root hash does not match the recomputed tree"))
        if not verified:
            problems.append(Problem(where, f"{about}: signature does not verify with the public key"))
        if previous is not None and head.timestamp_ms < previous.timestamp_ms:
            problems.append(Problem(where, f"{about}: older than the head before it"))
        previous = head
    return problems


# --- export files --------------------------------------------------------------------------------


LeafRow = tuple[int, int, bytes]
"""(leaf index, position, leaf hash)."""


def leaf_rows(rows: Iterable[dict[str, Any]]) -> list[LeafRow]:
    """The leaves of an export's file, by index."""
    return sorted((int(r["leaf_index"]), int(r["position"]), bytes.fromhex(r["leaf_hash"])) for r in rows)


def heads_from(rows: Iterable[dict[str, Any]]) -> list[Head]:
    return [
        Head(
            int(r["tree_size"]),
            int(r["last_position"]),
            bytes.fromhex(r["root_hash"]),
            int(r["timestamp_ms"]),
            bytes.fromhex(r["signature"]),
        )
        for r in rows
    ]


def canonical_of(row: dict[str, Any]) -> tuple[int, bytes]:
    """(position, canonical bytes) of an exported event (its state in base64)."""
    position = int(row["position"])
    state = base64.b64decode(row["state_base64"], validate=True)
    data = merkle.canonical_event(
        position, row["originator_id"], int(row["originator_version"]), row["topic"], state
    )
    return position, data


def read_export(folder: Path) -> list[Problem]:
    """Check an export folder on its own: events against leaves, roots, signatures."""
    files = {name: folder / filename for name, filename in EXPORT_FILES.items()}
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"not an export of the verifiable log: missing {', '.join(missing)}")
    rows = leaf_rows(json.loads(files["leaves"].read_text())["leaves"])
    log = LogLeaves([position for _, position, _ in rows], [leaf for _, _, leaf in rows])
    heads = heads_from(json.loads(files["heads"].read_text())["heads"])
    exported = json.loads(files["events"].read_text())["events"]
    events = [canonical_of(row) for row in exported]
    public_key = load_public_key(files["public_key"].read_bytes())
    problems = check_export(events, log, heads, public_key)
    problems.extend(check_csv(folder, rows))
    problems.extend(itertools.starmap(Problem, check_documents(folder, exported)))
    return sorted(problems)


def check_csv(folder: Path, rows: Sequence[LeafRow]) -> list[Problem]:
    """The CSV copy of the leaves says the same as the JSON."""
    path = folder / "transparency_log.csv"
    if not path.is_file():
        return []
    with path.open(newline="") as file:
        csv_rows = leaf_rows(csv.DictReader(file))
    for json_row, csv_row in zip(rows, csv_rows, strict=False):
        if json_row != csv_row:
            return [Problem(json_row[1], "transparency_log.csv differs from transparency_log.json")]
    if len(csv_rows) != len(rows):
        return [Problem(0, "transparency_log.csv and transparency_log.json have different numbers of leaves")]
    return []
