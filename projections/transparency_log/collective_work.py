"""The transparency log's handlers of the collective work: contributions counted, meetings and
their minutes, the path of each proposal (drafted, amended, endorsed, objected to, validated,
withdrawn, translated), agreements, and the regulation of dysfunctions."""

from typing import Any

from domain.fields import public_fields
from projections.projection import on
from projections.store import Sql
from projections.transparency_log.live_outcomes import LiveOutcomes
from projections.transparency_log.rows import (
    DIALOGUES,
    PARTS,
    State,
    TransparencyRows,
    public_record,
    recorded_at,
    step,
    supporter,
)


class CollectiveWork(TransparencyRows):
    """Stage 2 of the fiche: collective work."""

    @on("ContributionPosted")
    def contribution(self, sql: Sql, event: Any, position: int) -> None:
        def count(state: State) -> None:
            state["contributions"][event.kind] = state["contributions"].get(event.kind, 0) + 1

        self._change(sql, DIALOGUES, event.dialogue_id, event, position, count)
        if event.meeting_id is not None:
            self._part(sql, event, position, LiveOutcomes.count_card, part_id=event.meeting_id)

    # --- meetings --------------------------------------------------------------

    @on("MeetingScheduled")
    def meeting(self, sql: Sql, event: Any, position: int) -> None:
        meeting = {
            **public_fields(event),
            "instance_id": str(event.instance_id),
            "instance": self._title(sql, event.instance_id),
            "scheduled_at": recorded_at(event),
            "held_on": None,
            "attendance": None,
            "excused": None,
            "minutes": None,
        }
        self._new_part(sql, event, position, "meeting", meeting)

    @on("MeetingRescheduled")
    def rescheduled(self, sql: Sql, event: Any, position: int) -> None:
        def move(state: State) -> None:
            before = {"starts_at": state["starts_at"], "place": state["place"]}
            moved = {**before, "reason": event.reason, "recorded_at": recorded_at(event)}
            state.setdefault("reschedulings", []).append(moved)
            state.update(starts_at=event.starts_at, place=event.place)

        self._part(sql, event, position, move)

    @on("MeetingHeld")
    def held(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event, position, lambda state: state.update(public_fields(event)))

    @on("MinutesRecorded")
    def minutes(self, sql: Sql, event: Any, position: int) -> None:
        minutes = {
            **public_record(event),
            "corrected": False,
            "corrections": 0,
            "corrected_at": None,
            "reasons": [],
        }
        self._part(sql, event, position, lambda state: state.update(minutes=minutes))

    @on("MinutesCorrected")
    def minutes_corrected(self, sql: Sql, event: Any, position: int) -> None:
        def correct(state: State) -> None:
            minutes = state["minutes"]
            corrected = public_fields(event)
            minutes["reasons"].append(corrected.pop("reason"))
            minutes.update(corrected, corrected=True, corrected_at=recorded_at(event))
            minutes["corrections"] += 1

        self._part(sql, event, position, correct)

    # --- proposals -------------------------------------------------------------

    @on("ProposalDrafted")
    def drafted(self, sql: Sql, event: Any, position: int) -> None:
        authors = {event.actor_id, *event.co_authors}
        proposal = {
            **public_fields(event),
            "instance_id": str(event.instance_id),
            "instance": self._title(sql, event.instance_id),
            "authors": len(authors),
            "contributions": len(event.contribution_ids),
            "status": "drafted",
            "amendments": 0,
            "endorsements": 0,
            "open_objections": 0,
            "objections": [],
            "_endorsers": [],
            "_objectors": {},
        }
        self._new_part(sql, event, position, "proposal", proposal)
        self._part_item(sql, event, position, "path", step(event, "drafted"))
        self._tally(sql, event, position, str(event.dialogue_id), "proposal_statuses", None, "drafted")

    @on("ProposalAmended")
    def amended(self, sql: Sql, event: Any, position: int) -> None:
        def amend(state: State) -> None:
            state["text"] = event.text
            state["amendments"] += 1

        self._part(sql, event, position, amend)
        self._path(sql, event, position, step(event, "amended", **public_fields(event)))

    @staticmethod
    def _settle(state: State, token: str, status: str, event: Any, resolution: str | None) -> None:
        """Close the open objection of ``token``, if any."""
        index = state["_objectors"].pop(token, None)
        if index is not None:
            objection = state["objections"][index]
            objection.update(status=status, resolution=resolution, resolved_at=recorded_at(event))

    @staticmethod
    def _count_support(state: State) -> None:
        state["endorsements"] = len(state["_endorsers"])
        state["open_objections"] = len(state["_objectors"])

    @on("ProposalEndorsed")
    def endorsed(self, sql: Sql, event: Any, position: int) -> None:
        token = supporter(event.originator_id, event.actor_id)

        def endorse(state: State) -> None:
            state["_endorsers"].append(token)
            self._settle(state, token, "lifted", event, None)
            self._count_support(state)

        self._part(sql, event, position, endorse)

    @on("ProposalObjected")
    def objected(self, sql: Sql, event: Any, position: int) -> None:
        token = supporter(event.originator_id, event.actor_id)

        def object_to(state: State) -> None:
            if token in state["_endorsers"]:
                state["_endorsers"].remove(token)
            state["_objectors"][token] = len(state["objections"])
            state["objections"].append(
                {
                    **public_fields(event),
                    "raised_at": recorded_at(event),
                    "status": "open",
                    "resolution": None,
                    "resolved_at": None,
                }
            )
            self._count_support(state)

        self._part(sql, event, position, object_to)

    @on("ObjectionResolved")
    def objection_resolved(self, sql: Sql, event: Any, position: int) -> None:
        token = supporter(event.originator_id, event.actor_id)

        def resolve(state: State) -> None:
            self._settle(state, token, "resolved", event, event.resolution)
            self._count_support(state)

        self._part(sql, event, position, resolve)

    @on("ProposalValidated")
    def validated(self, sql: Sql, event: Any, position: int) -> None:
        self._path(sql, event, position, step(event, "validated", **public_fields(event)))

    @on("ProposalWithdrawn")
    def withdrawn(self, sql: Sql, event: Any, position: int) -> None:
        self._path(sql, event, position, step(event, "withdrawn", **public_fields(event)))

    @on("TechnicalTranslationRecorded")
    def translated(self, sql: Sql, event: Any, position: int) -> None:
        self._path(sql, event, position, step(event, "translated", **public_fields(event)))

    # --- agreements ------------------------------------------------------------

    @on("AgreementDrafted")
    def agreement(self, sql: Sql, event: Any, position: int) -> None:
        agreement = {
            **public_fields(event),
            "instance_id": str(event.instance_id),
            "instance": self._title(sql, event.instance_id),
            "proposals": [{"id": str(p), "title": self._title(sql, p)} for p in event.proposal_ids],
            "drafted_at": recorded_at(event),
            "approvals": 0,
            "validated": False,
            "validated_at": None,
        }
        self._new_part(sql, event, position, "agreement", agreement)

    @on("AgreementApproved")
    def approved(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event, position, lambda state: state.update(approvals=state["approvals"] + 1))

    @on("AgreementValidated")
    def agreement_validated(self, sql: Sql, event: Any, position: int) -> None:
        validated = {"validated": True, "validated_at": recorded_at(event), **public_fields(event)}
        self._part(sql, event, position, lambda state: state.update(validated))

    # --- regulation ------------------------------------------------------------

    @on("DysfunctionReported")
    def dysfunction(self, sql: Sql, event: Any, position: int) -> None:
        dysfunction = {
            **public_fields(event),
            "reported_at": recorded_at(event),
            "adjustment": None,
            "status": "reported",
        }
        self._new_part(sql, event, position, "dysfunction", dysfunction)

    def _regulate(self, sql: Sql, event: Any, position: int, status: str, text: str, **changes: Any) -> None:
        """A step of the regulation of a dysfunction: an adjustment proposed, adopted or rejected; its
        ``text`` is the event's public field of that name, the others are kept beside it."""

        def regulate(state: State) -> None:
            state.update(status=status, **changes)

        fields = public_fields(event)
        entry = {"status": status, "text": fields.pop(text), **fields, "recorded_at": recorded_at(event)}
        self._change(sql, PARTS, event.originator_id, event, position, regulate, (("history", entry),))

    @on("AdjustmentProposed")
    def adjustment_proposed(self, sql: Sql, event: Any, position: int) -> None:
        self._regulate(sql, event, position, "proposed", "adjustment", adjustment=event.adjustment)

    @on("AdjustmentAdopted")
    def adjustment_adopted(self, sql: Sql, event: Any, position: int) -> None:
        self._regulate(sql, event, position, "adopted", "remarks")

    @on("AdjustmentRejected")
    def adjustment_rejected(self, sql: Sql, event: Any, position: int) -> None:
        self._regulate(sql, event, position, "rejected", "reasons")
