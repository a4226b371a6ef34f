"""The transparency log's handlers of public consultations: each consultation's question, period,
scope, kinds accepted, closing, synthesis, and the counts of citizens' contributions (by kind) and
supports. The texts of citizens' contributions are sealed in their events: they are not copied
here (the consultation's page opens them through the vault), nor is any citizen's id."""

from typing import Any

from projections.projection import on
from projections.store import Sql, loads
from projections.transparency_log.rows import DIALOGUES, State, TransparencyRows, recorded_at


def _consultations(state: State) -> list[State]:
    found: list[State] = state.setdefault("consultations", [])
    return found


def _consultation(state: State, consultation_id: Any) -> State | None:
    return next((c for c in _consultations(state) if c["consultation_id"] == str(consultation_id)), None)


class PublicConsultations(TransparencyRows):
    """Public consultations, the wider population's part in the dialogue."""

    @on("ConsultationOpened")
    def consultation_opened(self, sql: Sql, event: Any, position: int) -> None:
        consultation = {
            "consultation_id": str(event.consultation_id),
            "question": event.question,
            "opens_on": event.opens_on,
            "closes_on": event.closes_on,
            "scope": event.scope,
            "kinds": list(event.kinds),
            "opened_at": recorded_at(event),
            "closed_on": None,
            "synthesis": None,
            "contributions": {kind: 0 for kind in event.kinds},
            "supports": 0,
        }
        self._dialogue(sql, event, position, lambda state: _consultations(state).append(consultation))

    def _on_consultation(self, sql: Sql, event: Any, position: int, change: Any) -> None:
        def changed(state: State) -> None:
            consultation = _consultation(state, event.consultation_id)
            if consultation is not None:
                change(consultation)

        self._dialogue(sql, event, position, changed)

    @on("ConsultationClosed")
    def consultation_closed(self, sql: Sql, event: Any, position: int) -> None:
        closed = {"closed_on": event.closed_on, "closed_at": recorded_at(event)}
        self._on_consultation(sql, event, position, lambda c: c.update(closed))

    @on("ConsultationStarted")
    def consultation_started(self, sql: Sql, event: Any, position: int) -> None:
        """Its first day came (recorded by the platform)."""
        self._on_consultation(sql, event, position, lambda c: c.update(started_at=recorded_at(event)))

    @on("ConsultationEnded")
    def consultation_ended(self, sql: Sql, event: Any, position: int) -> None:
        """Its last day passed (recorded by the platform)."""
        self._on_consultation(sql, event, position, lambda c: c.update(ended_at=recorded_at(event)))

    @on("ConsultationSynthesised")
    def consultation_synthesised(self, sql: Sql, event: Any, position: int) -> None:
        synthesis = {"text": event.text, "themes": list(event.themes), "follow_up": event.follow_up}
        self._on_consultation(sql, event, position, lambda c: c.update(synthesis=synthesis))

    @on("CitizenContributed")
    def citizen_contributed(self, sql: Sql, event: Any, position: int) -> None:
        def count(consultation: State) -> None:
            counts = consultation["contributions"]
            counts[event.kind] = counts.get(event.kind, 0) + 1

        self._on_consultation(sql, event, position, count)

    @on("CitizenContributionSupported")
    def citizen_supported(self, sql: Sql, event: Any, position: int) -> None:
        self._on_consultation(sql, event, position, lambda c: c.update(supports=c["supports"] + 1))


def consultations_feed(sql: Sql, limit: int = 50) -> list[State]:
    """The latest public consultations of every public dialogue, newest first (for an Atom feed)."""
    rows = sql.all(f"SELECT dialogue_id, slug, title, state FROM {DIALOGUES} WHERE public = 1")  # noqa: S608
    found = [
        {**consultation, "dialogue": {"id": row["dialogue_id"], "slug": row["slug"], "title": row["title"]}}
        for row in rows
        for consultation in loads(row["state"]).get("consultations", [])
    ]
    return sorted(found, key=lambda c: c["opened_at"], reverse=True)[:limit]
