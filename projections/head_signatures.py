"""Ed25519 signatures of tree heads checked in bulk: here, and in a worker process meanwhile.

The checks are PyNaCl's (libsodium): 0.06 ms a signature here, half the time
of ``cryptography``'s (OpenSSL), which still loads and makes the keys.

A thread would hardly overlap the checks with the hashing of the log: even
where the library lets go of the GIL while it verifies, the thread must take
it back from the hashing thread after each signature, and waits for it
(measured: 0.5 to 0.7 ms a signature, five to ten times as long). A worker
process overlaps them wholly. For many heads and with a core to spare,
``Verification`` starts ``signature_worker`` in a fresh interpreter at once;
it checks the pairs from the first one on, answering each as it goes.
``result()`` checks them here from the last one back until the two meet: the
work is shared however busy the other core is, and this process never waits
for the worker (nor for its start-up). Should the worker fail, the pairs it
has not answered are checked here.
"""

import marshal
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl.signing import VerifyKey

from projections import signature_worker

WORKER_MIN = 500
"""Pairs worth a worker (measured, a head every 100 leaves): it shortens ``check_store`` from about 300
heads, ``check_export`` (no leaf to hash) from 400, and signatures alone only from 750 (0.05 s of checks
here, its start-up). Set above the first two: a worker starting on a busy core slows this process."""

WORKER = [sys.executable, "-I", signature_worker.__file__]

Pair = tuple[bytes, bytes]
"""(message, signature)."""


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Verification:
    """Checks ``pairs``, with a worker process when worth it; ``result()`` gives the answers.

    A context manager: leaving it stops a worker whose answers were not asked for.
    """

    def __init__(self, public_key: Ed25519PublicKey, pairs: Sequence[Pair]):
        raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key = VerifyKey(raw)
        self.pairs = pairs
        self._worker: subprocess.Popen[bytes] | None = None
        if len(pairs) >= WORKER_MIN and _cores() > 1:
            self._worker = self._start(raw, pairs)

    @staticmethod
    def _start(raw: bytes, pairs: Sequence[Pair]) -> subprocess.Popen[bytes] | None:
        with tempfile.TemporaryFile() as request:
            marshal.dump((raw, list(pairs)), request)
            request.seek(0)
            try:
                worker = subprocess.Popen(  # noqa: S603  # our own script
                    WORKER, stdin=request, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
                )
            except OSError:
                return None
        assert worker.stdout is not None  # stdout=PIPE
        os.set_blocking(worker.stdout.fileno(), False)
        return worker

    def result(self) -> list[bool]:
        """Whether each signature verifies, in order: the worker's answers, then those checked here."""
        answers = bytearray()
        mine: list[bool] = []
        end = len(self.pairs)
        while len(answers) < end:
            answers += self._received()
            if len(answers) < end:
                end -= 1
                mine.append(signature_worker.verifies(self.key, *self.pairs[end]))
        self._stop()
        mine.reverse()
        return [answer == 1 for answer in answers[:end]] + mine

    def _received(self) -> bytes:
        """The worker's answers since the last call (none without a worker, or once it has ended)."""
        if self._worker is None or self._worker.stdout is None:
            return b""
        try:
            answers = os.read(self._worker.stdout.fileno(), 1 << 16)
        except BlockingIOError:
            return b""
        if not answers:  # the worker has ended
            self._stop()
        return answers

    def _stop(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.kill()
            if worker.stdout is not None:
                worker.stdout.close()
            worker.wait()

    def __enter__(self) -> "Verification":
        return self

    def __exit__(self, *_: object) -> None:
        self._stop()
