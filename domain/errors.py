"""Domain errors: each message says what is wrong.

Besides its English message, an error may carry a ``code`` and named ``params``
from which an interface words it in its own language (web/domain_messages.py).
"""

from collections.abc import Mapping
from typing import Any


class CodedError(Exception):
    """An error whose English message may also be given as a ``code`` with named ``params``.

    The base of the domain's errors and of the application's (application/errors.py).
    """

    def __init__(self, *args: object, code: str | None = None, params: Mapping[str, Any] | None = None):
        super().__init__(*args)
        self.code = code
        self.params: dict[str, Any] = dict(params or {})


class DomainError(CodedError):
    """Base of every rule the domain refuses."""


class InvalidActError(DomainError):
    """A value given to an act is missing or malformed.

    ``field`` names the offending argument so that callers can show the
    message next to it; ``code`` and ``params``, when given, say the same as
    ``message`` (English) in a form that can be translated.
    """

    def __init__(
        self, field: str, message: str, *, code: str | None = None, params: Mapping[str, Any] | None = None
    ):
        super().__init__(f"{field}: {message}", code=code, params=params)
        self.field = field
        self.message = message


class RepeatedActError(InvalidActError):
    """An act a person may do once on a thing, done again (a second support): a conflict naming ``field``."""


class WrongStageError(DomainError):
    """The act does not belong to the dialogue's current stage."""


class DialogueClosedError(DomainError):
    """Nothing is accepted on a closed dialogue."""


class RoleError(DomainError):
    """The role the actor acts in may not perform this act."""


class IndicatorsUnmetError(DomainError):
    """A stage cannot be left while exit indicators are unmet.

    ``indicators`` are the unmet ones as dicts with their notes
    (``Indicator.as_dict(notes=True)``); ``unmet`` says each in English.
    """

    def __init__(self, indicators: list[dict[str, Any]]):
        self.unmet = [f"{i['name']} ({i['detail']})" for i in indicators]
        super().__init__(
            "exit indicators not met: " + "; ".join(self.unmet),
            code="indicators-unmet",
            params={"indicators": indicators},
        )


class RuleError(DomainError):
    """A rule of the process refuses the act (legitimacy, validation...)."""
