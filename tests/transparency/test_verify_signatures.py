"""Heads' signatures checked in bulk, by a worker process and this one from either end: answers in order."""

import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections import head_signatures


def signed_pairs(count: int, *bad: int) -> tuple[list[head_signatures.Pair], Ed25519PrivateKey]:
    key = Ed25519PrivateKey.generate()
    pairs = [(b"head %d" % i, key.sign(b"head %d" % i)) for i in range(count)]
    for index in bad:
        pairs[index] = (b"forged", pairs[index][1])
    return pairs, key


@pytest.fixture
def worker_always(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A worker process for any number of pairs, as on a machine with two cores."""
    monkeypatch.setattr(head_signatures, "WORKER_MIN", 1)
    monkeypatch.setattr(head_signatures, "_cores", lambda: 2)
    return monkeypatch


def finished(verification: head_signatures.Verification) -> head_signatures.Verification:
    """``verification`` once its worker has ended (every answer it gives sent)."""
    assert verification._worker is not None
    verification._worker.wait()
    return verification


SPOILED = {
    "forged": lambda message, signature: (b"forged", signature),
    "short": lambda message, signature: (message, signature[:-1]),
    "empty": lambda message, signature: (message, b""),
}
"""Ways a pair does not verify: a signature of the wrong length is no exception (as with ``cryptography``)."""


@pytest.mark.parametrize("in_worker", [True, False])
@pytest.mark.parametrize("bad", [0, 4, 8])
@pytest.mark.parametrize("spoiled", SPOILED)
def test_each_answer_is_that_of_its_pair(
    worker_always: pytest.MonkeyPatch, in_worker: bool, bad: int, spoiled: str
) -> None:
    if not in_worker:
        worker_always.setattr(head_signatures, "WORKER_MIN", 10)
    pairs, key = signed_pairs(9)
    pairs[bad] = SPOILED[spoiled](*pairs[bad])
    with head_signatures.Verification(key.public_key(), pairs) as verification:
        assert (verification._worker is not None) == in_worker
        answers = (finished(verification) if in_worker else verification).result()
        assert answers == [index != bad for index in range(9)]
    assert head_signatures.Verification(key.public_key(), []).result() == []


@pytest.mark.parametrize("bad", [2, 3])
def test_the_worker_answers_the_first_pairs_and_this_process_the_rest(
    worker_always: pytest.MonkeyPatch, bad: int
) -> None:
    """A worker that answered the first three pairs (truly) and stopped: this process checks the others."""
    pairs, key = signed_pairs(7, 1, bad)
    first = bytes(index not in (1, bad) for index in range(3))
    worker = [sys.executable, "-c", f"import os; os.write(1, {first!r})"]
    worker_always.setattr(head_signatures, "WORKER", worker)
    with finished(head_signatures.Verification(key.public_key(), pairs)) as verification:
        assert verification.result() == [index not in (1, bad) for index in range(7)]


@pytest.mark.parametrize("code", ["import sys; sys.exit(3)", "import time; time.sleep(60)"])
def test_a_failing_or_stalled_worker_leaves_the_checks_to_this_process(
    worker_always: pytest.MonkeyPatch, code: str
) -> None:
    worker_always.setattr(head_signatures, "WORKER", [sys.executable, "-c", code])
    pairs, key = signed_pairs(5, 2)
    with head_signatures.Verification(key.public_key(), pairs) as verification:
        worker = verification._worker
        assert verification.result() == [True, True, False, True, True]
    assert worker is not None and worker.returncode is not None


def test_leaving_early_stops_the_worker(worker_always: pytest.MonkeyPatch) -> None:
    worker_always.setattr(head_signatures, "WORKER", [sys.executable, "-c", "import time; time.sleep(60)"])
    pairs, key = signed_pairs(3, 0)
    with head_signatures.Verification(key.public_key(), pairs) as verification:
        worker = verification._worker
    assert worker is not None and worker.returncode is not None
