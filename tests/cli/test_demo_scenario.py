"""``dialogue demo --scenario FILE``: a local authority's own scenario, recorded once, or refused
with a message naming the step, before anything is recorded where the file alone shows the mistake."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.demo import load_scenario
from cli.main import main
from tests.stores import make_app

SCENARIO = """\
# A commune's own scenario: one dialogue, a few acts.
password: une phrase de passe assez longue
accounts:
  - login: mairie-admin
    platform_roles: [administrator]
  - login: mairie-dgs
    platform_roles: [organiser]
  - login: mairie-animation
logins_by_role:
  convenor: mairie-dgs
  facilitator: mairie-animation
people:
  boulanger:
    category: economic_actor
    organisation: Boulangerie du centre
    name: Paul Fournier
    email: paul@boulangerie.example
    phone: 06 39 98 00 01
story:
  - dialogue: place-du-marche
    acts:
      - act: dialogue-opened
        by: mairie-dgs
        title: Réaménagement de la place du marché
        territory: Commune de Saint-Aubin
        subject: Choisir ensemble le nouvel aménagement de la place
      - act: role-granted
        by: mairie-dgs
        grantee_id: mairie-animation
        role: facilitator
      - act: stakeholder-identified
        by: mairie-animation
        person: boulanger
      - act: participation-confirmed
        by: mairie-animation
        stakeholder: boulanger
        confirmed_on: 2026-03-01
      - act: instance-designed
        by: mairie-animation
        key: atelier
        kind: consultation_group
        name: Atelier des commerçants et riverains
        function: Proposer un aménagement de la place
        composition: Commerçants, riverains, association du marché
        functioning_rule: consent
        facilitation: Animation par le service urbanisme
        schedule: Trois séances au printemps 2026
      - act: member-added
        by: mairie-animation
        instance: atelier
        stakeholder: boulanger
"""
SECOND_DIALOGUE = (
    "  - dialogue: marche-de-noel\n    acts:\n      - act: dialogue-opened\n        by: mairie-dgs\n"
    "        title: Marché de Noël\n        territory: Saint-Aubin\n        subject: Son emplacement\n"
)
"""A scenario's second dialogue (appended to ``SCENARIO``)."""
ACTS = [
    ("dialogue-opened", "mairie-dgs"),
    ("role-granted", "mairie-dgs"),
    ("stakeholder-identified", "mairie-animation"),
    ("participation-confirmed", "mairie-animation"),
    ("instance-designed", "mairie-animation"),
    ("member-added", "mairie-animation"),
]


def dialogue(database_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--database-url", database_url, *args])
    return result.exit_code, result.output


def scenario_file(tmp_path: Path, text: str = SCENARIO) -> str:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def recorded(database_url: str) -> list[tuple[str, str]]:
    _, output = dialogue(database_url, "acts", "--format", "jsonl")
    return [(line["act"], line["actor_id"]) for line in map(json.loads, output.splitlines())]


def test_a_scenario_of_ones_own_is_recorded_once_with_its_logins(database_url: str, tmp_path: Path) -> None:
    code, output = dialogue(database_url, "demo", "--scenario", scenario_file(tmp_path))

    assert code == 0, output
    assert "acts recorded" in output and "dialogue place-du-marche: " in output
    assert re.search(r"convenor +mairie-dgs", output) and re.search(r"administrator +mairie-admin", output)
    assert "password of every demo login: une phrase de passe assez longue" in output
    assert recorded(database_url) == ACTS
    app = make_app(database_url)
    try:
        assert app.authenticate("mairie-animation", "une phrase de passe assez longue") == "mairie-animation"
        [person] = app.stakeholders(app.dialogue_id("place-du-marche"))
        assert (person["name"], person["email"]) == ("Paul Fournier", "paul@boulangerie.example")
        assert person["confirmed_on"] == "2026-03-01"  # an unquoted date: the text the act takes
    finally:
        app.close()

    code, again = dialogue(database_url, "demo", "--scenario", scenario_file(tmp_path))
    assert code == 0 and "demo already recorded" in again
    assert recorded(database_url) == ACTS


@pytest.mark.parametrize(
    ("mistake", "replaced", "by", "message"),
    [
        (
            "unknown act",
            "act: instance-designed",
            "act: instance-desinged",
            r"step 5 \(instance-desinged, line 38\): unknown act 'instance-desinged'",
        ),
        (
            "unknown key",
            "instance: atelier\n        stakeholder",
            "instance: ateleir\n        stakeholder",
            r"step 6 \(member-added, line 48\): "
            r"no instance 'ateleir' made by an earlier step of place-du-marche",
        ),
        (
            "unknown field",
            "function: Proposer",
            "fonction: Proposer",
            r"step 5 \(instance-designed, line 38\): unknown field 'fonction'; missing field 'function' "
            r"\(fields of instance-designed: kind, name, function, composition, functioning_rule, "
            r"facilitation, schedule\)",
        ),
        (
            "unknown person",
            "person: boulanger",
            "person: boulangere",
            r"step 3 \(stakeholder-identified, line 31\): "
            r"stakeholder-identified takes one person, from people",
        ),
        (
            "unknown platform role",
            "platform_roles: [administrator]",
            "platform_roles: [administrateur]",
            r"accounts 1: platform_roles: a list among \['administrator', 'organiser'\]",
        ),
    ],
)
def test_a_mistake_the_file_shows_stops_before_anything_is_recorded_and_names_the_step(
    database_url: str, tmp_path: Path, mistake: str, replaced: str, by: str, message: str
) -> None:
    assert replaced in SCENARIO, mistake
    path = scenario_file(tmp_path, SCENARIO.replace(replaced, by, 1))

    code, output = dialogue(database_url, "demo", "--scenario", path)

    assert code == 1
    assert re.search(rf"Error: {re.escape(path)}, {message}", output), output
    assert recorded(database_url) == []


def test_an_act_the_application_refuses_stops_the_player_at_its_step(
    database_url: str, tmp_path: Path
) -> None:
    """Only the convenor grants roles: the facilitator's grant is refused, the acts before it stay."""
    text = SCENARIO.replace(
        "      - act: stakeholder-identified\n",
        "      - act: role-granted\n        by: mairie-animation\n        grantee_id: mairie-dgs\n"
        "        role: stakeholder\n      - act: stakeholder-identified\n",
    )

    code, output = dialogue(database_url, "demo", "--scenario", scenario_file(tmp_path, text))

    assert code == 1
    assert re.search(
        r"scenario.yaml, step 3 \(role-granted, line 31\), by mairie-animation: refused: ", output
    )
    assert recorded(database_url) == ACTS[:2]


def test_a_file_that_is_not_a_scenario_is_refused_with_a_message(database_url: str, tmp_path: Path) -> None:
    for text, message in (
        ("story: [unclosed", "not valid YAML"),
        (
            "password: x\naccounts: []\nstory: []\n",
            "accounts: one account needs the platform role administrator",
        ),
        ("passwrd: x\n", "top level: unknown section(s) ['passwrd']"),
    ):
        code, output = dialogue(database_url, "demo", "--scenario", scenario_file(tmp_path, text))
        assert code == 1 and message in output, output
    code, output = dialogue(database_url, "demo", "--scenario", str(tmp_path / "missing.yaml"))
    assert code == 1 and "cannot be read" in output
    assert recorded(database_url) == []


def test_a_scenario_whose_dialogues_are_partly_there_records_nothing(
    database_url: str, tmp_path: Path
) -> None:
    dialogue(database_url, "demo", "--scenario", scenario_file(tmp_path))
    code, output = dialogue(
        database_url, "demo", "--scenario", scenario_file(tmp_path, SCENARIO + SECOND_DIALOGUE)
    )

    assert code == 1
    assert (
        "the dialogues ['place-du-marche'] exist already but not ['marche-de-noel']: nothing recorded"
        in output
    )
    assert recorded(database_url) == ACTS


def test_an_earlier_version_of_the_bundled_demo_is_served_as_it_is(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make run`` on a store holding an earlier demo, with fewer dialogues: a message, no failure."""
    dialogue(database_url, "demo", "--scenario", scenario_file(tmp_path))
    grown = load_scenario(Path(scenario_file(tmp_path, SCENARIO + SECOND_DIALOGUE)))
    monkeypatch.setattr("application.demo.player.bundled", lambda: grown)

    code, output = dialogue(database_url, "demo")

    assert code == 0, output
    assert "demo not recorded:" in output and "exist already but not ['marche-de-noel']" in output
    assert f"move {database_url} aside and run again" in output
    assert recorded(database_url) == ACTS


def test_the_example_of_the_docs_is_recorded(database_url: str, tmp_path: Path) -> None:
    docs = (Path(__file__).parents[2] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```yaml\n(.*?)```", docs, re.DOTALL)

    code, output = dialogue(database_url, "demo", "--scenario", scenario_file(tmp_path, example))

    assert code == 0, output
    shown = [act for act, _ in ACTS if act != "participation-confirmed"]
    assert [act for act, _ in recorded(database_url)] == shown
