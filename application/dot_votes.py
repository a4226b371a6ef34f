"""Dot votes of a live session: opened on the meeting's cards or its instance's proposals, dots placed
and taken back by those taking part in the meeting, closed with the result (``domain.dot_vote``)."""

from typing import Any, Unpack
from uuid import UUID

from application.base import ActRecording
from application.recorded import Recorded
from domain.base import Actor
from domain.contribution import Contribution
from domain.dialogue import Dialogue
from domain.dot_vote import DotVote
from domain.errors import RuleError
from domain.meeting import Meeting
from domain.proposal import Proposal

LABEL_CHARACTERS = 160
"""A card's text in a vote's options is cut after so many characters."""


class DotVoteActs(ActRecording):
    def open_dot_vote(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[DotVote.OpeningFields]
    ) -> Recorded:
        """Open a vote during the meeting's live session on an agenda item (``item``, the one discussed
        by default): on the cards posted while it was discussed (``subject`` contributions) or on the
        instance's proposals not withdrawn that belong to it (proposals: put to a consent round of the
        meeting while it was discussed, or drafted from its cards)."""

        def open_vote(dialogue: Dialogue, by: Actor) -> DotVote:
            meeting = self._part(dialogue, Meeting, meeting_id, "meeting_id")
            meeting.check_live("dot-vote-opened")
            if self._open_vote(dialogue, meeting.id) is not None:
                raise RuleError(
                    "dot-vote-opened: a dot vote is open already; close it first", code="vote-open"
                )
            chosen = fields.get("item")
            item = meeting.current_item if chosen is None else meeting.check_agenda_item(chosen)
            resolved: DotVote.OpeningFields = {**fields, "item": item}
            return DotVote.open(
                by,
                dialogue_id=dialogue.id,
                meeting_id=meeting.id,
                item_label="" if item is None else meeting.agenda[item],
                options=self._vote_options(dialogue, meeting, fields.get("subject"), item),
                **resolved,
            )

        return self._create_part("dot-vote-opened", account_id, dialogue_id, "dot_vote", open_vote)

    def place_dot(
        self, account_id: str, dialogue_id: UUID, dot_vote_id: UUID, **fields: Unpack[DotVote.DotFields]
    ) -> Recorded:
        return self._on_vote(
            "dot-placed", account_id, dialogue_id, dot_vote_id, lambda v, by: v.place_dot(by, **fields)
        )

    def take_back_dot(
        self, account_id: str, dialogue_id: UUID, dot_vote_id: UUID, **fields: Unpack[DotVote.DotFields]
    ) -> Recorded:
        return self._on_vote(
            "dot-taken-back",
            account_id,
            dialogue_id,
            dot_vote_id,
            lambda v, by: v.take_back_dot(by, **fields),
        )

    def close_dot_vote(
        self, account_id: str, dialogue_id: UUID, dot_vote_id: UUID, **fields: Unpack[DotVote.ClosingFields]
    ) -> Recorded:
        return self._on_vote(
            "dot-vote-closed", account_id, dialogue_id, dot_vote_id, lambda v, by: v.close(by, **fields)
        )

    # --- reading --------------------------------------------------------------

    def dot_vote_state(self, dialogue: Dialogue, meeting_id: UUID) -> dict[str, Any] | None:
        """The meeting's open dot vote as a live board shows it, or None: its options with their labels,
        the dots each member has, the tally by option and each member's dots (``placed``)."""
        vote = self._open_vote(dialogue, meeting_id)
        if vote is None:
            return None
        return {
            "dot_vote_id": str(vote.id),
            "subject": vote.subject,
            "dots": vote.dots,
            "item_label": vote.item_label,
            "options": [
                {"option": o, "label": label} for o, label in zip(vote.options, vote.labels, strict=True)
            ],
            "tally": vote.tally(),
            "placed": {account: dict(mine) for account, mine in vote.placed.items() if mine},
        }

    def _dot_votes(self, dialogue: Dialogue) -> list[DotVote]:
        return [
            self._part(dialogue, DotVote, vote_id, "dot_vote_id")
            for vote_id in dialogue.parts.get("dot_vote", [])
        ]

    def _open_vote(self, dialogue: Dialogue, meeting_id: UUID) -> DotVote | None:
        return next(
            (v for v in self._dot_votes(dialogue) if v.meeting_id == meeting_id and not v.closed), None
        )

    def _vote_options(
        self, dialogue: Dialogue, meeting: Meeting, subject: Any, item: int | None
    ) -> list[tuple[UUID, str]]:
        """The cards of the agenda item ``item`` (a card recorded before cards had an item is in
        every item's), or its proposals."""
        cards = []
        for row in self.contribution_index.of(dialogue.id):  # type: ignore[attr-defined]
            card = self._part(dialogue, Contribution, UUID(row["id"]), "contribution_id")
            if card.meeting_id == meeting.id and card.agenda_item in (item, None):
                text = (
                    card.text
                    if len(card.text) <= LABEL_CHARACTERS
                    else card.text[: LABEL_CHARACTERS - 1] + "…"
                )
                cards.append((card.id, text))
        if subject != "proposals":
            return cards
        of_cards = {card_id for card_id, _ in cards}
        proposals = [self._part(dialogue, Proposal, p, "proposal_id") for p in dialogue.parts["proposal"]]
        return [
            (p.id, p.title)
            for p in proposals
            if p.instance_id == meeting.instance_id
            and p.status != "withdrawn"
            and (meeting.round_items.get(str(p.id), -1) == item or of_cards.intersection(p.contribution_ids))
        ]

    def _on_vote(
        self,
        act: str,
        account_id: str,
        dialogue_id: UUID,
        dot_vote_id: UUID,
        change: Any,
    ) -> Recorded:
        """An act on a vote, by someone taking part in the work of its meeting's instance."""

        def on_vote(vote: DotVote, by: Actor, dialogue: Dialogue) -> None:
            meeting = self._part(dialogue, Meeting, vote.meeting_id, "dot_vote_id")
            self._taking_part(dialogue, by, meeting.instance_id, act)
            change(vote, by)

        return self._on_part(act, account_id, dialogue_id, DotVote, dot_vote_id, "dot_vote_id", on_vote)
