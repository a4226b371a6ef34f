"""Fixtures of the reliability tests."""

from tests.reliability.figures import report  # noqa: F401  (a fixture, found by pytest under its name)
