"""``dialogue import-stakeholders``: a 200-line file with 6 wrong lines is refused whole, each error
named by line and column; corrected, every line becomes the acts of the forms, on both stores."""

from pathlib import Path

from click.testing import CliRunner

from cli.main import main
from domain.roles import Role
from tests.builders import ACCOUNTS, ADMIN, Scenario
from tests.stores import make_app

HEADER = "name;organisation;category;email;phone;instance;role;invite"
WRONG = {
    12: ("category", "Personne 12;Asso;pêcheur;p12@example.org;;Groupe eau;;oui"),
    40: ("email", "Personne 40;Asso;resident;p40-at-example.org;;Groupe eau;;oui"),
    77: ("instance", "Personne 77;Asso;resident;p77@example.org;;Groupe air;;oui"),
    100: ("organisation", "Personne 100;" + "A" * 201 + ";resident;p100@example.org;;Groupe eau;;oui"),
    150: ("role", "Personne 150;Asso;resident;p150@example.org;;;maire;non"),
    199: ("invite", "Personne 199;Asso;resident;p199@example.org;;;;peut-être"),
}


def line(n: int) -> str:
    return f"Personne {n};Association {n};resident;p{n}@example.org;0600000{n:03d};Groupe eau;;oui"


def test_wrong_lines_are_reported_and_nothing_recorded_until_the_file_is_right(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(database_url)
    scenario = Scenario(app)
    group = scenario.consultation_group()
    app.set_profile(ADMIN, ACCOUNTS[Role.EXPERT], email="expert@example.org")
    before = len(app.stakeholders(scenario.id))
    app.close()
    # data lines are numbered from 2, the header being line 1
    lines = [WRONG[n][1] if n in WRONG else line(n) for n in range(2, 201)]
    lines.append("Experte;Bureau d'études;expert;expert@example.org;;;expert;non")  # an account has it
    file = tmp_path / "parties.csv"
    file.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    command = ["--database-url", database_url, "import-stakeholders", "--dialogue", str(scenario.id)]
    command += ["--as", scenario.convenor, str(file)]

    refused = CliRunner().invoke(main, command)

    assert refused.exit_code == 1
    reported = [row for row in refused.output.splitlines() if row.startswith("line ")]
    assert [r.split(":")[0] for r in reported] == [f"line {n}, column {c}" for n, (c, _) in WRONG.items()]
    assert "“Organisation”: at most 200 characters." in refused.output  # the form's bound
    assert "6 errors" in refused.output and "nothing recorded" in refused.output
    app = make_app(database_url)
    assert len(app.stakeholders(scenario.id)) == before and app.outbox.waiting() == []
    app.close()

    file.write_text(
        "\n".join([HEADER, *(line(n) for n in range(2, 201)), lines[-1]]) + "\n", encoding="utf-8"
    )
    done = CliRunner().invoke(main, command)

    assert done.exit_code == 0, done.output
    assert done.output.strip() == "200 stakeholders recorded"
    app = make_app(database_url)
    try:
        imported = app.stakeholders(scenario.id)[before:]
        assert len(imported) == 200
        assert sorted(m["mail_key"].split(":")[0] for m in app.outbox.waiting()) == ["invitation"] * 199
        members = app.repository.get(group).members
        assert sum(1 for s in imported if s["id"] in members) == 199
        expert = next(s for s in imported if s["email"] == "expert@example.org")
        assert expert["account_id"] == ACCOUNTS[Role.EXPERT]
    finally:
        app.close()


def test_a_stakeholder_already_identified_or_twice_in_the_file_is_a_wrong_line(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(database_url)
    scenario = Scenario(app)
    scenario.consultation_group()  # identifies "Personne stakeholder" of "Association stakeholder"
    before = len(app.stakeholders(scenario.id))
    app.close()
    lines = [
        line(2),
        "Quelqu'un;Autre;resident;Stakeholder@Example.org;;;;non",  # 3: a known address, in other case
        "  personne   STAKEHOLDER;association stakeholder;resident;;;;;non",  # 4: a known person
        line(5),
        "Personne 2;Association 2;farmer;autre@example.org;;;;non",  # 6: the person of line 2
        "Personne 7;Association 7;resident;P5@example.org;;;;non",  # 7: the address of line 5
        "Personne 2;Association 9;resident;;;;;non",  # 8: a namesake elsewhere: right
    ]
    file = tmp_path / "parties.csv"
    file.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    command = ["--database-url", database_url, "import-stakeholders", "--dialogue", str(scenario.id)]
    command += ["--as", scenario.convenor, str(file)]

    refused = CliRunner().invoke(main, command)

    assert refused.exit_code == 1
    assert [row for row in refused.output.splitlines() if row.startswith("line ")] == [
        "line 3, column email: a stakeholder of the dialogue has this address already",
        "line 4, column name: a stakeholder of this name and organisation is in the dialogue already",
        "line 6, column name: the same name and organisation as line 2",
        "line 7, column email: the same address as line 5",
    ]
    app = make_app(database_url)
    assert len(app.stakeholders(scenario.id)) == before and app.outbox.waiting() == []
    app.close()

    file.write_text("\n".join([HEADER, line(2), lines[-1]]) + "\n", encoding="utf-8")
    assert CliRunner().invoke(main, command).exit_code == 0
    again = CliRunner().invoke(main, command)  # the same file once more: each line is known now
    assert again.exit_code == 1
    assert "line 2, column email: a stakeholder of the dialogue has this address already" in again.output
    assert "line 2, column name: a stakeholder of this name and organisation" in again.output
