"""Read model ``questionnaires``: each questionnaire of a dialogue and the aggregates of its answers.

One row per questionnaire (its declaration, state and number of answers); per question, the count
of each option chosen or scale point given; the texts of the answers, each as its event holds it
(sealed under its own key: the web opens them through the application, and a shredded one reads as
such), without any respondent. No row names who answered: the answers' events are recorded under
a token, and this model keeps not even that. What the public may see of it, and when (the results
once closed), is decided by the readers below.
"""

import json
from typing import Any

from projections.projection import Projection, on
from projections.store import Sql

TEXTS_PAGE = 20
KEPT = ("dialogue_id", "title", "intro", "purpose", "consultation_id", "audience", "questions")


class QuestionnairesProjection(Projection):
    name = "questionnaires"
    tables = {
        "questionnaires": (
            "questionnaire_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL, title TEXT NOT NULL,"
            " intro TEXT NOT NULL, purpose TEXT NOT NULL, consultation_id TEXT, audience TEXT NOT NULL,"
            " questions TEXT NOT NULL, state TEXT NOT NULL, answers BIGINT NOT NULL,"
            " position BIGINT NOT NULL, opened_at TEXT, closed_at TEXT"
        ),
        "questionnaire_counts": (
            "questionnaire_id TEXT NOT NULL, question INTEGER NOT NULL, choice TEXT NOT NULL,"
            " count BIGINT NOT NULL, PRIMARY KEY (questionnaire_id, question, choice)"
        ),
        "questionnaire_texts": (
            "text_id TEXT PRIMARY KEY, questionnaire_id TEXT NOT NULL, question INTEGER NOT NULL,"
            " sealed_text TEXT NOT NULL, position BIGINT NOT NULL"
        ),
    }
    indexes = {
        "questionnaires_dialogue": "questionnaires (dialogue_id, position)",
        "questionnaire_texts_question": "questionnaire_texts (questionnaire_id, question, position)",
    }

    @on("QuestionnaireDrafted")
    def drafted(self, sql: Sql, event: Any, position: int) -> None:
        row = self._declared(event)
        sql.execute(
            "INSERT INTO questionnaires (questionnaire_id, dialogue_id, title, intro, purpose,"
            " consultation_id, audience, questions, state, answers, position)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', 0, ?)",
            [str(event.questionnaire_id), *(row[name] for name in KEPT), position],
        )

    @staticmethod
    def _declared(event: Any) -> dict[str, Any]:
        return {
            "dialogue_id": str(event.originator_id), "title": event.title, "intro": event.intro,
            "purpose": event.purpose, "consultation_id": event.consultation_id, "audience": event.audience,
            "questions": json.dumps(event.questions, ensure_ascii=False),
        }  # fmt: skip

    @on("QuestionnaireEdited")
    def edited(self, sql: Sql, event: Any, position: int) -> None:
        row = self._declared(event)
        sql.execute(
            "UPDATE questionnaires SET title = ?, intro = ?, purpose = ?, consultation_id = ?, audience = ?,"
            " questions = ? WHERE questionnaire_id = ?",
            [*(row[name] for name in KEPT[1:]), event.questionnaire_id],
        )

    @on("QuestionnaireOpened")
    def opened(self, sql: Sql, event: Any, position: int) -> None:
        sql.execute(
            "UPDATE questionnaires SET state = 'open', opened_at = ? WHERE questionnaire_id = ?",
            (event.timestamp.isoformat(), event.questionnaire_id),
        )

    @on("QuestionnaireClosed")
    def closed(self, sql: Sql, event: Any, position: int) -> None:
        sql.execute(
            "UPDATE questionnaires SET state = 'closed', closed_at = ? WHERE questionnaire_id = ?",
            (event.timestamp.isoformat(), event.questionnaire_id),
        )

    @on("QuestionnaireAnswered")
    def answered(self, sql: Sql, event: Any, position: int) -> None:
        questionnaire_id = event.questionnaire_id
        sql.execute(
            "UPDATE questionnaires SET answers = answers + 1 WHERE questionnaire_id = ?", (questionnaire_id,)
        )
        for index, value in event.choices.items():
            for choice in ["", *(value if isinstance(value, list) else [value])]:  # "": answered at all
                sql.execute(
                    "INSERT INTO questionnaire_counts (questionnaire_id, question, choice, count)"
                    " VALUES (?, ?, ?, 1) ON CONFLICT (questionnaire_id, question, choice)"
                    " DO UPDATE SET count = questionnaire_counts.count + 1",
                    (questionnaire_id, int(index), str(choice)),
                )
        for index, sealed in event.sealed_texts.items():
            sql.execute(
                "INSERT INTO questionnaire_texts (text_id, questionnaire_id, question, sealed_text, position)"
                " VALUES (?, ?, ?, ?, ?)",
                (sealed["text_id"], questionnaire_id, int(index), sealed["sealed_text"], position),
            )


def _listed(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "questions": json.loads(row["questions"])}


def public_questionnaires(sql: Sql, dialogue_id: str) -> list[dict[str, Any]]:
    """The questionnaires of a public dialogue once opened, first opened first; none of a dialogue
    not public, nor a draft."""
    rows = sql.all(
        "SELECT q.* FROM questionnaires q JOIN transparency_dialogues t ON t.dialogue_id = q.dialogue_id"
        " WHERE q.dialogue_id = ? AND t.public = 1 AND q.state <> 'draft' ORDER BY q.position",
        (dialogue_id,),
    )
    return [_listed(row) for row in rows]


def public_questionnaire(sql: Sql, dialogue_id: str, questionnaire_id: str) -> dict[str, Any] | None:
    """One of them, with its ``results`` once closed (None before: only its number of answers)."""
    found = [q for q in public_questionnaires(sql, dialogue_id) if q["questionnaire_id"] == questionnaire_id]
    if not found:
        return None
    questionnaire = found[0]
    questionnaire["results"] = results(sql, questionnaire) if questionnaire["state"] == "closed" else None
    return questionnaire


def results(sql: Sql, questionnaire: dict[str, Any]) -> list[dict[str, Any]]:
    """Per question: its counts (each option, or each scale point 1 to 5, in order, zeros included),
    how many answered it (a multiple choice counts a person once), the scale's mean; for a text
    question, how many texts."""
    questionnaire_id = questionnaire["questionnaire_id"]
    counted: dict[tuple[int, str], int] = {
        (row["question"], row["choice"]): int(row["count"])
        for row in sql.all(
            "SELECT question, choice, count FROM questionnaire_counts WHERE questionnaire_id = ?",
            (questionnaire_id,),
        )
    }
    texts = {
        row["question"]: int(row["n"])
        for row in sql.all(
            "SELECT question, COUNT(*) AS n FROM questionnaire_texts WHERE questionnaire_id = ?"
            " GROUP BY question",
            (questionnaire_id,),
        )
    }
    found = []
    for index, question in enumerate(questionnaire["questions"]):
        kind = question["kind"]
        choices = [str(point) for point in range(1, 6)] if kind == "scale" else question["options"]
        numbers = [counted.get((index, choice), 0) for choice in choices]
        counts: list[dict[str, Any]] = [
            {"choice": c, "count": n} for c, n in zip(choices, numbers, strict=True)
        ]
        total = counted.get((index, ""), 0)
        points = sum(int(c) * n for c, n in zip(choices, numbers, strict=True)) if kind == "scale" else 0
        mean = points / total if kind == "scale" and total else None
        found.append({
            "question": index, "prompt": question["prompt"], "kind": kind, "required": question["required"],
            "counts": counts, "answered": texts.get(index, 0) if kind in ("short", "long") else total,
            "mean": None if mean is None else round(mean, 2),
        })  # fmt: skip
    return found


def every_answer_text(sql: Sql, questionnaire_id: str) -> list[dict[str, Any]]:
    """Every text of the questionnaire's answers (sealed), question by question, oldest first."""
    return sql.all(
        "SELECT text_id, question, sealed_text FROM questionnaire_texts WHERE questionnaire_id = ?"
        " ORDER BY question, position",
        (questionnaire_id,),
    )


def answer_texts(sql: Sql, questionnaire_id: str, question: int, page: int = 1) -> list[dict[str, Any]]:
    """One page of a question's texts (sealed), oldest first; never who wrote them."""
    return sql.all(
        "SELECT text_id, question, sealed_text FROM questionnaire_texts WHERE questionnaire_id = ?"
        " AND question = ? ORDER BY position LIMIT ? OFFSET ?",
        (questionnaire_id, question, TEXTS_PAGE, (max(1, page) - 1) * TEXTS_PAGE),
    )
