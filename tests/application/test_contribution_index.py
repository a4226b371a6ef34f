"""The index of contributions by dialogue: complete, never behind, rebuilt from the log when dropped."""

from uuid import UUID

from application.dialogues import DialogueApp
from projections.replay import EventReader, ScannedContributions
from tests.application.test_concurrency import in_collective_work
from tests.builders import MEMBERS, Scenario, ensure_accounts
from tests.stores import make_app


def post(app: DialogueApp, dialogue_id: UUID, account: str, text: str) -> UUID:
    return app.post_contribution(account, dialogue_id, kind="idea", text=text).id


def test_parts_lists_the_dialogues_own_contributions_in_the_order_posted(app: DialogueApp) -> None:
    scenario, other = Scenario(app), Scenario(app, slug="autre-bassin")
    first = scenario.contribution()
    elsewhere = other.contribution()
    second = post(app, scenario.id, MEMBERS[1], "x" * 100)

    assert app.parts(scenario.id)["contribution"] == [
        {"id": str(first), "label": "observation: les puits baissent en août"},
        {"id": str(second), "label": "idea: " + "x" * 80},
    ]
    assert app.parts(other.id)["contribution"] == [
        {"id": str(elsewhere), "label": "observation: les puits baissent en août"}
    ]


def test_the_count_at_each_position_is_the_count_a_scan_of_the_log_gives(app: DialogueApp) -> None:
    dialogue_id = in_collective_work(app, "s1", "s2")
    ensure_accounts(app, *(f"a{n}" for n in range(6)))
    other_id = app.open_dialogue("conv", slug="e", title="T", territory="X", subject="S").id
    for n in range(6):
        post(app, dialogue_id, f"s{n % 2 + 1}", f"idée {n}")
        app.grant_role("conv", other_id, grantee_id=f"a{n}", role="stakeholder")
    scan = ScannedContributions(EventReader(app.recorder, app.mapper))

    counts = [
        app.contribution_index.count(dialogue_id, p) for p in range(1, app.recorder.max_notification_id() + 1)
    ]

    assert counts == [scan.count(dialogue_id, p) for p in range(1, len(counts) + 1)]
    assert counts[-1] == 6 and counts[0] == 0


def test_a_store_recorded_before_the_index_existed_is_indexed_on_first_read(database_url: str) -> None:
    recording = make_app(database_url)
    dialogue_id = in_collective_work(recording, "s1")
    posted = [post(recording, dialogue_id, "s1", f"idée {n}") for n in range(3)]
    with recording.contribution_index.rows.transaction(commit=True) as cursor:  # as before the index
        cursor.execute(recording.contribution_index.rows.sql("DROP TABLE {table}"))
        cursor.execute(recording.contribution_index.read_up_to.sql("DROP TABLE {table}"))
    recording.close()

    reading = make_app(database_url)
    try:
        assert [c["id"] for c in reading.parts(dialogue_id)["contribution"]] == [str(i) for i in posted]
    finally:
        reading.close()


def test_two_applications_posting_and_reading_on_one_store_index_each_contribution_once(
    database_url: str,
) -> None:
    first, second = make_app(database_url), make_app(database_url)
    try:
        dialogue_id = in_collective_work(first, "s1", "s2")
        posted = []
        for n in range(4):
            posted.append(post(first, dialogue_id, "s1", f"idée {n}"))
            assert len(second.parts(dialogue_id)["contribution"]) == len(posted)
            posted.append(post(second, dialogue_id, "s2", f"avis {n}"))
            first.contribution_index.catch_up()

        listed = [c["id"] for c in first.parts(dialogue_id)["contribution"]]
        assert listed == [str(i) for i in posted]
        assert second.parts(dialogue_id)["contribution"] == first.parts(dialogue_id)["contribution"]
    finally:
        first.close()
        second.close()
