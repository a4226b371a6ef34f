"""An act's fields, declared once beside its event, and which of them the public sees.

Each act declares a ``TypedDict`` of the fields its methods take (``DecisionFields``...): the
application's method takes them as ``**fields: Unpack[...]`` and passes them on to the domain's,
which checks them; the web's schema is checked against the declaration
(``tests/web/test_act_schemas.py``). An event names the fields the public log shows as recorded
(``PUBLIC``, given by :func:`public`); the read model and the open data take them from there
(:func:`public_fields`). So a new optional field is declared, checked, recorded and published in
one module of the domain.

Python does not check ``**fields: Unpack[...]`` at runtime: :func:`refuse_undeclared` makes each
such method of a class refuse a keyword its declaration does not name (``InvalidActError``).
"""

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from domain.errors import InvalidActError

R = TypeVar("R")

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


def declaration(function: Callable[..., Any]) -> type | None:
    """The act's declaration a method takes as ``**fields: Unpack[...]``, if it does."""
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            hint = parameter.annotation
            if typing.get_origin(hint) is typing.Unpack:
                declared: type = typing.get_args(hint)[0]
                return declared
    return None


def refusing_undeclared(function: Callable[..., R]) -> Callable[..., R]:
    """``function``, refusing a keyword argument that is neither one of its parameters nor a key of
    the declaration it takes as ``**fields: Unpack[...]`` (Python does not check that at runtime)."""
    declared = declaration(function)
    if declared is None or getattr(function, "refuses_undeclared", False):
        return function
    named = {
        parameter.name
        for parameter in inspect.signature(function).parameters.values()
        if parameter.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
    }
    known = frozenset(named | declared.__required_keys__ | declared.__optional_keys__)  # type: ignore[attr-defined]

    @functools.wraps(function)
    def refusing(*args: Any, **kwargs: Any) -> R:
        for name in kwargs:
            if name not in known:
                raise InvalidActError(
                    name, "is not a field of this act", code="undeclared-field", params={"field": name}
                )
        return function(*args, **kwargs)

    refusing.refuses_undeclared = True  # type: ignore[attr-defined]
    return refusing


def refuse_undeclared(cls: type) -> None:
    """Make each method of ``cls``'s own that takes an act's declaration refuse an undeclared field.

    Called by the classes that hold acts (``DialoguePart``, the dialogue's stage mixins, the
    application's ``ActRecording``) for each of their subclasses."""
    for name, value in list(vars(cls).items()):
        if isinstance(value, classmethod | staticmethod):
            function = value.__func__
            if inspect.isfunction(function) and declaration(function) is not None:
                setattr(cls, name, type(value)(refusing_undeclared(function)))
        elif inspect.isfunction(value) and declaration(value) is not None:
            setattr(cls, name, refusing_undeclared(value))
