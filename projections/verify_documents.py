"""Checking the documents of an export: each file's bytes have the SHA-256 its act published.

An export holds, in ``documents/``, the files of the dialogue's documents that were not shredded,
each named by its SHA-256; the acts that attached them (``DocumentAttached``,
``DocumentSuperseded``, in ``events.json``) carry that hash, and the verifiable log covers the acts.
A file whose bytes were changed, or that no act published, is a problem at its act's position.
"""

import base64
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FOLDER = "documents"
ACTS = (".DocumentAttached", ".DocumentSuperseded")


def published(events: Iterable[dict[str, Any]]) -> dict[str, int]:
    """SHA-256 -> the position of the first act that published it, from the exported events."""
    hashes: dict[str, int] = {}
    for row in events:
        if str(row["topic"]).endswith(ACTS):
            state = json.loads(base64.b64decode(row["state_base64"]))
            hashes.setdefault(str(state["sha256"]), int(row["position"]))
    return hashes


def check_documents(folder: Path, events: Iterable[dict[str, Any]]) -> list[tuple[int, str]]:
    """(position, what is wrong) for each exported file that is not what its act published."""
    files = folder / FOLDER
    if not files.is_dir():
        return []
    hashes = published(events)
    problems = []
    for path in sorted(files.iterdir()):
        position = hashes.get(path.name)
        if position is None:
            problems.append((0, f"{FOLDER}/{path.name}: no act of the export published this file"))
        elif hashlib.sha256(path.read_bytes()).hexdigest() != path.name:
            problems.append(
                (position, f"{FOLDER}/{path.name}: its bytes differ from the SHA-256 its act published")
            )
    return problems
