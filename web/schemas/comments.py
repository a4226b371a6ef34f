"""The schemas of the comments' acts (``domain/comment.py``), which the public pages' forms post too."""

from marshmallow import Schema, fields

from domain.comment import TARGETS, TEXT_MAX
from web.schemas import fields as f


class PostComment(Schema):
    target = f.choice(TARGETS)
    target_id = fields.UUID(required=True, metadata={"widget": "text"})
    parent_id = f.part("comment", required=False)
    text = f.bounded_text(TEXT_MAX)


class EditComment(Schema):
    comment_id = f.part("comment")
    text = f.bounded_text(TEXT_MAX)


class WithdrawComment(Schema):
    comment_id = f.part("comment")
