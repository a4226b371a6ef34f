"""What an act returns (``Recorded``), and how an aggregate is read back from its events (``replay``)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Recording

from domain.acts import BOOKKEEPING_EVENTS


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's ``project_aggregate`` without its assertion: a runtime Protocol check per event
    that costs more than decoding and applying the event (Python 3.11; bench/write_path.py)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


@dataclass(frozen=True)
class Recorded:
    """What an act returns: the id of the thing it concerns, the act's own position in the log, and
    the positions of every act saved with it, in log order (``position`` among them).

    One call may record several acts at once (closing a consent round validates its proposal in the
    same save); the dialogue's bookkeeping (``BOOKKEEPING_EVENTS``) saved with them is no act.
    """

    id: UUID
    position: int
    positions: tuple[int, ...]

    @classmethod
    def of(cls, subject_id: UUID, event_name: str, recordings: Sequence[Recording[UUID]]) -> "Recorded":
        """What was saved: ``event_name`` is the class name of the act's own event."""
        named = [(type(r.domain_event).__name__, r.notification.id) for r in recordings]
        position = next(position for name, position in named if name == event_name)
        positions = tuple(position for name, position in named if name not in BOOKKEEPING_EVENTS)
        return cls(subject_id, position, positions)
