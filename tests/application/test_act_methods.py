"""The table act name -> ``DialogueApp`` method (``application.act_methods``) against the catalogue."""

import inspect

from application.act_methods import ACT_METHODS, PART_KINDS
from application.dialogues import DialogueApp
from domain.acts import ACTS
from domain.fields import declaration


def test_every_act_of_the_catalogue_has_its_method() -> None:
    assert set(ACT_METHODS) == set(ACTS) - {"dialogue-opened"}


def test_each_method_is_the_one_that_records_its_act() -> None:
    for act, entry in ACT_METHODS.items():
        method = entry.method
        assert getattr(DialogueApp, method.__name__) is method, act
        assert f'"{act}"' in inspect.getsource(method), f"{act}: {method.__name__} does not record it"


def test_each_method_takes_the_account_the_dialogue_and_the_part_it_names() -> None:
    for act, entry in ACT_METHODS.items():
        parameters = list(inspect.signature(entry.method).parameters)
        assert parameters[1:3] == ["account_id", "dialogue_id"], act
        if entry.part is not None:
            assert parameters[3] == entry.part, act
            assert entry.part.removesuffix("_id") in PART_KINDS, act
        assert entry.creates is None or entry.creates in PART_KINDS, act


RESOLVED_APART = {
    "grantee_id", "instance_id", "file", "name", "email", "phone", "stakeholder_account_id", "text"
}  # fmt: skip
"""What a method may take beside its act's declaration: what the application resolves or seals
before the domain sees it (an account's login, an instance's id, a file, a person's contact, a
citizen's text)."""


def test_every_act_method_takes_its_fields_as_the_declaration_beside_its_event() -> None:
    for act, entry in ACT_METHODS.items():
        assert declaration(entry.method) is not None, act
        parameters = inspect.signature(entry.method).parameters.values()
        own = {p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}
        assert own <= RESOLVED_APART, (act, own - RESOLVED_APART)
