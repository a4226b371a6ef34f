"""Moderation on both stores, end to end: of two citizens' contributions reported, one is hidden (its
public page shows the reason, never the text), the other shredded: its text is in no page, open
data, feed, API answer, export, table, nor in the raw database file (SQLite) or ``pg_dump``
(PostgreSQL), and ``dialogue verify`` passes on the store and on an export."""

import base64
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from application.dialogues import DialogueApp
from domain.roles import Role
from tests.builders import ACCOUNTS, PASSWORD, Scenario
from tests.conftest import POSTGRES_URL
from tests.transparency.tamper_helpers import dialogue, every_file_text, every_text, verified_export
from tests.webapp import csrf_token, make_web_app, sign_in
from web import close_app

HIDDEN = "Texte-a-masquer-KW31"
SHREDDED = "Texte-illicite-ZQ79"


@pytest.fixture
def site(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "signing_key.pem"))
    app = make_web_app(database_url)
    yield app
    close_app(app)


def raw_bytes(url: str) -> bytes:
    """The SQLite file and its journal as stored, or a ``pg_dump`` of the PostgreSQL schema."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())
    schema = url.split("schema=")[1]
    dump = ["pg_dump", "--schema", schema, POSTGRES_URL.replace("postgresql://", "postgres://")]
    return subprocess.run(dump, capture_output=True, check=True, timeout=120).stdout


def every_answer(site: Flask, slug: str, consultation: str) -> str:
    """The public pages, open data, feeds and API answers that could hold a contribution's text (the
    search echoes its query: what it finds of a hidden one is tests/web/test_moderation_pages.py's)."""
    client = site.test_client()
    auditor = {
        "Authorization": "Basic " + base64.b64encode(f"{ACCOUNTS[Role.AUDITOR]}:{PASSWORD}".encode()).decode()
    }
    paths = [
        f"/dialogues/{slug}/consultations/{consultation}", f"/dialogues/{slug}/moderation",
        f"/dialogues/{slug}/open-data/public-contributions.csv",
        f"/dialogues/{slug}/open-data/public-contributions.json", f"/dialogues/{slug}",
        f"/dialogues/{slug}/diagnosis", "/feeds/consultations.atom",
    ]  # fmt: skip
    answers = [client.get(path) for path in paths]
    answers += [client.get(f"/api/v1/dialogues/{slug}{tail}", headers=auditor) for tail in ("", "/acts")]
    assert all(answer.status_code == 200 for answer in answers), [a.status_code for a in answers]
    return "\n".join(answer.get_data(as_text=True) for answer in answers)


def decide(site: Flask, slug: str, decision: str, fields: dict[str, Any]) -> None:
    client = site.test_client()
    assert sign_in(client, ACCOUNTS[Role.MODERATOR]).status_code == 303  # type: ignore[attr-defined]
    queue = f"/workspace/dialogues/{slug}/moderation"
    answer = client.post(
        f"{queue}/{decision}", data={**fields, "confirm": "yes", "csrf_token": csrf_token(client, queue)}
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)


def test_a_hidden_and_a_shredded_contribution_on_both_stores(
    site: Flask, database_url: str, tmp_path: Path
) -> None:
    app: DialogueApp = site.extensions["dialogues"]
    scenario = Scenario(app)
    consultation = str(scenario.consultation())
    slug = app.status(scenario.id)["slug"]
    posted = {
        text: str(app.contribute_as_citizen(
            scenario.citizen(author), scenario.id, consultation_id=consultation, kind="observation", text=text
        ).id)
        for author, text in (("Paul du Moulin", HIDDEN), ("Marie Lebrun", SHREDDED))
    }  # fmt: skip
    lucie = scenario.citizen("Lucie")
    for text, item_id in posted.items():
        app.report_item(lucie, scenario.id, item_kind="contribution", item_id=item_id, reason="unlawful",
                        text=f"il écrit {text}")  # fmt: skip
    before = every_answer(site, slug, consultation)
    assert HIDDEN in before and SHREDDED in before  # what the test looks for is there to be found

    hiding = {"item_id": posted[HIDDEN], "reason": "abusive", "explanation": "Propos injurieux"}
    decide(site, slug, "item-hidden", {"item_kind": "contribution", **hiding})
    decide(site, slug, "item-shredded", {"item_kind": "contribution", "item_id": posted[SHREDDED],
                                         "ground": "unlawful-content"})  # fmt: skip

    after = every_answer(site, slug, consultation)
    assert HIDDEN not in after and SHREDDED not in after
    assert "Masqué par la modération" in after and "Propos injurieux" in after
    assert "Contenu supprimé pour motif légal" in after
    [hidden] = [i for i in app.moderation_queue(scenario.id) if i["item_id"] == posted[HIDDEN]]
    assert hidden["text"] == HIDDEN  # the moderators still read a hidden text

    assert dialogue(database_url, "projections", "rebuild").exit_code == 0
    assert SHREDDED not in every_answer(site, slug, consultation)
    out = verified_export(database_url, scenario.id, tmp_path / "export")
    assert SHREDDED not in every_file_text(out)
    assert SHREDDED not in every_text(database_url)
    assert SHREDDED.encode() not in raw_bytes(database_url)
