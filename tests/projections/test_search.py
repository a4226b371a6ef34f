"""The search read model: what the public pages show, found by its French words, on both stores."""

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from application.demo import EARLIER_SLUG, MAIN_SLUG, PEOPLE, WORKSHOP_SLUG, record_demo
from application.dialogues import DialogueApp
from cli.main import main
from cli.store import projection_runner
from domain.roles import Role
from projections import parallel_rebuild
from projections import runner as runner_module
from projections.audit_trail import AuditTrailProjection
from projections.parallel_rebuild import share
from projections.runner import ProjectionRunner
from projections.search import SearchProjection, queries
from projections.search.text import marked, stems
from tests.builders import ACCOUNTS, Scenario
from tests.stores import make_app

Search = SearchProjection


def caught_up(
    app: DialogueApp, projection: SearchProjection | None = None, **options: Any
) -> ProjectionRunner:
    runner = ProjectionRunner(app.recorder, app.mapper, [projection or SearchProjection()], **options)
    runner.catch_up()
    return runner


def found(runner: ProjectionRunner, query: str, limit: int = 100) -> list[tuple[str, str, str]]:
    """(dialogue slug, kind, title) of each result, in order."""
    with runner.store.transaction(commit=False) as sql:
        rows, total = Search.search(sql, query, limit=limit)
    assert total == len(rows) or limit < total
    return [(row["slug"], row["kind"], row["title"]) for row in rows]


def everything(runner: ProjectionRunner, query: str) -> tuple[list[tuple[str, str, str]], list[Any]]:
    with runner.store.transaction(commit=False) as sql:
        documents = [
            Search.documents(sql, row["dialogue_id"])
            for row in sql.all("SELECT dialogue_id FROM search_dialogues ORDER BY created")
        ]
    return found(runner, query), documents


def test_the_demo_is_found_by_its_words_whatever_their_accents_and_endings(app: DialogueApp) -> None:
    record_demo(app)
    runner = caught_up(app)

    irrigation = found(runner, "irrigation")
    assert (MAIN_SLUG, "proposal", "Règles de partage des prélèvements d'irrigation à l'étiage") in irrigation
    assert {kind for _, kind, _ in irrigation} >= {
        "proposal",
        "contribution",
        "instance",
        "meeting",
        "framework",
    }
    reunion = found(runner, "reunion")
    assert {(MAIN_SLUG, "launch_meeting", ""), (EARLIER_SLUG, "launch_meeting", "")} <= set(reunion)
    assert found(runner, "RÉUNIONS") == reunion  # case, accents and plural aside, the same words
    assert found(runner, "irrigants") == irrigation
    assert found(runner, "irrigation xyzzy") == []  # every word of the query


def test_results_come_grouped_by_dialogue_a_page_at_a_time(app: DialogueApp) -> None:
    record_demo(app)
    runner = caught_up(app)
    results = found(runner, "Vèze")
    slugs = [slug for slug, _, _ in results]
    assert set(slugs) == {MAIN_SLUG, EARLIER_SLUG, WORKSHOP_SLUG}
    assert slugs == sorted(slugs, key=slugs.index)  # each dialogue's results together

    with runner.store.transaction(commit=False) as sql:
        first, total = Search.search(sql, "Vèze", limit=5)
        second, again = Search.search(sql, "Vèze", limit=5, offset=5)
        beyond, still = Search.search(sql, "Vèze", limit=5, offset=1000)
    assert total == again == still == len(results)
    assert [(r["slug"], r["kind"], r["title"]) for r in first + second] == results[:10]
    assert beyond == []


def test_past_the_bound_the_most_recent_documents_found_are_ranked_and_the_count_says_more(
    app: DialogueApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_demo(app)
    runner = caught_up(app)
    with runner.store.transaction(commit=False) as sql:
        every, total = Search.search(sql, "Vèze", limit=100)
        newest = sorted(every, key=lambda row: -row["created"])[:3]
        monkeypatch.setattr(queries, "CANDIDATES", 3)
        bounded, more = Search.search(sql, "Vèze", limit=100)
        second, again = Search.search(sql, "Vèze", limit=2, offset=2)
        beyond, still = Search.search(sql, "Vèze", limit=2, offset=10)
    assert total > 4
    assert more == again == still == 4  # the bound and one: more than 3
    assert {row["created"] for row in bounded} == {row["created"] for row in newest}
    assert bounded == sorted(bounded, key=lambda row: (row["best"], row["dialogue_id"], row["score"]))
    assert second == bounded[2:] and beyond == []


def test_the_search_rebuilds_from_the_log_to_the_same_documents(app: DialogueApp) -> None:
    record_demo(app)
    runner = caught_up(app)
    built = everything(runner, "eau")

    runner.rebuild(["search"])
    assert everything(runner, "eau") == built
    in_small_batches = caught_up(app, batch_size=7)
    in_small_batches.rebuild()
    assert everything(in_small_batches, "eau") == built


def test_a_rebuild_stopped_before_its_end_leaves_the_index_to_the_next_runner(app: DialogueApp) -> None:
    scenario = Scenario(app)
    meeting = scenario.minuted_meeting()
    runner = caught_up(app)
    built = everything(runner, "relevé")
    assert built[0]

    runner.reset(list(runner.projections.values()))  # a rebuild's start: no index, no trigger
    runner.catch_up()  # and its documents, written without them; it stops before its indexes
    if not runner.store.postgres:  # there, the words are a column of the documents themselves
        assert found(runner, "relevé") == []
    again = caught_up(app)  # a runner starts: the index is made from the documents, then kept up
    assert everything(again, "relevé") == built

    app.correct_minutes(
        ACCOUNTS[Role.FACILITATOR], scenario.id, meeting, text="compte rendu détaillé", reason="oubli du vote"
    )
    again.catch_up()
    assert found(again, "relevé") == []
    assert [kind for _, kind, _ in found(again, "oubli")] == ["meeting"]


def test_a_dialogue_is_found_only_once_its_approach_is_public(app: DialogueApp) -> None:
    scenario = Scenario(app, title="Partager l'eau de la Sèvre")
    scenario.design_validated()
    runner = caught_up(app)
    assert found(runner, "Sèvre") == []

    scenario.framing_done()
    runner.catch_up()
    assert ("dialogue", "Partager l'eau de la Sèvre") in [
        (kind, title) for _, kind, title in found(runner, "sevre")
    ]


def test_minutes_are_found_as_the_public_page_shows_them_corrected(app: DialogueApp) -> None:
    scenario = Scenario(app)
    meeting = scenario.minuted_meeting()
    runner = caught_up(app)
    assert [kind for _, kind, _ in found(runner, "relevé de décisions")] == ["meeting"]

    app.correct_minutes(
        ACCOUNTS[Role.FACILITATOR], scenario.id, meeting, text="compte rendu détaillé", reason="oubli du vote"
    )
    runner.catch_up()
    assert found(runner, "relevé") == []
    assert [kind for _, kind, _ in found(runner, "compte rendu")] == ["meeting"]
    assert [kind for _, kind, _ in found(runner, "oubli")] == ["meeting"]


def test_no_name_or_contact_of_a_person_is_indexed(app: DialogueApp) -> None:
    record_demo(app)
    scenario = Scenario(app)
    scenario.framing_done()  # stakeholders "Personne <login>", "<login>@example.org"
    runner = caught_up(app)
    _, documents = everything(runner, "eau")
    text = repr(documents)
    assert "Personne" not in text and "example.org" not in text
    for person in PEOPLE:
        assert person.name not in text
        assert found(runner, person.name.split()[-1]) == [], person.name


def test_accents_are_ignored_without_the_unaccent_extension_too(app: DialogueApp) -> None:
    Scenario(app, title="Réunions de l'Œuvre de la Sèvre").framing_done()
    runner = caught_up(app, SearchProjection(unaccent=False))
    for query in ("reunion", "oeuvre", "SEVRE", "réunions"):
        assert [kind for _, kind, _ in found(runner, query)] == ["dialogue"], query


def test_highlights_mark_the_words_of_the_query_in_their_own_spelling() -> None:
    pieces = marked("Les réunions publiques ont eu lieu; la Réunion suivante aussi.", stems("reunion"))
    assert [text for text, hit in pieces if hit] == ["réunions", "Réunion"]
    assert (
        "".join(text for text, _ in pieces)
        == "Les réunions publiques ont eu lieu; la Réunion suivante aussi."
    )


def test_a_long_text_is_cut_around_its_first_marked_word() -> None:
    text = " ".join(f"mot{n}" for n in range(100)) + " irrigation " + " ".join(f"fin{n}" for n in range(100))
    pieces = marked(text, stems("irrigation"), around=5)
    shown = "".join(piece for piece, _ in pieces)
    assert shown.startswith("…mot95 ") and shown.endswith(" fin4…")
    assert [piece for piece, hit in pieces if hit] == ["irrigation"]


def test_the_cli_rebuilds_the_search_like_the_other_read_models(app: DialogueApp, database_url: str) -> None:
    record_demo(app)
    runner = caught_up(app)
    built = everything(runner, "irrigation")

    result = CliRunner().invoke(main, ["--database-url", database_url, "projections", "rebuild", "search"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("rebuilding search:")
    assert everything(runner, "irrigation") == built


def test_a_rebuild_in_worker_processes_fills_the_index_too(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "signing_key.pem"))
    monkeypatch.setattr(runner_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel_rebuild, "START_SECONDS", 0)
    monkeypatch.setattr(AuditTrailProjection, "cost", 100)  # built here alone: the search in a worker
    app = make_app(sqlite_url)
    try:
        record_demo(app)
        runner = projection_runner(app, 50, sqlite_url)
        runner.catch_up()
        built = everything(runner, "reunion")
        assert any(
            p.name == "search"
            for group in share(list(runner.projections.values()), 5, runner.head())[1:]
            for p in group
        )

        runner.rebuild(workers=5)  # the search built in a worker, its rows swapped in

        assert everything(runner, "reunion") == built
    finally:
        app.close()
