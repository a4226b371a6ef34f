"""The one-line summaries of the acts: every act has one, in the catalogue, translated field for field."""

from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import pytest
from babel.messages.pofile import read_po

from domain.acts import ACTS, PLATFORM_ACTS
from web.i18n.summaries import places, summaries, summarise
from web.i18n.summary_texts import LABELS, OUTCOMES, PROPOSAL, SUMMARIES, Decision, Summary, Waived

PO = Path(__file__).parents[2] / "web/translations/fr/LC_MESSAGES/messages.po"


def templates(summary: Summary) -> list[str]:
    if isinstance(summary, Waived):
        return [summary.met, summary.waived]
    if isinstance(summary, Decision):
        return [summary.template]
    return [summary]


def french() -> dict[tuple[str | None, Any], Any]:
    """(context, msgid) -> msgstr of every translated entry of the French catalogue."""
    with PO.open("rb") as source:
        return {(m.context, m.id): m.string for m in read_po(source) if m.id and m.string and not m.fuzzy}


def shape(template: str) -> list[tuple[str, str]]:
    """Each field's name and spec; a count's nouns are the language's, so only its "#" is kept."""
    return [(name, "#" if spec.startswith("#") else spec) for name, spec, _ in places(template)[1:]]


def test_every_act_has_a_summary_the_platform_s_too() -> None:
    assert set(SUMMARIES) == set(ACTS) | set(PLATFORM_ACTS)


def test_the_acts_the_platform_records_are_summarised_with_their_date() -> None:
    started = event_named(PLATFORM_ACTS["consultation-started"], consultation_id="c", started_on="2027-05-05")
    ended = event_named(PLATFORM_ACTS["consultation-ended"], consultation_id="c", ended_on="2027-05-11")

    assert summaries(started) == (
        "Consultation publique ouverte à son premier jour, le 2027-05-05",
        "Public consultation opened on its first day, 2027-05-05",
    )
    assert summaries(ended) == (
        "Consultation publique close après son dernier jour, le 2027-05-11",
        "Public consultation ended after its last day, 2027-05-11",
    )


def test_every_summary_has_its_french_translation_with_the_same_fields_and_specs() -> None:
    translated = french()
    for act, summary in SUMMARIES.items():
        for template in templates(summary):
            msgstr = translated.get((None, template))
            assert msgstr, f"{act}: no French for {template!r}"
            assert msgstr != template, act
            assert sorted(shape(msgstr)) == sorted(shape(template)), act


def test_every_word_of_a_summary_has_its_french_translation() -> None:
    translated = french()
    for spec, table in LABELS.items():
        for key, message in table.items():
            assert (message if isinstance(message, tuple) else (None, message)) in translated, (spec, key)
    for context, one, many in [*OUTCOMES.values(), PROPOSAL]:
        assert all(translated.get((context, (one, many)), ())), one


def event_named(name: str, **fields: Any) -> Any:
    """A stand-in for a recorded event: summaries look only at its class name and fields."""
    return type(name, (SimpleNamespace,), {})(**fields)


def test_a_decision_summary_counts_the_outcomes_and_names_the_body_and_its_deliberation() -> None:
    outcomes = ["adopted", "adopted", "rejected", "adopted"]
    decision = event_named(
        "DecisionAdopted",
        body="conseil_communautaire",
        body_name="Conseil communautaire du Val de Vèze",
        deliberation_reference="DEL-2026-041",
        outcomes=[{"proposal_id": uuid4(), "outcome": o, "justification": "x"} for o in outcomes],
    )
    assert summarise(decision, "fr") == (
        "Décision adoptée par le conseil communautaire (délibération DEL-2026-041)\u00a0:"
        " 3 propositions adoptées, 1 rejetée"
    )
    assert summarise(decision, "en") == (
        "Decision adopted by conseil communautaire (deliberation DEL-2026-041):"
        " 3 proposals adopted, 1 rejected"
    )


def test_a_decision_of_another_body_is_summarised_with_that_body_s_name() -> None:
    decision = event_named(
        "DecisionAdopted",
        body="other_deliberative_body",
        body_name="Comité syndical de l'EPTB",
        deliberation_reference="CS-12",
        outcomes=[{"proposal_id": uuid4(), "outcome": "deferred", "justification": "budget"}],
    )
    assert summarise(decision, "fr") == (
        "Décision adoptée par Comité syndical de l'EPTB (délibération CS-12)\u00a0: 1 proposition reportée"
    )
    assert summarise(decision, "en-GB") == (
        "Decision adopted by Comité syndical de l'EPTB (deliberation CS-12): 1 proposal deferred"
    )


def test_a_summary_is_one_line_and_quotes_long_texts_cut_short() -> None:
    concern = event_named("ConcernRecorded", concern="Les puits\nbaissent " + "beaucoup " * 20, raised_by="x")
    summary = summarise(concern, "fr")
    assert "\n" not in summary
    assert summary.startswith("Préoccupation recueillie\u00a0: «\u00a0Les puits baissent beaucoup")
    assert summary.endswith("…\u00a0»")
    assert len(summary) < 120


def test_a_summary_refuses_an_unknown_language_and_an_event_that_is_not_an_act() -> None:
    with pytest.raises(ValueError, match=r"^language: "):
        summarise(event_named("TopicAdded", topic="eau"), "de")
    with pytest.raises(ValueError, match=r"^event: PartAttached is not an act"):
        summarise(event_named("PartAttached", kind="meeting", part_id=uuid4()), "fr")


def test_a_stage_advanced_by_waiver_says_so_with_the_waiver_cut_short() -> None:
    advanced = event_named(
        "StageAdvanced", from_stage="framing", to_stage="collective_work", waiver="Calendrier " * 20
    )
    french, english = summaries(advanced)
    assert french.startswith(
        "Passage de l'étape «\u00a0cadrage\u00a0» à l'étape «\u00a0travail collectif\u00a0» "
        "par dérogation\u00a0: Calendrier"
    )
    assert english.startswith('Stage advanced from "framing" to "collective work" by waiver: Calendrier')
    assert french.endswith("…") and english.endswith("…")
