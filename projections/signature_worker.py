"""The worker process of ``head_signatures``: Ed25519 signatures checked one by one, each answer sent at once.

Started as a script in a fresh interpreter (``python -I FILE``), it imports
PyNaCl and nothing else, so that it starts fast. It reads the raw public key
and the (message, signature) pairs (``marshal``) on its standard input and
writes one byte per pair as soon as it is checked, 1 when the signature
verifies: the parent takes the pairs it has not reached, from the last one
back, until they meet.
"""

import marshal
import os
import sys

from nacl import exceptions
from nacl.signing import VerifyKey


def verifies(key: VerifyKey, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``key``'s of ``message`` (one of the wrong length is not: no exception)."""
    try:
        key.verify(message, signature)
    except (exceptions.BadSignatureError, exceptions.ValueError):
        return False
    return True


def main() -> None:
    raw, pairs = marshal.load(sys.stdin.buffer)  # noqa: S302  # nosec B302  # written by the parent process
    key = VerifyKey(raw)
    out = sys.stdout.fileno()
    for message, signature in pairs:
        os.write(out, b"\1" if verifies(key, message, signature) else b"\0")


if __name__ == "__main__":
    main()
