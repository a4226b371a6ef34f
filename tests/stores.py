"""Helpers shared by tests that open their own application on a given store."""

from application.dialogues import DialogueApp
from application.settings import persistence_env


def make_app(url: str) -> DialogueApp:
    """A DialogueApp on ``url`` (sqlite:///... or postgresql://...)."""
    return DialogueApp(persistence_env(url))
