"""The schemas of the document acts: the file comes as a part of a ``multipart/form-data`` body."""

from typing import Any

from marshmallow import Schema, ValidationError, fields
from werkzeug.datastructures import FileStorage

from application.documents import Upload
from domain.documents import ITEM_KINDS
from web.i18n.catalogue import N_
from web.schemas import fields as f

NOT_A_FILE = N_("Send the file as a part of a multipart/form-data body.")


class File(fields.Field[Upload]):
    """A file sent in a multipart body (its bytes are read by the application, once)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Upload:
        if not isinstance(value, FileStorage) or not value.filename:
            raise ValidationError(NOT_A_FILE)
        return Upload(value.filename, value.stream)


def file() -> File:
    return File(required=True, metadata={"widget": "file", "type": "string", "format": "binary"})


class AttachDocument(Schema):
    item_kind = f.choice(ITEM_KINDS)
    item_id = f.text(required=False)
    title = f.text()
    file = file()


class SupersedeDocument(Schema):
    document_id = f.text()
    title = f.text()
    file = file()


class ShredDocument(Schema):
    document_id = f.text()
    reason = f.long_text()
