"""An act's fields, declared once beside its event, and which of them the public sees.

Each act declares a ``TypedDict`` of the fields its methods take (``DecisionFields``...): the
application's method takes them as ``**fields: Unpack[...]`` and passes them on to the domain's,
which checks them; the web's schema is checked against the declaration
(``tests/web/test_act_schemas.py``). An event names the fields the public log shows as recorded
(``PUBLIC``, given by :func:`public`); the read model and the open data take them from there
(:func:`public_fields`). So a new optional field is declared, checked, recorded and published in
one module of the domain.
"""

from typing import Any

PERSONAL = frozenset({"actor_id", "account_id", "operator_id", "person_id", "login"})
"""Fields that name an account or a person: never public (nor any ``sealed_...`` field)."""


def public(*names: str) -> tuple[str, ...]:
    """The names of an event's fields the public may see as recorded; refuses personal data."""
    for name in names:
        if name in PERSONAL or name.startswith("sealed_"):
            raise ValueError(f"{name} is personal data: it is never public")
    return names


def public_fields(event: Any) -> dict[str, Any]:
    """The event's public fields (its class's ``PUBLIC``), by name, as recorded."""
    return {name: getattr(event, name) for name in type(event).PUBLIC}
