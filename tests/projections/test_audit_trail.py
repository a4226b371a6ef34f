"""The audit trail: one row per act, the same as the application lists, filtered and paginated."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any, ClassVar
from uuid import UUID, uuid4

import pytest

from application.demo import PEOPLE, record_demo
from application.dialogues import DialogueApp
from domain.acts import ACT_OF_EVENT, ACTS
from domain.dialogue import Dialogue
from domain.roles import Role
from projections import audit_trail
from projections.audit_facts import SUBJECT_KIND
from projections.audit_trail import COLUMNS, AuditTrailProjection
from projections.projection import Apply, Projection
from projections.replay import EventReader
from projections.runner import ProjectionRunner
from projections.store import Sql
from tests.builders import ACCOUNTS, MEMBERS, Scenario
from tests.stores import make_app
from tests.webapp import compiled_catalogues
from web.i18n.summaries import with_summaries

__all__ = ["compiled_catalogues"]  # the summaries read the French catalogue, compiled as make would

SHARED = ("position", "dialogue_id", "act", "actor_id", "actor_role", "stage", "subject_id")


def runner_for(app: DialogueApp, *projections: Projection, batch_size: int = 2000) -> ProjectionRunner:
    return ProjectionRunner(
        app.recorder, app.mapper, projections or [AuditTrailProjection()], batch_size=batch_size
    )


def caught_up(app: DialogueApp, batch_size: int = 2000) -> ProjectionRunner:
    runner = runner_for(app, batch_size=batch_size)
    runner.catch_up()
    return runner


def summarised(runner: ProjectionRunner, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their summaries as a reader renders them, in French and in English."""
    reader = EventReader(runner.recorder, runner.mapper)
    for language in ("fr", "en"):
        for row in with_summaries(reader, rows, language):
            row[f"summary_{language}"] = row.pop("summary")
    return rows


def rows_of(runner: ProjectionRunner) -> list[dict[str, Any]]:
    with runner.store.transaction(commit=False) as sql:
        rows = sql.all(f"SELECT {', '.join(COLUMNS)} FROM audit_trail ORDER BY position")
    return summarised(runner, rows)


def query(runner: ProjectionRunner, **filters: Any) -> list[dict[str, Any]]:
    with runner.store.transaction(commit=False) as sql:
        return summarised(runner, AuditTrailProjection.query(sql, **filters))


def every_page(runner: ProjectionRunner, limit: int, **filters: Any) -> Iterator[list[dict[str, Any]]]:
    after = 0
    while page := query(runner, after=after, limit=limit, **filters):
        yield page
        after = page[-1]["position"]


def assert_rows_are_the_acts(rows: list[dict[str, Any]], app: DialogueApp) -> None:
    """Same positions, acts, actors, stages, dialogues, subjects and times as ``app.acts()``."""
    acts = list(app.acts())
    assert [{key: row[key] for key in SHARED} for row in rows] == [
        {key: act[key] for key in SHARED} for act in acts
    ]
    for row, act in zip(rows, acts, strict=True):
        assert datetime.fromisoformat(row["recorded_at"]) == datetime.fromisoformat(act["recorded_at"])
        assert row["recorded_at"].endswith("+00:00") and len(row["recorded_at"]) == 32


@pytest.fixture
def scenario(app: DialogueApp) -> Scenario:
    """A dialogue taken up to an action with its operator: acts in all three stages."""
    scenario = Scenario(app)
    scenario.action_with_operator()
    return scenario


# --- the subjects -------------------------------------------------------------------


def test_every_act_is_recorded_on_a_known_kind_of_subject() -> None:
    assert set(SUBJECT_KIND) == set(ACT_OF_EVENT)  # the platform's acts too
    assert SUBJECT_KIND["ConsultationStarted"] == SUBJECT_KIND["ConsultationEnded"] == "dialogue"
    assert SUBJECT_KIND["StakeholderIdentified"] == "stakeholder"
    assert SUBJECT_KIND["ParticipationConfirmed"] == "stakeholder"
    assert SUBJECT_KIND["DecisionAdopted"] == "dialogue"
    assert SUBJECT_KIND["MemberAdded"] == "instance"


# --- the rows -----------------------------------------------------------------------


def test_rows_are_the_acts_the_application_lists(app: DialogueApp, scenario: Scenario) -> None:
    other = Scenario(app)
    other.framework_defined()
    rows = rows_of(caught_up(app))

    assert_rows_are_the_acts(rows, app)
    assert len(rows) == len(list(app.acts()))
    assert {row["dialogue_id"] for row in rows} == {str(scenario.id), str(other.id)}
    opened = rows[0]
    assert (opened["act"], opened["actor_id"], opened["actor_role"]) == (
        "dialogue-opened",
        ACCOUNTS[Role.CONVENOR],
        "convenor",
    )
    assert (opened["subject_kind"], opened["subject_id"], opened["stage"]) == (
        "dialogue",
        str(scenario.id),
        "framing",
    )
    assert (
        opened["summary_fr"]
        == "Dialogue ouvert\u00a0: «\u00a0Partager l'eau du bassin\u00a0» (Bassin de la Sèvre)"
    )
    assert opened["summary_en"] == 'Dialogue opened: "Partager l\'eau du bassin" (Bassin de la Sèvre)'


def test_each_row_has_the_stage_its_dialogue_was_in_when_the_act_was_recorded(
    app: DialogueApp, scenario: Scenario
) -> None:
    rows = rows_of(caught_up(app))
    advances = [row for row in rows if row["act"] == "stage-advanced"]
    assert [row["stage"] for row in advances] == ["framing", "collective_work"]
    assert advances[0]["summary_en"] == (
        'Stage advanced from "framing" to "collective work" (exit indicators met)'
    )
    by_position = {row["position"]: row["stage"] for row in rows}
    assert by_position[scenario.framing_done()] == "framing"
    assert by_position[scenario.to_collective_work()] == "framing"
    assert by_position[scenario.to_decision()] == "collective_work"
    after_decision = [row for row in rows if row["position"] > scenario.to_decision()]
    assert {row["stage"] for row in after_decision} == {"decision_and_follow_up"}
    assert {row["act"] for row in after_decision} >= {"decision-adopted", "action-created"}


def test_each_row_names_the_thing_the_act_concerns(app: DialogueApp, scenario: Scenario) -> None:
    rows = rows_of(caught_up(app))
    subject = {(row["act"], row["subject_id"]): row["subject_kind"] for row in rows}
    proposal = str(scenario.validated_proposal())
    action = str(scenario.action_with_operator())
    assert subject[("proposal-drafted", proposal)] == "proposal"
    assert subject[("proposal-validated", proposal)] == "proposal"
    assert subject[("action-created", action)] == "action"
    assert subject[("operator-assigned", action)] == "action"
    assert subject[("member-added", str(scenario.consultation_group()))] == "instance"
    for account, stakeholder_id in scenario.stakeholders().items():
        assert subject[("stakeholder-identified", str(stakeholder_id))] == "stakeholder", account
    assert [row["act"] for row in rows if row["subject_id"] == proposal] == [
        "proposal-drafted",
        "proposal-endorsed",
        "proposal-endorsed",
        "proposal-validated",
        "technical-translation-recorded",
    ]
    part_rows = [row for row in rows if row["subject_kind"] != "dialogue"]
    assert part_rows
    assert {row["dialogue_id"] for row in part_rows} == {str(scenario.id)}


def test_the_decision_summary_names_the_body_and_the_deliberation(
    app: DialogueApp, scenario: Scenario
) -> None:
    (decision,) = query(caught_up(app), act="decision-adopted")
    assert decision["actor_id"] == ACCOUNTS[Role.DECISION_MAKER]
    assert decision["actor_role"] == "decision_maker"
    assert decision["stage"] == "decision_and_follow_up"
    assert decision["summary_fr"] == (
        "Décision adoptée par le conseil municipal (délibération DEL-2026-042)\u00a0: 1 proposition adoptée"
    )
    assert decision["summary_en"] == (
        "Decision adopted by conseil municipal (deliberation DEL-2026-042): 1 proposal adopted"
    )


def test_the_whole_demo_gives_one_row_per_act_with_a_summary_of_each_act_and_no_personal_data(
    app: DialogueApp,
) -> None:
    demo = record_demo(app)
    rows = rows_of(caught_up(app, batch_size=97))

    assert_rows_are_the_acts(rows, app)
    assert {row["act"] for row in rows} == set(ACTS)
    assert {row["dialogue_id"] for row in rows} == {str(d) for d in demo.dialogues.values()}
    for row in rows:
        for language in ("fr", "en"):
            summary = row[f"summary_{language}"]
            assert summary.strip() == summary and summary, row
            assert "\n" not in summary and "{" not in summary and "None" not in summary, row
    texts = "\n".join(str(value) for row in rows for value in row.values())
    for person in PEOPLE:
        for personal in (person.name, person.email, person.phone):
            assert personal not in texts
    decisions = [row for row in rows if row["act"] == "decision-adopted"]
    assert all("délibération DEL-" in row["summary_fr"] for row in decisions)
    assert all("deliberation DEL-" in row["summary_en"] for row in decisions)


# --- personal data ------------------------------------------------------------------


def test_erasing_a_person_changes_no_row_and_no_row_ever_held_their_contact(
    app: DialogueApp, scenario: Scenario
) -> None:
    account = MEMBERS[0]
    person_id = scenario.stakeholders()[account]
    runner = caught_up(app)
    before = rows_of(runner)
    (identified,) = [
        row
        for row in before
        if row["act"] == "stakeholder-identified" and row["subject_id"] == str(person_id)
    ]
    assert identified["summary_fr"] == f"Partie prenante identifiée\u00a0: habitant, Association {account}"
    assert identified["summary_en"] == f"Stakeholder identified: resident, Association {account}"
    texts = "\n".join(str(value) for row in before for value in row.values())
    assert f"Personne {account}" not in texts
    assert f"{account}@example.org" not in texts

    app.erase_person(person_id)
    runner.catch_up()
    assert rows_of(runner) == before
    assert rows_of(caught_up(app)) == before
    # A reader resolves the subject through the vault: the person now shows as erased.
    shown = {s["id"]: s for s in app.stakeholders(scenario.id)}
    assert shown[identified["subject_id"]]["erased"] is True
    assert shown[identified["subject_id"]]["name"] == "[erased]"


# --- filters and pages --------------------------------------------------------------


def test_filters_by_dialogue_act_actor_and_subject(app: DialogueApp, scenario: Scenario) -> None:
    other = Scenario(app)
    other.stakeholders()
    runner = caught_up(app)
    rows = rows_of(runner)

    assert query(runner, dialogue_id=other.id, limit=1000) == [
        row for row in rows if row["dialogue_id"] == str(other.id)
    ]
    assert query(runner, dialogue_id=str(scenario.id), limit=1000) == [
        row for row in rows if row["dialogue_id"] == str(scenario.id)
    ]
    granted = query(runner, act="role-granted", limit=1000)
    assert len(granted) == 2 * (len(ACCOUNTS) - 1 + len(MEMBERS))
    assert {row["act"] for row in granted} == {"role-granted"}
    by_facilitator = query(runner, actor_id=ACCOUNTS[Role.FACILITATOR], limit=1000)
    assert by_facilitator == [row for row in rows if row["actor_id"] == ACCOUNTS[Role.FACILITATOR]]
    assert {"agreement-drafted", "proposal-validated"} <= {row["act"] for row in by_facilitator}
    combined = query(runner, dialogue_id=other.id, act="stakeholder-identified", actor_id="convenor")
    assert len(combined) == len(other.stakeholders())
    assert query(runner, dialogue_id=uuid4()) == []
    assert query(runner, act="dialogue-closed") == []


def test_filters_by_time_range(app: DialogueApp, scenario: Scenario) -> None:
    runner = caught_up(app)
    rows = rows_of(runner)
    since, until = rows[5]["recorded_at"], rows[-5]["recorded_at"]
    expected = [row for row in rows if since <= row["recorded_at"] < until]
    assert 0 < len(expected) < len(rows)

    assert query(runner, since=since, until=until, limit=1000) == expected
    paris = timezone(timedelta(hours=2))
    as_datetimes = {
        "since": datetime.fromisoformat(since).astimezone(paris),
        "until": datetime.fromisoformat(until).astimezone(paris).isoformat(),
    }
    assert query(runner, limit=1000, **as_datetimes) == expected
    assert query(runner, since=since, limit=1000) == [row for row in rows if row["recorded_at"] >= since]
    assert query(runner, until=until, limit=1000) == [row for row in rows if row["recorded_at"] < until]
    assert query(runner, since=date(2000, 1, 1), limit=1000) == rows
    assert query(runner, until=date(2000, 1, 1)) == []
    assert query(runner, since=datetime.now(UTC) + timedelta(days=1)) == []


def test_pages_by_position_return_every_row_once_in_order(app: DialogueApp, scenario: Scenario) -> None:
    runner = caught_up(app)
    rows = rows_of(runner)
    pages = list(every_page(runner, limit=7))

    assert len(pages) == -(-len(rows) // 7) > 3
    assert all(len(page) == 7 for page in pages[:-1])
    assert [row for page in pages for row in page] == rows
    facilitator = ACCOUNTS[Role.FACILITATOR]
    assert [row for page in every_page(runner, limit=2, actor_id=facilitator) for row in page] == [
        row for row in rows if row["actor_id"] == facilitator
    ]
    assert query(runner, after=rows[-1]["position"]) == []
    assert query(runner, after=rows[9]["position"], limit=3) == rows[10:13]


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("limit", 0),
        ("limit", 1001),
        ("limit", "10"),
        ("limit", True),
        ("after", -1),
        ("after", 2.5),
        ("since", "last tuesday"),
        ("since", 1700000000),
        ("until", "2026-13-40"),
        ("act", "DecisionAdopted"),
        ("dialogue_id", "ptge-vallee-de-la-veze"),
        ("actor_id", 12),
        ("act", ["decision-adopted"]),
    ],
)
def test_a_query_refuses_a_bad_argument_naming_it(sqlite_url: str, argument: str, value: Any) -> None:
    app = make_app(sqlite_url)
    try:
        runner = caught_up(app)
        with pytest.raises(ValueError, match=f"^{argument}: "):
            query(runner, **{argument: value})
    finally:
        app.close()


def test_a_query_refuses_a_time_range_that_ends_before_it_starts(sqlite_url: str) -> None:
    app = make_app(sqlite_url)
    try:
        with pytest.raises(ValueError, match=r"^until: "):
            query(caught_up(app), since="2026-03-12T10:00", until="2026-03-12T09:00")
    finally:
        app.close()


# --- exactly once, resumable, rebuildable --------------------------------------------


def test_catching_up_twice_applies_nothing_twice(app: DialogueApp, scenario: Scenario) -> None:
    runner = caught_up(app)
    rows = rows_of(runner)
    runner.catch_up()
    assert rows_of(runner) == rows
    caught_up(app)
    assert rows_of(runner) == rows

    progress = app.report_progress(
        ACCOUNTS[Role.OPERATOR],
        scenario.id,
        scenario.action_with_operator(),
        percent=40,
        note="arrêté rédigé",
    ).position
    runner.catch_up()
    runner.catch_up()
    after = rows_of(runner)
    assert after[:-1] == rows
    assert len(after) == len(rows) + 1
    new = after[-1]
    assert (new["position"], new["act"], new["subject_kind"]) == (progress, "progress-reported", "action")
    assert (new["dialogue_id"], new["stage"]) == (str(scenario.id), "decision_and_follow_up")
    assert (new["summary_fr"], new["summary_en"]) == (
        "Avancement signalé\u00a0: 40 %",
        "Progress reported: 40%",
    )


def test_a_table_of_an_earlier_version_is_built_again_when_a_runner_starts(
    app: DialogueApp, scenario: Scenario
) -> None:
    runner = caught_up(app)
    rows = rows_of(runner)
    columns = ", ".join(COLUMNS)
    with runner.store.transaction(commit=True) as sql:  # the table of version 1, which held the summaries
        sql.execute("DROP TABLE audit_trail")
        sql.execute(
            "CREATE TABLE audit_trail (position BIGINT PRIMARY KEY, recorded_at TEXT NOT NULL,"
            " dialogue_id TEXT NOT NULL, act TEXT NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL,"
            " stage TEXT NOT NULL, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,"
            " summary_fr TEXT NOT NULL, summary_en TEXT NOT NULL)"
        )
        sql.execute(
            f"INSERT INTO audit_trail ({columns}, summary_fr, summary_en) VALUES"
            " (1, 't', 'd', 'a', 'x', 'r', 's', 'k', 'i', 'résumé', 'summary')"
        )
        sql.execute(  # version 2 kept the dialogue of every part in a table of its own
            "CREATE TABLE audit_trail_subjects (subject_id TEXT PRIMARY KEY, dialogue_id TEXT NOT NULL)"
        )
        sql.execute("UPDATE projection_tracking SET version = 1 WHERE name = 'audit_trail'")

    upgraded = runner_for(app)
    assert upgraded.positions()["audit_trail"] == 0
    with upgraded.store.transaction(commit=False) as sql:
        assert AuditTrailProjection.columns(sql, "audit_trail") == set(COLUMNS)
        assert sql.all("SELECT * FROM audit_trail") == []
        version = sql.one("SELECT version FROM projection_tracking WHERE name = 'audit_trail'")
        assert version == {"version": AuditTrailProjection.version} == {"version": 4}
        assert AuditTrailProjection.columns(sql, "audit_trail_subjects") == set()  # the retired table is gone
    upgraded.catch_up()
    assert rows_of(upgraded) == rows
    assert runner_for(app).positions()["audit_trail"] == upgraded.head()  # built once, not at every start


def test_a_rebuild_from_zero_gives_identical_rows(app: DialogueApp, scenario: Scenario) -> None:
    runner = caught_up(app)
    rows = rows_of(runner)
    runner.rebuild()
    assert rows_of(runner) == rows
    runner.rebuild(["audit_trail"])
    assert rows_of(runner) == rows
    assert runner.positions() == {"audit_trail": app.recorder.max_notification_id()}


def test_a_new_runner_goes_on_where_a_stopped_one_left_off(app: DialogueApp, scenario: Scenario) -> None:
    """The dialogue of each part and the stage of each dialogue survive a restart between batches."""
    first = runner_for(app, batch_size=5)
    while first.positions()["audit_trail"] <= scenario.to_collective_work():
        first.run_batch()
    assert first.positions()["audit_trail"] < scenario.to_decision()

    second = runner_for(app, batch_size=13)
    second.catch_up()
    assert_rows_are_the_acts(rows_of(second), app)


def test_parts_forgotten_by_the_cache_are_placed_by_their_first_event(
    app: DialogueApp, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_trail, "MAX_CACHED_SUBJECTS", 1)
    assert_rows_are_the_acts(rows_of(caught_up(app, batch_size=4)), app)


class FailOnce(Projection):
    """A projection that fails at one position, the first time only: the batch is rolled back."""

    name = "fail_once"
    tables: ClassVar[dict[str, str]] = {}

    def __init__(self, position: int):
        self.position = position
        self.failed = False

    def handler(self, event_name: str) -> Apply:
        return self.fail_at

    def fail_at(self, sql: Sql, event: Any, position: int) -> None:
        if position == self.position and not self.failed:
            self.failed = True
            raise RuntimeError("the database went away")


def test_a_batch_rolled_back_leaves_nothing_behind(app: DialogueApp, scenario: Scenario) -> None:
    """Rows and stages of a failed batch are forgotten: applied again, they come out the same."""
    after_advance = scenario.to_collective_work() + 3
    runner = runner_for(app, AuditTrailProjection(), FailOnce(after_advance))
    with pytest.raises(RuntimeError):
        runner.catch_up()
    assert rows_of(runner) == []
    runner.catch_up()
    assert_rows_are_the_acts(rows_of(runner), app)


def test_the_catalogue_includes_the_audit_trail() -> None:
    from projections.catalogue import all_projections

    assert "audit_trail" in [projection.name for projection in all_projections()]


def test_ids_in_rows_are_canonical_uuid_text(app: DialogueApp, scenario: Scenario) -> None:
    for row in rows_of(caught_up(app)):
        assert str(UUID(row["dialogue_id"])) == row["dialogue_id"]
        assert str(UUID(row["subject_id"])) == row["subject_id"]


# --- rows read from the stored JSON ---------------------------------------------------


def test_rows_read_from_the_stored_json_are_those_of_the_decoded_events(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_demo(app)
    from_json = rows_of(caught_up(app, batch_size=97))
    monkeypatch.setattr(audit_trail, "as_stored", lambda mapper, event_class: None)
    decoded = runner_for(app, batch_size=97)
    decoded.rebuild()
    assert rows_of(decoded) == from_json


def test_the_stored_json_is_read_only_where_the_mapper_would_decode_it_as_it_stands(
    app: DialogueApp,
) -> None:
    event_class = Dialogue.StageAdvanced
    assert audit_trail.as_stored(app.mapper, event_class) == 1
    for changed in ({"compressor": object()}, {"cipher": object()}, {"transcoder": object()}):
        mapper = SimpleNamespace(**{**vars(app.mapper), **changed})
        assert audit_trail.as_stored(mapper, event_class) is None
    upcast = type("Upcast", (event_class,), {"class_version": 2})
    assert audit_trail.as_stored(app.mapper, upcast) == 2  # for a state recorded at version 2 only
    assert audit_trail.stored_version({"class_version": 2}) == 2
    assert audit_trail.stored_version({}) == 1  # the library's encoder names versions from 2


def test_a_state_of_another_shape_is_refused_so_that_its_event_is_decoded() -> None:
    info = audit_trail.ACT_EVENTS["StageAdvanced"]
    state = {
        "timestamp": {"_type_": "datetime_iso", "_data_": "2026-03-12T19:30:00+01:00"},
        "actor_id": "a1",
        "actor_role": "convenor",
        "to_stage": "collective_work",
    }
    facts = audit_trail.facts_of_state(state, info)
    assert facts.recorded_at == "2026-03-12T18:30:00.000000+00:00"  # the width of every row's time
    assert (facts.actor_id, facts.to_stage, facts.dialogue_id) == ("a1", "collective_work", None)
    for shape in ({"timestamp": "2026-03-12"}, {"timestamp": {"_type_": "datetime", "_data_": 0}}, {}):
        with pytest.raises((KeyError, TypeError, ValueError)):
            audit_trail.facts_of_state({**state, **shape} if shape else {}, info)


@pytest.mark.parametrize(
    "value",
    [
        "6a4e1a52c76f5510a042d3e0a110d508",
        "6A4E1A52C76F5510A042D3E0A110D508",
        "6a4e1a52-c76f-5510-a042-d3e0a110d508",
        UUID("6a4e1a52-c76f-5510-a042-d3e0a110d508"),
    ],
)
def test_ids_are_written_as_canonical_text_whatever_their_stored_form(value: Any) -> None:
    assert audit_trail.uuid_text(value) == "6a4e1a52-c76f-5510-a042-d3e0a110d508"


def test_an_id_that_is_no_uuid_is_refused() -> None:
    with pytest.raises(ValueError):
        audit_trail.uuid_text("6a4e1a52c76f5510a042d3e0a110d5zz")
