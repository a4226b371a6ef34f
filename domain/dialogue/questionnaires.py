"""Questionnaires of a dialogue: drafted and edited by a facilitator, opened, answered once by each
person of its audience, closed.

A questionnaire serves a public consultation (``purpose`` ``consultation``, its ``consultation_id``)
or the process evaluation of stage 3 (``evaluation``: opened in that stage only); its ``audience``
is ``citizens``, ``participants`` (accounts holding a role in the dialogue) or ``both``. Each
answer is one ``QuestionnaireAnswered``, recorded under a respondent's token instead of the
account: the application derives it from the account with a key of the questionnaire's own
(``application.questionnaires``), so the dialogue knows who answered (once each) and the log,
its exports and its bundle do not say who gave which answer (docs/security.md). The texts of an
answer are sealed by the application, each under its own key, so that each can be shredded.
"""

from collections.abc import Callable
from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart, check_choice, check_text
from domain.dialogue.state import DialogueState
from domain.errors import InvalidActError, RepeatedActError, RuleError
from domain.fields import public
from domain.questionnaire import (
    AUDIENCES,
    PURPOSES,
    QuestionFields,
    check_answers,
    check_intro,
    check_questions,
    check_title,
)
from domain.roles import Role
from domain.stages import Stage

RESPONDENT = "respondent"
"""The role an answer is recorded in: never the respondent's own roles (a role held by one person
would name them)."""

Sealer = Callable[[str], dict[str, str]]
"""The application's sealing of one text: ``{"text_id", "sealed_text"}`` (its own key's id)."""


class QuestionnaireActs(DialogueState):
    """The acts of ``Dialogue`` on its questionnaires."""

    @property
    def questionnaires(self) -> dict[str, dict[str, Any]]:
        """Questionnaire id -> what is known of it (the dialogues recorded before have none)."""
        held: dict[str, dict[str, Any]] = self.__dict__.setdefault("_questionnaires", {})
        return held

    @property
    def answer_texts(self) -> dict[str, dict[str, Any]]:
        """The free texts of the answers, by ``text_id``: their questionnaire, question, respondent's
        token and sealed text (moderation finds one by its id; never who answered)."""
        held: dict[str, dict[str, Any]] = self.__dict__.setdefault("_answer_texts", {})
        return held

    def questionnaire(self, questionnaire_id: Any) -> dict[str, Any]:
        """The dialogue's questionnaire; refused naming ``questionnaire_id`` otherwise."""
        found = self.questionnaires.get(str(questionnaire_id))
        if found is None:
            raise InvalidActError(
                "questionnaire_id", f"no questionnaire {questionnaire_id}", code="unknown-part",
                params={"part": str(questionnaire_id)},
            )  # fmt: skip
        return found

    class QuestionnaireFields(TypedDict):
        """The whole questionnaire, as drafted or edited."""

        title: str
        intro: NotRequired[str]
        purpose: str
        consultation_id: NotRequired[str | None]
        audience: str
        questions: list[QuestionFields]

    def _declared(self, fields: QuestionnaireFields) -> dict[str, Any]:
        purpose = check_choice("purpose", fields["purpose"], PURPOSES)
        consultation_id = fields.get("consultation_id") or None
        if consultation_id is not None:
            consultation_id = str(consultation_id)
        if purpose == "consultation":
            consultation_id = self.consultations_held(check_text("consultation_id", consultation_id))
        elif consultation_id is not None:
            raise InvalidActError(
                "consultation_id", "only a consultation's questionnaire names one", code="no-consultation"
            )
        return {
            "title": check_title(fields["title"]), "intro": check_intro(fields.get("intro")),
            "purpose": purpose, "consultation_id": consultation_id,
            "audience": check_choice("audience", fields["audience"], AUDIENCES),
            "questions": check_questions(fields["questions"]),
        }  # fmt: skip

    def consultations_held(self, consultation_id: Any) -> str:
        """The id of one of the dialogue's consultations, refused naming ``consultation_id`` otherwise."""
        known: dict[str, Any] = self.__dict__.get("_consultations", {})
        if str(consultation_id) not in known:
            raise InvalidActError(
                "consultation_id", f"no consultation {consultation_id}", code="unknown-part",
                params={"part": str(consultation_id)},
            )  # fmt: skip
        return str(consultation_id)

    def draft_questionnaire(
        self, by: Actor, *, questionnaire_id: UUID, **fields: Unpack[QuestionnaireFields]
    ) -> None:
        self.check_accepts("questionnaire-drafted", by)
        declared = self._declared(fields)
        self._record(self.QuestionnaireDrafted, by, questionnaire_id=questionnaire_id, **declared)

    class QuestionnaireDrafted(DialoguePart.Event):
        PUBLIC = public("title", "intro", "purpose", "audience", "questions")
        questionnaire_id: UUID
        title: str
        intro: str
        purpose: str
        consultation_id: str | None
        audience: str
        questions: list[dict[str, Any]]

        def apply(self, aggregate: Any) -> None:
            aggregate.questionnaires[str(self.questionnaire_id)] = {
                "questionnaire_id": str(self.questionnaire_id), "title": self.title, "intro": self.intro,
                "purpose": self.purpose, "consultation_id": self.consultation_id, "audience": self.audience,
                "questions": list(self.questions), "state": "draft", "respondents": {}, "answers": 0,
            }  # fmt: skip

    class QuestionnaireEditionFields(QuestionnaireFields):
        questionnaire_id: str

    def edit_questionnaire(self, by: Actor, **fields: Unpack[QuestionnaireEditionFields]) -> None:
        """The whole questionnaire again, while it is a draft."""
        self.check_accepts("questionnaire-edited", by)
        questionnaire = self._in_state("questionnaire-edited", fields["questionnaire_id"], "draft")
        declared = self._declared(fields)
        self._record(
            self.QuestionnaireEdited, by, questionnaire_id=questionnaire["questionnaire_id"], **declared
        )

    class QuestionnaireEdited(DialoguePart.Event):
        PUBLIC = public("title", "intro", "purpose", "audience", "questions")
        questionnaire_id: str
        title: str
        intro: str
        purpose: str
        consultation_id: str | None
        audience: str
        questions: list[dict[str, Any]]

        def apply(self, aggregate: Any) -> None:
            aggregate.questionnaires[self.questionnaire_id].update(
                title=self.title, intro=self.intro, purpose=self.purpose,
                consultation_id=self.consultation_id, audience=self.audience, questions=list(self.questions),
            )  # fmt: skip

    def _in_state(self, act: str, questionnaire_id: Any, state: str) -> dict[str, Any]:
        questionnaire = self.questionnaire(questionnaire_id)
        if questionnaire["state"] == state:
            return questionnaire
        message = f"{act}: the questionnaire is {questionnaire['state']}, not {state}"
        if state == "draft":
            raise RuleError(message, code="questionnaire-not-draft", params={"act": act})
        raise RuleError(message, code="questionnaire-not-open", params={"act": act})

    class QuestionnaireOpeningFields(TypedDict):
        questionnaire_id: str

    def open_questionnaire(self, by: Actor, **fields: Unpack[QuestionnaireOpeningFields]) -> None:
        """Open a draft to its audience; the evaluation's in stage 3 only."""
        self.check_accepts("questionnaire-opened", by)
        questionnaire = self._in_state("questionnaire-opened", fields["questionnaire_id"], "draft")
        if questionnaire["purpose"] == "evaluation" and self.stage is not Stage.DECISION_AND_FOLLOW_UP:
            raise RuleError(
                "questionnaire-opened: the process evaluation's questionnaire opens in stage 3",
                code="evaluation-in-stage-3", params={"act": "questionnaire-opened"},
            )  # fmt: skip
        self._record(self.QuestionnaireOpened, by, questionnaire_id=questionnaire["questionnaire_id"])

    class QuestionnaireOpened(DialoguePart.Event):
        questionnaire_id: str

        def apply(self, aggregate: Any) -> None:
            aggregate.questionnaires[self.questionnaire_id]["state"] = "open"

    class QuestionnaireClosingFields(TypedDict):
        questionnaire_id: str

    def close_questionnaire(self, by: Actor, **fields: Unpack[QuestionnaireClosingFields]) -> None:
        """Close an open questionnaire: its results become public."""
        self.check_accepts("questionnaire-closed", by)
        questionnaire = self._in_state("questionnaire-closed", fields["questionnaire_id"], "open")
        self._record(self.QuestionnaireClosed, by, questionnaire_id=questionnaire["questionnaire_id"])

    class QuestionnaireClosed(DialoguePart.Event):
        questionnaire_id: str

        def apply(self, aggregate: Any) -> None:
            aggregate.questionnaires[self.questionnaire_id]["state"] = "closed"

    class QuestionnaireAnswerFields(TypedDict):
        """The answer: question index -> value (``domain.questionnaire.check_answers``)."""

        questionnaire_id: str
        answers: dict[str, Any]

    def check_audience(self, by: Actor, questionnaire: dict[str, Any]) -> None:
        """A citizen answers a questionnaire for citizens, an account holding a role one for participants."""
        wanted = "citizens" if by.role is Role.CITIZEN else "participants"
        if questionnaire["audience"] not in (wanted, "both"):
            raise RuleError(
                f"questionnaire-answered: this questionnaire is for {questionnaire['audience']}",
                code="not-in-audience", params={"act": "questionnaire-answered"},
            )  # fmt: skip

    def answer_questionnaire(
        self, by: Actor, *, respondent: str, seal: Sealer, **fields: Unpack[QuestionnaireAnswerFields]
    ) -> None:
        """``by``'s answer, recorded under ``respondent`` (their token for this questionnaire), once."""
        self.check_accepts("questionnaire-answered", by)
        questionnaire = self._in_state("questionnaire-answered", fields["questionnaire_id"], "open")
        self.check_audience(by, questionnaire)
        respondent = check_text("respondent", respondent)
        if respondent in questionnaire["respondents"]:
            raise RepeatedActError(
                "questionnaire_id", "already answered by this person", code="already-answered"
            )
        choices, texts = check_answers(questionnaire["questions"], fields["answers"])
        self.trigger_event(
            self.QuestionnaireAnswered, actor_id=respondent, actor_role=RESPONDENT,
            questionnaire_id=questionnaire["questionnaire_id"], choices=choices,
            sealed_texts={index: seal(text) for index, text in texts.items()},
        )  # fmt: skip

    class QuestionnaireAnswered(DialoguePart.Event):
        """Nothing of it is public as recorded: the results are counted once the questionnaire closes."""

        questionnaire_id: str
        choices: dict[str, Any]
        sealed_texts: dict[str, dict[str, str]]

        def apply(self, aggregate: Any) -> None:
            questionnaire = aggregate.questionnaires[self.questionnaire_id]
            questionnaire["respondents"][self.actor_id] = True
            questionnaire["answers"] += 1
            for index, sealed in self.sealed_texts.items():
                aggregate.answer_texts[sealed["text_id"]] = {
                    "questionnaire_id": self.questionnaire_id, "question": int(index),
                    "respondent": self.actor_id, "sealed_text": sealed["sealed_text"],
                }  # fmt: skip
