"""The transparency log's public consultations, on both stores: question, period, closing, synthesis,
and the public's contributions counted by kind apart from the stakeholders'; no citizen's id, no
address, no sealed text in the read model."""

import json

from application.dialogues import DialogueApp
from projections.runner import ProjectionRunner
from projections.search import SearchProjection
from projections.transparency_log.consultation import consultations_feed
from tests.builders import Scenario
from tests.projections.test_transparency_log import caught_up, read


def test_the_log_shows_a_consultation_and_counts_the_publics_contributions_apart(app: DialogueApp) -> None:
    scenario = Scenario(app)
    scenario.to_collective_work()
    scenario.contribution()  # a stakeholder's, to the shared diagnosis
    consultation_id = str(scenario.closed_consultation())
    app.synthesise_consultation(
        scenario.facilitator, scenario.id, consultation_id=consultation_id, text="Synthèse",
        themes=[{"theme": "Nappes", "count": 0}], follow_up="Au groupe eau",
    )  # fmt: skip
    opened = str(scenario.reached.get("consultation"))
    scenario.reached.pop("consultation")
    scenario.reached.pop("citizen_contribution", None)
    second = str(scenario.consultation())  # a second one, open, with a contribution and a support
    contribution = str(scenario.citizen_contribution())
    app.support_citizen_contribution(
        scenario.citizen("Lucie"), scenario.id, consultation_id=second, contribution_id=contribution
    )
    runner = caught_up(app)

    view = read(runner, scenario.id)

    first, other = view["consultations"]
    assert first["consultation_id"] == opened == consultation_id
    assert first["closed_on"] is not None and first["synthesis"]["themes"] == [
        {"theme": "Nappes", "count": 0}
    ]
    assert other["contributions"] == {"observation": 1, "idea": 0, "question": 0} and other["supports"] == 1
    assert view["contributions"]["total"] == 1  # the stakeholders' diagnosis, apart
    assert view["citizen_contributions"] == {"total": 1, "by_kind": {"observation": 1}}
    stored = json.dumps(view, default=str)
    assert "citizen:" not in stored and "example.org" not in stored and "à sec" not in stored
    with runner.store.transaction(commit=False) as sql:
        assert [c["consultation_id"] for c in consultations_feed(sql)] == [second, consultation_id]


def test_the_search_finds_a_consultation_by_its_question_and_synthesis(app: DialogueApp) -> None:
    scenario = Scenario(app)
    consultation_id = str(scenario.closed_consultation())
    app.synthesise_consultation(
        scenario.facilitator, scenario.id, consultation_id=consultation_id, text="Les nappes baissent",
        themes=[{"theme": "Nappes", "count": 0}], follow_up="Au groupe eau",
    )  # fmt: skip
    runner = ProjectionRunner(app.recorder, app.mapper, [SearchProjection()])
    runner.catch_up()

    with runner.store.transaction(commit=False) as sql:
        by_question, _ = SearchProjection.search(sql, "partager")
        by_synthesis, _ = SearchProjection.search(sql, "baissent")

    assert "consultation" in [r["kind"] for r in by_question]
    assert [r["kind"] for r in by_synthesis] == ["consultation"]
