"""What the search indexes of each act: the texts the public page shows, nothing else.

Not indexed: stakeholders (their contacts are sealed; the page shows only
organisations and categories), names of people, the workings of live sessions,
and what the page does not show. Minutes are indexed as the page shows them:
their text, corrected when corrected, and the reasons of the corrections.
"""

from typing import Any

from projections.decoding import id_text
from projections.projection import on
from projections.search.rows import SearchRows
from projections.store import Sql


def framework_key(dialogue_id: Any) -> str:
    return f"{dialogue_id}/framework"


def launch_key(dialogue_id: Any) -> str:
    return f"{dialogue_id}/launch-meeting"


class SearchHandlers(SearchRows):
    """One handler per act whose public text the search finds."""

    # --- the dialogue and its framing --------------------------------------------

    @on("DialogueOpened")
    def opened(self, sql: Sql, event: Any, position: int) -> None:
        dialogue_id = event.originator_id
        self._open(sql, dialogue_id, position, slug=event.slug, title=event.title, territory=event.territory)
        texts = {"territory": event.territory, "subject": event.subject}
        self._add(sql, dialogue_id, position, dialogue_id, "dialogue", "", event.title, texts)

    @on("ApproachMadePublic")
    def made_public(self, sql: Sql, event: Any, position: int) -> None:
        self._publish(sql, event.originator_id)

    @on("TopicAdded")
    def topic(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event.originator_id, "topics", [event.topic])

    @on("FrameworkDefined")
    def framework(self, sql: Sql, event: Any, position: int) -> None:
        texts = {
            "expected_results": list(event.expected_results),
            "objects": list(event.objects),
            "perimeter": event.perimeter,
            "excluded": list(event.excluded),
            "calendar": [milestone["label"] for milestone in event.calendar],
        }
        dialogue_id = event.originator_id
        key = framework_key(dialogue_id)
        self._add(sql, key, position, dialogue_id, "framework", "framework", "", texts, replace=True)

    @on("LaunchMeetingHeld")
    def launch_meeting(self, sql: Sql, event: Any, position: int) -> None:
        dialogue_id = event.originator_id
        texts = {"summary": event.summary}
        key = launch_key(dialogue_id)
        self._add(sql, key, position, dialogue_id, "launch_meeting", "meetings", "", texts, replace=True)

    @on("InstanceDesigned")
    def instance(self, sql: Sql, event: Any, position: int) -> None:
        texts = {"function": event.function, "facilitation": event.facilitation, "schedule": event.schedule}
        self._part(sql, event, position, "instance", event.name, texts)

    # --- meetings and the shared diagnosis ----------------------------------------

    @on("MeetingScheduled")
    def meeting(self, sql: Sql, event: Any, position: int) -> None:
        texts = {"place": event.place, "agenda": list(event.agenda)}
        self._part(sql, event, position, "meeting", event.title, texts)

    @on("MeetingRescheduled")
    def rescheduled(self, sql: Sql, event: Any, position: int) -> None:
        self._set(sql, event.originator_id, "place", event.place)
        self._append(sql, event.originator_id, "reschedulings", [event.reason])

    @on("MinutesRecorded", "MinutesCorrected")
    def minutes(self, sql: Sql, event: Any, position: int) -> None:
        self._set(sql, event.originator_id, "minutes", event.text)
        if type(event).__name__ == "MinutesCorrected":
            self._append(sql, event.originator_id, "corrections", [event.reason])

    @on("ContributionPosted")
    def contribution(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event, position, "contribution", "", {"text": event.text}, anchor="participation")

    @on("ItemHidden", "ItemUnhidden")
    def moderated(self, sql: Sql, event: Any, position: int) -> None:
        """A hidden contribution is no longer found; shown again, it is."""
        if event.item_kind != "contribution":
            return
        row = self._document(sql, event.item_id)
        if row is None:
            return
        state = row["state"]
        if type(event).__name__ == "ItemHidden":
            state["hidden"], state["texts"] = state["texts"], {}
        elif "hidden" in state:
            state["texts"] = state.pop("hidden")
        self._documents.touch(str(event.item_id))

    @on("ConsultationOpened")
    def consultation(self, sql: Sql, event: Any, position: int) -> None:
        key = f"{event.originator_id}/consultations/{event.consultation_id}"
        texts = {"scope": event.scope}
        self._add(
            sql, key, position, event.originator_id, "consultation", "participation", event.question, texts
        )

    @on("ConsultationSynthesised")
    def synthesis(self, sql: Sql, event: Any, position: int) -> None:
        key = f"{event.originator_id}/consultations/{event.consultation_id}"
        self._set(sql, key, "synthesis", f"{event.text}\n{event.follow_up}")

    @on("ContributionClustered")
    def clustered(self, sql: Sql, event: Any, position: int) -> None:
        self._set(sql, event.originator_id, "cluster", event.cluster)

    # --- proposals -------------------------------------------------------------------

    @on("ProposalDrafted")
    def proposal(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event, position, "proposal", event.title, {"topic": event.topic, "text": event.text})

    @on("ProposalAmended")
    def amended(self, sql: Sql, event: Any, position: int) -> None:
        self._set(sql, event.originator_id, "text", event.text)
        self._append(sql, event.originator_id, "path", [event.rationale])

    @on("ProposalObjected", "ProposalWithdrawn")
    def reasoned(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event.originator_id, "path", [event.reason])

    @on("ObjectionResolved")
    def resolved(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event.originator_id, "path", [event.resolution])

    @on("TechnicalTranslationRecorded")
    def translated(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event.originator_id, "path", [event.operational_form])

    # --- decisions and actions ----------------------------------------------------------

    @on("DecisionAdopted")
    def decision(self, sql: Sql, event: Any, position: int) -> None:
        outcomes = []
        for outcome in event.outcomes:
            proposal = self._document(sql, outcome["proposal_id"])
            outcomes.extend([proposal["state"]["title"] if proposal else "", outcome["justification"] or ""])
        title = f"{event.body_name} — {event.deliberation_reference}"
        key, dialogue_id = event.decision_id, event.originator_id
        self._add(
            sql, key, position, dialogue_id, "decision", f"decision-{key}", title, {"outcomes": outcomes}
        )

    @on("DecisionCommunicated")
    def communicated(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event.decision_id, "communications", [event.message])

    @on("ActionCreated")
    def action(self, sql: Sql, event: Any, position: int) -> None:
        self._part(sql, event, position, "action", event.title, {"description": event.description})

    @on("ProgressReported")
    def progress(self, sql: Sql, event: Any, position: int) -> None:
        self._append(sql, event.originator_id, "reports", [event.note])

    @on("ActionCompleted")
    def completed(self, sql: Sql, event: Any, position: int) -> None:
        self._set(sql, event.originator_id, "completion", event.summary)

    def _part(
        self,
        sql: Sql,
        event: Any,
        position: int,
        kind: str,
        title: str,
        texts: Any,
        anchor: str | None = None,
    ) -> None:
        """The document of a part of a dialogue (the event's aggregate), shown at ``kind-id``."""
        key = event.originator_id
        self._add(
            sql, key, position, event.dialogue_id, kind, anchor or f"{kind}-{id_text(key)}", title, texts
        )
