"""Besides their English, the application's refusals carry a code and named values to be translated."""

from uuid import uuid4

import pytest

from application.dialogues import DialogueApp
from application.errors import ConflictError, NotAuthorisedError, NotFoundError
from domain.roles import Role
from tests.builders import ACCOUNTS, Scenario


def test_an_unknown_dialogue_and_an_unknown_account_have_a_code(app: DialogueApp) -> None:
    with pytest.raises(NotFoundError) as dialogue:
        app.status(uuid4())
    with pytest.raises(NotFoundError) as account:
        app.account("nobody")

    assert (dialogue.value.code, dialogue.value.params) == ("no-dialogue", {})
    assert (account.value.code, account.value.params) == ("no-account", {"login": "nobody"})


def test_an_act_the_role_does_not_allow_has_a_code_with_the_act_and_the_roles_that_may(
    app: DialogueApp,
) -> None:
    scenario = Scenario(app)

    with pytest.raises(NotAuthorisedError) as refused:
        app.add_topic(ACCOUNTS[Role.STAKEHOLDER], scenario.id, topic="eau")

    assert refused.value.code == "act-not-allowed"
    assert refused.value.params == {"act": "topic-added", "allowed": ["convenor", "facilitator"]}
    assert str(refused.value).startswith("topic-added: account stakeholder holds stakeholder")


def test_a_taken_slug_and_a_taken_login_have_a_code(app: DialogueApp) -> None:
    scenario = Scenario(app, slug="sevre")  # its accounts are created by a console administrator "root"

    with pytest.raises(ConflictError) as slug:
        app.open_dialogue(scenario.convenor, slug="sevre", title="T", territory="T", subject="S")
    with pytest.raises(ConflictError) as login:
        app.create_administrator("root", "correct horse battery")

    assert (slug.value.code, slug.value.params) == ("slug-taken", {"slug": "sevre"})
    assert (login.value.code, login.value.params) == ("login-taken", {"login": "root"})
