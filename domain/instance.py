"""Instances of the dialogue: steering committee, consultation groups, technical committees."""

from typing import Any, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_choice, check_text
from domain.errors import InvalidActError, RuleError
from domain.fields import public

INSTANCE_KINDS = ("steering_committee", "consultation_group", "technical_committee", "other")
FUNCTIONING_RULES = ("consensus", "consent", "majority")
"""How an instance validates: all members endorse, no member objects, or most members endorse."""


class Instance(DialoguePart):
    """Each act declares its fields once, as a ``TypedDict`` beside its event (``domain.fields``)."""

    class InstanceFields(TypedDict):
        kind: str
        name: str
        function: str
        composition: str
        functioning_rule: str
        facilitation: str
        schedule: str

    @classmethod
    def design(cls, by: Actor, *, dialogue_id: UUID, **fields: Unpack[InstanceFields]) -> "Instance":
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            kind=check_choice("kind", fields["kind"], INSTANCE_KINDS),
            name=check_text("name", fields["name"]),
            function=check_text("function", fields["function"]),
            composition=check_text("composition", fields["composition"]),
            functioning_rule=check_choice("functioning_rule", fields["functioning_rule"], FUNCTIONING_RULES),
            facilitation=check_text("facilitation", fields["facilitation"]),
            schedule=check_text("schedule", fields["schedule"]),
        )

    class InstanceDesigned(DialoguePart.Created):
        PUBLIC = public(
            "kind", "name", "function", "composition", "functioning_rule", "facilitation", "schedule"
        )
        dialogue_id: UUID
        kind: str
        name: str
        function: str
        composition: str
        functioning_rule: str
        facilitation: str
        schedule: str

    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        kind: str,
        name: str,
        function: str,
        composition: str,
        functioning_rule: str,
        facilitation: str,
        schedule: str,
    ):
        self.dialogue_id = dialogue_id
        self.kind = kind
        self.name = name
        self.function = function
        self.composition = composition
        self.functioning_rule = functioning_rule
        self.facilitation = facilitation
        self.schedule = schedule
        self.members: dict[str, str | None] = {}
        """Stakeholder id (str) -> their account id, if they have one."""

    @property
    def member_accounts(self) -> set[str]:
        return {account for account in self.members.values() if account}

    class MemberFields(TypedDict):
        stakeholder_id: UUID

    def add_member(self, by: Actor, *, stakeholder: Any, **fields: Unpack[MemberFields]) -> None:
        """Seat ``stakeholder`` (the one ``stakeholder_id`` names)."""
        if stakeholder.dialogue_id != self.dialogue_id:
            raise InvalidActError(
                "stakeholder_id", "the stakeholder belongs to another dialogue", code="other-dialogue"
            )
        if str(stakeholder.id) in self.members:
            raise RuleError(
                f"member-added: already a member of '{self.name}'",
                code="already-a-member",
                params={"act": "member-added", "instance": self.name},
            )
        self._record(self.MemberAdded, by, stakeholder_id=stakeholder.id, account_id=stakeholder.account_id)

    class MemberAdded(DialoguePart.Event):
        stakeholder_id: UUID
        account_id: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.members[str(self.stakeholder_id)] = self.account_id

    class RemovalFields(TypedDict):
        stakeholder_id: UUID
        reason: str

    def remove_member(self, by: Actor, **fields: Unpack[RemovalFields]) -> None:
        stakeholder_id = fields["stakeholder_id"]
        if str(stakeholder_id) not in self.members:
            raise InvalidActError(
                "stakeholder_id",
                f"not a member of '{self.name}'",
                code="not-a-member",
                params={"instance": self.name},
            )
        reason = check_text("reason", fields["reason"])
        self._record(self.MemberRemoved, by, stakeholder_id=stakeholder_id, reason=reason)

    class MemberRemoved(DialoguePart.Event):
        stakeholder_id: UUID
        reason: str

        def apply(self, aggregate: Any) -> None:
            del aggregate.members[str(self.stakeholder_id)]

    def check_rule_met(self, act: str, endorsers: set[str], objectors: set[str]) -> None:
        """Refuse unless the members' support satisfies this instance's functioning rule.

        Only members with an account can endorse or object on the platform, so
        they are the members the rule counts.
        """
        members = self.member_accounts
        if not members:
            raise RuleError(
                f"{act}: '{self.name}' has no members with an account",
                code="no-account-members",
                params={"act": act, "instance": self.name},
            )
        support = len(members & endorsers)
        objecting = len(members & objectors)
        rule = self.functioning_rule
        refused = f"{act}: '{self.name}' decides by {rule}:"
        params = {"act": act, "instance": self.name, "count": len(members), "support": support}
        if rule == "consensus" and (support < len(members) or objecting):
            raise RuleError(
                f"{refused} {support} of {len(members)} members endorse, {objecting} object",
                code="no-consensus",
                params={**params, "objecting": objecting},
            )
        if rule == "consent" and objecting:
            raise RuleError(
                f"{refused} {objecting} members object",
                code="no-consent",
                params={**params, "count": objecting},
            )
        needed = endorsements_needed(rule, len(members))
        if rule == "majority" and support < needed:
            raise RuleError(
                f"{refused} {support} of {len(members)} members endorse, {needed} needed",
                code="no-majority",
                params={**params, "needed": needed},
            )


def endorsements_needed(rule: str, members: int) -> int:
    """How many members' endorsements the rule asks for: all by consensus, more than half by
    majority, none by consent (where it is enough that no member objects)."""
    if rule == "consensus":
        return members
    if rule == "majority":
        return members // 2 + 1
    return 0
