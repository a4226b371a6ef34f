"""The API reads a dialogue from the store once per request, however many times it looks at it."""

import pytest
from flask.testing import FlaskClient

from application.dialogues import DialogueApp
from domain.roles import Role
from tests.application.test_dialogue_cache import reads_of
from tests.builders import ACCOUNTS, Scenario
from tests.web.test_api_v1 import API, accounts, basic, post_act, scenario  # noqa: F401  (fixtures too)


def test_an_act_and_a_query_each_read_the_dialogue_once(
    client: FlaskClient,
    dialogues: DialogueApp,
    scenario: Scenario,  # noqa: F811  (the fixture)
    accounts: None,  # noqa: F811  (the fixture)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    convenor = ACCOUNTS[Role.CONVENOR]
    reads = reads_of(dialogues, monkeypatch, scenario.id)

    recorded = post_act(client, "topic-added", {"topic": "étiage"}, convenor)
    assert recorded.status_code == 201 and len(reads) == 1

    available = client.get(f"{API}/dialogues/sevre/acts-available", headers=basic(convenor))
    assert available.status_code == 200 and len(reads) == 2
