"""Local stakeholders: category and organisation in clear, personal contact sealed."""

from uuid import UUID

from eventsourcing.domain import event

from domain.base import Actor, DialoguePart, check_choice, check_date, check_text
from domain.errors import InvalidActError, RuleError
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

    @classmethod
    def identify(
        cls,
        by: Actor,
        *,
        stakeholder_id: UUID,
        dialogue_id: UUID,
        category: str,
        organisation: str,
        sealed_contact: str,
        account_id: str | None,
        public_office: bool,
        name_consent: bool,
    ) -> "Stakeholder":
        for field, flag in (("public_office", public_office), ("name_consent", name_consent)):
            if not isinstance(flag, bool):
                raise InvalidActError(field, "must be true or false", code="boolean")
        return cls(
            id=stakeholder_id,
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            category=check_choice("category", category, CATEGORIES),
            organisation=check_text("organisation", organisation),
            sealed_contact=check_text("sealed_contact", sealed_contact),
            account_id=check_text("account_id", account_id, required=False) or None,
            public_office=public_office,
            name_consent=name_consent,
        )

    @event("StakeholderIdentified")
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

    def confirm_participation(self, by: Actor, *, confirmed_on: str) -> None:
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

        self._confirm_participation(by.account_id, by.role, check_date("confirmed_on", confirmed_on))

    @event("ParticipationConfirmed")
    def _confirm_participation(self, actor_id: str, actor_role: str, confirmed_on: str) -> None:
        self.confirmed_on = confirmed_on
