"""What every aggregate of a dialogue shares: the actor on every event."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Literal

from eventsourcing.domain import Aggregate

from domain.errors import InvalidActError, RoleError, RuleError
from domain.fields import refuse_undeclared
from domain.roles import Role


@dataclass(frozen=True)
class Actor:
    """An account acting in one of its roles."""

    account_id: str
    role: Role

    def check_role(self, act: str, *roles: Role) -> None:
        if self.role not in roles:
            allowed = ", ".join(sorted(roles))
            msg = f"{act}: only {allowed} may do this, not {self.role}"
            params = {"act": act, "allowed": sorted(str(r) for r in roles), "role": str(self.role)}
            raise RoleError(msg, code="wrong-role", params=params)


class DialoguePart(Aggregate):
    """Base of every aggregate: each event records who acted, in which role.

    An act's method that takes its declaration (``**fields: Unpack[...]``) refuses an undeclared
    field (``domain.fields.refuse_undeclared``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        refuse_undeclared(cls)

    def _record(self, event_class: type[Any], by: Actor, **fields: Any) -> None:
        """Trigger one of the aggregate's events (a class beside its act's declaration), with the
        actor every event records."""
        self.trigger_event(event_class, actor_id=by.account_id, actor_role=by.role, **fields)

    class Event(Aggregate.Event):
        """Every event's version is 1 until its fields change: then the changed class says
        ``class_version = 2`` and an ``upcast_v1_v2(state)`` static method turns a stored version 1
        into the new shape (``tests/domain/test_event_versions.py`` shows one)."""

        class_version = 1
        PUBLIC: ClassVar[tuple[str, ...]] = ()
        """The fields the public log shows as recorded (``domain.fields.public``): none unless said."""
        actor_id: str
        actor_role: str


def check_once_per_account(
    act: str, by: Actor, done_by: Iterable[str], done: Literal["endorsed", "approved"]
) -> None:
    """Refuse ``act`` to an account among ``done_by``: it has ``done`` it already.

    One literal code per kind of act, as the wordings of the web are looked up by code.
    """
    if by.account_id not in done_by:
        return
    message = f"{act}: already {done} by this account"
    if done == "approved":
        raise RuleError(message, code="already-approved", params={"act": act})
    raise RuleError(message, code="already-endorsed", params={"act": act})


def check_text(field: str, value: Any, *, required: bool = True) -> str:
    """A stripped string; refused when required and blank."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidActError(field, "must be text", code="text")
    text = value.strip()
    if required and not text:
        raise InvalidActError(field, "is required", code="required")
    return text


def check_texts(field: str, values: Any, *, required: bool = True) -> list[str]:
    """A list of non-blank strings; refused when required and empty."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidActError(field, "must be a list of texts", code="texts")
    texts = [check_text(field, value) for value in values]
    if required and not texts:
        raise InvalidActError(field, "needs at least one entry", code="at-least-one")
    return texts


def check_choice(field: str, value: Any, choices: Iterable[str]) -> str:
    allowed = list(choices)
    if value not in allowed:
        listed = ", ".join(allowed)
        raise InvalidActError(field, f"must be one of {listed}", code="choice", params={"choices": listed})
    return str(value)


def check_count(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidActError(field, "must be a whole number >= 0", code="count")
    return value


def check_percent(field: str, value: Any) -> int:
    count = check_count(field, value)
    if count > 100:
        raise InvalidActError(field, "must be between 0 and 100", code="percent")
    return count


def check_date(field: str, value: Any) -> str:
    """An ISO 8601 date (``2026-03-12``), returned in that form."""
    text = check_text(field, value)
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidActError(field, "must be a date as YYYY-MM-DD", code="date") from None


def check_datetime(field: str, value: Any) -> str:
    """An ISO 8601 date and time (``2026-03-12T18:30``), returned in that form."""
    text = check_text(field, value)
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidActError(field, "must be a date and time as YYYY-MM-DDTHH:MM", code="datetime") from None


def check_flag(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidActError(field, "must be true or false", code="boolean")
    return value
