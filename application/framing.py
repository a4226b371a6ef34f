"""Acts of stage 1, framing, and the acts that hold in every stage."""

from typing import Unpack
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from application.base import ActRecording
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from application.recorded import Recorded
from domain.account import normalise_login
from domain.acts import ACTS
from domain.base import Actor, check_text
from domain.dialogue import Dialogue
from domain.errors import RuleError
from domain.indicators import exit_indicators
from domain.instance import Instance
from domain.roles import Role
from domain.stakeholder import Stakeholder


class FramingActs(ActRecording):
    # --- cross-stage --------------------------------------------------------

    def open_dialogue(self, account_id: str, **fields: Unpack[Dialogue.OpeningFields]) -> Recorded:
        """An organiser (a platform role an administrator gives) opens a dialogue, becoming its convenor."""
        self.check_organiser(account_id)
        actor = Actor(check_text("account_id", account_id), Role.CONVENOR)
        dialogue = Dialogue.open(actor, **fields)
        try:
            recordings = self.save(dialogue)
        except IntegrityError:
            msg = f"dialogue-opened: a dialogue '{dialogue.slug}' already exists"
            raise ConflictError(msg, code="slug-taken", params={"slug": dialogue.slug}) from None
        return Recorded.of(dialogue.id, ACTS["dialogue-opened"].event_name, recordings)

    def check_organiser(self, account_id: str) -> None:
        """NotAuthorisedError unless the account holds the platform role organiser (and is enabled).

        Checked before what was sent is read: who may not open a dialogue learns nothing from its validation.
        """
        try:
            organiser = self._account(account_id).active_organiser
        except NotFoundError:
            organiser = False
        if not organiser:
            msg = f"dialogue-opened: {account_id} does not hold the platform role organiser"
            raise NotAuthorisedError(msg, code="organisers-only", params={"act": "dialogue-opened"})

    def grant_role(
        self, account_id: str, dialogue_id: UUID, *, grantee_id: str, **fields: Unpack[Dialogue.RoleFields]
    ) -> Recorded:
        """Appoint facilitators, and give every other role in the dialogue, to an account of the platform.

        The grantee is checked after the role: who may not grant learns nothing of the accounts.
        """
        return self._on_dialogue(
            "role-granted",
            account_id,
            dialogue_id,
            lambda d, by: d.grant_role(
                by, account_id=self._known_account("grantee_id", grantee_id), **fields
            ),
        )

    def revoke_role(
        self, account_id: str, dialogue_id: UUID, *, grantee_id: str, **fields: Unpack[Dialogue.RoleFields]
    ) -> Recorded:
        """Take a role back (from an account that no longer exists too: its grant stays in the log)."""
        return self._on_dialogue(
            "role-revoked",
            account_id,
            dialogue_id,
            lambda d, by: d.revoke_role(
                by, account_id=normalise_login(check_text("grantee_id", grantee_id)), **fields
            ),
        )

    def advance_stage(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.StageFields]
    ) -> Recorded:
        """Move on once every exit indicator holds; a convenor's waiver needs a justification."""
        return self._on_dialogue(
            "stage-advanced",
            account_id,
            dialogue_id,
            lambda d, by: d.advance_stage(by, indicators=exit_indicators(d, self._parts(d)), **fields),
        )

    # --- stage 1: framing -------------------------------------------------

    def define_framework(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.FrameworkFields]
    ) -> Recorded:
        return self._on_dialogue(
            "framework-defined", account_id, dialogue_id, lambda d, by: d.define_framework(by, **fields)
        )

    def set_internal_organisation(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.OrganisationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "internal-organisation-set",
            account_id,
            dialogue_id,
            lambda d, by: d.set_internal_organisation(by, **fields),
        )

    def identify_stakeholder(
        self,
        account_id: str,
        dialogue_id: UUID,
        *,
        name: str,
        email: str = "",
        phone: str = "",
        stakeholder_account_id: str | None = None,
        **fields: Unpack[Stakeholder.StakeholderFields],
    ) -> Recorded:
        """The person's name, and their e-mail and phone when given, are sealed with their own key
        before recording; a contact left out is not kept at all (data minimisation)."""
        given = {
            "email": check_text("email", email, required=False),
            "phone": check_text("phone", phone, required=False),
        }
        contact = {"name": check_text("name", name), **{key: value for key, value in given.items() if value}}
        stakeholder_id = uuid4()

        def identify(dialogue: Dialogue, by: Actor) -> Stakeholder:
            known = stakeholder_account_id and self._known_account(
                "stakeholder_account_id", stakeholder_account_id
            )
            return Stakeholder.identify(
                by,
                stakeholder_id=stakeholder_id,
                dialogue_id=dialogue.id,
                sealed_contact=self.vault.seal(stakeholder_id, contact),
                account_id=known or None,
                **fields,
            )

        return self._create_part("stakeholder-identified", account_id, dialogue_id, "stakeholder", identify)

    def confirm_participation(
        self,
        account_id: str,
        dialogue_id: UUID,
        stakeholder_id: UUID,
        **fields: Unpack[Stakeholder.ConfirmationFields],
    ) -> Recorded:
        return self._part_act(
            "participation-confirmed",
            account_id,
            dialogue_id,
            Stakeholder,
            stakeholder_id,
            Stakeholder.confirm_participation,
            fields,
        )

    def record_concern(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ConcernFields]
    ) -> Recorded:
        return self._on_dialogue(
            "concern-recorded", account_id, dialogue_id, lambda d, by: d.record_concern(by, **fields)
        )

    def assess_feasibility(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.FeasibilityFields]
    ) -> Recorded:
        return self._on_dialogue(
            "feasibility-assessed", account_id, dialogue_id, lambda d, by: d.assess_feasibility(by, **fields)
        )

    def add_topic(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.TopicFields]
    ) -> Recorded:
        return self._on_dialogue(
            "topic-added", account_id, dialogue_id, lambda d, by: d.add_topic(by, **fields)
        )

    def design_instance(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Instance.InstanceFields]
    ) -> Recorded:
        return self._create_part(
            "instance-designed",
            account_id,
            dialogue_id,
            "instance",
            lambda d, by: Instance.design(by, dialogue_id=d.id, **fields),
        )

    def add_member(
        self, account_id: str, dialogue_id: UUID, instance_id: UUID, **fields: Unpack[Instance.MemberFields]
    ) -> Recorded:
        return self._on_part(
            "member-added",
            account_id,
            dialogue_id,
            Instance,
            instance_id,
            "instance_id",
            lambda i, by, d: i.add_member(
                by,
                stakeholder=self._part(d, Stakeholder, fields["stakeholder_id"], "stakeholder_id"),
                **fields,
            ),
        )

    def remove_member(
        self, account_id: str, dialogue_id: UUID, instance_id: UUID, **fields: Unpack[Instance.RemovalFields]
    ) -> Recorded:
        return self._part_act(
            "member-removed", account_id, dialogue_id, Instance, instance_id, Instance.remove_member, fields
        )

    def define_link_modality(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.LinkModalityFields]
    ) -> Recorded:
        return self._on_dialogue(
            "link-modality-defined",
            account_id,
            dialogue_id,
            lambda d, by: d.define_link_modality(by, **fields),
        )

    def submit_design(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.DesignFields]
    ) -> Recorded:
        return self._on_dialogue(
            "design-submitted", account_id, dialogue_id, lambda d, by: d.submit_design(by, **fields)
        )

    def _steering_committee(self, dialogue: Dialogue, account_id: str) -> Instance:
        """The steering committee the account sits on (or the first one, to be refused)."""
        instances = [self._part(dialogue, Instance, i, "instance_id") for i in dialogue.parts["instance"]]
        committees = [i for i in instances if i.kind == "steering_committee"]
        if not committees:
            raise RuleError("the dialogue has no steering committee", code="no-steering-committee")

        seated = [c for c in committees if account_id in c.member_accounts]
        return (seated or committees)[0]

    def validate_design(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.DesignValidationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "design-validated",
            account_id,
            dialogue_id,
            lambda d, by: d.validate_design(
                by, steering_committee=self._steering_committee(d, account_id), **fields
            ),
        )

    def return_design(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.DesignReturnFields]
    ) -> Recorded:
        return self._on_dialogue(
            "design-returned",
            account_id,
            dialogue_id,
            lambda d, by: d.return_design(
                by, steering_committee=self._steering_committee(d, account_id), **fields
            ),
        )

    def make_approach_public(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.PublicationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "approach-made-public",
            account_id,
            dialogue_id,
            lambda d, by: d.make_approach_public(by, **fields),
        )

    def hold_launch_meeting(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.LaunchMeetingFields]
    ) -> Recorded:
        return self._on_dialogue(
            "launch-meeting-held", account_id, dialogue_id, lambda d, by: d.hold_launch_meeting(by, **fields)
        )
