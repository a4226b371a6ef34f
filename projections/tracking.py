"""What the runner and the parallel rebuild share: the tracking table, progress, and a runner as
the rebuild uses it (``projections.runner`` implements it; ``projections.parallel_rebuild`` uses it)."""

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Protocol

from projections.projection import Projection
from projections.store import ProjectionStore

TRACKING = "projection_tracking"
"""The table of each projection's position in the log and the version its rows were built with."""

Progress = Callable[[int, int], None]
"""Called after each batch with (position reached, head of the log)."""


class Opening:
    """How a runner opening in this process brings the store up to date."""

    in_rebuild_worker = False
    """Set in a rebuild's worker process before it opens its runner (``projections.parallel_rebuild``):
    the command's process opened the same read models and fills its emptied tables meanwhile, without
    their indexes. The runner then adds no index, and writes (waiting for SQLite's one writer, busy
    with a batch) only if a table or a position is missing."""


class Runner(Protocol):
    """A runner of projections over a log, as a rebuild shared between processes drives it."""

    projections: dict[str, Projection]
    store: ProjectionStore
    opener: "Opener | None"

    def of(self, projections: Iterable[Projection], store: ProjectionStore | None = None) -> "Runner":
        """A runner of the same log and batch size for ``projections``, written to ``store``
        (default: this runner's)."""

    def head(self) -> int:
        """The position of the last recorded event."""

    def reset(self, projections: Iterable[Projection]) -> None:
        """Empty these projections' tables and set them back to position 0."""

    def catch_up(self, progress: Progress | None = None, between: Callable[[], object] | None = None) -> None:
        """Apply every event recorded so far; ``between``: called after each batch."""


Opener = Callable[[], AbstractContextManager[Runner]]
"""Opens, in a worker process, a runner of the same log and projections (picklable)."""
