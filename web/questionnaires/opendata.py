"""A closed questionnaire's results in open data: the counts (JSON, CSV) and the texts of the
answers without their authors (CSV; in the JSON too). Before it closes: 404, like its results."""

import json
from typing import Any

from flask import abort
from werkzeug.wrappers import Response

from projections.questionnaires import every_answer_text, public_questionnaire
from web.extensions import dialogues, read
from web.public.opendata import LICENCE, to_csv
from web.questionnaires.blueprint import bp
from web.questionnaires.pages import _dialogue_id


def _closed(slug: str, questionnaire_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dialogue_id = _dialogue_id(slug)
    with read() as sql:
        found = public_questionnaire(sql, str(dialogue_id), questionnaire_id)
        if found is None or found["results"] is None:
            abort(404)
        rows = every_answer_text(sql, questionnaire_id)
    prompts = [q["prompt"] for q in found["questions"]]
    texts = [
        {"question": t["question"], "prompt": prompts[t["question"]], "text": t["text"] or ""}
        for t in dialogues().answer_texts(rows, dialogue_id)
    ]
    return found, texts


def _download(body: str, content_type: str, filename: str) -> Response:
    return Response(
        body,
        content_type=f"{content_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/dialogues/<slug>/questionnaires/<questionnaire_id>/results.json")
def results_json(slug: str, questionnaire_id: str) -> Response:
    found, texts = _closed(slug, questionnaire_id)
    keys = ("questionnaire_id", "title", "intro", "purpose", "audience", "answers", "opened_at", "closed_at")
    body = {"licence": LICENCE, **{k: found[k] for k in keys}, "results": found["results"], "texts": texts}
    return _download(
        json.dumps(body, ensure_ascii=False, indent=1), "application/json", f"{slug}-questionnaire.json"
    )


@bp.get("/dialogues/<slug>/questionnaires/<questionnaire_id>/results.csv")
def results_csv(slug: str, questionnaire_id: str) -> Response:
    found, _texts = _closed(slug, questionnaire_id)
    rows = (
        {"question": r["question"] + 1, "prompt": r["prompt"], "kind": r["kind"], "choice": c["choice"],
         "count": c["count"], "answered": r["answered"], "mean": "" if r["mean"] is None else r["mean"]}
        for r in found["results"] for c in r["counts"]
    )  # fmt: skip
    return _download(to_csv(rows), "text/csv", f"{slug}-questionnaire-counts.csv")


@bp.get("/dialogues/<slug>/questionnaires/<questionnaire_id>/texts.csv")
def texts_csv(slug: str, questionnaire_id: str) -> Response:
    _found, texts = _closed(slug, questionnaire_id)
    rows = ({**t, "question": t["question"] + 1} for t in texts)
    return _download(to_csv(rows), "text/csv", f"{slug}-questionnaire-texts.csv")
