"""Fixtures of the application tests, beside those of ``tests/conftest.py``."""

from tests.application.test_concurrency import apps  # noqa: F401  (a fixture, found by pytest under its name)
from tests.smtp import smtp_server  # noqa: F401  (a fixture: a real SMTP server on the loopback)
