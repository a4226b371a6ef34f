"""The runner's writer of replay snapshots: each dialogue's are taken as its log grows, not by a replay.

A follower of the log beside the projection runner (a thread of the runner's
process), woken by the same :class:`projections.log_signal.LogSignal`. Each
time the ``audit_trail`` read model moves on, it looks at the dialogues with
acts in the new stretch; a dialogue whose acts since its last snapshot reach
the snapshots' threshold (``ReplaySnapshots.threshold``: ``SPACING`` events,
or a ``GROWTH``-th of those folded) is folded on from that snapshot to the
read model's position (``projections.replay.fold_dialogue``), which takes the
snapshots due on its way. A replay then folds at most about a threshold of
events past the nearest snapshot, and writes none, or almost none, itself.

Started on a store with long dialogues and no snapshot, its first pass folds
each of them once, in this thread, while the read models go on. ``also``
(the application's index of contributions, which a replay counts with) is
brought up to the head in the same pass, so that no replay fills it.
"""

import logging
import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID

from projections.log_signal import LogSignal
from projections.replay import EventReader, fold_dialogue
from projections.replay_snapshots import SPACING, ReplaySnapshots
from projections.tracking import TRACKING

log = logging.getLogger(__name__)

TRAIL = "audit_trail"
"""The read model whose rows (one per act, with its dialogue) say which dialogues grew."""


class SnapshotWriter:
    """Takes the replay snapshots due up to the ``audit_trail`` read model's position."""

    def __init__(
        self, recorder: Any, mapper: Any, *, spacing: int = SPACING, also: Callable[[], Any] | None = None
    ):
        self.reader = EventReader(recorder, mapper)
        self.also = also
        self.snapshots = ReplaySnapshots(self.reader.store, mapper, spacing=spacing)
        self.position = 0
        """The read model's position up to which the snapshots due were taken."""

    def keep_up(self) -> int:
        """Take every snapshot due up to the read model's position; how many dialogues were folded.
        ``also`` is brought up to the head when the read model has moved on (each contribution is an
        act), not at each of the signal's wakes (two or three an act: the commit's, the batch's)."""
        with self.reader.store.transaction(commit=False) as sql:
            row = sql.one(f"SELECT position FROM {TRACKING} WHERE name = ?", (TRAIL,))  # noqa: S608
            upto = 0 if row is None else int(row["position"])
            if upto <= self.position:
                return 0
            grown = sql.all(
                f"SELECT DISTINCT dialogue_id FROM {TRAIL} WHERE position > ? AND position <= ?",  # noqa: S608
                (self.position, upto),
            )
        if self.also is not None:
            self.also()
        folded = sum(self._take_due(UUID(row["dialogue_id"]), upto) for row in grown)
        self.position = upto
        return folded

    def _take_due(self, dialogue_id: UUID, upto: int) -> bool:
        position, count = self.snapshots.last_taken(dialogue_id)
        with self.reader.store.transaction(commit=False) as sql:
            acts = sql.one(
                f"SELECT count(*) AS acts FROM {TRAIL}"  # noqa: S608
                " WHERE dialogue_id = ? AND position > ? AND position <= ?",
                (str(dialogue_id), position, upto),
            )
        if acts is None or int(acts["acts"]) < self.snapshots.threshold(count):
            return False
        fold_dialogue(self.reader, dialogue_id, upto, self.snapshots)
        return True

    def follow(self, signal: LogSignal, stop: threading.Event) -> None:
        """Keep up each time ``signal`` is notified (the runner's batches), until ``stop`` is set."""
        while not stop.is_set():
            seen = signal.count
            try:
                self.keep_up()
            except Exception:  # a store hiccup: a replay takes the snapshots meanwhile; try again
                log.exception("replay snapshots: taking them failed")
            signal.wait(seen)


def write_in_thread(writer: SnapshotWriter, signal: LogSignal) -> Callable[[], None]:
    """``writer`` follows in a daemon thread; the function returned stops it."""
    stop = threading.Event()
    thread = threading.Thread(target=writer.follow, args=(signal, stop), name="replay-snapshots", daemon=True)
    thread.start()

    def stopping() -> None:
        stop.set()
        signal.notify()
        thread.join()

    return stopping
