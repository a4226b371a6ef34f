"""The home page's list (transparency_log.overview): each public dialogue with its next meeting and
latest decision, on both stores."""

from application.dialogues import DialogueApp
from domain.roles import Role
from projections.runner import ProjectionRunner
from projections.transparency_log import TransparencyLogProjection
from projections.transparency_log.overview import overview
from tests.builders import ACCOUNTS, Scenario

NOW = "2026-06-01T12:00"


def schedule(app: DialogueApp, scenario: Scenario, title: str, starts_at: str) -> None:
    app.schedule_meeting(
        ACCOUNTS[Role.FACILITATOR],
        scenario.id,
        instance_id=scenario.consultation_group(),
        title=title,
        starts_at=starts_at,
        place="mairie",
        agenda=["point"],
    )


def test_each_public_dialogue_comes_with_its_next_meeting_and_latest_decision(app: DialogueApp) -> None:
    decided = Scenario(app, title="Décidé")
    decided.decided()
    schedule(app, decided, "Plus tard", "2026-09-01T18:00")
    schedule(app, decided, "Bientôt", "2026-06-02T18:00")
    schedule(app, decided, "Passée", "2026-05-01T18:00")
    quiet = Scenario(app, title="Sans réunion")
    quiet.framing_done()
    Scenario(app, title="Pas encore public").design_validated()
    runner = ProjectionRunner(app.recorder, app.mapper, [TransparencyLogProjection()])
    runner.catch_up()

    with runner.store.transaction(commit=False) as sql:
        listed = {d["title"]: d for d in overview(sql, NOW)}

    assert set(listed) == {"Décidé", "Sans réunion"}
    assert listed["Décidé"]["next_meeting"]["title"] == "Bientôt"
    decision = listed["Décidé"]["latest_decision"]
    assert (decision["deliberation_reference"], decision["outcomes"]) == ("DEL-2026-042", {"adopted": 1})
    assert (
        listed["Sans réunion"]["next_meeting"] is None and listed["Sans réunion"]["latest_decision"] is None
    )
