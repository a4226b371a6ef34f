"""The heads' signatures checked in a few threads: answers in order, a bad one found wherever it is."""

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections import merkle, verify_log


def signed_heads(count: int) -> tuple[list[verify_log.Head], Ed25519PrivateKey]:
    key = Ed25519PrivateKey.generate()
    heads = []
    for size in range(1, count + 1):
        root = merkle.leaf_hash(bytes([size]))
        signature = key.sign(merkle.tree_head_message(size, 1000 + size, root))
        heads.append(verify_log.Head(size, size, root, 1000 + size, signature))
    return heads, key


@pytest.mark.parametrize("threads", [1, 2, 4])
@pytest.mark.parametrize("bad", [0, 4, 8])
def test_each_answer_is_that_of_its_head(monkeypatch: pytest.MonkeyPatch, threads: int, bad: int) -> None:
    monkeypatch.setattr(verify_log, "SIGNATURE_THREADS", threads)
    heads, key = signed_heads(9)
    forged = heads[bad]
    heads[bad] = verify_log.Head(
        forged.tree_size, forged.last_position, forged.root_hash, 1, forged.signature
    )
    answers = verify_log.verify_signatures(heads, key.public_key())
    assert answers == [index != bad for index in range(9)]
    assert verify_log.verify_signatures([], key.public_key()) == []
