"""The home page (``/``, endpoint ``public.index``): the public dialogues with their stage,
territory, next meeting and latest decision, filtered by stage and territory (a GET form), a page
of ``PAGE_SIZE`` at a time (``?dialogues=2``). Its content is kept by the page cache for the state of
the read models, the address and the minute (its next meetings are those to come)."""

from datetime import datetime
from typing import Any

from flask import render_template, request
from markupsafe import Markup
from marshmallow import EXCLUDE, Schema

from projections.transparency_log.overview import overview_page
from web.extensions import read
from web.i18n.dates import TIMEZONE
from web.public.pagecache import Part, Positions, cached
from web.public.pages import STAGE_ORDER, bp
from web.public.paging import LISTINGS, page_numbers
from web.schemas import fields as f


class Filters(Schema):
    class Meta:
        unknown = EXCLUDE

    stage = f.choice(STAGE_ORDER)
    territory = f.text(required=False)


@bp.get("/")
def index() -> Any:
    """The public dialogues, or those of ``?stage=`` and ``?territory=`` (empty: any), page
    ``?dialogues=``."""
    asked = Filters(partial=True).load({key: value for key, value in request.args.items() if value})
    now = datetime.now(TIMEZONE).strftime("%Y-%m-%dT%H:%M")

    def content(_reached: Positions) -> Part:
        with read() as sql:
            page = overview_page(
                sql,
                now,
                stage=asked.get("stage"),
                territory=asked.get("territory"),
                number=page_numbers(request.args)["dialogues"],
            )
        html = render_template(
            "public/_index.html",
            page=page,
            listing=LISTINGS["dialogues"],
            dialogues=page.items,
            listed=page.listed,
            stages=STAGE_ORDER,
            territories=page.territories,
            stage=asked.get("stage", ""),
            territory=asked.get("territory", ""),
        )
        return Part(Markup(html))  # noqa: S704  # nosec B704  # by Jinja, escaped

    return render_template("public/index.html", part=cached(content, also=now).content)
