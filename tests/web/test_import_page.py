"""The import page: a preview with each wrong line's column and reason, nothing recorded until confirmed."""

import io

from flask import Flask

from application.dialogues import DialogueApp
from tests.builders import Scenario
from tests.webapp import csrf_token, sign_in

HEADER = "name,organisation,category,email,phone,instance,role,invite\n"


def test_the_preview_reports_wrong_lines_then_a_confirmed_file_is_recorded(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    scenario = Scenario(dialogues)
    scenario.consultation_group()
    slug = next(d["slug"] for d in dialogues.dialogues() if d["id"] == str(scenario.id))
    before = len(dialogues.stakeholders(scenario.id))
    client = web_app.test_client()
    sign_in(client, scenario.convenor)
    path = f"/admin/dialogues/{slug}/import"
    token = csrf_token(client, path)

    def upload(text: str) -> tuple[int, str]:
        data = {"csrf_token": token, "file": (io.BytesIO(text.encode()), "parties.csv")}
        answer = client.post(path, data=data, content_type="multipart/form-data")
        return answer.status_code, answer.get_data(as_text=True)

    status, page = upload(
        HEADER + "Anne,Asso,pêcheur,anne@example.org,,Groupe eau,,oui\nBen,Asso,resident,ben,,,,non\n"
    )
    assert status == 400
    assert "<td>2</td><td>category</td><td>pas l\u2019une des valeurs" in page
    assert "<td>3</td><td>email</td><td>pas une adresse électronique</td>" in page
    assert len(dialogues.stakeholders(scenario.id)) == before

    good = HEADER + "Anne,Asso,farmer,anne@example.org,,Groupe eau,,oui\nBen,Asso,resident,,,,,non\n"
    status, page = upload(good)
    assert status == 200 and "2 parties prenantes à enregistrer" in page
    assert len(dialogues.stakeholders(scenario.id)) == before  # a preview records nothing

    done = client.post(path, data={"csrf_token": token, "confirm": "1", "text": good})
    assert done.status_code == 303
    assert len(dialogues.stakeholders(scenario.id)) == before + 2
    assert [m["mail_key"].split(":")[0] for m in dialogues.outbox.waiting()] == ["invitation"]


def test_no_file_is_a_400_naming_the_field(web_app: Flask, dialogues: DialogueApp) -> None:
    scenario = Scenario(dialogues)
    slug = next(d["slug"] for d in dialogues.dialogues() if d["id"] == str(scenario.id))
    client = web_app.test_client()
    sign_in(client, scenario.convenor)
    path = f"/admin/dialogues/{slug}/import"
    answer = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert answer.status_code == 400 and "«\u00a0Fichier\u00a0»" in answer.get_data(as_text=True)
