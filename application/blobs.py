"""The files of documents, stored once by their SHA-256 in a table beside the events.

One database holds the events and the files (one backup holds everything, every process shares
them). A file is read in chunks into a temporary file while its hash and size are counted: over the
limit it is refused before anything is stored; its type is read from its first bytes (magic
numbers), never from its name.
"""

import hashlib
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from application.errors import TooLargeError
from application.side_tables import SideTable
from domain.documents import MEDIA_TYPES, check_filename, extension
from domain.errors import InvalidActError

TABLE = "document_blobs"
CHUNK = 64 * 1024

OPEN_DOCUMENT = b"mimetypeapplication/vnd.oasis.opendocument."
OFFICE_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class StoredFile:
    """What an act records of a stored file."""

    sha256: str
    size: int
    media_type: str
    filename: str

    def fields(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "filename": self.filename,
        }


def sniff(head: bytes, file: IO[bytes]) -> str | None:
    """The media type of a file from its content (``head``: its first bytes), or None if not accepted."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zipped(head, file)
    return "text/csv" if _plain_text(head) else None


def _zipped(head: bytes, file: IO[bytes]) -> str | None:
    """An OpenDocument (its ``mimetype`` entry comes first, stored) or an Office Open XML file."""
    if head[30:].startswith(OPEN_DOCUMENT):
        kind = head[30 + len(OPEN_DOCUMENT) :].split(b"P", 1)[0]
        return {b"text": "application/vnd.oasis.opendocument.text",
                b"spreadsheet": "application/vnd.oasis.opendocument.spreadsheet"}.get(kind)  # fmt: skip
    try:
        names = set(zipfile.ZipFile(file).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return next((media for part, media in OFFICE_PARTS.items() if part in names), None)


def _plain_text(head: bytes) -> bool:
    """UTF-8 text without control characters nor markup (an HTML page is no CSV)."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:  # a character cut at the end of the head is still text
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return False
    return not text.lstrip("\ufeff \t\r\n").startswith("<")


class BlobStore:
    """The files, one row per SHA-256, in the events' database."""

    def __init__(self, datastore: Any, max_bytes: int):
        columns = "sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, media_type TEXT NOT NULL, "
        columns += "content {blob} NOT NULL"
        self.blobs = SideTable(datastore, TABLE, columns)
        self.max_bytes = max_bytes

    def store(self, stream: IO[bytes], filename: str) -> StoredFile:
        """Read ``stream`` once, check its size and type, store its bytes unless held already."""
        name = check_filename(filename)
        digest = hashlib.sha256()
        size = 0
        with tempfile.TemporaryFile() as copy:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > self.max_bytes:
                    raise TooLargeError(
                        f"file: larger than {self.max_bytes} bytes", code="file-too-large",
                        params={"field": "file", "megabytes": f"{self.max_bytes / 1e6:g}"},
                    )  # fmt: skip
                digest.update(chunk)
                copy.write(chunk)
            if size == 0:
                raise InvalidActError("file", "is empty", code="required")
            copy.seek(0)
            media_type = sniff(copy.read(4096), copy)
            if media_type is None or extension(name) not in MEDIA_TYPES.get(media_type, ()):
                raise InvalidActError(
                    "file", f"its content is not what .{extension(name)} says", code="file-mismatch",
                    params={"extension": extension(name)},
                )  # fmt: skip
            stored = StoredFile(digest.hexdigest(), size, media_type, name)
            if not self.holds(stored.sha256):
                copy.seek(0)
                self._insert(stored, copy.read())
        return stored

    def _insert(self, stored: StoredFile, content: bytes) -> None:
        """One row per hash: of two processes storing the same file at once, the second stores nothing."""
        self.blobs.execute(
            "INSERT INTO {table} (sha256, size, media_type, content) VALUES ({mark}, {mark}, {mark}, {mark})"
            " ON CONFLICT (sha256) DO NOTHING",
            (stored.sha256, stored.size, stored.media_type, content),
        )

    def holds(self, sha256: str) -> bool:
        return self.blobs.one("SELECT 1 AS held FROM {table} WHERE sha256 = {mark}", (sha256,)) is not None

    def content(self, sha256: str) -> bytes | None:
        """The file's bytes, or None (never stored, or shredded)."""
        row = self.blobs.one("SELECT content FROM {table} WHERE sha256 = {mark}", (sha256,))
        return None if row is None else bytes(row["content"])

    def count(self) -> int:
        return int(self.blobs.one("SELECT COUNT(*) AS n FROM {table}")["n"])

    def shred(self, sha256: str) -> None:
        """Delete the file's bytes for good (``SideTable.delete_for_good``)."""
        self.blobs.delete_for_good("DELETE FROM {table} WHERE sha256 = {mark}", (sha256,))
