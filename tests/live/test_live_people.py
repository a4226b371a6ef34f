"""The live board names people by their display name and organisation, never by a login alone."""

from tests.builders import ADMIN, MEMBERS, Scenario
from tests.live.conftest import LiveClient, join


def test_joining_names_the_dialogues_members_by_display_name_and_organisation(
    live: LiveClient, scenario: Scenario
) -> None:
    facilitator = live("facilitator")
    scenario.app.set_profile(ADMIN, MEMBERS[0], email="camille@example.org", display_name="Camille Durand")

    people = join(facilitator)["people"]

    assert people[MEMBERS[0]] == {"name": "Camille Durand", "organisation": f"Association {MEMBERS[0]}"}
    assert people["facilitator"] == {"name": "facilitator", "organisation": ""}  # no display name: the login
