"""The dialogue: its stage, roles, framework and the acts that concern it as a whole.

Parts that many people change at once (stakeholders, instances, meetings,
contributions, proposals, agreements, actions, dysfunctions) are aggregates
of their own; the dialogue indexes them (``PartAttached``) so that its exit
indicators can be evaluated.
"""

import re
from typing import Any, NotRequired, TypedDict, Unpack
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.base import Actor, DialoguePart, check_choice, check_text
from domain.dialogue.collective_work import CollectiveWorkActs
from domain.dialogue.consultation import ConsultationActs
from domain.dialogue.documents import DocumentActs
from domain.dialogue.follow_up import FollowUpActs
from domain.dialogue.framing import LINK_TARGETS, FramingActs
from domain.dialogue.moderation import ModerationActs
from domain.dialogue.questionnaires import QuestionnaireActs
from domain.dialogue.state import PART_KINDS
from domain.errors import IndicatorsUnmetError, InvalidActError, RoleError, RuleError
from domain.fields import public
from domain.indicators import Indicator
from domain.roles import GRANTED_ROLES, Role
from domain.stages import Stage

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DIALOGUE_NAMESPACE = uuid5(NAMESPACE_URL, "https://dialogue-territorial.fr/dialogues")


def dialogue_id_for(slug: str) -> UUID:
    """The id of the dialogue known by ``slug`` (one dialogue per slug)."""
    return uuid5(DIALOGUE_NAMESPACE, slug)


class Dialogue(
    DialoguePart,
    FramingActs,
    CollectiveWorkActs,
    FollowUpActs,
    DocumentActs,
    ConsultationActs,
    ModerationActs,
    QuestionnaireActs,
):
    """A territorial dialogue walked through the three stages.

    Here its opening and its cross-stage acts; each stage's own acts and
    their events come from a mixin (``domain.dialogue.framing``,
    ``collective_work``, ``follow_up``), redefined on this class so that every
    event's topic stays ``domain.dialogue:Dialogue.<Event>``.
    """

    @staticmethod
    def create_id(slug: str) -> UUID:
        return dialogue_id_for(slug)

    class OpeningFields(TypedDict):
        slug: str
        title: str
        territory: str
        subject: str

    @classmethod
    def open(cls, by: Actor, **fields: Unpack[OpeningFields]) -> "Dialogue":
        by.check_role("dialogue-opened", Role.CONVENOR)
        slug = check_text("slug", fields["slug"]).lower()
        if not SLUG.fullmatch(slug):
            raise InvalidActError("slug", "use lowercase letters, digits and hyphens only", code="slug")
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            slug=slug,
            title=check_text("title", fields["title"]),
            territory=check_text("territory", fields["territory"]),
            subject=check_text("subject", fields["subject"]),
        )

    @event("DialogueOpened")
    def __init__(self, actor_id: str, actor_role: str, slug: str, title: str, territory: str, subject: str):
        self.slug = slug
        self.title = title
        self.territory = territory
        self.subject = subject
        self.convenor_id = actor_id
        self.stage = Stage.FRAMING
        self.closed = False
        self.roles = {actor_id: [Role.CONVENOR.value]}
        self.framework = None
        self.organisation = None
        self.concerns = []
        self.feasibility = None
        self.topics = []
        self.link_modalities = []
        self.design_status = None
        self.design_notes = []
        self.made_public = None
        self.launch_meeting = None
        self.parts = {kind: [] for kind in PART_KINDS}
        self.transitions = []
        self.records = {}
        self.presented = []
        self.decisions = []
        self.outcomes = {}

    # --- cross-stage ------------------------------------------------------

    class RoleFields(TypedDict):
        """The account (``account_id``, resolved by the application from its ``grantee_id``) is
        given apart: a role granted or revoked."""

        role: str

    def grant_role(self, by: Actor, *, account_id: str, **fields: Unpack[RoleFields]) -> None:
        self.check_accepts("role-granted", by)
        account_id = check_text("account_id", account_id)
        role = check_choice("role", fields["role"], [r.value for r in GRANTED_ROLES])
        if role in self.roles.get(account_id, []):
            raise RuleError(
                f"role-granted: {account_id} already holds the role {role}",
                code="role-held",
                params={"act": "role-granted", "account": account_id, "role": role},
            )
        self._record(self.RoleGranted, by, account_id=account_id, role=role)

    class RoleGranted(DialoguePart.Event):
        account_id: str
        role: str

        def apply(self, aggregate: Any) -> None:
            aggregate.roles.setdefault(self.account_id, []).append(self.role)

    def revoke_role(self, by: Actor, *, account_id: str, **fields: Unpack[RoleFields]) -> None:
        self.check_accepts("role-revoked", by)
        role = fields["role"]
        if role not in self.roles.get(account_id, []):
            raise InvalidActError(
                "role",
                f"{account_id} does not hold the role {role}",
                code="role-not-held",
                params={"account": account_id, "role": role},
            )
        convenors = [a for a, roles in self.roles.items() if Role.CONVENOR in roles]
        if role == Role.CONVENOR and convenors == [account_id]:
            raise RuleError(
                "role-revoked: a dialogue keeps at least one convenor",
                code="last-convenor",
                params={"act": "role-revoked"},
            )
        self._record(self.RoleRevoked, by, account_id=account_id, role=role)

    class RoleRevoked(DialoguePart.Event):
        account_id: str
        role: str

        def apply(self, aggregate: Any) -> None:
            aggregate.roles[self.account_id].remove(self.role)

    def attach(self, by: Actor, *, kind: str, part_id: UUID) -> None:
        """Index a new part; recorded with the act that created it."""
        self._attach(by.account_id, by.role, check_choice("kind", kind, PART_KINDS), part_id)

    @event("PartAttached")
    def _attach(self, actor_id: str, actor_role: str, kind: str, part_id: UUID) -> None:
        self.parts.setdefault(kind, []).append(part_id)

    class StageFields(TypedDict):
        """``waiver``: the justification of moving on with unmet exit indicators."""

        waiver: NotRequired[str | None]

    def advance_stage(self, by: Actor, *, indicators: list[Indicator], **fields: Unpack[StageFields]) -> None:
        """Move to the next stage once every exit indicator holds, or with a waiver."""
        self.check_accepts("stage-advanced", by)
        following = self.stage.next
        if following is None:
            raise RuleError(
                f"stage-advanced: {self.stage} is the last stage; close the dialogue instead",
                code="last-stage",
                params={"act": "stage-advanced", "stage": self.stage.value},
            )
        self._record(
            self.StageAdvanced,
            by,
            from_stage=self.stage.value,
            to_stage=following.value,
            indicators=[i.as_dict() for i in indicators],
            waiver=self.check_exit(indicators, fields.get("waiver")),
        )

    def check_exit(self, indicators: list[Indicator], waiver: str | None) -> str | None:
        """The waiver's justification if one is needed; refuses unmet indicators without."""
        unmet = [i.as_dict(notes=True) for i in indicators if not i.met]
        if not unmet:
            return None
        justification = check_text("waiver", waiver, required=False)
        if not justification:
            raise IndicatorsUnmetError(unmet)
        return justification

    class StageAdvanced(DialoguePart.Event):
        PUBLIC = public("waiver")
        from_stage: str
        to_stage: str
        indicators: list[dict[str, Any]]
        waiver: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.stage = Stage(self.to_stage)
            aggregate.transitions.append(
                {"from": self.from_stage, "to": self.to_stage, "waiver": self.waiver, "by": self.actor_id}
            )

    class ClosingFields(TypedDict):
        summary: str
        waiver: NotRequired[str | None]

    def close(self, by: Actor, *, indicators: list[Indicator], **fields: Unpack[ClosingFields]) -> None:
        self.check_accepts("dialogue-closed", by)
        justification = self.check_exit(indicators, fields.get("waiver"))
        self._record(
            self.DialogueClosed,
            by,
            summary=check_text("summary", fields["summary"]),
            indicators=[i.as_dict() for i in indicators],
            waiver=justification,
        )

    class DialogueClosed(DialoguePart.Event):
        PUBLIC = public("waiver", "summary")
        summary: str
        indicators: list[dict[str, Any]]
        waiver: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.closed = True
            aggregate.transitions.append(
                {"from": aggregate.stage.value, "to": "closed", "waiver": self.waiver, "by": self.actor_id}
            )

    def check_operator(self, account_id: str) -> None:
        if Role.OPERATOR not in self.roles_of(account_id):
            raise InvalidActError(
                "operator_id",
                f"{account_id} does not hold the role operator here",
                code="role-not-held",
                params={"account": account_id, "role": Role.OPERATOR.value},
            )


__all__ = ["LINK_TARGETS", "PART_KINDS", "Dialogue", "RoleError", "dialogue_id_for"]
