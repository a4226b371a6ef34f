"""Ed25519 signatures of tree heads checked in bulk: here, or in a worker process meanwhile.

A thread would hardly overlap the checks with the hashing of the log: even
where ``cryptography`` lets go of the GIL while it verifies, the thread must
take it back from the hashing thread after each signature, and waits for it
(measured: 0.5 ms a signature instead of 0.1). A worker process overlaps them
wholly. For many heads and with a core to spare, ``Verification`` starts this
file as a script in a fresh interpreter (``-I``: it imports ``cryptography``
only), which reads the raw public key and the (message, signature) pairs
(``marshal``) on its standard input and writes one byte per pair, 1 when the
signature verifies. Should the worker fail, the pairs are checked here.
"""

import marshal
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from typing import IO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

WORKER_MIN = 1000
"""Pairs worth a worker (about 0.1 s of checks, for 0.04 s to start it)."""

WORKER = [sys.executable, "-I", __file__]

Pair = tuple[bytes, bytes]
"""(message, signature)."""


def verify_all(public_key: Ed25519PublicKey, pairs: Sequence[Pair]) -> list[bool]:
    """Whether each signature verifies, in order."""
    verified = []
    for message, signature in pairs:
        try:
            public_key.verify(signature, message)
            verified.append(True)
        except InvalidSignature:
            verified.append(False)
    return verified


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Verification:
    """Checks ``pairs`` in a worker process when worth it; ``result()`` waits for the answers.

    A context manager: leaving it stops a worker whose answers were not asked for.
    """

    def __init__(self, public_key: Ed25519PublicKey, pairs: Sequence[Pair]):
        self.public_key = public_key
        self.pairs = pairs
        self._worker: subprocess.Popen[bytes] | None = None
        if len(pairs) >= WORKER_MIN and _cores() > 1:
            raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
            with tempfile.TemporaryFile() as request:
                marshal.dump((raw, list(pairs)), request)
                request.seek(0)
                self._worker = self._start(request)

    @staticmethod
    def _start(request: IO[bytes]) -> subprocess.Popen[bytes] | None:
        try:
            return subprocess.Popen(WORKER, stdin=request, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # noqa: S603
        except OSError:
            return None

    def result(self) -> list[bool]:
        worker, self._worker = self._worker, None
        if worker is not None:
            answers, _ = worker.communicate()
            if worker.returncode == 0 and len(answers) == len(self.pairs):
                return [answer == 1 for answer in answers]
        return verify_all(self.public_key, self.pairs)

    def __enter__(self) -> "Verification":
        return self

    def __exit__(self, *_: object) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker.communicate()


def main() -> None:
    raw, pairs = marshal.load(sys.stdin.buffer)  # noqa: S302  # nosec B302  # written by the parent process
    verified = verify_all(Ed25519PublicKey.from_public_bytes(raw), pairs)
    sys.stdout.buffer.write(bytes(verified))


if __name__ == "__main__":
    main()
