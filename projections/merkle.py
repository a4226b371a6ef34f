"""RFC 9162 Merkle trees with SHA-256: hashing, roots, inclusion and consistency proofs.

Pure functions over leaf hashes (no I/O, standard library only), so that the
offline verifier can use them on an export without the database layers.

* ``leaf_hash(data) = SHA-256(0x00 || data)``, ``node_hash(l, r) = SHA-256(0x01 || l || r)``;
* ``root(leaf_hashes)`` is MTH (section 2.1.1), the hash of an empty tree being SHA-256("");
* ``inclusion_proof`` / ``consistency_proof`` follow the recursive PATH and
  SUBPROOF definitions (2.1.3.1, 2.1.4.1); ``verify_inclusion`` /
  ``verify_consistency`` the verification algorithms (2.1.3.2, 2.1.4.2);
* ``Frontier`` keeps the roots of the perfect subtrees of a growing tree, so that
  appending a leaf is O(log n) and the root of any prefix is computed on the way;
  ``PrefixRoots`` computes the roots of many prefixes in bulk, as batches of leaves arrive.

Also the canonical encoding of one stored event as a leaf (``canonical_event``).
"""

import hashlib
import struct
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

EMPTY_ROOT = hashlib.sha256(b"").digest()
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EVENT_FORMAT = b"DT-EVENT-1"
"""First bytes of a canonical event: the format's name and version."""

_sha256 = hashlib.sha256


class ProofError(ValueError):
    """A proof that cannot be asked for (index or sizes out of range)."""


def leaf_hash(data: bytes) -> bytes:
    return _sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(NODE_PREFIX + left + right).digest()


_FIXED = struct.Struct(">QQ16sI")  # position, version, aggregate id, length of the topic
_LENGTH = struct.Struct(">I")


def canonical_event(
    position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    """The bytes a leaf stands for, for one stored event.

    ``EVENT_FORMAT`` then the position and the version (8 bytes each, big-endian),
    the aggregate id (16 bytes; given as a UUID or its text), the
    topic (UTF-8) and the stored state bytes, each of the last two preceded by
    its length (4 bytes, big-endian). The state is hashed as stored: personal
    data stays sealed, so erasing a person's key changes nothing here.
    """
    return _encoded(EVENT_FORMAT, position, originator_id, version, topic, state)


_LEAF_LEAD = LEAF_PREFIX + EVENT_FORMAT


def leaf_input(position: int, originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """What the leaf of one stored event hashes: ``LEAF_PREFIX`` and its canonical bytes, built at once."""
    return _encoded(_LEAF_LEAD, position, originator_id, version, topic, state)


def event_leaf_hash(
    position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    """``leaf_hash(canonical_event(...))``, with no copy in between."""
    return _sha256(leaf_input(position, originator_id, version, topic, state)).digest()


def event_leaf_hashes(notifications: Iterable[Any]) -> list[bytes]:
    """``event_leaf_hash`` of each stored event (``id``, ``originator_id``, ``originator_version``,
    ``topic``, ``state``), the same bytes in one loop: a rebuild hashes every event of the log."""
    topics: dict[str, bytes] = {}
    lead, fixed, length, sha256, fromhex = _LEAF_LEAD, _FIXED.pack, _LENGTH.pack, _sha256, bytes.fromhex
    hashes = []
    for notification in notifications:
        originator_id = notification.originator_id
        if type(originator_id) is str and len(originator_id) == 32:
            uuid = fromhex(originator_id)  # a ValueError, as from UUID(text), for what is not hex
            if len(uuid) != 16:  # fromhex skips spaces, UUID does not
                uuid = UUID(originator_id).bytes
        else:
            uuid = originator_id.bytes if isinstance(originator_id, UUID) else UUID(originator_id).bytes
        topic = notification.topic
        encoded_topic = topics.get(topic)
        if encoded_topic is None:
            encoded_topic = topics[topic] = topic.encode()
        state = bytes(notification.state)
        head = fixed(notification.id, notification.originator_version, uuid, len(encoded_topic))
        hashes.append(sha256(b"".join((lead, head, encoded_topic, length(len(state)), state))).digest())
    return hashes


def _encoded(
    lead: bytes, position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    uuid = originator_id.bytes if isinstance(originator_id, UUID) else _uuid_bytes(originator_id)
    encoded_topic = topic.encode()
    fixed = _FIXED.pack(position, version, uuid, len(encoded_topic))
    return b"".join((lead, fixed, encoded_topic, _LENGTH.pack(len(state)), state))


def _uuid_bytes(text: str) -> bytes:
    """What ``UUID(text).bytes`` gives; the fast way for the 32 hex digits SQLite stores."""
    if len(text) == 32:
        raw = bytes.fromhex(text)  # a ValueError, as from UUID(text), for what is not hex
        if len(raw) == 16:  # fromhex skips spaces, UUID does not
            return raw
    return UUID(text).bytes


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH over the given leaf hashes."""
    if not leaves:
        return EMPTY_ROOT
    frontier = Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    return frontier.root()


def _subtree(leaves: Sequence[bytes], start: int, end: int) -> bytes:
    if end - start == 1:
        return leaves[start]
    if end - start & (end - start - 1) == 0:  # a perfect subtree: no recursion needed
        level = list(leaves[start:end])
        while len(level) > 1:
            level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2)]
        return level[0]
    k = _split(end - start)
    return node_hash(_subtree(leaves, start, start + k), _subtree(leaves, start + k, end))


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(index, leaves): the audit path of leaf ``index`` (0-based) in the tree of ``leaves``."""
    if not 0 <= index < len(leaves):
        raise ProofError(f"no leaf {index} in a tree of {len(leaves)} leaves")
    return _path(index, leaves, 0, len(leaves))


def _path(m: int, leaves: Sequence[bytes], start: int, end: int) -> list[bytes]:
    n = end - start
    if n == 1:
        return []
    k = _split(n)
    if m < k:
        return [*_path(m, leaves, start, start + k), _subtree(leaves, start + k, end)]
    return [*_path(m - k, leaves, start + k, end), _subtree(leaves, start, start + k)]


def consistency_proof(first: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(first, leaves): that the tree of the first ``first`` leaves is a prefix of this one."""
    if not 0 < first <= len(leaves):
        raise ProofError(f"no consistency proof from {first} to {len(leaves)} leaves")
    return _subproof(first, leaves, 0, len(leaves), True)


def _subproof(m: int, leaves: Sequence[bytes], start: int, end: int, complete: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if complete else [_subtree(leaves, start, end)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves, start, start + k, complete), _subtree(leaves, start + k, end)]
    return [*_subproof(m - k, leaves, start + k, end, False), _subtree(leaves, start, start + k)]


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    """RFC 9162 2.1.3.2: does ``proof`` show leaf ``index`` (hash ``leaf``) in the tree ``expected_root``?"""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 2.1.4.2: does ``proof`` show (first, first_root) is a prefix of (second, second_root)?"""
    if not 0 < first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the first tree is a subtree of the proof
        path.insert(0, first_root)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


CHUNK = 1 << 14
"""Leaves hashed together, level by level, by :class:`PrefixRoots` (a power of two)."""


class PrefixRoots:
    """The roots of chosen prefixes of a tree whose leaf hashes arrive in batches.

    The leaves are cut in aligned chunks of ``CHUNK``; each chunk is hashed
    pairwise, level by level, and its root goes into a :class:`Frontier` of
    chunk roots. The root of a prefix ending in a chunk is folded from that
    frontier and the chunk's perfect subtrees, largest first: O(log n) each, and
    every node of the tree is hashed once. Memory: one chunk.
    """

    def __init__(self, sizes: Iterable[int]):
        self.roots: dict[int, bytes] = {}
        self.size = 0
        self._wanted = sorted(set(sizes), reverse=True)  # smallest last: popped as reached
        if self._wanted and self._wanted[-1] < 0:
            raise ValueError("sizes must not be negative")
        self._chunks = Frontier()
        self._pending: list[bytes] = []
        self._take_reached([])

    def add(self, hashes: Sequence[bytes]) -> None:
        pending = self._pending
        pending += hashes
        while len(pending) >= CHUNK:
            self._hash_chunk(pending[:CHUNK])
            del pending[:CHUNK]

    def finish(self) -> dict[int, bytes]:
        """The roots of the wanted sizes that the leaves added reach (no leaves to add after)."""
        if self._pending:
            self._hash_chunk(self._pending)
            self._pending = []
        return self.roots

    def _hash_chunk(self, chunk: list[bytes]) -> None:
        sha256, prefix = _sha256, NODE_PREFIX
        levels = [chunk]
        while len(levels[-1]) > 1:
            pairs = iter(levels[-1])  # an odd last node waits for the next chunk: not a perfect subtree
            levels.append(
                [sha256(prefix + left + right).digest() for left, right in zip(pairs, pairs, strict=False)]
            )
        self.size += len(chunk)
        self._take_reached(levels)
        if len(chunk) == CHUNK:
            self._chunks.append(levels[-1][0])

    def _take_reached(self, levels: list[list[bytes]]) -> None:
        wanted, base = self._wanted, self._chunks.size * CHUNK
        while wanted and wanted[-1] <= self.size:
            size = wanted.pop()
            nodes, offset = list(self._chunks.nodes), 0
            rest = size - base
            for height in range(rest.bit_length() - 1, -1, -1):
                if rest >> height & 1:
                    nodes.append(levels[height][offset >> height])
                    offset += 1 << height
            self.roots[size] = _fold(nodes)


def _fold(nodes: Sequence[bytes]) -> bytes:
    """The root over perfect subtrees given largest first (the empty tree's without any)."""
    if not nodes:
        return EMPTY_ROOT
    r = nodes[-1]
    for node in reversed(nodes[:-1]):
        r = node_hash(node, r)
    return r


class Frontier:
    """The roots of the perfect subtrees of a growing tree, largest first: O(log n) per append."""

    __slots__ = ("nodes", "size")

    def __init__(self, size: int = 0, nodes: Sequence[bytes] = ()):
        self.size = size
        self.nodes = list(nodes)
        if len(self.nodes) != size.bit_count():
            raise ValueError(
                f"a tree of {size} leaves has {size.bit_count()} perfect subtrees, not {len(nodes)}"
            )

    def append(self, leaf: bytes) -> None:
        nodes = self.nodes
        nodes.append(leaf)
        size = self.size
        while size & 1:  # merge the subtrees of equal height
            right = nodes.pop()
            nodes[-1] = _sha256(NODE_PREFIX + nodes[-1] + right).digest()
            size >>= 1
        self.size += 1

    def root(self) -> bytes:
        return _fold(self.nodes)


HEAD_FORMAT = b"DT-TREE-HEAD-1"


def tree_head_message(size: int, timestamp_ms: int, root_hash: bytes) -> bytes:
    """The bytes a tree head's signature covers: format, size, time (ms since the epoch), root."""
    return HEAD_FORMAT + struct.pack(">QQ", size, timestamp_ms) + root_hash
