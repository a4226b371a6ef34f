"""The act schemas cannot drift from the catalogue nor from the application's act methods."""

import inspect

import pytest

from domain.acts import ACTS
from web.schemas import ACT_FORMS, OPEN_DIALOGUE, ActForm

FORMS = {**ACT_FORMS, "dialogue-opened": OPEN_DIALOGUE}


def test_every_act_of_the_catalogue_has_a_schema() -> None:
    assert set(FORMS) == set(ACTS)


@pytest.mark.parametrize("act", sorted(FORMS))
def test_the_schema_fields_are_the_arguments_of_the_act_method(act: str) -> None:
    form: ActForm = FORMS[act]
    parameters = list(inspect.signature(form.method).parameters.values())
    skip = 2 if act == "dialogue-opened" else 3  # self, account_id[, dialogue_id]
    arguments = parameters[skip:]
    fields = form.schema().fields

    assert set(fields) == {p.name for p in arguments}
    for parameter in arguments:
        required = parameter.default is inspect.Parameter.empty
        assert fields[parameter.name].required == required, parameter.name
    positional = [p.name for p in arguments if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert positional == ([form.part] if form.part else [])
