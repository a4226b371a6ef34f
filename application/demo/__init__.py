"""The demo: a scenario (accounts, people, acts) read from a file and recorded by a short player.

``record_demo(app)`` records the bundled scenario, the water dialogue of the Vèze valley
(``vallee-de-la-veze.yaml`` beside this module, which tells its story); ``record_demo(app,
load_scenario(path))`` records a local authority's own (docs/scenarios.md). The names below are
those of the bundled scenario, for the tests and the docs.
"""

from application.demo.player import DemoResult, record_demo
from application.demo.scenario import (
    BUNDLED,
    PartlyRecordedError,
    Person,
    Scenario,
    ScenarioError,
    bundled,
    load_scenario,
)

_DEMO = bundled()

MAIN_SLUG, EARLIER_SLUG, WORKSHOP_SLUG = _DEMO.dialogues
"""The water plan (through its three stages), the closed consultation on the Brassac mill and the plan
for the riparian woods, in collective work: its group's first workshop is the one to try the live
board on (README, Live sessions)."""
ACCOUNTS = _DEMO.logins_by_role
"""One demo login to act in each role of a dialogue."""
CONVENOR, FACILITATOR, AUDITOR = ACCOUNTS["convenor"], ACCOUNTS["facilitator"], ACCOUNTS["auditor"]
ADMINISTRATOR = _DEMO.administrator
PASSWORD = _DEMO.password
"""The password of every demo login: the demo is public, never run it on a real platform."""
LOGINS = tuple(account.login for account in _DEMO.accounts if account.login != ADMINISTRATOR)
PEOPLE: tuple[Person, ...] = tuple(_DEMO.people.values())

__all__ = [
    "ACCOUNTS", "ADMINISTRATOR", "AUDITOR", "BUNDLED", "CONVENOR", "EARLIER_SLUG", "FACILITATOR", "LOGINS",
    "MAIN_SLUG", "PASSWORD", "PEOPLE", "WORKSHOP_SLUG", "DemoResult", "PartlyRecordedError", "Person",
    "Scenario", "ScenarioError", "load_scenario", "record_demo",
]  # fmt: skip
