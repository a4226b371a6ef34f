"""Heads' signatures checked in bulk, here or in a worker process: answers in order, a bad one found."""

import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections import head_signatures


def signed_pairs(count: int, bad: int) -> tuple[list[head_signatures.Pair], Ed25519PrivateKey]:
    key = Ed25519PrivateKey.generate()
    pairs = [(b"head %d" % i, key.sign(b"head %d" % i)) for i in range(count)]
    pairs[bad] = (b"forged", pairs[bad][1])
    return pairs, key


@pytest.fixture
def worker_always(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A worker process for any number of pairs, as on a machine with two cores."""
    monkeypatch.setattr(head_signatures, "WORKER_MIN", 1)
    monkeypatch.setattr(head_signatures, "_cores", lambda: 2)
    return monkeypatch


@pytest.mark.parametrize("in_worker", [True, False])
@pytest.mark.parametrize("bad", [0, 4, 8])
def test_each_answer_is_that_of_its_pair(
    worker_always: pytest.MonkeyPatch, in_worker: bool, bad: int
) -> None:
    if not in_worker:
        worker_always.setattr(head_signatures, "WORKER_MIN", 10)
    pairs, key = signed_pairs(9, bad)
    with head_signatures.Verification(key.public_key(), pairs) as verification:
        assert (verification._worker is not None) == in_worker
        assert verification.result() == [index != bad for index in range(9)]
    assert head_signatures.Verification(key.public_key(), []).result() == []


def test_a_failing_worker_leaves_the_checks_to_this_process(worker_always: pytest.MonkeyPatch) -> None:
    worker_always.setattr(head_signatures, "WORKER", [sys.executable, "-c", "import sys; sys.exit(3)"])
    pairs, key = signed_pairs(5, 2)
    with head_signatures.Verification(key.public_key(), pairs) as verification:
        assert verification._worker is not None
        assert verification.result() == [True, True, False, True, True]


def test_leaving_early_stops_the_worker(worker_always: pytest.MonkeyPatch) -> None:
    worker_always.setattr(head_signatures, "WORKER", [sys.executable, "-c", "import time; time.sleep(60)"])
    pairs, key = signed_pairs(3, 0)
    with head_signatures.Verification(key.public_key(), pairs) as verification:
        worker = verification._worker
    assert worker is not None and worker.returncode is not None
