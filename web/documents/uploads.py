"""Receiving a file: the request body may be as large as the document limit, read as a multipart form.

Werkzeug spools each file part to a temporary file as it arrives; the application then reads it once,
in chunks (``application.blobs``). A body larger than the limit and its form's margin is refused by
Werkzeug (413) before it is read; a file over the limit by the application (413 naming ``file``).
"""

from typing import Any

from flask import request

from web.extensions import dialogues

FILE_ACTS = frozenset({"document-attached", "document-superseded"})
"""The acts whose body holds a file."""

FORM_MARGIN = 64 * 1024
"""Bytes of a multipart body besides the file: the boundaries, the other fields."""


def allow_upload() -> None:
    """Let this request's body be as large as a document and its form."""
    request.max_content_length = dialogues().blobs.max_bytes + FORM_MARGIN


def multipart_data() -> dict[str, Any]:
    """The fields and files of a multipart body, one value each, as a schema loads them (the CSRF
    token aside)."""
    fields = {name: value for name, value in request.form.to_dict().items() if name != "csrf_token"}
    return {**fields, **request.files.to_dict()}
