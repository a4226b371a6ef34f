"""Documents on the web: uploaded by the API and the workspace's form, checked by their content,
served so that no browser runs them, listed on the public page with their proof."""

import base64
import hashlib
import io
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from application.demo.files import csv_table, pdf, png
from application.dialogues import DialogueApp
from application.documents import Upload
from domain.roles import Role
from tests.builders import ACCOUNTS, PASSWORD, Scenario
from tests.webapp import csrf_token, sign_in

DELIBERATION = pdf(
    "Deliberation DEL-2026-042", [f"Article {n} : le conseil municipal adopte le plan." for n in range(1, 12)]
)
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
DECISION_MAKER = ACCOUNTS[Role.DECISION_MAKER]


def basic(login: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{PASSWORD}".encode()).decode()}


SLUG = "partage-de-l-eau"


@pytest.fixture
def decided(dialogues: DialogueApp) -> Scenario:
    scenario = Scenario(dialogues, SLUG)
    scenario.decided()
    return scenario


def decision_page(scenario: Scenario) -> str:
    """The public page of the decision, where the documents attached to it are listed."""
    return f"/dialogues/{SLUG}/decisions/{scenario.decided()}"


def post_file(client: FlaskClient, scenario: Scenario, content: bytes, name: str) -> Any:
    data = {
        "item_kind": "decision",
        "item_id": str(scenario.decided()),
        "title": "Délibération DEL-2026-042",
        "file": (io.BytesIO(content), name),
    }
    return client.post(
        f"/api/v1/dialogues/{SLUG}/acts/document-attached",
        data=data,
        content_type="multipart/form-data",
        headers=basic(DECISION_MAKER),
    )


def test_a_pdf_sent_to_the_api_is_on_the_public_page_with_its_size_type_and_proof(
    client: FlaskClient, decided: Scenario
) -> None:
    answer = post_file(client, decided, DELIBERATION, "deliberation.pdf")
    assert answer.status_code == 201, answer.get_json()
    page = client.get(decision_page(decided), headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Délibération DEL-2026-042" in page
    size = f"{len(DELIBERATION) / 1000:.1f}".replace(".", ",")
    assert f"(PDF, {size} Ko)" in page
    link = re.search(r'href="(/documents/[^"]+/deliberation\.pdf)"', page)
    assert link is not None
    download = client.get(link.group(1))
    assert download.data == DELIBERATION
    assert download.headers["Content-Disposition"] == "attachment; filename=deliberation.pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    proof = re.search(r'href="(/documents/[^"]+/proof)"', page)
    assert proof is not None
    proof_page = client.get(proof.group(1)).get_data(as_text=True)
    assert hashlib.sha256(DELIBERATION).hexdigest() in proof_page
    assert "sha256sum" in proof_page


def test_an_image_is_shown_inline(client: FlaskClient, decided: Scenario) -> None:
    answer = post_file(client, decided, png(4, 4, (0, 90, 160)), "plan.png")
    assert answer.status_code == 201, answer.get_json()
    page = client.get(decision_page(decided)).get_data(as_text=True)
    link = re.search(r'href="(/documents/[^"]+/plan\.png)"', page)
    assert link is not None
    assert client.get(link.group(1)).headers["Content-Disposition"] == "inline; filename=plan.png"


@pytest.mark.parametrize("content", [png(2, 2, (0, 0, 0)), HTML], ids=["png", "html"])
def test_a_file_that_is_not_what_its_name_says_is_refused_naming_the_file(
    client: FlaskClient, dialogues: DialogueApp, decided: Scenario, content: bytes
) -> None:
    answer = post_file(client, decided, content, "deliberation.pdf")
    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["file"]
    assert dialogues.blobs.count() == 0


def test_a_file_over_the_limit_is_a_413_and_nothing_is_stored(
    client: FlaskClient, dialogues: DialogueApp, decided: Scenario
) -> None:
    dialogues.blobs.max_bytes = 100
    answer = post_file(client, decided, DELIBERATION, "deliberation.pdf")
    assert answer.status_code == 413
    assert list(answer.get_json()["errors"]) == ["file"]
    assert dialogues.blobs.count() == 0
    far_over = post_file(client, decided, DELIBERATION * 200, "deliberation.pdf")
    assert far_over.status_code == 413
    assert dialogues.blobs.count() == 0
    assert not dialogues.documents(decided.id)


def test_a_file_in_a_json_body_is_refused_naming_the_file(client: FlaskClient, decided: Scenario) -> None:
    body = {"item_kind": "dialogue", "title": "t", "file": base64.b64encode(DELIBERATION).decode()}
    answer = client.post(
        f"/api/v1/dialogues/{SLUG}/acts/document-attached", json=body, headers=basic(DECISION_MAKER)
    )
    assert answer.status_code == 400
    assert list(answer.get_json()["errors"]) == ["file"]


def test_a_multipart_write_from_a_session_needs_the_csrf_token(
    client: FlaskClient, dialogues: DialogueApp, decided: Scenario
) -> None:
    sign_in(client, DECISION_MAKER)
    data = {"item_kind": "dialogue", "title": "t", "file": (io.BytesIO(DELIBERATION), "d.pdf")}
    answer = client.post(
        f"/api/v1/dialogues/{SLUG}/acts/document-attached", data=data, content_type="multipart/form-data"
    )
    assert answer.status_code == 400
    assert dialogues.blobs.count() == 0


def test_the_workspace_form_attaches_a_file_to_the_decision(
    client: FlaskClient, dialogues: DialogueApp, decided: Scenario
) -> None:
    sign_in(client, DECISION_MAKER)
    path = f"/workspace/dialogues/{SLUG}/documents/document-attached"
    form = client.get(path).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form
    decision = f"decision:{decided.decided()}"
    assert f'value="{decision}"' in form
    data = {
        "csrf_token": csrf_token(client, path),
        "item": decision,
        "title": "Délibération",
        "file": (io.BytesIO(DELIBERATION), "deliberation.pdf"),
    }
    answer = client.post(path, data=data, content_type="multipart/form-data")
    assert answer.status_code == 303
    [document] = dialogues.documents(decided.id).values()
    assert (document["item_kind"], document["item_id"]) == ("decision", str(decided.decided()))


def test_a_shredded_document_is_said_removed_and_its_file_is_gone(
    client: FlaskClient, dialogues: DialogueApp, decided: Scenario
) -> None:
    document_id = post_file(client, decided, DELIBERATION, "deliberation.pdf").get_json()["id"]
    page = client.get(decision_page(decided)).get_data(as_text=True)
    link = re.search(r'href="(/documents/[^"]+/deliberation\.pdf)"', page)
    assert link is not None
    dialogues.shred_document(decided.convenor, decided.id, document_id, reason="données personnelles")
    page = client.get(decision_page(decided), headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "données personnelles" in page
    assert link.group(1) not in page
    assert client.get(link.group(1)).status_code == 410
    index = client.get(f"/documents/index/{SLUG}.json").get_json()
    assert index["documents"][0]["sha256"] == hashlib.sha256(DELIBERATION).hexdigest()


def test_a_study_attached_to_an_expertise_is_listed_in_the_expertise_section(
    client: FlaskClient, dialogues: DialogueApp
) -> None:
    scenario = Scenario(dialogues, "expertise")
    scenario.to_collective_work()
    expert = ACCOUNTS[Role.EXPERT]
    dialogues.provide_expertise(expert, scenario.id, kind="study", title="Volumes prélevables", summary="s")
    study = csv_table([["usage", "volume"], ["irrigation", "3,9"]])
    dialogues.attach_document(
        expert, scenario.id, item_kind="expertise", item_id="1", title="Tableau des volumes",
        file=Upload("volumes.csv", io.BytesIO(study)),
    )  # fmt: skip
    page = client.get("/dialogues/expertise/expertise").get_data(as_text=True)
    assert re.search(r'href="/documents/[^"]+/volumes\.csv">Tableau des volumes</a>', page)
    assert "(CSV, " in page
