"""Fixtures of the security tests: those of the web tests (an app on SQLite, signed-in clients)."""

from tests.web.conftest import (  # noqa: F401  (fixtures, found by pytest under these names)
    client,
    compiled_catalogues,
    dialogues,
    signed_in,
    web_app,
)
