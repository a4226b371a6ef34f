"""Dot voting in a live session: the facilitator puts the cards or the proposals of an agenda item
(the one discussed, by default) to a vote with a number of dots per member; members place their
dots (several on one option if they like) and take them back; closing the vote records its result,
option by option.

A vote is an aggregate of its own, indexed in its dialogue (``dot_vote``), so that members placing
dots at once never conflict with the meeting's other acts (each dot is retried on a conflict and
checked again: no member ever has more dots placed than the vote gives).
"""

from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Actor, DialoguePart, check_choice, check_count, check_text
from domain.errors import InvalidActError, RuleError
from domain.fields import public

DOT_VOTE_SUBJECTS = ("contributions", "proposals")
"""What a vote is on: the cards posted on an agenda item of the meeting, or the open proposals of
its instance that belong to that item (put to a consent round while it was discussed, or drafted
from its cards)."""

MOST_DOTS = 10
"""The most dots a vote gives each member."""


def check_dots(value: Any) -> int:
    dots = check_count("dots", value)
    if not 1 <= dots <= MOST_DOTS:
        raise InvalidActError(
            "dots", f"must be between 1 and {MOST_DOTS}", code="dots", params={"most": MOST_DOTS}
        )
    return dots


class DotVote(DialoguePart):
    class OpeningFields(TypedDict):
        """``item``: the agenda item whose cards or proposals are voted on (its index; the one
        discussed by default, the application resolves it)."""

        subject: str
        dots: int
        item: NotRequired[int | None]

    @classmethod
    def open(
        cls,
        by: Actor,
        *,
        dialogue_id: UUID,
        meeting_id: UUID,
        item_label: str,
        options: list[tuple[UUID, str]],
        **fields: Unpack[OpeningFields],
    ) -> "DotVote":
        """``options``: what is voted on, (id, label) each, in the order the board shows them: the
        cards or the proposals of the agenda item ``item``."""
        subject = check_choice("subject", fields["subject"], DOT_VOTE_SUBJECTS)
        dots = check_dots(fields["dots"])
        item = None if fields.get("item") is None else check_count("item", fields.get("item"))
        if not options:
            raise InvalidActError(
                "subject", "there is nothing of this kind to vote on", code="nothing-to-vote"
            )
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            meeting_id=meeting_id,
            subject=subject,
            dots=dots,
            item=item,
            item_label=item_label,
            options=[str(option) for option, _ in options],
            labels=[label for _, label in options],
        )

    @event("DotVoteOpened")
    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        meeting_id: UUID,
        subject: str,
        dots: int,
        item: int | None,
        item_label: str,
        options: list[str],
        labels: list[str],
    ):
        """``item``: the agenda item discussed when the vote opened (its index), ``item_label`` its text."""
        self.dialogue_id = dialogue_id
        self.meeting_id = meeting_id
        self.subject = subject
        self.dots = dots
        self.item_label = item_label
        self.options = list(options)
        self.labels = list(labels)
        self.placed: dict[str, dict[str, int]] = {}
        """Each member's dots: ``{account id: {option: dots}}``."""
        self.closed = False

    @property
    def title(self) -> str:
        """What lists of parts call it: the agenda item it was opened on, else its subject."""
        return self.item_label or self.subject

    # --- guards -----------------------------------------------------------

    def check_open(self, act: str) -> None:
        if self.closed:
            raise RuleError(f"{act}: the dot vote is closed", code="vote-closed", params={"act": act})

    def check_option(self, value: Any) -> str:
        option = check_text("option", value if not isinstance(value, UUID) else str(value))
        if option not in self.options:
            raise InvalidActError("option", "is not an option of this vote", code="not-an-option")
        return option

    def _record(self, event_class: type[Any], by: Actor, **fields: Any) -> None:
        self.trigger_event(event_class, actor_id=by.account_id, actor_role=by.role, **fields)

    # --- dots -------------------------------------------------------------

    class DotFields(TypedDict):
        option: str

    def used_by(self, account_id: str) -> int:
        return sum(self.placed.get(account_id, {}).values())

    def place_dot(self, by: Actor, **fields: Unpack[DotFields]) -> None:
        """One more of the member's dots on ``option``; refused once all of them are placed."""
        self.check_open("dot-placed")
        option = self.check_option(fields["option"])
        if self.used_by(by.account_id) >= self.dots:
            raise RuleError(
                f"dot-placed: all {self.dots} dots are placed already; take one back first",
                code="no-dot-left",
                params={"act": "dot-placed", "dots": self.dots},
            )
        self._record(self.DotPlaced, by, option=option)

    class DotPlaced(DialoguePart.Event):
        option: str

        def apply(self, aggregate: Any) -> None:
            mine = aggregate.placed.setdefault(self.actor_id, {})
            mine[self.option] = mine.get(self.option, 0) + 1

    def take_back_dot(self, by: Actor, **fields: Unpack[DotFields]) -> None:
        """Take one of the member's own dots back from ``option``."""
        self.check_open("dot-taken-back")
        option = self.check_option(fields["option"])
        if not self.placed.get(by.account_id, {}).get(option):
            raise InvalidActError("option", "holds none of your dots", code="no-dot-here")
        self._record(self.DotTakenBack, by, option=option)

    class DotTakenBack(DialoguePart.Event):
        option: str

        def apply(self, aggregate: Any) -> None:
            mine = aggregate.placed[self.actor_id]
            mine[self.option] -= 1
            if not mine[self.option]:
                del mine[self.option]

    # --- the tally and the result -------------------------------------------

    def tally(self) -> dict[str, int]:
        """Dots by option, every option listed, in the vote's order."""
        counts = dict.fromkeys(self.options, 0)
        for mine in self.placed.values():
            for option, dots in mine.items():
                counts[option] += dots
        return counts

    def results(self) -> list[dict[str, Any]]:
        """The options, most dots first (ties in the vote's order): ``{option, label, dots}``."""
        counts = self.tally()
        ranked = sorted(range(len(self.options)), key=lambda i: (-counts[self.options[i]], i))
        return [
            {"option": self.options[i], "label": self.labels[i], "dots": counts[self.options[i]]}
            for i in ranked
        ]

    class ClosingFields(TypedDict):
        """Closing a vote takes no field: its result is counted."""

    def close(self, by: Actor, **fields: Unpack[ClosingFields]) -> None:
        """Close the vote: its result is recorded, and no dot moves any more."""
        self.check_open("dot-vote-closed")
        voters = sum(1 for mine in self.placed.values() if any(mine.values()))
        self._record(
            self.DotVoteClosed,
            by,
            meeting_id=self.meeting_id,
            subject=self.subject,
            dots=self.dots,
            item_label=self.item_label,
            results=self.results(),
            voters=voters,
        )

    class DotVoteClosed(DialoguePart.Event):
        """``results``: every option, most dots first, ``{option, label, dots}``; ``voters``: the
        members who placed at least one dot."""

        PUBLIC = public("subject", "dots", "item_label", "results", "voters")
        meeting_id: UUID
        subject: str
        dots: int
        item_label: str
        results: list[dict[str, Any]]
        voters: int

        def apply(self, aggregate: Any) -> None:
            aggregate.closed = True
