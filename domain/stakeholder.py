"""Local stakeholders: category and organisation in clear, personal contact sealed."""

from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_choice, check_date, check_text
from domain.errors import InvalidActError, RuleError
from domain.fields import public
from domain.roles import Role

CATEGORIES = (
    "elected_official",
    "administration",
    "association",
    "economic_actor",
    "farmer",
    "resident",
    "expert",
    "other",
)


class Stakeholder(DialoguePart):
    """A person or organisation concerned by the dialogue.

    ``sealed_contact`` is the person's name, and their e-mail and phone when
    given, encrypted with a key of their own by the application; the domain
    never sees them.
    """

    class StakeholderFields(TypedDict):
        category: str
        organisation: str
        public_office: NotRequired[bool]
        name_consent: NotRequired[bool]

    @classmethod
    def identify(
        cls,
        by: Actor,
        *,
        stakeholder_id: UUID,
        dialogue_id: UUID,
        sealed_contact: str,
        account_id: str | None,
        **fields: Unpack[StakeholderFields],
    ) -> "Stakeholder":
        public_office, name_consent = fields.get("public_office", False), fields.get("name_consent", False)
        for field, flag in (("public_office", public_office), ("name_consent", name_consent)):
            if not isinstance(flag, bool):
                raise InvalidActError(field, "must be true or false", code="boolean")
        return cls(
            id=stakeholder_id,
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            category=check_choice("category", fields["category"], CATEGORIES),
            organisation=check_text("organisation", fields["organisation"]),
            sealed_contact=check_text("sealed_contact", sealed_contact),
            account_id=check_text("account_id", account_id, required=False) or None,
            public_office=public_office,
            name_consent=name_consent,
        )

    class StakeholderIdentified(DialoguePart.Created):
        PUBLIC = public("category", "organisation", "public_office", "name_consent")
        dialogue_id: UUID
        category: str
        organisation: str
        sealed_contact: str
        account_id: str | None
        public_office: bool
        name_consent: bool

    def __init__(
        self,
        id: UUID,  # the person's id, chosen before their contact is sealed
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        category: str,
        organisation: str,
        sealed_contact: str,
        account_id: str | None,
        public_office: bool,
        name_consent: bool,
    ):
        self.dialogue_id = dialogue_id
        self.category = category
        self.organisation = organisation
        self.sealed_contact = sealed_contact
        self.account_id = account_id
        self.public_office = public_office
        self.name_consent = name_consent
        self.confirmed_on: str | None = None

    class ConfirmationFields(TypedDict):
        confirmed_on: str

    def confirm_participation(self, by: Actor, **fields: Unpack[ConfirmationFields]) -> None:
        """The stakeholder confirms for themself, or a facilitator records it."""
        if by.role == Role.STAKEHOLDER and by.account_id != self.account_id:
            raise RuleError(
                "participation-confirmed: a stakeholder confirms only their own participation",
                code="own-participation",
                params={"act": "participation-confirmed"},
            )
        if self.confirmed_on is not None:
            raise RuleError(
                f"participation-confirmed: already confirmed on {self.confirmed_on}",
                code="already-confirmed",
                params={"act": "participation-confirmed", "date": self.confirmed_on},
            )
        self._record(
            self.ParticipationConfirmed, by, confirmed_on=check_date("confirmed_on", fields["confirmed_on"])
        )

    class ParticipationConfirmed(DialoguePart.Event):
        PUBLIC = public("confirmed_on")
        confirmed_on: str

        def apply(self, aggregate: Any) -> None:
            aggregate.confirmed_on = self.confirmed_on
