"""Stage 2, collective work: the acts on the dialogue as a whole, each a dated note of its record.

The acts on its parts (meetings, contributions, proposals...) are those parts' own aggregates.
"""

from typing import Any

from domain.base import Actor, DialoguePart, check_choice, check_count, check_date, check_text
from domain.dialogue.state import DialogueState


class Noted(DialoguePart.Event):
    """An act that adds a note to the dialogue's record of that act (``records``, by event name)."""

    details: dict[str, Any]

    def apply(self, aggregate: Any) -> None:
        aggregate.records.setdefault(type(self).__name__, []).append(dict(self.details))


class CollectiveWorkActs(DialogueState):
    """The collective-work acts of ``Dialogue``."""

    def hold_steering_review(self, by: Actor, *, held_on: str, summary: str) -> None:
        self.check_accepts("steering-review-held", by)
        self._note(
            self.SteeringReviewHeld,
            by,
            held_on=check_date("held_on", held_on),
            summary=check_text("summary", summary),
        )

    def provide_expertise(self, by: Actor, *, kind: str, title: str, summary: str) -> None:
        self.check_accepts("expertise-provided", by)
        self._note(
            self.ExpertiseProvided,
            by,
            kind=check_choice("kind", kind, ("analysis", "local_knowledge", "study")),
            title=check_text("title", title),
            summary=check_text("summary", summary),
        )

    def link_programme(self, by: Actor, *, programme: str, articulation: str) -> None:
        self.check_accepts("programme-linked", by)
        self._note(
            self.ProgrammeLinked,
            by,
            programme=check_text("programme", programme),
            articulation=check_text("articulation", articulation),
        )

    def inform_population(self, by: Actor, *, means: str, summary: str, informed_on: str) -> None:
        self.check_accepts("population-informed", by)
        self._note(
            self.PopulationInformed,
            by,
            means=check_text("means", means),
            summary=check_text("summary", summary),
            on=check_date("informed_on", informed_on),
        )

    def consult_population(
        self, by: Actor, *, means: str, participants: int, summary: str, consulted_on: str
    ) -> None:
        self.check_accepts("population-consulted", by)
        self._note(
            self.PopulationConsulted,
            by,
            means=check_text("means", means),
            participants=check_count("participants", participants),
            summary=check_text("summary", summary),
            on=check_date("consulted_on", consulted_on),
        )

    def inform_decision_makers(self, by: Actor, *, body: str, summary: str, informed_on: str) -> None:
        self.check_accepts("decision-makers-informed", by)
        self._note(
            self.DecisionMakersInformed,
            by,
            body=check_text("body", body),
            summary=check_text("summary", summary),
            on=check_date("informed_on", informed_on),
        )

    class SteeringReviewHeld(Noted):
        pass

    class ExpertiseProvided(Noted):
        pass

    class ProgrammeLinked(Noted):
        pass

    class PopulationInformed(Noted):
        pass

    class PopulationConsulted(Noted):
        pass

    class DecisionMakersInformed(Noted):
        pass
