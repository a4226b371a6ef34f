"""Checking the transparency log: leaves against events, roots against signed heads, signatures.

No database here (standard library, ``projections.merkle`` and ``cryptography``
only): ``dialogue verify`` feeds it the store's events and the ``merkle_log``
tables, ``dialogue verify DIR`` the files of an export (``read_export``).

What holds when ``check`` returns no problem:

* each event given re-hashes to the leaf the log holds for its position; when
  ``complete`` (the whole store), every leaf of the log has its event, in order;
* every head's root is the RFC 9162 root of the first ``tree_size`` leaves
  (recomputed from the events when complete), so successive heads are
  consistent: each is a prefix of the next; heads grow and their times too;
* every head's Ed25519 signature verifies with the published public key.

Each problem names the position of the log it concerns (for a head: the
position of its last leaf); ``check`` returns them sorted by position.
"""

import base64
import csv
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from projections import merkle

EXPORT_FILES = {
    "leaves": "transparency_log.json",
    "heads": "tree_heads.json",
    "events": "events.json",
    "public_key": "public_key.pem",
}


@dataclass(frozen=True, order=True)
class Problem:
    position: int
    what: str

    def __str__(self) -> str:
        return f"position {self.position}: {self.what}"


@dataclass(frozen=True)
class Leaf:
    index: int
    position: int
    hash: bytes


@dataclass(frozen=True)
class Head:
    tree_size: int
    last_position: int
    root_hash: bytes
    timestamp_ms: int
    signature: bytes


SIGNATURE_THREADS = max(1, min(4, os.cpu_count() or 1))
"""Threads verifying the heads' signatures at once (OpenSSL does not hold the GIL meanwhile)."""


def _verify_all(public_key: Ed25519PublicKey, heads: Sequence[Head]) -> list[bool]:
    verified = []
    for head in heads:
        try:
            public_key.verify(
                head.signature, merkle.tree_head_message(head.tree_size, head.timestamp_ms, head.root_hash)
            )
            verified.append(True)
        except InvalidSignature:
            verified.append(False)
    return verified


def verify_signatures(heads: Sequence[Head], public_key: Ed25519PublicKey) -> list[bool]:
    """Whether each head's signature verifies, in the order of ``heads``.

    In a few threads at once: OpenSSL lets go of the GIL while it verifies. Only
    once the hashing is done (a thread waiting for the GIL behind a busy one
    would wait a switch interval per signature).
    """
    chunk = -(-len(heads) // SIGNATURE_THREADS) or 1
    parts = [heads[start : start + chunk] for start in range(0, len(heads), chunk)]
    if len(parts) <= 1:
        return _verify_all(public_key, heads)
    with ThreadPoolExecutor(max_workers=len(parts), thread_name_prefix="verify-heads") as pool:
        answers = list(pool.map(partial(_verify_all, public_key), parts))
    return [verified for part in answers for verified in part]


def load_public_key(pem: bytes | str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the public key is not an Ed25519 key")
    return key


def check(
    events: Iterable[tuple[int, bytes]],
    leaves: Sequence[Leaf],
    heads: Sequence[Head],
    public_key: Ed25519PublicKey,
    *,
    complete: bool,
) -> list[Problem]:
    """Every problem found; ``events`` are (position, canonical bytes) in log order.

    ``complete``: the events are every event of the store (verify against the
    database), so the roots are recomputed from them; otherwise (an export of
    one dialogue) they are checked against their leaves and the roots are
    recomputed from the log's leaves.
    """
    if complete:
        events = list(events)
        fast = _complete_fast(events, leaves, heads, public_key)
        if fast is not None:
            return fast
    problems: list[Problem] = []
    by_position = {leaf.position: leaf for leaf in leaves}
    recomputed: list[bytes] = []
    leaf_hash = merkle.leaf_hash
    i = 0
    previous = 0
    for position, data in events:
        if position <= previous:
            problems.append(Problem(position, f"out of log order (after position {previous})"))
        previous = position
        computed = leaf_hash(data)
        if complete:
            while i < len(leaves) and leaves[i].position < position:
                problems.append(Problem(leaves[i].position, "event missing from the store (deleted)"))
                recomputed.append(b"\0" * 32)  # keeps the indexes of the leaves that follow
                i += 1
            if i == len(leaves):
                break  # recorded after the log's last leaf: not yet in the log
            leaf = leaves[i]
            if leaf.position > position:
                problems.append(Problem(position, "event in the store that the log does not hold (inserted)"))
                continue
            i += 1
            recomputed.append(computed)
        else:
            found = by_position.get(position)
            if found is None:
                problems.append(Problem(position, "event not in the transparency log"))
                continue
            leaf = found
        if computed != leaf.hash:
            problems.append(Problem(position, "event does not match its leaf in the log (changed)"))
    if complete:
        last = previous
        for leaf in leaves[i:]:
            problems.append(
                Problem(leaf.position, f"event missing from the store (the store ends at position {last})")
            )
            recomputed.append(b"\0" * 32)
    problems.extend(
        check_heads(recomputed if complete else [leaf.hash for leaf in leaves], leaves, heads, public_key)
    )
    return sorted(problems)


def _complete_fast(
    events: list[tuple[int, bytes]],
    leaves: Sequence[Leaf],
    heads: Sequence[Head],
    public_key: Ed25519PublicKey,
) -> list[Problem] | None:
    """The usual case, in bulk: the store and the log agree leaf for leaf (None: look closer)."""
    if len(events) < len(leaves):
        return None
    sha256 = hashlib.sha256
    computed = [sha256(b"\x00" + data).digest() for _, data in events[: len(leaves)]]
    if list(map(attrgetter("hash"), leaves)) != computed:
        return None
    if list(map(itemgetter(0), events[: len(leaves)])) != list(map(attrgetter("position"), leaves)):
        return None
    return sorted(check_heads(computed, leaves, heads, public_key))


def check_heads(
    hashes: Sequence[bytes],
    leaves: Sequence[Leaf],
    heads: Sequence[Head],
    public_key: Ed25519PublicKey,
) -> list[Problem]:
    """Each head's root against the tree of ``hashes``, its signature, and the order of heads."""
    problems: list[Problem] = []
    ordered = sorted(heads, key=lambda head: head.tree_size)
    roots = merkle.prefix_roots(hashes, [head.tree_size for head in ordered if head.tree_size <= len(hashes)])
    signed = verify_signatures(ordered, public_key)
    previous: Head | None = None
    for head, verified in zip(ordered, signed, strict=True):
        where = head.last_position
        if head.tree_size > len(hashes):
            problems.append(
                Problem(where, f"head of tree size {head.tree_size}: the log has only {len(hashes)} leaves")
            )
            continue
        if leaves[head.tree_size - 1].position != head.last_position:
            problems.append(
                Problem(where, f"head of tree size {head.tree_size}: its last leaf is not this position")
            )
        if roots[head.tree_size] != head.root_hash:
            problems.append(
                Problem(
                    where, f"head of tree size {head.tree_size}: root hash does not match the recomputed tree"
                )
            )
        if not verified:
            problems.append(
                Problem(
                    where,
                    f"head of tree size {head.tree_size}: signature does not verify with the public key",
                )
            )
        if previous is not None and head.timestamp_ms < previous.timestamp_ms:
            problems.append(
                Problem(where, f"head of tree size {head.tree_size}: older than the head before it")
            )
        previous = head
    return problems


# --- export files --------------------------------------------------------------------------------


def leaves_from(rows: Iterable[dict[str, Any]]) -> list[Leaf]:
    leaves = [Leaf(int(r["leaf_index"]), int(r["position"]), bytes.fromhex(r["leaf_hash"])) for r in rows]
    return sorted(leaves, key=lambda leaf: leaf.index)


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
        raise FileNotFoundError(f"not an export of the transparency log: missing {', '.join(missing)}")
    leaves = leaves_from(json.loads(files["leaves"].read_text())["leaves"])
    heads = heads_from(json.loads(files["heads"].read_text())["heads"])
    events = [canonical_of(row) for row in json.loads(files["events"].read_text())["events"]]
    public_key = load_public_key(files["public_key"].read_bytes())
    problems = check(events, leaves, heads, public_key, complete=False)
    problems.extend(check_csv(folder, leaves))
    return sorted(problems)


def check_csv(folder: Path, leaves: Sequence[Leaf]) -> list[Problem]:
    """The CSV copy of the leaves says the same as the JSON."""
    path = folder / "transparency_log.csv"
    if not path.is_file():
        return []
    with path.open(newline="") as file:
        rows = leaves_from(csv.DictReader(file))
    for json_leaf, csv_leaf in zip(leaves, rows, strict=False):
        if json_leaf != csv_leaf:
            return [Problem(json_leaf.position, "transparency_log.csv differs from transparency_log.json")]
    if len(rows) != len(leaves):
        return [Problem(0, "transparency_log.csv and transparency_log.json have different numbers of leaves")]
    return []
