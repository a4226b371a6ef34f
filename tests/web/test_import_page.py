"""The import page: a preview with each wrong line's column and reason, nothing recorded until confirmed."""

import io

from flask import Flask

from application.dialogues import DialogueApp
from tests.builders import Scenario
from tests.webapp import csrf_token, sign_in

HEADER = "name,organisation,category,email,phone,instance,role,invite\n"


class ImportPage:
    """The dialogue's import page, opened by its convenor: ``upload`` a file, ``confirm`` a text."""

    def __init__(self, web_app: Flask, dialogues: DialogueApp, scenario: Scenario):
        slug = dialogues.summary(scenario.id)["slug"]
        self.client = web_app.test_client()
        sign_in(self.client, scenario.convenor)
        self.path = f"/admin/dialogues/{slug}/import"
        self.token = csrf_token(self.client, self.path)

    def upload(self, text: str) -> tuple[int, str]:
        data = {"csrf_token": self.token, "file": (io.BytesIO(text.encode()), "parties.csv")}
        answer = self.client.post(self.path, data=data, content_type="multipart/form-data")
        return answer.status_code, answer.get_data(as_text=True)

    def confirm(self, text: str) -> int:
        return self.client.post(
            self.path, data={"csrf_token": self.token, "confirm": "1", "text": text}
        ).status_code


def test_the_preview_reports_wrong_lines_then_a_confirmed_file_is_recorded(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    scenario = Scenario(dialogues)
    scenario.consultation_group()
    before = len(dialogues.stakeholders(scenario.id))
    importing = ImportPage(web_app, dialogues, scenario)

    status, page = importing.upload(
        HEADER + "Anne,Asso,pêcheur,anne@example.org,,Groupe eau,,oui\nBen,Asso,resident,ben,,,,non\n"
    )
    assert status == 400
    assert "<td>2</td><td>category</td><td>pas l\u2019une des valeurs" in page
    assert "<td>3</td><td>email</td><td>pas une adresse électronique</td>" in page
    assert len(dialogues.stakeholders(scenario.id)) == before

    good = HEADER + "Anne,Asso,farmer,anne@example.org,,Groupe eau,,oui\nBen,Asso,resident,,,,,non\n"
    status, page = importing.upload(good)
    assert status == 200 and "2 parties prenantes à enregistrer" in page
    assert len(dialogues.stakeholders(scenario.id)) == before  # a preview records nothing

    assert importing.confirm(good) == 303
    assert len(dialogues.stakeholders(scenario.id)) == before + 2
    assert [m["mail_key"].split(":")[0] for m in dialogues.outbox.waiting()] == ["invitation"]


def test_no_file_is_a_400_naming_the_field(web_app: Flask, dialogues: DialogueApp) -> None:
    importing = ImportPage(web_app, dialogues, Scenario(dialogues))
    answer = importing.client.post(importing.path, data={"csrf_token": importing.token})
    assert answer.status_code == 400 and "«\u00a0Fichier\u00a0»" in answer.get_data(as_text=True)


def test_cells_beyond_the_forms_bounds_and_a_line_the_reader_cannot_read_are_refused_naming_them(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    """The file's cells are held to the bounds of the form's fields (a name of 200 characters, no
    control character); a file the CSV reader cannot read is a 400, not a server error."""
    scenario = Scenario(dialogues)
    before = len(dialogues.stakeholders(scenario.id))
    importing = ImportPage(web_app, dialogues, scenario)

    status, page = importing.upload(
        HEADER + "A" * 201 + ",Asso,resident,,,,,non\nBen,Asso\x07 du lac,resident,,,,,non\n"
    )
    assert status == 400
    assert "<td>2</td><td>name</td><td>«\u00a0Nom\u00a0»\u00a0: 200 caractères au plus.</td>" in page
    assert (
        "<td>3</td><td>organisation</td><td>«\u00a0Organisme\u00a0» contient un caractère qui n&#39;est pas"
        " permis ici (U+0007).</td>" in page
    )

    status, page = importing.upload(HEADER + "Anne,Asso,resident,,,,,non\nBen,As\x00so,resident,,,,,non\n")
    assert status == 400 and "permis ici (U+0000)" in page

    status, page = importing.upload(
        HEADER + "Anne,Asso,resident,,,,,non\nBen," + "B" * 140_000 + ",resident,,,,,non\n"
    )
    assert status == 400 and "<td>3</td><td></td><td>illisible en CSV</td>" in page  # over the reader's limit

    assert importing.confirm(HEADER + "Ben," + "B" * 201 + ",resident,,,,,non\n") == 400  # checked again
    assert len(dialogues.stakeholders(scenario.id)) == before
