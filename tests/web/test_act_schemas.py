"""The act schemas cannot drift from the catalogue nor from the application's act methods."""

import inspect

import pytest

from application.act_methods import act_fields
from domain.acts import ACTS
from web.schemas import ACT_FORMS, OPEN_DIALOGUE, ActForm

FORMS = {**ACT_FORMS, "dialogue-opened": OPEN_DIALOGUE}


def test_every_act_of_the_catalogue_has_a_schema() -> None:
    assert set(FORMS) == set(ACTS)


@pytest.mark.parametrize("act", sorted(FORMS))
def test_the_schema_fields_are_the_arguments_of_the_act_method(act: str) -> None:
    form: ActForm = FORMS[act]
    arguments = act_fields(form.method)
    fields = form.schema().fields

    assert set(fields) == set(arguments)
    for name, required in arguments.items():
        assert fields[name].required == required, name
    parameters = inspect.signature(form.method).parameters.values()
    positional = [p.name for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert positional[3:] == ([form.part] if form.part else [])
