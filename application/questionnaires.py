"""Questionnaires: the facilitator's acts (drafted, edited, opened, closed) and the answers of
citizens and participants.

An answer is recorded under the respondent's token for the questionnaire, ``respondent_token``:
an HMAC of the account's id under a key of the questionnaire's own, kept in the vault beside the
persons' keys. The dialogue refuses a second answer with the same token; the log, its exports and
its bundle never hold the account's id with an answer (docs/security.md). Each text of an answer
is sealed under a key of its own (its ``text_id``), like a citizen's contribution: shredding one
text is :meth:`QuestionnaireActs.shred_answer_text`.
"""

from typing import Any, Unpack
from uuid import UUID, uuid4

from application.base import ActRecording
from application.recorded import Recorded
from domain.acts import ACTS
from domain.dialogue import Dialogue
from domain.errors import InvalidActError


def _uuid(field: str, value: Any) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidActError(
            field, f"no questionnaire {value}", code="unknown-part", params={"part": str(value)}
        ) from None


class QuestionnaireActs(ActRecording):
    """The ``DialogueApp`` methods of questionnaires."""

    def draft_questionnaire(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.QuestionnaireFields]
    ) -> Recorded:
        """The answer's id is the questionnaire's."""
        questionnaire_id = uuid4()
        recorded = self._on_dialogue(
            "questionnaire-drafted",
            account_id,
            dialogue_id,
            lambda d, by: d.draft_questionnaire(by, questionnaire_id=questionnaire_id, **fields),
        )
        self.vault.pseudonym(
            questionnaire_id, ""
        )  # its respondents' key, made before any answer races for it
        return Recorded(questionnaire_id, recorded.position, recorded.positions)

    def edit_questionnaire(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.QuestionnaireEditionFields]
    ) -> Recorded:
        return self._on_dialogue(
            "questionnaire-edited", account_id, dialogue_id, lambda d, by: d.edit_questionnaire(by, **fields)
        )

    def open_questionnaire(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.QuestionnaireOpeningFields]
    ) -> Recorded:
        return self._on_dialogue(
            "questionnaire-opened", account_id, dialogue_id, lambda d, by: d.open_questionnaire(by, **fields)
        )

    def close_questionnaire(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.QuestionnaireClosingFields]
    ) -> Recorded:
        return self._on_dialogue(
            "questionnaire-closed", account_id, dialogue_id, lambda d, by: d.close_questionnaire(by, **fields)
        )

    def respondent_token(self, questionnaire_id: str, account_id: str) -> str:
        """The account's token for this questionnaire: the actor its answer is recorded under."""
        return "respondent:" + self.vault.pseudonym(_uuid("questionnaire_id", questionnaire_id), account_id)

    def _seal_answer_text(self, text: str) -> dict[str, str]:
        text_id = uuid4()
        return {"text_id": str(text_id), "sealed_text": self.vault.seal(text_id, {"text": text})}

    def answer_questionnaire(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.QuestionnaireAnswerFields]
    ) -> Recorded:
        """A citizen's or a participant's answer, once each; its texts sealed one by one."""

        def answer(d: Dialogue, by: Any) -> None:
            questionnaire = d.questionnaire(fields["questionnaire_id"])
            respondent = self.respondent_token(questionnaire["questionnaire_id"], account_id)
            d.answer_questionnaire(by, respondent=respondent, seal=self._seal_answer_text, **fields)

        return self._on_dialogue("questionnaire-answered", account_id, dialogue_id, answer)

    def shred_answer_text(self, text_id: str) -> bool:
        """Delete for good the key of one text of an answer (moderation): it reads as shredded
        everywhere, the log still verifies; False if it was gone already."""
        return self.vault.erase(_uuid("text_id", text_id))

    # --- queries ------------------------------------------------------------

    def questionnaire(self, dialogue_id: UUID, questionnaire_id: str) -> dict[str, Any] | None:
        """A questionnaire as its forms need it (no respondent), or None."""
        found = self._dialogue(dialogue_id).questionnaires.get(questionnaire_id)
        if found is None:
            return None
        return {key: value for key, value in found.items() if key != "respondents"}

    def questionnaires(self, dialogue_id: UUID) -> list[dict[str, Any]]:
        """The dialogue's questionnaires, latest first (drafts included: the workspace's list)."""
        held = self._dialogue(dialogue_id).questionnaires.values()
        return [{k: v for k, v in q.items() if k != "respondents"} for q in reversed(held)]

    def answers_as_participant(self, dialogue_id: UUID, account_id: str) -> bool:
        """Whether the account holds a role here in which it may answer (any but the auditor's)."""
        roles = ACTS["questionnaire-answered"].roles
        return any(role in roles for role in self._dialogue(dialogue_id).roles_of(account_id))

    def has_answered(self, dialogue_id: UUID, questionnaire_id: str, account_id: str) -> bool:
        found = self._dialogue(dialogue_id).questionnaires.get(questionnaire_id)
        return (
            found is not None and self.respondent_token(questionnaire_id, account_id) in found["respondents"]
        )

    def answer_texts(
        self, rows: list[dict[str, Any]], dialogue_id: UUID | None = None
    ) -> list[dict[str, Any]]:
        """Rows of the read model's texts (``text_id``, ``sealed_text``...) with their ``text`` opened
        (None once shredded), without the sealed one; given the dialogue, each with its
        ``moderation`` (``moderation_status``: None if shown) and no text while hidden."""
        moderated = {} if dialogue_id is None else self.moderated_items(dialogue_id, "answer")  # type: ignore[attr-defined]
        opened = []
        for row in rows:
            status = moderated.get(str(row["text_id"]))
            data = None if status else self.vault.open(UUID(row["text_id"]), row["sealed_text"])
            shown = {k: v for k, v in row.items() if k != "sealed_text"}
            opened.append({**shown, "text": None if data is None else data["text"], "moderation": status})
        return opened
