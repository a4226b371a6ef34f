"""Besides their English, indicator details and refusals carry a code and named values to be translated."""

import pytest

from domain.base import Actor, check_choice, check_count, check_date, check_text, check_texts
from domain.errors import DialogueClosedError, InvalidActError, RoleError, WrongStageError
from domain.indicators import NOTES, note
from domain.roles import Role


def every_indicator(walk):
    yield from walk.indicators()
    walk.to_collective_work()
    yield from walk.indicators()
    walk.complete_collective_work()
    walk.advance()
    yield from walk.indicators()


def test_an_indicator_detail_is_the_english_of_its_notes(walk):
    for indicator in every_indicator(walk):
        assert indicator.notes, indicator.name
        assert all(note.code in NOTES for note in indicator.notes)
        assert indicator.detail == "; ".join(note.english for note in indicator.notes)


@pytest.mark.parametrize(
    ("count", "english"),
    [
        (0, "0 proposals validated by their instance"),
        (1, "1 proposal validated by its instance"),
        (2, "2 proposals validated by their instance"),
    ],
)
def test_a_counted_note_agrees_in_number(count, english):
    assert note("proposals-validated", count=count).english == english


def test_the_notes_name_what_they_are_about(walk):
    walk.define_framework()
    walk.instance("steering_committee", "Copil", members=("sophie",))
    walk.instance("consultation_group", "Empty group")

    instances = next(i for i in walk.indicators() if i.name == "instances-defined")

    assert [(n.code, dict(n.params)) for n in instances.notes] == [
        ("instance-without-members", {"instance": "Empty group"})
    ]
    assert instances.as_dict(notes=True)["notes"] == [
        {"code": "instance-without-members", "params": {"instance": "Empty group"}}
    ]


def test_as_dict_keeps_its_recorded_form_unless_notes_are_asked_for(walk):
    [first, *_] = walk.indicators()

    assert set(first.as_dict()) == {"name", "met", "detail"}
    assert set(first.as_dict(notes=True)) == {"name", "met", "detail", "notes"}


@pytest.mark.parametrize(
    ("check", "code", "params", "message"),
    [
        (lambda: check_text("title", " "), "required", {}, "is required"),
        (lambda: check_text("title", 3), "text", {}, "must be text"),
        (lambda: check_texts("names", "x"), "texts", {}, "must be a list of texts"),
        (lambda: check_texts("names", []), "at-least-one", {}, "needs at least one entry"),
        (lambda: check_choice("kind", "x", ["a", "b"]), "choice", {"choices": "a, b"}, "must be one of a, b"),
        (lambda: check_count("count", -1), "count", {}, "must be a whole number >= 0"),
        (lambda: check_date("held_on", "12/03/2026"), "date", {}, "must be a date as YYYY-MM-DD"),
    ],
)
def test_a_refused_value_has_a_code_and_its_english_message(check, code, params, message):
    with pytest.raises(InvalidActError) as refused:
        check()

    assert (refused.value.code, refused.value.params, refused.value.message) == (code, params, message)


def test_a_wrong_role_has_a_code_and_the_roles():
    with pytest.raises(RoleError) as refused:
        Actor("alice", Role.STAKEHOLDER).check_role("decision-adopted", Role.DECISION_MAKER)

    assert refused.value.code == "wrong-role"
    assert refused.value.params == {
        "act": "decision-adopted",
        "allowed": ["decision_maker"],
        "role": "stakeholder",
    }
    assert str(refused.value) == "decision-adopted: only decision_maker may do this, not stakeholder"


def test_a_wrong_stage_and_a_closed_dialogue_have_a_code(walk):
    with pytest.raises(WrongStageError) as wrong:
        walk.dialogue.check_accepts("decision-adopted", walk.convenor)
    assert wrong.value.code == "wrong-stage"
    assert wrong.value.params == {
        "act": "decision-adopted",
        "stages": ["decision_and_follow_up"],
        "stage": "framing",
    }

    walk.dialogue.closed = True
    with pytest.raises(DialogueClosedError) as closed:
        walk.dialogue.check_accepts("topic-added", walk.convenor)
    assert closed.value.code == "closed" and closed.value.params["act"] == "topic-added"
