"""Acts of stage 2, collective work: meetings, diagnosis, links, steering and regulation.

Proposals and agreements: ``application.proposals``.
"""

from typing import Unpack
from uuid import UUID

from application.base import ActRecording
from application.recorded import Recorded
from domain.base import Actor
from domain.contribution import Contribution
from domain.dialogue import Dialogue
from domain.dysfunction import Dysfunction
from domain.instance import Instance
from domain.meeting import Meeting


class CollectiveWorkActs(ActRecording):
    # --- meetings ---------------------------------------------------------

    def schedule_meeting(
        self,
        account_id: str,
        dialogue_id: UUID,
        *,
        instance_id: UUID,
        **fields: Unpack[Meeting.MeetingFields],
    ) -> Recorded:
        return self._create_part(
            "meeting-scheduled",
            account_id,
            dialogue_id,
            "meeting",
            lambda d, by: Meeting.schedule(
                by,
                dialogue_id=d.id,
                instance_id=self._part(d, Instance, instance_id, "instance_id").id,
                **fields,
            ),
        )

    def reschedule_meeting(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.RescheduleFields]
    ) -> Recorded:
        return self._part_act(
            "meeting-rescheduled", account_id, dialogue_id, Meeting, meeting_id, Meeting.reschedule, fields
        )

    def hold_meeting(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.HoldFields]
    ) -> Recorded:
        return self._part_act(
            "meeting-held", account_id, dialogue_id, Meeting, meeting_id, Meeting.hold, fields
        )

    def record_minutes(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.MinutesFields]
    ) -> Recorded:
        return self._part_act(
            "minutes-recorded", account_id, dialogue_id, Meeting, meeting_id, Meeting.record_minutes, fields
        )

    def correct_minutes(
        self, account_id: str, dialogue_id: UUID, meeting_id: UUID, **fields: Unpack[Meeting.CorrectionFields]
    ) -> Recorded:
        return self._part_act(
            "minutes-corrected", account_id, dialogue_id, Meeting, meeting_id, Meeting.correct_minutes, fields
        )

    # --- shared diagnosis -------------------------------------------------

    def post_contribution(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Contribution.ContributionFields]
    ) -> Recorded:
        """Contributions are not indexed in the dialogue: many can be posted at once. One posted in a
        meeting's anonymous live session is anonymous: shown without its author."""

        def post(dialogue: Dialogue, by: Actor) -> Contribution:
            meeting_id = fields.get("meeting_id")
            meeting = None if meeting_id is None else self._part(dialogue, Meeting, meeting_id, "meeting_id")
            if meeting is not None:
                self._check_in_meeting(dialogue, by, meeting, "contribution-posted")
            resolved: Contribution.ContributionFields = {
                **fields,
                "meeting_id": None if meeting is None else meeting.id,
            }
            live = meeting is not None and meeting.live
            anonymous = live and meeting is not None and meeting.anonymous
            item = meeting.current_item if live and meeting is not None else None
            return Contribution.post(
                by, dialogue_id=dialogue.id, anonymous=anonymous, agenda_item=item, **resolved
            )

        return self._create_part("contribution-posted", account_id, dialogue_id, None, post)

    def cluster_contribution(
        self,
        account_id: str,
        dialogue_id: UUID,
        contribution_id: UUID,
        **fields: Unpack[Contribution.ClusterFields],
    ) -> Recorded:
        return self._part_act(
            "contribution-clustered",
            account_id,
            dialogue_id,
            Contribution,
            contribution_id,
            Contribution.move_to_cluster,
            fields,
        )

    def endorse_contribution(
        self,
        account_id: str,
        dialogue_id: UUID,
        contribution_id: UUID,
        **fields: Unpack[Contribution.EndorsementFields],
    ) -> Recorded:
        """Once posted, a contribution is part of the dialogue's shared diagnosis, in or out of a meeting:
        any account in a role of the catalogue endorses it."""
        return self._part_act(
            "contribution-endorsed",
            account_id,
            dialogue_id,
            Contribution,
            contribution_id,
            Contribution.endorse,
            fields,
        )

    def _check_in_meeting(self, dialogue: Dialogue, by: Actor, meeting: Meeting, act: str) -> None:
        """Refused unless the actor takes part in the work of the meeting's instance."""
        self._taking_part(dialogue, by, meeting.instance_id, act)

    # --- links, steering, regulation --------------------------------------

    def hold_steering_review(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.SteeringReviewFields]
    ) -> Recorded:
        return self._on_dialogue(
            "steering-review-held",
            account_id,
            dialogue_id,
            lambda d, by: d.hold_steering_review(by, **fields),
        )

    def provide_expertise(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ExpertiseFields]
    ) -> Recorded:
        return self._on_dialogue(
            "expertise-provided", account_id, dialogue_id, lambda d, by: d.provide_expertise(by, **fields)
        )

    def link_programme(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ProgrammeFields]
    ) -> Recorded:
        return self._on_dialogue(
            "programme-linked", account_id, dialogue_id, lambda d, by: d.link_programme(by, **fields)
        )

    def inform_population(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.InformationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "population-informed", account_id, dialogue_id, lambda d, by: d.inform_population(by, **fields)
        )

    def consult_population(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ConsultationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "population-consulted", account_id, dialogue_id, lambda d, by: d.consult_population(by, **fields)
        )

    def inform_decision_makers(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.DecisionMakersInformationFields]
    ) -> Recorded:
        return self._on_dialogue(
            "decision-makers-informed",
            account_id,
            dialogue_id,
            lambda d, by: d.inform_decision_makers(by, **fields),
        )

    def report_dysfunction(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dysfunction.DysfunctionFields]
    ) -> Recorded:
        return self._create_part(
            "dysfunction-reported",
            account_id,
            dialogue_id,
            "dysfunction",
            lambda d, by: Dysfunction.report(by, dialogue_id=d.id, **fields),
        )

    def propose_adjustment(
        self,
        account_id: str,
        dialogue_id: UUID,
        dysfunction_id: UUID,
        **fields: Unpack[Dysfunction.AdjustmentFields],
    ) -> Recorded:
        return self._part_act(
            "adjustment-proposed",
            account_id,
            dialogue_id,
            Dysfunction,
            dysfunction_id,
            Dysfunction.propose_adjustment,
            fields,
        )

    def adopt_adjustment(
        self,
        account_id: str,
        dialogue_id: UUID,
        dysfunction_id: UUID,
        **fields: Unpack[Dysfunction.AdoptionFields],
    ) -> Recorded:
        return self._part_act(
            "adjustment-adopted",
            account_id,
            dialogue_id,
            Dysfunction,
            dysfunction_id,
            Dysfunction.adopt_adjustment,
            fields,
        )

    def reject_adjustment(
        self,
        account_id: str,
        dialogue_id: UUID,
        dysfunction_id: UUID,
        **fields: Unpack[Dysfunction.RejectionFields],
    ) -> Recorded:
        return self._part_act(
            "adjustment-rejected",
            account_id,
            dialogue_id,
            Dysfunction,
            dysfunction_id,
            Dysfunction.reject_adjustment,
            fields,
        )
