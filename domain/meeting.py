"""Meetings of an instance: scheduled, rescheduled, held with attendance, minutes drafted, recorded
and corrected.

A meeting may be worked on live (``domain.meeting_live``: its acts and events, redefined on
``Meeting`` so that their topics are ``domain.meeting:Meeting.<Event>``). The session is the
meeting's state, rebuilt from its events like the rest.

Each act declares its fields once, as a ``TypedDict`` beside its event (``domain.fields``).
"""

from typing import Any, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_count, check_date, check_datetime, check_text, check_texts
from domain.errors import InvalidActError, RuleError
from domain.fields import public
from domain.meeting_live import TIMER_SECONDS, LiveSessionActs, check_seconds


class Meeting(DialoguePart, LiveSessionActs):
    class MeetingFields(TypedDict):
        title: str
        starts_at: str
        place: str
        agenda: list[str]

    @classmethod
    def schedule(
        cls, by: Actor, *, dialogue_id: UUID, instance_id: UUID, **fields: Unpack[MeetingFields]
    ) -> "Meeting":
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            instance_id=instance_id,
            title=check_text("title", fields["title"]),
            starts_at=check_datetime("starts_at", fields["starts_at"]),
            place=check_text("place", fields["place"]),
            agenda=check_texts("agenda", fields["agenda"]),
        )

    class MeetingScheduled(DialoguePart.Created):
        PUBLIC = public("title", "starts_at", "place", "agenda")
        dialogue_id: UUID
        instance_id: UUID
        title: str
        starts_at: str
        place: str
        agenda: list[str]

    def __init__(
        self,
        actor_id: str,
        actor_role: str,
        dialogue_id: UUID,
        instance_id: UUID,
        title: str,
        starts_at: str,
        place: str,
        agenda: list[str],
    ):
        self.dialogue_id = dialogue_id
        self.instance_id = instance_id
        self.title = title
        self.starts_at = starts_at
        self.place = place
        self.agenda = list(agenda)
        self.sequence = 0
        """How many times the meeting was rescheduled (the convocation's ``SEQUENCE``)."""
        self.held_on: str | None = None
        self.attendance = 0
        self.excused = 0
        self.minutes: str | None = None
        self.minutes_draft: str | None = None
        self.corrections = 0
        self.live = False
        self.anonymous = False
        """The open live session shows its cards without their authors."""
        """A live session of the meeting is open."""
        self.pointer: int | None = None
        """The agenda item being discussed (its index), during a live session."""
        self.round_items: dict[str, int | None] = {}
        """The proposals put to a consent round in the meeting: the agenda item discussed then."""
        self.cluster_names: dict[str, str] = {}
        self.consent_round: dict[str, Any] | None = None
        """The open consent round: ``proposal_id`` (text) and ``members`` (account ids)."""
        self.hands: list[str] = []
        """The speaking queue: the accounts with a hand raised, in the order they raised it."""
        self.timer: dict[str, Any] | None = None
        """The session's countdown: ``{"ends_at": ISO time}`` running, ``{"remaining": seconds}`` paused."""

    class RescheduleFields(TypedDict):
        starts_at: str
        place: str
        reason: str

    def reschedule(self, by: Actor, **fields: Unpack[RescheduleFields]) -> None:
        """Move the meeting to another date or place, before it is held: its members are convened again."""
        self.check_not_held("meeting-rescheduled")
        starts_at = check_datetime("starts_at", fields["starts_at"])
        place = check_text("place", fields["place"])
        if (starts_at, place) == (self.starts_at, self.place):
            raise InvalidActError(
                "starts_at", "is the meeting's date and place already", code="same-schedule"
            )
        self._record(
            self.MeetingRescheduled,
            by,
            starts_at=starts_at,
            place=place,
            reason=check_text("reason", fields["reason"]),
            sequence=self.sequence + 1,
        )

    class MeetingRescheduled(DialoguePart.Event):
        PUBLIC = public("starts_at", "place", "reason")
        starts_at: str
        place: str
        reason: str
        sequence: int

        def apply(self, aggregate: Any) -> None:
            aggregate.starts_at, aggregate.place = self.starts_at, self.place
            aggregate.sequence = self.sequence

    def check_not_held(self, act: str) -> None:
        if self.held_on is not None:
            raise RuleError(
                f"{act}: '{self.title}' was already held on {self.held_on}",
                code="already-held",
                params={"act": act, "meeting": self.title, "date": self.held_on},
            )

    class HoldFields(TypedDict):
        held_on: str
        attendance: int
        excused: int

    def hold(self, by: Actor, **fields: Unpack[HoldFields]) -> None:
        self.check_not_held("meeting-held")
        self._record(
            self.MeetingHeld,
            by,
            held_on=check_date("held_on", fields["held_on"]),
            attendance=check_count("attendance", fields["attendance"]),
            excused=check_count("excused", fields["excused"]),
        )

    class MeetingHeld(DialoguePart.Event):
        PUBLIC = public("held_on", "attendance", "excused")
        held_on: str
        attendance: int
        excused: int

        def apply(self, aggregate: Any) -> None:
            aggregate.held_on = self.held_on
            aggregate.attendance = self.attendance
            aggregate.excused = self.excused

    class MinutesFields(TypedDict):
        text: str

    def record_minutes(self, by: Actor, **fields: Unpack[MinutesFields]) -> None:
        if self.held_on is None:
            raise RuleError(
                f"minutes-recorded: '{self.title}' has not been held yet",
                code="not-held",
                params={"act": "minutes-recorded", "meeting": self.title},
            )
        if self.minutes is not None:
            raise RuleError(
                "minutes-recorded: minutes exist already; correct them instead",
                code="minutes-exist",
                params={"act": "minutes-recorded"},
            )
        self._record(self.MinutesRecorded, by, text=check_text("text", fields["text"]))

    class MinutesRecorded(DialoguePart.Event):
        PUBLIC = public("text")
        text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.minutes = self.text

    class CorrectionFields(TypedDict):
        text: str
        reason: str

    def correct_minutes(self, by: Actor, **fields: Unpack[CorrectionFields]) -> None:
        if self.minutes is None:
            raise RuleError(
                "minutes-corrected: there are no minutes to correct",
                code="no-minutes",
                params={"act": "minutes-corrected"},
            )
        self._record(
            self.MinutesCorrected,
            by,
            text=check_text("text", fields["text"]),
            reason=check_text("reason", fields["reason"]),
        )

    class MinutesCorrected(DialoguePart.Event):
        PUBLIC = public("text", "reason")
        text: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.minutes = self.text
            aggregate.corrections += 1

    def draft_minutes(self, by: Actor, **fields: Unpack[MinutesFields]) -> None:
        """Save the facilitator's draft; the minutes themselves are ``minutes-recorded``."""
        if self.minutes is not None:
            raise RuleError(
                "minutes-drafted: the minutes are recorded already; correct them instead",
                code="minutes-final",
            )
        self._record(self.MinutesDrafted, by, text=check_text("text", fields["text"]))

    class MinutesDrafted(DialoguePart.Event):
        text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.minutes_draft = self.text


__all__ = ["TIMER_SECONDS", "Meeting", "check_seconds"]
