"""Documents attached to a dialogue's items: which items, which file types, what an attachment records.

The file itself is not in the event: the act records its SHA-256, size, type and name, so that the
verifiable log covers the bytes without holding them (``application.blobs`` holds them).
"""

import re
from typing import Any

from domain.base import check_count, check_text
from domain.errors import InvalidActError

ITEM_KINDS = ("dialogue", "meeting", "proposal", "agreement", "expertise", "decision", "action")
"""What a document may be attached to (``expertise``: the n-th expertise provided, from 1)."""

MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "text/csv": ("csv",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
}
"""The accepted types and the extensions a file of each may carry in its name."""

SHA256 = re.compile(r"[0-9a-f]{64}")
NAME_LENGTH = 200


def extension(filename: str) -> str:
    """The lowercased extension of ``filename`` ('' without one)."""
    return filename.rpartition(".")[2].lower() if "." in filename else ""


def check_filename(filename: Any) -> str:
    """A plain file name (no folder), of an accepted type, at most NAME_LENGTH characters."""
    name = check_text("file", filename).replace("\\", "/").rpartition("/")[2].strip()
    if not name or len(name) > NAME_LENGTH or any(ord(c) < 32 for c in name):
        raise InvalidActError("file", "needs a plain file name", code="file-name")
    if not any(extension(name) in names for names in MEDIA_TYPES.values()):
        accepted = ", ".join(e for names in MEDIA_TYPES.values() for e in names)
        raise InvalidActError(
            "file", f"must be one of {accepted}", code="file-type", params={"accepted": accepted}
        )
    return name


def check_file(*, sha256: Any, size: Any, media_type: Any, filename: Any) -> dict[str, Any]:
    """What an act records of a file: its hash, size, type and name, each checked."""
    if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
        raise InvalidActError("sha256", "must be a SHA-256 in lowercase hexadecimal", code="sha256")
    if media_type not in MEDIA_TYPES:
        raise InvalidActError("media_type", "is not an accepted type", code="file-type")
    name = check_filename(filename)
    if extension(name) not in MEDIA_TYPES[media_type]:
        raise InvalidActError(
            "file", f"its content is {media_type}, its name says .{extension(name)}", code="file-mismatch"
        )
    return {"sha256": sha256, "size": check_count("size", size), "media_type": media_type, "filename": name}
