"""How an act reads: its dialogue (kept by the process, ``application.aggregate_cache``) and its parts."""

from collections.abc import Iterator
from contextlib import contextmanager
from threading import local
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate

from application.aggregate_cache import AggregateCache, private, read_together
from application.errors import NotFoundError
from application.opened_dialogues import OpenedDialogues
from application.recorded import replay
from domain.dialogue import Dialogue
from domain.errors import InvalidActError

PartT = TypeVar("PartT", bound=Aggregate)


def summary(dialogue: Dialogue) -> dict[str, Any]:
    """What a list of dialogues shows of one: its id, slug, title, stage and whether it is closed."""
    return {
        "id": str(dialogue.id),
        "slug": dialogue.slug,
        "title": dialogue.title,
        "stage": dialogue.stage.value,
        "closed": dialogue.closed,
    }


class DialogueReads(Application[UUID]):
    """Reading dialogues and their parts as the store holds them (``ActRecording`` opens the caches)."""

    _dialogues: AggregateCache
    _kept_parts: AggregateCache
    _opened: OpenedDialogues
    _reads: local

    def _get(self, aggregate_id: UUID) -> Aggregate:
        """The aggregate's current state; AggregateNotFoundError if there is none."""
        aggregate: Aggregate = self.repository.get(aggregate_id, projector_func=replay)
        return aggregate

    def _dialogue(self, dialogue_id: UUID, *, fresh: bool = True, pin: bool = True) -> Dialogue:
        """The dialogue as the store holds it, shared by the threads: an act changes a private copy.

        Within ``one_read``, read from the store once, then the same for the rest of the block.
        ``fresh=False``: the dialogue as this process last read it, if it has (not asking the store);
        ``pin=False``: not kept for the rest of the block (a later read asks the store).
        """
        pinned = getattr(self._reads, "pinned", None)
        if pinned is not None and dialogue_id in pinned:
            return pinned[dialogue_id]  # type: ignore[no-any-return]
        try:
            dialogue = self._dialogues.get(dialogue_id, fresh=fresh)
        except AggregateNotFoundError:
            raise NotFoundError(f"no dialogue {dialogue_id}", code="no-dialogue") from None
        if not isinstance(dialogue, Dialogue):
            raise NotFoundError(f"no dialogue {dialogue_id}", code="no-dialogue")
        if pinned is not None and pin:
            pinned[dialogue_id] = dialogue
        return dialogue

    def _dialogue_with(self, dialogue_id: UUID, part_id: UUID) -> Dialogue:
        """``_dialogue``, and the part kept as the store holds it (``_part(kept=True)``): one query."""
        pinned = getattr(self._reads, "pinned", None)
        if part_id == dialogue_id or (pinned is not None and dialogue_id in pinned):
            dialogue, part = (
                self._dialogue(dialogue_id),
                read_together(self.events, [(self._kept_parts, part_id)])[0],
            )
        else:
            read, part = read_together(
                self.events, [(self._dialogues, dialogue_id), (self._kept_parts, part_id)]
            )
            if not isinstance(read, Dialogue):
                raise NotFoundError(f"no dialogue {dialogue_id}", code="no-dialogue")
            self._dialogues.keep(dialogue := read)
            if pinned is not None:
                pinned[dialogue_id] = dialogue
        if part is not None:
            self._kept_parts.keep(part)
        return dialogue

    @contextmanager
    def one_read(self) -> Iterator[None]:
        """Within the block, this thread reads each dialogue from the store once (a web request:
        its role check, its queries and its act see the same state); an act that conflicts reads again.
        """
        outer = getattr(self._reads, "pinned", None)
        self._reads.pinned = {} if outer is None else outer
        try:
            yield
        finally:
            self._reads.pinned = outer

    def _share(self, saved: Dialogue) -> None:
        """A dialogue just saved: what the next reads get (in this block of ``one_read`` too)."""
        self._dialogues.keep(saved)
        pinned = getattr(self._reads, "pinned", None)
        if pinned is not None:
            pinned[saved.id] = saved

    def _unpin(self, dialogue_id: UUID) -> None:
        """Read the dialogue from the store again, even in a block of ``one_read`` (after a conflict)."""
        pinned = getattr(self._reads, "pinned", None)
        if pinned is not None:
            pinned.pop(dialogue_id, None)

    def _every_dialogue(self) -> Iterator[Dialogue]:
        """Every dialogue, in the order they were opened."""
        for dialogue_id in self._opened.all():
            yield self._dialogue(dialogue_id)

    def _part(
        self, dialogue: Dialogue, cls: type[PartT], part_id: Any, field: str, *, kept: bool = False
    ) -> PartT:
        """A part of ``dialogue`` of type ``cls``; refused naming ``field`` otherwise. ``kept``: a private
        copy of the one kept, as ``_dialogue_with`` read it for the act."""
        label = cls.__name__.lower()
        if not isinstance(part_id, UUID):
            raise InvalidActError(field, f"must be the id of a {label}", code="part-id")
        params = {"part": str(part_id)}
        try:
            part = private(self._kept_parts.get(part_id, fresh=False)) if kept else self._get(part_id)
        except AggregateNotFoundError:
            raise InvalidActError(
                field, f"no {label} {part_id}", code="unknown-part", params=params
            ) from None
        if not isinstance(part, cls) or getattr(part, "dialogue_id", None) != dialogue.id:
            raise InvalidActError(
                field, f"no {label} {part_id} in this dialogue", code="unknown-part", params=params
            )
        return part
