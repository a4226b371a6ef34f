"""Live refusals (not found, not allowed, a conflict, a flood, signed out) in the connection's language."""

import re

import pytest

from application.dialogues import DialogueApp
from tests.builders import MEMBERS, Scenario
from tests.live.conftest import LiveClient, act, join, received

LANGUAGES = [("fr", {"Accept-Language": "fr"}), ("fr", {}), ("en", {"Accept-Language": "en"})]
"""The language expected, and the headers the client connects with: French when asked for, and by default."""
WORDINGS = {
    "fr": {
        404: "Ce dialogue n'existe pas.",
        403: "Votre rôle ne permet pas cet acte\u00a0: «\u00a0Regrouper une contribution\u00a0» "
        "est réservé aux rôles "
        "Animateur.",
        409: "Aucune séance en direct de «\u00a0Atelier diagnostic\u00a0» n'est ouverte.",
    },
    "en": {
        404: "This dialogue does not exist.",
        403: "Your role does not allow this act: “Cluster a contribution” is for the roles Facilitator.",
        409: "No live session of “Atelier diagnostic” is open.",
    },
}


@pytest.mark.parametrize(("language", "headers"), LANGUAGES)
def test_a_refusal_is_worded_in_the_language_of_the_connection(
    live: LiveClient, scenario: Scenario, language: str, headers: dict[str, str]
) -> None:
    stakeholder, member = live("stakeholder", headers), live(MEMBERS[0], headers)
    contribution = str(scenario.contribution())

    acks = {
        404: join(stakeholder, dialogue="nowhere"),
        403: act(stakeholder, "contribution-clustered", contribution_id=contribution, cluster="X"),
        409: join(member, session=scenario.meeting()),
    }

    assert {status: (ack["status"], ack["errors"]) for status, ack in acks.items()} == {
        status: (status, {"_schema": [wording]}) for status, wording in WORDINGS[language].items()
    }
    assert [event["errors"] for event in received(stakeholder, "error")] == [
        acks[404]["errors"],
        acks[403]["errors"],
    ]


FLOODED = {
    "fr": re.compile(r"Trop d'événements en peu de temps\u00a0: attendez \d+,\d s avant le suivant\."),
    "en": re.compile(r"Too many events in a short time: wait \d+\.\d s before the next\."),
}
SIGNED_OUT = {"fr": "Veuillez d'abord vous connecter.", "en": "Sign in first."}


@pytest.mark.parametrize(("language", "headers"), LANGUAGES)
def test_a_flood_and_a_signed_out_account_are_refused_in_the_language_of_the_connection(
    live: LiveClient, scenario: Scenario, dialogues: DialogueApp, language: str, headers: dict[str, str]
) -> None:
    flooder, member = live("stakeholder", headers), live(MEMBERS[0], headers)

    refused = [ack for ack in (join(flooder) for _ in range(30)) if not ack["ok"]]
    dialogues.disable_account("root", MEMBERS[0])  # signed out at its next event
    signed_out = join(member)

    assert refused and all(ack["status"] == 429 for ack in refused)
    assert FLOODED[language].fullmatch(refused[0]["errors"]["_schema"][0])
    assert (signed_out["status"], signed_out["errors"]) == (401, {"_schema": [SIGNED_OUT[language]]})
