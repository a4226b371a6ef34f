"""The Merkle tree of projections.merkle against RFC 9162, with an independent checker.

The checker below is written from the RFC's recursive definitions (MTH,
PATH, PROOF/SUBPROOF, section 2.1) and shares no code with the module under
test. The known roots are those of the Certificate Transparency reference
implementation's test vectors (leaves: the byte strings below).
"""

import hashlib

import pytest

from projections import merkle

# --- an independent checker, straight from RFC 9162 section 2.1 ----------------------------------


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def mth(d: list[bytes]) -> bytes:
    n = len(d)
    if n == 0:
        return h(b"")
    if n == 1:
        return h(b"\x00" + d[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return h(b"\x01" + mth(d[:k]) + mth(d[k:]))


def path(m: int, d: list[bytes]) -> list[bytes]:
    n = len(d)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*path(m, d[:k]), mth(d[k:])]
    return [*path(m - k, d[k:]), mth(d[:k])]


def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*subproof(m, d[:k], b), mth(d[k:])]
    return [*subproof(m - k, d[k:], False), mth(d[:k])]


def root_from_path(m: int, n: int, leaf: bytes, proof: list[bytes]) -> bytes:
    """Recompute the root from an audit path by walking the RFC's recursion backwards."""
    if n == 1:
        assert not proof
        return leaf
    k = 1
    while k * 2 < n:
        k *= 2
    *rest, last = proof
    if m < k:
        return h(b"\x01" + root_from_path(m, k, leaf, rest) + last)
    return h(b"\x01" + last + root_from_path(m - k, n - k, leaf, rest))


# CT reference test vectors (certificate-transparency, merkle_tree_test): the leaves and the roots
# of the trees of their first 1..8 leaves.
LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def test_empty_tree_hash_is_the_hash_of_nothing() -> None:
    assert merkle.root([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_match_the_ct_reference_vectors(size: int) -> None:
    hashes = [merkle.leaf_hash(leaf) for leaf in LEAVES[:size]]
    assert merkle.root(hashes).hex() == ROOTS[size - 1]
    assert mth(LEAVES[:size]).hex() == ROOTS[size - 1]  # the checker agrees with the vectors too


def test_frontier_gives_the_root_of_every_prefix() -> None:
    data = [bytes([i]) * (i % 7) for i in range(70)]
    frontier = merkle.Frontier()
    for n, item in enumerate(data, start=1):
        frontier.append(merkle.leaf_hash(item))
        assert frontier.root() == mth(data[:n])
        assert len(frontier.nodes) == n.bit_count()


@pytest.mark.parametrize("chunk", [1, 2, 8, 1 << 14])
@pytest.mark.parametrize("batch", [1, 3, 16, 70])
def test_prefix_roots_in_batches_are_those_of_the_rfc(
    monkeypatch: pytest.MonkeyPatch, chunk: int, batch: int
) -> None:
    monkeypatch.setattr(merkle, "CHUNK", chunk)
    data = [bytes([i]) * (i % 7) for i in range(70)]
    hashes = [merkle.leaf_hash(item) for item in data]
    every = merkle.PrefixRoots(range(71))
    some = merkle.PrefixRoots([64, 5, 5, 90])
    for start in range(0, len(hashes), batch):
        every.add(hashes[start : start + batch])
        some.add(hashes[start : start + batch])
    assert every.finish() == {n: mth(data[:n]) for n in range(71)}
    assert some.finish() == {5: mth(data[:5]), 64: mth(data[:64])}  # 90: never reached
    assert merkle.PrefixRoots([0]).finish() == {0: h(b"")}
    with pytest.raises(ValueError, match="negative"):
        merkle.PrefixRoots([-1])


@pytest.mark.parametrize("size", [*range(1, 18), 31, 32, 33, 64, 100])
def test_inclusion_proofs_are_those_of_the_rfc(size: int) -> None:
    data = [f"event {i}".encode() for i in range(size)]
    hashes = [merkle.leaf_hash(item) for item in data]
    root = mth(data)
    for m in range(size):
        proof = merkle.inclusion_proof(m, hashes)
        assert proof == path(m, data)
        assert root_from_path(m, size, h(b"\x00" + data[m]), proof) == root
        assert merkle.verify_inclusion(m, size, hashes[m], proof, root)
        assert not merkle.verify_inclusion(m, size, h(b"other"), proof, root)
        if proof:
            assert not merkle.verify_inclusion(m, size, hashes[m], proof[:-1], root)


@pytest.mark.parametrize("second", [*range(1, 18), 32, 33, 100])
def test_consistency_proofs_are_those_of_the_rfc(second: int) -> None:
    data = [f"event {i}".encode() for i in range(second)]
    hashes = [merkle.leaf_hash(item) for item in data]
    for first in range(1, second + 1):
        proof = merkle.consistency_proof(first, hashes)
        assert proof == subproof(first, data, True)
        assert merkle.verify_consistency(first, second, mth(data[:first]), mth(data), proof)
        if first < second:
            assert not merkle.verify_consistency(first, second, h(b"forged"), mth(data), proof)
            assert not merkle.verify_consistency(first, second, mth(data[:first]), h(b"forged"), proof)


def test_proofs_out_of_range_are_refused() -> None:
    hashes = [merkle.leaf_hash(b"a")]
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(1, hashes)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(2, hashes)
    assert not merkle.verify_inclusion(3, 2, hashes[0], [], hashes[0])
