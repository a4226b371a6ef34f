"""Stage 2, collective work: the acts on the dialogue as a whole, each a dated note of its record.

The acts on its parts (meetings, contributions, proposals...) are those parts' own aggregates.
"""

from typing import Any, TypedDict, Unpack

from domain.base import Actor, DialoguePart, check_choice, check_count, check_date, check_text
from domain.dialogue.state import DialogueState


class Noted(DialoguePart.Event):
    """An act that adds a note to the dialogue's record of that act (``records``, by event name).

    Its ``details`` are public as they are: the transparency log keeps them whole."""

    details: dict[str, Any]

    def apply(self, aggregate: Any) -> None:
        aggregate.records.setdefault(type(self).__name__, []).append(dict(self.details))


class CollectiveWorkActs(DialogueState):
    """The collective-work acts of ``Dialogue``."""

    class SteeringReviewFields(TypedDict):
        held_on: str
        summary: str

    def hold_steering_review(self, by: Actor, **fields: Unpack[SteeringReviewFields]) -> None:
        self.check_accepts("steering-review-held", by)
        self._note(
            self.SteeringReviewHeld,
            by,
            held_on=check_date("held_on", fields["held_on"]),
            summary=check_text("summary", fields["summary"]),
        )

    class ExpertiseFields(TypedDict):
        kind: str
        title: str
        summary: str

    def provide_expertise(self, by: Actor, **fields: Unpack[ExpertiseFields]) -> None:
        self.check_accepts("expertise-provided", by)
        self._note(
            self.ExpertiseProvided,
            by,
            kind=check_choice("kind", fields["kind"], ("analysis", "local_knowledge", "study")),
            title=check_text("title", fields["title"]),
            summary=check_text("summary", fields["summary"]),
        )

    class ProgrammeFields(TypedDict):
        programme: str
        articulation: str

    def link_programme(self, by: Actor, **fields: Unpack[ProgrammeFields]) -> None:
        self.check_accepts("programme-linked", by)
        self._note(
            self.ProgrammeLinked,
            by,
            programme=check_text("programme", fields["programme"]),
            articulation=check_text("articulation", fields["articulation"]),
        )

    class InformationFields(TypedDict):
        means: str
        summary: str
        informed_on: str

    def inform_population(self, by: Actor, **fields: Unpack[InformationFields]) -> None:
        self.check_accepts("population-informed", by)
        self._note(
            self.PopulationInformed,
            by,
            means=check_text("means", fields["means"]),
            summary=check_text("summary", fields["summary"]),
            on=check_date("informed_on", fields["informed_on"]),
        )

    class ConsultationFields(TypedDict):
        means: str
        participants: int
        summary: str
        consulted_on: str

    def consult_population(self, by: Actor, **fields: Unpack[ConsultationFields]) -> None:
        self.check_accepts("population-consulted", by)
        self._note(
            self.PopulationConsulted,
            by,
            means=check_text("means", fields["means"]),
            participants=check_count("participants", fields["participants"]),
            summary=check_text("summary", fields["summary"]),
            on=check_date("consulted_on", fields["consulted_on"]),
        )

    class DecisionMakersInformationFields(TypedDict):
        body: str
        summary: str
        informed_on: str

    def inform_decision_makers(self, by: Actor, **fields: Unpack[DecisionMakersInformationFields]) -> None:
        self.check_accepts("decision-makers-informed", by)
        self._note(
            self.DecisionMakersInformed,
            by,
            body=check_text("body", fields["body"]),
            summary=check_text("summary", fields["summary"]),
            on=check_date("informed_on", fields["informed_on"]),
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
