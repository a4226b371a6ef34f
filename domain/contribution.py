"""Contributions to the shared diagnosis: one aggregate each, so that many can be posted at once.

Each act declares its fields once, as a ``TypedDict`` beside its event (``domain.fields``).
"""

from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_choice, check_once_per_account, check_text
from domain.errors import RuleError

CONTRIBUTION_KINDS = ("observation", "concern", "idea", "question")


class Contribution(DialoguePart):
    class ContributionFields(TypedDict):
        """``meeting_id``: the meeting it was posted in, if any."""

        kind: str
        text: str
        meeting_id: NotRequired[UUID | None]

    @classmethod
    def post(
        cls,
        by: Actor,
        *,
        dialogue_id: UUID,
        anonymous: bool = False,
        agenda_item: int | None = None,
        **fields: Unpack[ContributionFields],
    ) -> "Contribution":
        """``anonymous`` (the application says it): posted in an anonymous live session, shown without
        its author; ``agenda_item``: the item of the meeting's agenda discussed when it was posted live."""
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            kind=check_choice("kind", fields["kind"], CONTRIBUTION_KINDS),
            text=check_text("text", fields["text"]),
            meeting_id=fields.get("meeting_id"),
            anonymous=anonymous,
            agenda_item=agenda_item,
        )

    class ContributionPosted(DialoguePart.Created):
        """Version 2: ``anonymous`` (a card of an anonymous live session: its author is not shown;
        the event keeps who posted it, for the audit). Version 3: ``agenda_item`` (the agenda item
        discussed when the card was posted in a live session; None before, or outside a session)."""

        class_version = 3
        dialogue_id: UUID
        kind: str
        text: str
        meeting_id: UUID | None
        anonymous: bool
        agenda_item: int | None
        upcast_v1_v2 = staticmethod(lambda state: state.update(anonymous=False))
        upcast_v2_v3 = staticmethod(lambda state: state.update(agenda_item=None))

    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        kind: str,
        text: str,
        meeting_id: UUID | None,
        anonymous: bool,
        agenda_item: int | None = None,
    ):
        self.dialogue_id = dialogue_id
        self.agenda_item = agenda_item
        self.anonymous = anonymous
        self.author_id = actor_id
        self.kind = kind
        self.text = text
        self.meeting_id = meeting_id
        self.cluster: str | None = None
        self.endorsers: list[str] = []

    class ClusterFields(TypedDict):
        cluster: str

    def move_to_cluster(self, by: Actor, **fields: Unpack[ClusterFields]) -> None:
        cluster = check_text("cluster", fields["cluster"])
        if cluster == self.cluster:
            raise RuleError(
                f"contribution-clustered: already in cluster '{cluster}'",
                code="same-cluster",
                params={"act": "contribution-clustered", "cluster": cluster},
            )
        self._record(self.ContributionClustered, by, cluster=cluster)

    class ContributionClustered(DialoguePart.Event):
        cluster: str

        def apply(self, aggregate: Any) -> None:
            aggregate.cluster = self.cluster

    class EndorsementFields(TypedDict):
        """Endorsing takes no field."""

    def endorse(self, by: Actor, **fields: Unpack[EndorsementFields]) -> None:
        check_once_per_account("contribution-endorsed", by, self.endorsers, "endorsed")
        self._record(self.ContributionEndorsed, by)

    class ContributionEndorsed(DialoguePart.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.endorsers.append(self.actor_id)
