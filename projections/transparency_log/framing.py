"""The transparency log's handlers of the framing stage: the framework, the organisation, the
diagnosis (concerns, feasibility), topics, links, the design and its review, the approach made
public, the launch meeting, the stakeholders and the instances."""

from typing import Any

from domain.fields import public_fields
from projections.projection import on
from projections.stage_view import DESIGN_STATUS
from projections.store import Sql
from projections.transparency_log.rows import State, TransparencyRows, public_record, recorded_at


class Framing(TransparencyRows):
    """Stage 1 of the fiche: framing."""

    @on("FrameworkDefined")
    def framework(self, sql: Sql, event: Any, position: int) -> None:
        def define(state: State) -> None:
            versions = (state["framework"] or {}).get("versions", 0) + 1
            state["framework"] = {**public_record(event), "versions": versions}

        self._dialogue(sql, event, position, define)

    @on("InternalOrganisationSet")
    def organisation(self, sql: Sql, event: Any, position: int) -> None:
        self._set(sql, event, position, "organisation", public_record(event))

    @on("ConcernRecorded")
    def concern(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event, position, "concerns", public_record(event))

    @on("FeasibilityAssessed")
    def feasibility(self, sql: Sql, event: Any, position: int) -> None:
        self._set(sql, event, position, "feasibility", public_record(event))

    @on("TopicAdded")
    def topic(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event, position, "topics", event.topic)

    @on("LinkModalityDefined")
    def link_modality(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event, position, "link_modalities", public_record(event))

    @on(*DESIGN_STATUS)
    def design(self, sql: Sql, event: Any, position: int) -> None:
        status = DESIGN_STATUS[type(event).__name__]
        fields = public_fields(event)  # the first is the text of the step
        entry = {"status": status, "text": fields.pop(type(event).PUBLIC[0]) or "", **fields}

        def review(state: State) -> None:
            state["design"]["status"] = status
            state["design"]["history"].append({**entry, "recorded_at": recorded_at(event)})

        self._dialogue(sql, event, position, review)

    @on("ApproachMadePublic")
    def made_public(self, sql: Sql, event: Any, position: int) -> None:
        made_public = public_record(event)
        self._dialogue(sql, event, position, lambda state: state.update(made_public=made_public, public=True))

    @on("LaunchMeetingHeld")
    def launch_meeting(self, sql: Sql, event: Any, position: int) -> None:
        self._set(sql, event, position, "launch_meeting", public_record(event))

    # --- stakeholders and instances --------------------------------------------

    @on("StakeholderIdentified")
    def stakeholder(self, sql: Sql, event: Any, position: int) -> None:
        # Neither the sealed contact nor the account id: only what a public page may show.
        person = {"person_id": str(event.originator_id), **public_fields(event), "confirmed_on": None}
        self._new_part(sql, event, position, "stakeholder", person)

    @on("ParticipationConfirmed")
    def confirmed(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event, position, lambda state: state.update(public_fields(event)))

    @on("InstanceDesigned")
    def instance(self, sql: Sql, event: Any, position: int) -> None:
        instance = public_fields(event)
        instance.update(members=[], designed_at=recorded_at(event))
        self._new_part(sql, event, position, "instance", instance)
