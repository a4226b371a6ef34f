"""The pages of a dialogue's items, at their permanent addresses: a proposal, a decision, a meeting,
an action (``/dialogues/<slug>/<list>/<id>``).

Each reads its own rows (``projections.transparency_log.items``), is kept by the
page cache like the dialogue's page, and links to the inclusion proof of the
act that created it when a signed head covers it.
"""

from typing import Any
from urllib.parse import quote

from flask import g, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from application.errors import NotFoundError
from domain.dialogue import dialogue_id_for
from projections.merkle_log import read_head
from projections.store import Sql
from projections.transparency_log import items
from projections.transparency_log.page import find
from web.comments.threads import CommentForm, reader, thread
from web.consultation.citizens import HONEYPOT, signed_in_citizen
from web.extensions import dialogues, read
from web.public import summary
from web.public.pagecache import Part, cached

KINDS = {
    "proposals": "proposal", "agreements": "agreement", "decisions": "decision", "meetings": "meeting",
    "actions": "action",
}  # fmt: skip
"""The lists whose items have a page, by the name in their address, and the kind of item."""
COMMENTED = ("proposal", "agreement")
"""The items whose page shows their comments (``web/comments``) under its cached content."""

PATH_SAFE = "!$&'()*+,/:;=@"
"""What a segment of an address keeps unquoted, as Werkzeug's routing does."""


def check_shown(slug: str) -> None:
    """404 unless the dialogue's page shows to the reader: to anyone once its approach is public,
    before to its members and the administrators (a preview; its feeds and open data wait)."""
    dialogues().check_visible(g.account["login"] if g.account else None, dialogue_id_for(slug))


def item_url(slug: str, name: str, item_id: str) -> str:
    """The address ``url_for("public.item", ...)`` gives, the dialogue's part built once per request (a
    dialogue's page links some sixty items)."""
    prefixes: dict[str, str] = g.setdefault("item_url_prefixes", {})
    prefix = prefixes.get(slug)
    if prefix is None:
        prefix = prefixes[slug] = url_for("public.dialogue", slug=slug)
    return f"{prefix}/{name}/{quote(str(item_id), safe=PATH_SAFE)}"


def signed(sql: Sql) -> int:
    """The last position under the latest signed head (0 before the first): acts up to it have a proof."""
    head = read_head(sql)
    return int(head["last_position"]) if head else 0


def item(slug: str, name: str, item_id: str) -> Any:
    """The page of one item of the dialogue (404 if the dialogue has none of that id in that list)."""
    return item_page(slug, name, item_id)


def item_page(
    slug: str, name: str, item_id: str, *, comment_form: CommentForm | None = None, status: int = 200
) -> Any:
    """The item's page; a proposal's or an agreement's with its comments (a refused comment's form)."""
    check_shown(slug)
    part = cached(lambda _reached: _item_part(slug, KINDS[name], item_id))
    kind = KINDS[name]
    comments = None
    if kind in COMMENTED:
        who = reader(signed_in_citizen())
        comments = thread(dialogue_id_for(slug), kind, item_id, who=who, honeypot=HONEYPOT, form=comment_form)
    page = render_template(
        "public/item.html", slug=slug, title=part.title, part=part.content, comments=comments
    )
    return page, status


def _item_part(slug: str, kind: str, item_id: str) -> Part:
    with read() as sql:
        dialogue = find(sql, dialogue_id_for(slug))
        found = None if dialogue is None else items.item(sql, dialogue["id"], kind, item_id)
        proven = signed(sql)
    if dialogue is None or found is None:
        raise NotFoundError(f"no {kind} {item_id} in dialogue {slug}", code="no-item")
    named = (
        _("Deliberation %(ref)s", ref=found["deliberation_reference"])
        if kind == "decision"
        else found["title"]
    )
    title = f"{named} — {dialogue['title']}"
    html = render_template(
        f"public/_{kind}.html",
        d=dialogue,
        item=found,
        signed=proven,
        counts=summary.outcome_counts(found) if kind == "decision" else {},
        overdue=summary.overdue(found, summary.today()) if kind == "action" else False,
    )
    return Part(Markup(html), title)  # noqa: S704  # nosec B704  # by Jinja, escaped
