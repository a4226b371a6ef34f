"""The room display of a live session and its short join link (blueprint ``room``).

``/workspace/dialogues/<slug>/live/room?session=<meeting id>``: the wall for the
projector, large type and high contrast, without controls, with a QR code (drawn
here by segno, no outside service) of the join link ``/j/<slug>``, which takes a
member's phone to the live board and into the dialogue's open live session.
"""

from typing import Any
from uuid import UUID

import segno
from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from markupsafe import Markup

from web.auth.views import login_required
from web.extensions import absolute_url, dialogues

bp = Blueprint("room", __name__)


@bp.get("/j/<slug>")
@login_required
def join(slug: str) -> Any:
    """The short link a phone opens: the live board, joining the open live session."""
    return redirect(url_for("workspace.live", slug=slug, join="open"))


@bp.get("/workspace/dialogues/<slug>/live/room")
@login_required
def room(slug: str) -> Any:
    """The projector's view of the meeting ``session``'s live session (members of it only)."""
    app = dialogues()
    dialogue_id = app.dialogue_id(slug)
    try:
        meeting_id = UUID(request.args.get("session", ""))
    except ValueError:
        abort(404)
    session = app.live_session(g.account["login"], dialogue_id, meeting_id)
    link = absolute_url("room.join", slug=slug)
    return render_template(
        "workspace/live_room.html",
        slug=slug,
        title=app.title(dialogue_id),
        session=session,
        link=link,
        short=link.split("://", 1)[-1],
        qr=qr_svg(link),
    )


def qr_svg(text: str) -> Markup:
    """``text`` as a QR code, inline SVG, black on white, with the quiet zone around it.

    segno draws modules as paths: no part of ``text`` is written into the markup."""
    svg = segno.make(text, error="m").svg_inline(dark="#000", light="#fff", svgclass="qr", omitsize=True)
    return Markup(svg)  # noqa: S704  # nosec B704  # segno's paths, no text in them
