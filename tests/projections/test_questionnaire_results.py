"""The read model ``questionnaires``: counts per option, the scale's distribution and mean, the
number of answers, the texts without who wrote them; results only once closed; on both stores,
and the same when rebuilt from zero."""

from typing import Any

from application.dialogues import DialogueApp
from domain.roles import Role
from projections.questionnaires import (
    QuestionnairesProjection,
    answer_texts,
    public_questionnaire,
    public_questionnaires,
)
from projections.runner import ProjectionRunner
from projections.transparency_log import TransparencyLogProjection
from tests.builders import ACCOUNTS, Scenario
from tests.projections.dump import projection_tables

ANSWERS: list[dict[str, Any]] = [
    {"0": "Mairie", "1": ["Jardin", "Baignade"], "2": 4, "4": "Des réunions le soir"},
    {"0": "Mairie", "1": ["Jardin"], "2": 5},
    {"0": "Presse", "2": 2, "3": "Niort", "4": "Merci"},
]


def answered(app: DialogueApp) -> tuple[Scenario, str, list[str]]:
    scenario = Scenario(app)
    questionnaire_id = str(scenario.questionnaire())
    people = [scenario.citizen("Ana"), scenario.citizen("Bruno"), ACCOUNTS[Role.STAKEHOLDER]]
    for person, answer in zip(people, ANSWERS, strict=True):
        app.answer_questionnaire(person, scenario.id, questionnaire_id=questionnaire_id, answers=answer)
    return scenario, questionnaire_id, people


def built(app: DialogueApp) -> ProjectionRunner:
    runner = ProjectionRunner(
        app.recorder, app.mapper, [TransparencyLogProjection(), QuestionnairesProjection()]
    )
    runner.catch_up()
    return runner


def test_an_open_questionnaire_shows_its_number_of_answers_and_no_result(app: DialogueApp) -> None:
    scenario, questionnaire_id, _people = answered(app)
    with built(app).store.transaction(commit=False) as sql:
        found = public_questionnaire(sql, str(scenario.id), questionnaire_id)
    assert found is not None
    assert (found["state"], found["answers"], found["results"]) == ("open", 3, None)


def test_once_closed_the_results_count_each_option_and_the_scale(app: DialogueApp) -> None:
    scenario, questionnaire_id, _people = answered(app)
    app.close_questionnaire(scenario.facilitator, scenario.id, questionnaire_id=questionnaire_id)
    runner = built(app)
    with runner.store.transaction(commit=False) as sql:
        found = public_questionnaire(sql, str(scenario.id), questionnaire_id)
        texts = answer_texts(sql, questionnaire_id, 4)
    assert found is not None and found["state"] == "closed"
    single, multiple, scale, short, long = found["results"]
    assert [(c["choice"], c["count"]) for c in single["counts"]] == [
        ("Presse", 1),
        ("Mairie", 2),
        ("Voisins", 0),
    ]
    assert single["answered"] == 3
    assert [(c["choice"], c["count"]) for c in multiple["counts"]] == [
        ("Jardin", 2),
        ("Élevage", 0),
        ("Baignade", 1),
    ]
    assert multiple["answered"] == 2  # a person counted once, however many options
    assert [c["count"] for c in scale["counts"]] == [0, 1, 0, 1, 1] and scale["mean"] == 3.67
    assert (short["answered"], long["answered"]) == (1, 2)
    assert [t["question"] for t in texts] == [4, 4] and {"text_id", "sealed_text"} <= set(texts[0])
    opened = app.answer_texts(texts)
    assert [t["text"] for t in opened] == ["Des réunions le soir", "Merci"]


def test_no_row_holds_who_answered_and_a_draft_is_not_public(app: DialogueApp) -> None:
    scenario, _questionnaire_id, people = answered(app)
    app.draft_questionnaire(
        scenario.facilitator, scenario.id, title="Brouillon", purpose="evaluation", audience="participants",
        questions=Scenario.QUESTIONS[2:3],  # type: ignore[arg-type]
    )  # fmt: skip
    runner = built(app)
    tables = projection_tables(runner)
    cells = [
        str(cell) for name in QuestionnairesProjection.tables for row in tables[name] for _n, cell in row
    ]
    assert not [cell for cell in cells if any(person in cell for person in people) or "respondent:" in cell]
    with runner.store.transaction(commit=False) as sql:
        assert [q["title"] for q in public_questionnaires(sql, str(scenario.id))] == [
            "Votre avis sur la consultation"
        ]


def test_a_rebuild_from_zero_gives_the_same_rows(app: DialogueApp) -> None:
    answered(app)
    runner = built(app)
    before = projection_tables(runner)
    runner.rebuild()
    assert projection_tables(runner) == before and before["questionnaire_counts"]
