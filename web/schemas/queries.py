"""Dump schemas of the query results the API returns."""

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from marshmallow import Schema, fields

from web.i18n.domain_messages import indicator_detail


class Dialogue(Schema):
    id = fields.UUID()
    slug = fields.String()
    title = fields.String()
    stage = fields.String()
    closed = fields.Boolean()
    roles = fields.List(fields.String())


MAX_PAGE = 100_000
"""The last page of the list of dialogues one may ask for."""


class DialogueList(Schema):
    dialogues = fields.List(fields.Nested(Dialogue))
    next_page = fields.Integer(allow_none=True)


class Indicator(Schema):
    name = fields.String()
    met = fields.Boolean()
    detail = fields.Function(indicator_detail, metadata={"type": "string"})  # in the reader's language


class Status(Schema):
    id = fields.UUID()
    slug = fields.String()
    title = fields.String()
    stage = fields.String()
    closed = fields.Boolean()
    indicators = fields.List(fields.Nested(Indicator))
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    waivers = fields.List(fields.Dict())


class Act(Schema):
    position = fields.Integer()
    recorded_at = fields.String()
    dialogue_id = fields.UUID()
    act = fields.String()
    actor_id = fields.String()
    actor_role = fields.String()
    stage = fields.String()
    subject_id = fields.UUID()


class ActList(Schema):
    acts = fields.List(fields.Nested(Act))
    next_after = fields.Integer(allow_none=True)


ACTS_KEPT = 4096
"""Acts whose dump is kept (:func:`act_list`), per process."""
_ACT = Act()
_NEXT_AFTER = ActList().fields["next_after"]


def act_list(acts: Iterable[Mapping[str, Any]], next_after: int | None) -> dict[str, Any]:
    """What ``ActList().dump({"acts": acts, "next_after": next_after})`` gives, each act's dump kept
    per its row's values (a row of the audit trail never changes once written; equal values dump
    the same): a page of acts is a hundred dumps. The dumps are shared: never to be changed."""
    return {
        "acts": [_act(tuple(act.items())) for act in acts],
        "next_after": _NEXT_AFTER.serialize("next_after", {"next_after": next_after}),
    }


@lru_cache(maxsize=ACTS_KEPT)
def _act(items: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    dumped: dict[str, Any] = _ACT.dump(dict(items))
    return dumped


class ActAvailable(Schema):
    act = fields.String()
    roles = fields.List(fields.String())


class ActsAvailable(Schema):
    acts = fields.List(fields.Nested(ActAvailable))


class Me(Schema):
    login = fields.String()
    administrator = fields.Boolean()
    disabled = fields.Boolean()
    created_by = fields.String()
    created_at = fields.String()
    dialogues = fields.List(fields.Nested(Dialogue))


class Recorded(Schema):
    """An act recorded (201): its position in the log, and those of every act the request recorded."""

    id = fields.UUID(metadata={"description": "The thing the act concerns (the part it created...)"})
    position = fields.Integer(
        metadata={"description": "The act's own position in the log: its inclusion proof, its replay"}
    )
    positions = fields.List(
        fields.Integer(),
        metadata={
            "description": "Every act this request recorded, in log order, the act's own among them "
            "(closing a consent round that validates its proposal records two)"
        },
    )


class Errors(Schema):
    errors = fields.Dict(keys=fields.String(), values=fields.Raw())
