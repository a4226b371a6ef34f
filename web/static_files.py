"""The static files' addresses carry a digest of their content (``?v=``): a browser keeps a file for a
week (deploy/nginx.conf), and a release that changes it changes its address, so no page runs with the
script or style sheet of the release before."""

import hashlib
import os
from functools import lru_cache
from typing import Any

from flask import Flask


def init_app(app: Flask) -> None:
    @app.url_defaults
    def versioned(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and app.static_folder is not None:
            path = os.path.join(app.static_folder, values["filename"])
            try:
                changed = os.stat(path).st_mtime_ns
            except OSError:  # no such file: its address as asked, the answer a 404
                return
            values["v"] = digest(path, changed)


@lru_cache(maxsize=256)
def digest(path: str, changed: int) -> str:
    """The first 12 hex digits of the BLAKE2b digest of the file at ``path`` as it was at ``changed``."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "blake2b").hexdigest()[:12]
