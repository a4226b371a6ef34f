"""The transparency log's handlers of what a meeting's live sessions leave the public: the cards
posted in it (counted), the clusters named, the proposals put to the instance in consent rounds with
their outcome, and the result of each dot vote (on proposals, by their titles; on cards, by rank
only: the texts of the contributions stay with the groups that worked on them). The workings of a
session (pointer, countdown, queue, each dot) are not kept: only these outcomes, on the meeting's
page and in the open data."""

from typing import Any

from projections.projection import on
from projections.store import Sql
from projections.transparency_log.rows import State, TransparencyRows, public_record, recorded_at


class LiveOutcomes(TransparencyRows):
    """What the live sessions of a meeting produced."""

    @on("ClusterNamed")
    def cluster_named(self, sql: Sql, event: Any, position: int) -> None:
        def name(state: State) -> None:
            state.setdefault("clusters", {})[event.cluster] = event.name

        self._part(sql, event, position, name)

    @on("ConsentRoundClosed")
    def round_closed(self, sql: Sql, event: Any, position: int) -> None:
        closed = {
            "proposal_id": str(event.proposal_id),
            "title": event.title,
            "outcome": event.outcome,
            "rule": event.rule,
            "members": event.members,
            "endorsements": event.endorsements,
            "objections": event.objections,
            "recorded_at": recorded_at(event),
        }
        self._part(sql, event, position, lambda state: state.setdefault("rounds", []).append(closed))

    @on("DotVoteClosed")
    def dot_vote_closed(self, sql: Sql, event: Any, position: int) -> None:
        result = public_record(event)
        if event.subject == "contributions":  # the cards' texts stay with the group, as on every public page
            result["results"] = [{**r, "label": None} for r in result["results"]]
        self._part(
            sql,
            event,
            position,
            lambda state: state.setdefault("dot_votes", []).append(result),
            part_id=event.meeting_id,
        )

    @staticmethod
    def count_card(state: State) -> None:
        """A card posted in the meeting (by ``CollectiveWork.contribution``)."""
        state["cards"] = state.get("cards", 0) + 1
