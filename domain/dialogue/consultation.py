"""Public consultations of a dialogue: opened by a facilitator, contributed to and supported by
citizens while open, closed early or at their last day, synthesised once ended.

A consultation is known by its id; each keeps its question, dates, scope, kinds accepted,
``closed_on`` (a day, once closed early), ``started`` and ``ended`` (the platform recorded that its
first day came, that its last passed: ``ConsultationStarted``, ``ConsultationEnded``), its
``synthesis`` and its citizens' contributions (id -> kind, author, supporters). Whether it is open
is decided from the dates on the day it is read or acted on (``domain.consultation.is_open``). A
contribution's text is sealed by the application under the contribution's own key, so that it can
be shredded.
"""

from datetime import date
from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_choice, check_date, check_text
from domain.consultation import check_kinds, check_length, check_themes, has_ended, is_open
from domain.dialogue.state import DialogueState
from domain.errors import InvalidActError, RepeatedActError, RuleError
from domain.fields import public

PLATFORM = "platform:calendar"
"""The actor of the acts the platform records by itself at a consultation's dates (no login has a colon)."""
PLATFORM_ROLE = "platform"

QUESTION_MAX = 500
SCOPE_MAX = 2000
SYNTHESIS_MAX = 10000


class ConsultationActs(DialogueState):
    """The acts of ``Dialogue`` on its public consultations."""

    @property
    def consultations(self) -> dict[str, dict[str, Any]]:
        """Consultation id -> what is known of it (the dialogues recorded before have none)."""
        held: dict[str, dict[str, Any]] = self.__dict__.setdefault("_consultations", {})
        return held

    def consultation(self, consultation_id: Any) -> dict[str, Any]:
        """The dialogue's consultation ``consultation_id``; refused naming ``consultation_id`` otherwise."""
        found = self.consultations.get(str(consultation_id))
        if found is None:
            raise InvalidActError(
                "consultation_id",
                f"no consultation {consultation_id}",
                code="unknown-part",
                params={"part": str(consultation_id)},
            )
        return found

    class PublicConsultationFields(TypedDict):
        question: str
        opens_on: str
        closes_on: str
        scope: str
        kinds: list[str]

    def open_consultation(
        self, by: Actor, *, consultation_id: UUID, **fields: Unpack[PublicConsultationFields]
    ) -> None:
        self.check_accepts("consultation-opened", by)
        opens_on = check_date("opens_on", fields["opens_on"])
        closes_on = check_date("closes_on", fields["closes_on"])
        if closes_on < opens_on:
            raise InvalidActError(
                "closes_on", "must be on or after the opening day", code="before-opening",
                params={"opens_on": opens_on},
            )  # fmt: skip
        self._record(
            self.ConsultationOpened, by, consultation_id=consultation_id,
            question=check_length("question", fields["question"], QUESTION_MAX),
            opens_on=opens_on, closes_on=closes_on,
            scope=check_length("scope", fields["scope"], SCOPE_MAX),
            kinds=check_kinds(fields["kinds"]),
        )  # fmt: skip

    class ConsultationOpened(DialoguePart.Event):
        PUBLIC = public("question", "opens_on", "closes_on", "scope", "kinds")
        consultation_id: UUID
        question: str
        opens_on: str
        closes_on: str
        scope: str
        kinds: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.consultations[str(self.consultation_id)] = {
                "consultation_id": str(self.consultation_id), "question": self.question,
                "opens_on": self.opens_on, "closes_on": self.closes_on, "scope": self.scope,
                "kinds": list(self.kinds), "closed_on": None, "synthesis": None, "contributions": {},
            }  # fmt: skip

    class ConsultationClosingFields(TypedDict):
        consultation_id: str
        reason: NotRequired[str]

    def close_consultation(
        self, by: Actor, *, today: date, **fields: Unpack[ConsultationClosingFields]
    ) -> None:
        """Close a consultation before its last day (it closes by itself after it)."""
        self.check_accepts("consultation-closed", by)
        consultation = self.consultation(fields["consultation_id"])
        if has_ended(consultation, today):
            raise RuleError(
                "consultation-closed: the consultation has ended already",
                code="consultation-ended", params={"act": "consultation-closed"},
            )  # fmt: skip
        self._record(
            self.ConsultationClosed, by, consultation_id=consultation["consultation_id"],
            closed_on=today.isoformat(),
            reason=check_length("reason", fields.get("reason"), 500, required=False),
        )  # fmt: skip

    class ConsultationClosed(DialoguePart.Event):
        PUBLIC = public("closed_on", "reason")
        consultation_id: str
        closed_on: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.consultations[self.consultation_id]["closed_on"] = self.closed_on

    class ConsultationSynthesisFields(TypedDict):
        consultation_id: str
        text: str
        themes: list[dict[str, Any]]
        follow_up: str

    def synthesise_consultation(
        self, by: Actor, *, today: date, **fields: Unpack[ConsultationSynthesisFields]
    ) -> None:
        """The facilitator's synthesis, once the consultation has ended; one per consultation."""
        self.check_accepts("consultation-synthesised", by)
        consultation = self.consultation(fields["consultation_id"])
        if not has_ended(consultation, today):
            raise RuleError(
                "consultation-synthesised: the consultation is still open; close it first",
                code="consultation-not-ended", params={"act": "consultation-synthesised"},
            )  # fmt: skip
        if consultation["synthesis"] is not None:
            raise RuleError(
                "consultation-synthesised: the consultation has its synthesis already",
                code="consultation-synthesised", params={"act": "consultation-synthesised"},
            )  # fmt: skip
        self._record(
            self.ConsultationSynthesised, by, consultation_id=consultation["consultation_id"],
            text=check_length("text", fields["text"], SYNTHESIS_MAX),
            themes=check_themes(fields["themes"]),
            follow_up=check_length("follow_up", fields["follow_up"], SYNTHESIS_MAX),
        )  # fmt: skip

    class ConsultationSynthesised(DialoguePart.Event):
        PUBLIC = public("text", "themes", "follow_up")
        consultation_id: str
        text: str
        themes: list[dict[str, Any]]
        follow_up: str

        def apply(self, aggregate: Any) -> None:
            aggregate.consultations[self.consultation_id]["synthesis"] = {
                "text": self.text, "themes": list(self.themes), "follow_up": self.follow_up,
            }  # fmt: skip

    # --- the calendar: what the platform records by itself at a consultation's dates ----------

    def due_consultation_dates(self, today: date) -> list[tuple[str, str]]:
        """What the consultations' calendars call for by ``today`` and is not yet recorded, in order:
        ``("started", id)`` from its first day, ``("ended", id)`` after its last; nothing for one a
        facilitator closed (that act closed it), nor in a closed dialogue."""
        day, due = today.isoformat(), []
        for consultation in [] if self.closed else self.consultations.values():
            if consultation["closed_on"] is not None:
                continue
            if not consultation.get("started") and consultation["opens_on"] <= day:
                due.append(("started", consultation["consultation_id"]))
            if not consultation.get("ended") and consultation["closes_on"] < day:
                due.append(("ended", consultation["consultation_id"]))
        return due

    def awaits_consultation_dates(self) -> bool:
        """Whether a consultation's start or end is still to be recorded on some day: one neither closed
        by a facilitator nor ended, in a dialogue not closed."""
        return not self.closed and any(
            c["closed_on"] is None and not c.get("ended") for c in self.consultations.values()
        )

    def reach_consultation_dates(self, today: date) -> int:
        """Record the consultations' starts and ends due by ``today`` (``due_consultation_dates``),
        by the platform (``PLATFORM``); how many were recorded."""
        due = self.due_consultation_dates(today)
        for what, consultation_id in due:
            consultation = self.consultations[consultation_id]
            if what == "started":
                event_class: Any = self.ConsultationStarted
                dated = {"started_on": consultation["opens_on"]}
            else:
                event_class, dated = self.ConsultationEnded, {"ended_on": consultation["closes_on"]}
            self.trigger_event(
                event_class,
                actor_id=PLATFORM,
                actor_role=PLATFORM_ROLE,
                consultation_id=consultation_id,
                **dated,
            )
        return len(due)

    class ConsultationStarted(DialoguePart.Event):
        """The consultation's first day came: recorded by the platform on that day, or at the first
        pass or read after it (the event's time says when)."""

        PUBLIC = public("started_on")
        consultation_id: str
        started_on: str

        def apply(self, aggregate: Any) -> None:
            aggregate.consultations[self.consultation_id]["started"] = True

    class ConsultationEnded(DialoguePart.Event):
        """The consultation's last day passed (not closed early): recorded by the platform."""

        PUBLIC = public("ended_on")
        consultation_id: str
        ended_on: str

        def apply(self, aggregate: Any) -> None:
            aggregate.consultations[self.consultation_id]["ended"] = True

    def check_open(self, act: str, consultation_id: Any, today: date) -> dict[str, Any]:
        consultation = self.consultation(consultation_id)
        if not is_open(consultation, today):
            raise RuleError(
                f"{act}: the consultation is not open today",
                code="consultation-not-open", params={"act": act},
            )  # fmt: skip
        return consultation

    class CitizenContributionFields(TypedDict):
        """The citizen's text is given apart: the application seals it (``sealed_text``) first."""

        consultation_id: str
        kind: str

    def contribute_as_citizen(
        self, by: Actor, *, today: date, contribution_id: UUID, pseudonym: str, sealed_text: str,
        **fields: Unpack[CitizenContributionFields],
    ) -> None:  # fmt: skip
        """A citizen's contribution (its text sealed by the application) to an open consultation."""
        self.check_accepts("citizen-contributed", by)
        consultation = self.check_open("citizen-contributed", fields["consultation_id"], today)
        self._record(
            self.CitizenContributed, by, consultation_id=consultation["consultation_id"],
            contribution_id=contribution_id, kind=check_choice("kind", fields["kind"], consultation["kinds"]),
            pseudonym=check_text("pseudonym", pseudonym), sealed_text=check_text("sealed_text", sealed_text),
        )  # fmt: skip

    class CitizenContributed(DialoguePart.Event):
        PUBLIC = public("kind", "pseudonym")
        consultation_id: str
        contribution_id: UUID
        kind: str
        pseudonym: str
        sealed_text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.consultations[self.consultation_id]["contributions"][str(self.contribution_id)] = {
                "contribution_id": str(self.contribution_id), "kind": self.kind, "author": self.actor_id,
                "pseudonym": self.pseudonym, "sealed_text": self.sealed_text,
                "posted_at": self.timestamp.isoformat(), "supporters": [],
                "version": 1, "withdrawn": None,
            }  # fmt: skip

    def own_contribution(self, act: str, by: Actor, fields: Any) -> dict[str, Any]:
        """The author's own contribution, not withdrawn nor hidden nor shredded."""
        consultation = self.consultation(fields["consultation_id"])
        contribution_id = str(fields["contribution_id"])
        contribution = consultation["contributions"].get(contribution_id)
        if contribution is None or contribution["author"] != by.account_id:
            raise InvalidActError(
                "contribution_id", f"no contribution {contribution_id} of yours", code="unknown-part",
                params={"part": contribution_id},
            )  # fmt: skip
        moderated = self.moderated("contribution", contribution_id) or {}
        if contribution.get("withdrawn") or moderated.get("hidden") or moderated.get("shredded"):
            raise RuleError(
                f"{act}: the contribution is withdrawn or moderated", code="contribution-closed",
                params={"act": act},
            )  # fmt: skip
        found: dict[str, Any] = contribution
        return found

    class CitizenContributionEditFields(TypedDict):
        """The new text is given apart: the application seals it under the contribution's key."""

        consultation_id: str
        contribution_id: str

    def edit_citizen_contribution(
        self, by: Actor, *, today: date, sealed_text: str, **fields: Unpack[CitizenContributionEditFields]
    ) -> None:
        """The author's new version of their contribution, while the consultation is open."""
        self.check_accepts("citizen-contribution-edited", by)
        consultation = self.check_open("citizen-contribution-edited", fields["consultation_id"], today)
        contribution = self.own_contribution("citizen-contribution-edited", by, fields)
        self._record(
            self.CitizenContributionEdited, by, consultation_id=consultation["consultation_id"],
            contribution_id=contribution["contribution_id"], version=contribution.get("version", 1) + 1,
            sealed_text=check_text("sealed_text", sealed_text),
        )  # fmt: skip

    class CitizenContributionEdited(DialoguePart.Event):
        PUBLIC = public("version")
        consultation_id: str
        contribution_id: str
        version: int
        sealed_text: str

        def apply(self, aggregate: Any) -> None:
            contribution = aggregate.consultations[self.consultation_id]["contributions"][
                self.contribution_id
            ]
            contribution.update(sealed_text=self.sealed_text, version=self.version,
                                edited_at=self.timestamp.isoformat())  # fmt: skip

    class CitizenContributionWithdrawalFields(TypedDict):
        consultation_id: str
        contribution_id: str

    def withdraw_citizen_contribution(
        self, by: Actor, **fields: Unpack[CitizenContributionWithdrawalFields]
    ) -> None:
        """The author withdraws their contribution: its text is no longer shown (it stays sealed)."""
        self.check_accepts("citizen-contribution-withdrawn", by)
        contribution = self.own_contribution("citizen-contribution-withdrawn", by, fields)
        self._record(
            self.CitizenContributionWithdrawn, by, consultation_id=str(fields["consultation_id"]),
            contribution_id=contribution["contribution_id"],
        )  # fmt: skip

    class CitizenContributionWithdrawn(DialoguePart.Event):
        consultation_id: str
        contribution_id: str

        def apply(self, aggregate: Any) -> None:
            contribution = aggregate.consultations[self.consultation_id]["contributions"][
                self.contribution_id
            ]
            contribution["withdrawn"] = self.timestamp.isoformat()

    class CitizenSupportFields(TypedDict):
        consultation_id: str
        contribution_id: str

    def support_citizen_contribution(
        self, by: Actor, *, today: date, **fields: Unpack[CitizenSupportFields]
    ) -> None:
        """A citizen supports another's contribution, once."""
        self.check_accepts("citizen-contribution-supported", by)
        act = "citizen-contribution-supported"
        consultation = self.check_open(act, fields["consultation_id"], today)
        contribution_id = fields["contribution_id"]
        contribution = consultation["contributions"].get(str(contribution_id))
        if contribution is None:
            raise InvalidActError(
                "contribution_id", f"no contribution {contribution_id}", code="unknown-part",
                params={"part": str(contribution_id)},
            )  # fmt: skip
        if contribution["author"] == by.account_id:
            raise InvalidActError(
                "contribution_id", "one does not support one's own contribution", code="own-contribution"
            )
        moderated = self.moderated("contribution", contribution["contribution_id"]) or {}
        if contribution.get("withdrawn") or moderated.get("hidden") or moderated.get("shredded"):
            raise RuleError(
                f"{act}: the contribution is withdrawn or moderated",
                code="contribution-closed",
                params={"act": act},
            )
        if by.account_id in contribution["supporters"]:
            raise RepeatedActError(
                "contribution_id", "already supported by this citizen", code="already-supported"
            )
        self._record(
            self.CitizenContributionSupported, by, consultation_id=consultation["consultation_id"],
            contribution_id=contribution["contribution_id"],
        )  # fmt: skip

    class CitizenContributionSupported(DialoguePart.Event):
        consultation_id: str
        contribution_id: str

        def apply(self, aggregate: Any) -> None:
            contributions = aggregate.consultations[self.consultation_id]["contributions"]
            contributions[self.contribution_id]["supporters"].append(self.actor_id)
