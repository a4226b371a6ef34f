"""Schemas of the Socket.IO events clients send on ``/live`` and ``/public`` (act fields: the act schemas)."""

from marshmallow import Schema, fields, validate

from web.schemas import fields as f

LIVE_ACTS = (
    "contribution-posted",
    "contribution-clustered",
    "contribution-endorsed",
    "proposal-drafted",
    "proposal-amended",
    "proposal-endorsed",
    "proposal-objected",
    "objection-resolved",
    "proposal-validated",
    "proposal-withdrawn",
    "meeting-held",
    "minutes-recorded",
    "minutes-drafted",
    "live-session-opened",
    "live-session-closed",
    "agenda-pointer-moved",
    "timer-started",
    "timer-paused",
    "timer-extended",
    "hand-raised",
    "hand-lowered",
    "cluster-named",
    "consent-round-opened",
    "consent-round-closed",
    "dot-vote-opened",
    "dot-placed",
    "dot-taken-back",
    "dot-vote-closed",
)
"""The acts a live session records; each is validated by its schema in ``web.schemas.ACT_FORMS``."""


class Join(Schema):
    """``join``: the dialogue's slug, the last position the client saw (omitted: no catch-up),
    and the live session (its meeting's id) to take part in, if any."""

    dialogue = f.text()
    since = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=0))
    session = fields.UUID(load_default=None, allow_none=True)


class LiveAct(Schema):
    """``act``: the dialogue's slug, the act's public name and its ``fields`` (loaded as ``values``);
    ``key``, the client's idempotency key: an act sent again with the same key is recorded once."""

    dialogue = f.text()
    act = fields.String(required=True, validate=validate.OneOf(LIVE_ACTS))
    values = fields.Dict(data_key="fields", keys=fields.String(), load_default=dict)
    key = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=8, max=64, error=f.LENGTH)
    )


class Page(Schema):
    """``follow`` on ``/public``, ``watch`` on ``/live``: the slug of the dialogue whose page is open."""

    dialogue = f.text()
