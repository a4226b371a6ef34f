"""Meetings of an instance: scheduled, held with attendance, minutes recorded and corrected."""

from uuid import UUID

from eventsourcing.domain import event

from domain.base import Actor, DialoguePart, check_count, check_date, check_datetime, check_text, check_texts
from domain.errors import RuleError


class Meeting(DialoguePart):
    @classmethod
    def schedule(
        cls,
        by: Actor,
        *,
        dialogue_id: UUID,
        instance_id: UUID,
        title: str,
        starts_at: str,
        place: str,
        agenda: list[str],
    ) -> "Meeting":
        return cls(
            actor_id=by.account_id,
            actor_role=by.role,
            dialogue_id=dialogue_id,
            instance_id=instance_id,
            title=check_text("title", title),
            starts_at=check_datetime("starts_at", starts_at),
            place=check_text("place", place),
            agenda=check_texts("agenda", agenda),
        )

    @event("MeetingScheduled")
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
        self.held_on: str | None = None
        self.attendance = 0
        self.excused = 0
        self.minutes: str | None = None
        self.corrections = 0

    def hold(self, by: Actor, *, held_on: str, attendance: int, excused: int) -> None:
        if self.held_on is not None:
            raise RuleError(f"meeting-held: '{self.title}' was already held on {self.held_on}")
        self._hold(
            by.account_id,
            by.role,
            check_date("held_on", held_on),
            check_count("attendance", attendance),
            check_count("excused", excused),
        )

    @event("MeetingHeld")
    def _hold(self, actor_id: str, actor_role: str, held_on: str, attendance: int, excused: int) -> None:
        self.held_on = held_on
        self.attendance = attendance
        self.excused = excused

    def record_minutes(self, by: Actor, *, text: str) -> None:
        if self.held_on is None:
            raise RuleError(f"minutes-recorded: '{self.title}' has not been held yet")
        if self.minutes is not None:
            raise RuleError("minutes-recorded: minutes exist already; correct them instead")
        self._record_minutes(by.account_id, by.role, check_text("text", text))

    @event("MinutesRecorded")
    def _record_minutes(self, actor_id: str, actor_role: str, text: str) -> None:
        self.minutes = text

    def correct_minutes(self, by: Actor, *, text: str, reason: str) -> None:
        if self.minutes is None:
            raise RuleError("minutes-corrected: there are no minutes to correct")
        self._correct_minutes(by.account_id, by.role, check_text("text", text), check_text("reason", reason))

    @event("MinutesCorrected")
    def _correct_minutes(self, actor_id: str, actor_role: str, text: str, reason: str) -> None:
        self.minutes = text
        self.corrections += 1
