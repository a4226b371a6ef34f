"""The key that signs sessions when none is given: random, made once, kept in ``var/secret_key``."""

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from application.settings import private_folder

SECRET_KEY_FILE = Path("var/secret_key")


def secret_key(path: Path = SECRET_KEY_FILE) -> str:
    """The key in ``path``, created (readable by its owner only) if there is none yet."""
    if not path.exists():
        private_folder(path.parent)
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):  # another process made it first
                os.link(draft, path)  # atomic
        finally:
            os.unlink(draft)
    return path.read_text().strip()
