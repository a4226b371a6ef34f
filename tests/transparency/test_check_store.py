"""``check_store`` over events read in batches, the tree hashed in chunks: each difference named."""

import hashlib
from types import SimpleNamespace
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections import merkle, verify_log

KEY = Ed25519PrivateKey.generate()
EVENTS = 100


def event(position: int, state: bytes = b"") -> bytes:
    return merkle.leaf_input(position, UUID(int=position % 7), position, "t:E", state or b"s%d" % position)


def signed(size: int, root: bytes, last: int) -> verify_log.Head:
    signature = KEY.sign(merkle.tree_head_message(size, 1000 + size, root))
    return verify_log.Head(size, last, root, 1000 + size, signature)


@pytest.fixture(autouse=True, params=[4, 1 << 14], ids=["chunks of 4", "one chunk"])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merkle, "CHUNK", request.param)


@pytest.fixture
def store() -> dict[int, bytes]:
    return {position: event(position) for position in range(1, EVENTS + 1)}


def log_and_heads(store: dict[int, bytes]) -> tuple[verify_log.LogLeaves, list[verify_log.Head]]:
    positions = sorted(store)
    hashes = [hashlib.sha256(store[p]).digest() for p in positions]
    heads = [
        signed(size, merkle.root(hashes[:size]), positions[size - 1]) for size in (1, 5, 16, 17, 63, 100)
    ]
    return verify_log.LogLeaves(positions, hashes), heads


def check(
    store: dict[int, bytes], log: verify_log.LogLeaves, heads: list[verify_log.Head]
) -> list[verify_log.Problem]:
    positions = sorted(store)

    def read() -> list[verify_log.Batch]:
        return [
            (positions[start : start + 7], [store[p] for p in positions[start : start + 7]])
            for start in range(0, len(positions), 7)
        ]

    return verify_log.check_store(read, log, heads, KEY.public_key())


def test_an_untouched_store_verifies(store: dict[int, bytes]) -> None:
    log, heads = log_and_heads(store)
    assert check(store, log, heads) == []


@pytest.mark.parametrize("size", [5, 17, 100])
def test_a_head_with_another_root_is_found_even_re_signed(store: dict[int, bytes], size: int) -> None:
    log, heads = log_and_heads(store)
    index = next(i for i, head in enumerate(heads) if head.tree_size == size)
    heads[index] = signed(size, merkle.leaf_hash(b"other"), heads[index].last_position)
    assert [str(p) for p in check(store, log, heads)] == [
        f"position {size}: head of tree size {size}: root hash does not match the recomputed tree"
    ]


def test_each_tampering_is_named_at_its_position(store: dict[int, bytes]) -> None:
    log, heads = log_and_heads(store)
    changed = dict(store)
    changed[42] = event(42, b"other")
    assert check(changed, log, heads)[0] == verify_log.Problem(
        42, "event does not match its leaf in the log (changed)"
    )
    deleted = {p: data for p, data in store.items() if p != 9}
    assert check(deleted, log, heads)[0] == verify_log.Problem(9, "event missing from the store (deleted)")
    truncated = {p: data for p, data in store.items() if p <= 70}
    assert str(check(truncated, log, heads)[0]) == (
        "position 71: event missing from the store (the store ends at position 70)"
    )
    swapped = {**store, 30: store[31], 31: store[30]}
    assert [p.position for p in check(swapped, log, heads)][:2] == [30, 31]


def test_heads_beyond_the_log_are_named(store: dict[int, bytes]) -> None:
    log, heads = log_and_heads(store)
    heads.append(signed(101, merkle.leaf_hash(b"x"), 101))
    assert [str(p) for p in check(store, log, heads)] == [
        "position 101: head of tree size 101: the log has 100 leaves"
    ]


def test_an_aggregate_id_gives_the_bytes_of_its_uuid_in_each_of_its_forms() -> None:
    uuid = UUID("12345678-9abc-def0-1234-56789abcdef0")
    canonical = merkle.canonical_event(3, uuid, 2, "t:E", b"s")
    assert merkle.leaf_input(3, uuid, 2, "t:E", b"s") == merkle.LEAF_PREFIX + canonical
    assert merkle.event_leaf_hash(3, uuid.hex, 2, "t:E", b"s") == merkle.leaf_hash(canonical)
    for form in (uuid.hex, uuid.hex.upper(), str(uuid), f"{{{uuid}}}", uuid.hex[:30] + "  "):
        expected = merkle.canonical_event(3, UUID(form), 2, "t:E", b"s")
        assert merkle.canonical_event(3, form, 2, "t:E", b"s") == expected
    with pytest.raises(ValueError):
        merkle.canonical_event(3, uuid.hex[:31] + "g", 2, "t:E", b"s")


def test_the_leaf_hashes_of_a_batch_are_those_of_each_event() -> None:
    uuid = UUID("12345678-9abc-def0-1234-56789abcdef0")
    forms = (uuid, uuid.hex, uuid.hex.upper(), str(uuid), f"{{{uuid}}}", uuid.hex[:30] + "  ")
    events = [
        SimpleNamespace(id=n, originator_id=form, originator_version=n + 1, topic=topic, state=state)
        for n, (form, topic, state) in enumerate(
            zip(
                forms,
                ("t:E", "t:É", "t:E", "u:F", "t:E", "t:E"),
                (b"s", b"", memoryview(b"x"), b"{}", b"s", b"s"),
                strict=True,
            )
        )
    ]
    expected = [
        merkle.event_leaf_hash(e.id, e.originator_id, e.originator_version, e.topic, bytes(e.state))
        for e in events
    ]
    assert merkle.event_leaf_hashes(events) == expected
    with pytest.raises(ValueError):
        merkle.event_leaf_hashes(
            [SimpleNamespace(**{**vars(events[1]), "originator_id": uuid.hex[:31] + "g"})]
        )
