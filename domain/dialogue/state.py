"""What a dialogue holds, and the guards every stage's acts share."""

from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.acts import ACTS
from domain.base import Actor
from domain.errors import DialogueClosedError, InvalidActError, WrongStageError
from domain.fields import refuse_undeclared
from domain.roles import Role
from domain.stages import Stage

PART_KINDS = (
    "stakeholder",
    "instance",
    "meeting",
    "proposal",
    "agreement",
    "action",
    "dysfunction",
    "dot_vote",
)

AFTER_CLOSING = frozenset(
    {
        "item-reported",
        "item-hidden",
        "item-unhidden",
        "item-kept",
        "item-shredded",
        "citizen-contribution-withdrawn",
    }
)
"""Acts a closed dialogue still accepts: what was written in it is still moderated, or withdrawn."""


class DialogueState:
    """The dialogue's state (set by ``DialogueOpened``) and its guards, for the stage mixins.

    The mixins define their events as classes (fields and ``apply``); ``Dialogue`` redefines
    each on itself, so their topics are ``domain.dialogue:Dialogue.<Event>`` as ever.
    """

    slug: str
    stage: Stage
    closed: bool
    roles: dict[str, list[str]]
    framework: dict[str, Any] | None
    organisation: dict[str, Any] | None
    concerns: list[dict[str, Any]]
    feasibility: dict[str, Any] | None
    topics: list[str]
    link_modalities: list[dict[str, Any]]
    design_status: str | None
    design_notes: list[dict[str, Any]]
    made_public: dict[str, Any] | None
    launch_meeting: dict[str, Any] | None
    parts: dict[str, list[UUID]]
    transitions: list[dict[str, Any]]
    records: dict[str, list[dict[str, Any]]]
    presented: list[UUID]
    decisions: list[dict[str, Any]]
    outcomes: dict[str, str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        refuse_undeclared(cls)  # the stage mixins' acts refuse an undeclared field

    if TYPE_CHECKING:

        def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None: ...

    def _record(self, event_class: type[Any], by: Actor, **fields: Any) -> None:
        """Trigger one of the mixins' events, with the actor every event records."""
        self.trigger_event(event_class, actor_id=by.account_id, actor_role=by.role, **fields)

    def _note(self, event_class: type[Any], by: Actor, **details: Any) -> None:
        """Record one of the acts that add a dated note to the dialogue's record (a ``Noted``)."""
        self._record(event_class, by, details=details)

    def check_accepts(self, act: str, by: Actor) -> None:
        """Refuse an act on a closed dialogue, out of its stage, or in a wrong role."""
        spec = ACTS[act]
        if self.closed and act not in AFTER_CLOSING:
            raise DialogueClosedError(
                f"{act}: the dialogue '{self.slug}' is closed",
                code="closed",
                params={"act": act, "dialogue": self.slug},
            )
        if self.stage not in spec.stages:
            ids = [s.value for s in Stage if s in spec.stages]
            stages = ", ".join(ids)
            msg = f"{act} belongs to stage {stages}; the dialogue is in stage {self.stage}"
            raise WrongStageError(
                msg, code="wrong-stage", params={"act": act, "stages": ids, "stage": self.stage.value}
            )
        by.check_role(act, *spec.roles)

    @property
    def moderation(self) -> dict[str, dict[str, Any]]:
        """``<kind>:<id>`` -> the moderation record of an item reported or moderated
        (``domain.dialogue.moderation``; the dialogues recorded before have none)."""
        held: dict[str, dict[str, Any]] = self.__dict__.setdefault("_moderation", {})
        return held

    def moderated(self, kind: str, item_id: Any) -> dict[str, Any] | None:
        """The item's moderation record, if it was reported or moderated."""
        return self.moderation.get(f"{kind}:{item_id}")

    def roles_of(self, account_id: str) -> list[Role]:
        return [Role(role) for role in self.roles.get(account_id, [])]

    def outcome_of(self, proposal_id: UUID) -> str | None:
        return self.outcomes.get(str(proposal_id))

    def has_part(self, kind: str, part_id: UUID) -> bool:
        return part_id in self.parts[kind]

    def check_part(self, kind: str, part_id: UUID, field: str) -> None:
        if not self.has_part(kind, part_id):
            raise InvalidActError(
                field,
                f"no {kind} {part_id} in this dialogue",
                code="unknown-part",
                params={"part": str(part_id)},
            )
