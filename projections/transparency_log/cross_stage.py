"""The transparency log's handlers of acts of every stage: the dialogue opened, advancing, closed;
an instance's members; the dated notes on the dialogue's record."""

from typing import Any

from domain.fields import public_fields
from domain.stages import Stage
from projections.projection import on
from projections.store import Sql
from projections.transparency_log.rows import (
    DIALOGUES,
    MEMBER_FIELDS,
    NOTES,
    PARTS,
    State,
    TransparencyRows,
    recorded_at,
)


class CrossStage(TransparencyRows):
    """The dialogue itself, its instances' members and its notes."""

    @on("DialogueOpened")
    def opened(self, sql: Sql, event: Any, position: int) -> None:
        state: State = {
            "stage": Stage.FRAMING.value,
            "closed": False,
            "public": False,
            "framework": None,
            "organisation": None,
            "feasibility": None,
            "design": {"status": None, "history": []},
            "made_public": None,
            "launch_meeting": None,
            "contributions": {},
            "timeline": [
                {
                    "from": None,
                    "to": Stage.FRAMING.value,
                    "recorded_at": recorded_at(event),
                    "waiver": None,
                    "unmet": [],
                }
            ],
        }
        self._insert(
            sql,
            DIALOGUES,
            event.originator_id,
            event,
            position,
            state,
            slug=event.slug,
            title=event.title,
            territory=event.territory,
            subject=event.subject,
            opened_at=recorded_at(event),
        )

    @staticmethod
    def _transition(event: Any, state: State, to: str) -> None:
        """A step of the dialogue's timeline: the event's public fields (its waiver...) and the
        exit indicators unmet when it was taken."""
        unmet = [{"name": i["name"], "detail": i["detail"]} for i in event.indicators if not i["met"]]
        state["timeline"].append(
            {
                "from": state["stage"],
                "to": to,
                "recorded_at": recorded_at(event),
                **public_fields(event),
                "unmet": unmet,
            }
        )

    @on("StageAdvanced")
    def advanced(self, sql: Sql, event: Any, position: int) -> None:
        def advance(state: State) -> None:
            self._transition(event, state, event.to_stage)
            state["stage"] = event.to_stage

        self._dialogue(sql, event, position, advance)

    @on("DialogueClosed")
    def closed(self, sql: Sql, event: Any, position: int) -> None:
        def close(state: State) -> None:
            self._transition(event, state, "closed")
            state["closed"] = True

        self._dialogue(sql, event, position, close)

    # --- members ---------------------------------------------------------------

    @on("MemberAdded")
    def member_added(self, sql: Sql, event: Any, position: int) -> None:
        person = self._state(sql, PARTS, event.stakeholder_id) or {"person_id": str(event.stakeholder_id)}
        member = {field: person.get(field) for field in MEMBER_FIELDS}
        self._part(sql, event, position, lambda state: state["members"].append(member))

    @on("MemberRemoved")
    def member_removed(self, sql: Sql, event: Any, position: int) -> None:
        def remove(state: State) -> None:
            state["members"] = [m for m in state["members"] if m["person_id"] != str(event.stakeholder_id)]

        self._part(sql, event, position, remove)

    # --- notes -----------------------------------------------------------------

    @on(*NOTES)
    def noted(self, sql: Sql, event: Any, position: int) -> None:
        note = {**event.details, "recorded_at": recorded_at(event)}
        section = NOTES[type(event).__name__]
        self._append(sql, event, position, f"notes.{section}", note)
