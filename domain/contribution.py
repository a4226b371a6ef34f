"""Contributions to the shared diagnosis: one aggregate each, so that many can be posted at once."""

from uuid import UUID

from eventsourcing.domain import event

from domain.base import Actor, DialoguePart, check_choice, check_once_per_account, check_text
from domain.errors import RuleError

CONTRIBUTION_KINDS = ("observation", "concern", "idea", "question")


class Contribution(DialoguePart):
    @classmethod
    def post(
        cls,
        by: Actor,
        *,
        dialogue_id: UUID,
        kind: str,
        text: str,
        meeting_id: UUID | None = None,
        anonymous: bool = False,
    ) -> "Contribution":
        """``anonymous``: posted in an anonymous live session, shown without its author."""
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            kind=check_choice("kind", kind, CONTRIBUTION_KINDS),
            text=check_text("text", text),
            meeting_id=meeting_id,
            anonymous=anonymous,
        )

    class ContributionPosted(DialoguePart.Created):
        """Version 2: ``anonymous`` (a card of an anonymous live session: its author is not shown;
        the event keeps who posted it, for the audit)."""

        class_version = 2
        dialogue_id: UUID
        kind: str
        text: str
        meeting_id: UUID | None
        anonymous: bool
        upcast_v1_v2 = staticmethod(lambda state: state.update(anonymous=False))

    @event("ContributionPosted")
    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        kind: str,
        text: str,
        meeting_id: UUID | None,
        anonymous: bool,
    ):
        self.dialogue_id = dialogue_id
        self.anonymous = anonymous
        self.author_id = actor_id
        self.kind = kind
        self.text = text
        self.meeting_id = meeting_id
        self.cluster: str | None = None
        self.endorsers: list[str] = []

    def move_to_cluster(self, by: Actor, *, cluster: str) -> None:
        cluster = check_text("cluster", cluster)
        if cluster == self.cluster:
            raise RuleError(
                f"contribution-clustered: already in cluster '{cluster}'",
                code="same-cluster",
                params={"act": "contribution-clustered", "cluster": cluster},
            )
        self._move_to_cluster(by.account_id, by.role, cluster)

    @event("ContributionClustered")
    def _move_to_cluster(self, actor_id: str, actor_role: str, cluster: str) -> None:
        self.cluster = cluster

    def endorse(self, by: Actor) -> None:
        check_once_per_account("contribution-endorsed", by, self.endorsers, "endorsed")
        self._endorse(by.account_id, by.role)

    @event("ContributionEndorsed")
    def _endorse(self, actor_id: str, actor_role: str) -> None:
        self.endorsers.append(actor_id)
