"""Marshmallow's nested error messages, flattened to the domain's field names.

``{"votes": {"for": [m]}, "outcomes": {0: {"outcome": [m]}}}`` becomes
``{"votes.for": [m], "outcomes[0].outcome": [m]}``: the names InvalidActError uses.
"""

from typing import Any


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            flat.update(flatten(value, name))
        return flat
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": list(messages)}
    return {prefix or "_schema": [str(messages)]}
