"""The erasure register outside the database: a file beside the key-encryption key.

Every erasure is written here first (atomically: a file beside it, synced, renamed over it), then
the keys are deleted and the ``person-erased`` act recorded in the database. A database restored
from a backup older than some erasures holds neither their acts nor their deletions; at start the
application reads this file and re-applies each erasure the database does not hold (deletes the
keys, records the act), before any key is read (``ErasureActs.reapply_erasures``). A moderator's
shredding (``item-shredded``) is written here too, once its act is recorded and before its keys
are deleted: at start, the keys it names that a restored backup still holds are deleted again.

The file is ``KEY_ENCRYPTION_KEY_FILE`` + ``.erasures``: JSON lines, one per erasure (its id, the
person, the records erased, the date, the ground, who did it) or shredding (``"kind": "shredding"``:
the dialogue, the item, the keys deleted, the date, the ground, who did it). It holds no personal
data: ids only.
"""

import fcntl
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from application.key_encryption import write_atomically


@dataclass(frozen=True)
class RegisteredErasure:
    erasure_id: str
    person_id: str
    erased: list[str]
    erased_on: str
    reason: str
    by: str


@dataclass(frozen=True)
class RegisteredShredding:
    dialogue_id: str
    item_kind: str
    item_id: str
    keys: list[str]
    """The item's key and the other keys that died with it (its reports' notes)."""
    shredded_on: str
    ground: str
    by: str
    kind: str = "shredding"


Registered = RegisteredErasure | RegisteredShredding


def _entry(line: str) -> Registered:
    data = json.loads(line)
    return RegisteredShredding(**data) if data.get("kind") == "shredding" else RegisteredErasure(**data)


class ErasureRegister:
    """The erasures, in the order they were made, in ``path``."""

    def __init__(self, path: Path):
        self.path = path

    def entries(self) -> list[Registered]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [_entry(line) for line in lines if line.strip()]

    def add(self, entry: Registered) -> None:
        """The register rewritten with ``entry`` at its end (a crash leaves the old or the new one);
        one process at a time (a lock file beside it), so two erasures at once both stay."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.with_name(self.path.name + ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            lines = [json.dumps(asdict(e), sort_keys=True) for e in [*self.entries(), entry]]
            write_atomically(self.path, ("\n".join(lines) + "\n").encode())


def erasure_register(kek_setting: str | None) -> ErasureRegister | None:
    """The register beside ``KEY_ENCRYPTION_KEY_FILE``; None without it (no register kept)."""
    return ErasureRegister(Path(kek_setting + ".erasures")) if kek_setting else None
