"""The read model ``consultations``: the consultations open on a day, of the public dialogues not closed,
in the order their dialogues were opened then theirs; the dates kept, so that the day of the read
decides; on both stores, and the same when rebuilt from zero."""

from datetime import date, timedelta
from uuid import UUID

from application.dialogues import DialogueApp
from projections.consultations import ConsultationsProjection, open_on
from projections.runner import ProjectionRunner
from projections.transparency_log import TransparencyLogProjection
from tests.builders import Scenario
from tests.projections.dump import projection_tables

DAY = date(2027, 5, 3)


def opened(s: Scenario, question: str, first: int, last: int) -> UUID:
    """A consultation of ``s``'s dialogue from ``DAY`` + ``first`` days to ``DAY`` + ``last``."""
    opens_on, closes_on = ((DAY + timedelta(days=n)).isoformat() for n in (first, last))
    return s.app.open_consultation(
        s.facilitator, s.id, question=question, scope="Le partage", kinds=["idea"], opens_on=opens_on,
        closes_on=closes_on,
    ).id  # fmt: skip


def platform(app: DialogueApp) -> None:
    """Three public dialogues and a private one, each with consultations of every kind of dates."""
    app.consultation_day = lambda: DAY  # type: ignore[method-assign]
    first, second, closed, private = (Scenario(app, title=t) for t in ("Premier", "Second", "Clos", "Privé"))
    for s in (first, second, closed):
        s.framing_done()
    opened(first, "A1", -2, 5)
    early = opened(second, "B1", 0, 5)
    app.close_consultation(second.facilitator, second.id, consultation_id=str(early))
    opened(second, "B2", -1, 0)
    opened(first, "A2", 0, 9)  # after the second dialogue's: listed with its own dialogue's
    opened(first, "A3", 1, 4)  # from tomorrow
    opened(second, "B3", -9, -1)  # ended yesterday
    opened(private, "P1", -1, 5)
    opened(closed, "C1", -1, 5)
    app.advance_stage(closed.convenor, closed.id)
    app.advance_stage(closed.convenor, closed.id, waiver="la saison presse")
    app.close_dialogue(closed.convenor, closed.id, summary="fin", waiver="fin du mandat")


def built(app: DialogueApp) -> ProjectionRunner:
    runner = ProjectionRunner(
        app.recorder, app.mapper, [TransparencyLogProjection(), ConsultationsProjection()]
    )
    runner.catch_up()
    return runner


def listed(runner: ProjectionRunner, day: date) -> list[tuple[str, str]]:
    with runner.store.transaction(commit=False) as sql:
        return [(c["question"], c["title"]) for c in open_on(sql, day.isoformat())]


def test_the_consultations_open_on_a_day_of_the_public_dialogues_in_their_order(app: DialogueApp) -> None:
    platform(app)
    runner = built(app)

    assert listed(runner, DAY) == [("A1", "Premier"), ("A2", "Premier"), ("B2", "Second")]
    assert listed(runner, DAY + timedelta(days=1)) == [
        ("A1", "Premier"),
        ("A2", "Premier"),
        ("A3", "Premier"),
    ]
    assert listed(runner, DAY + timedelta(days=10)) == []


def test_each_consultation_listed_has_its_dialogues_slug_and_its_dates(app: DialogueApp) -> None:
    s = Scenario(app, slug="le-bassin")
    consultation_id = s.consultation()
    today = app.consultation_day().isoformat()

    with built(app).store.transaction(commit=False) as sql:
        [found] = open_on(sql, today)

    assert (found["consultation_id"], found["slug"], found["opens_on"]) == (
        str(consultation_id),
        "le-bassin",
        today,
    )


def test_a_rebuild_from_zero_gives_the_same_rows(app: DialogueApp) -> None:
    platform(app)
    runner = built(app)
    before = projection_tables(runner)
    runner.rebuild()
    assert projection_tables(runner) == before and len(before["consultation_dates"]) == 8
