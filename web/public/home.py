"""The home page (``/``, endpoint ``public.index``): the public dialogues with their stage,
territory, next meeting and latest decision, filtered by stage and territory (a GET form)."""

from datetime import datetime
from typing import Any

from flask import render_template, request
from marshmallow import EXCLUDE, Schema

from projections.transparency_log.overview import overview
from web.extensions import read
from web.i18n.dates import TIMEZONE
from web.public.pages import STAGE_ORDER, bp
from web.schemas import fields as f


class Filters(Schema):
    class Meta:
        unknown = EXCLUDE

    stage = f.choice(STAGE_ORDER)
    territory = f.text(required=False)


@bp.get("/")
def index() -> Any:
    """Every public dialogue, or those of ``?stage=`` and ``?territory=`` (empty: any)."""
    asked = Filters(partial=True).load({key: value for key, value in request.args.items() if value})
    now = datetime.now(TIMEZONE).strftime("%Y-%m-%dT%H:%M")
    with read() as sql:
        everything = overview(sql, now)
    shown = [
        d
        for d in everything
        if asked.get("stage") in (None, d["stage"]) and asked.get("territory") in (None, d["territory"])
    ]
    return render_template(
        "public/index.html",
        dialogues=shown,
        listed=len(everything),
        stages=STAGE_ORDER,
        territories=sorted({d["territory"] for d in everything}),
        stage=asked.get("stage", ""),
        territory=asked.get("territory", ""),
    )
