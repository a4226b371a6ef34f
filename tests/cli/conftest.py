"""Fixtures of the command's tests, beside those of ``tests/conftest.py``."""

from tests.smtp import smtp_server  # noqa: F401  (a fixture: a real SMTP server on the loopback)
