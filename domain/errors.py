"""Domain errors: each message says what is wrong."""


class DomainError(Exception):
    """Base of every rule the domain refuses."""


class InvalidActError(DomainError):
    """A value given to an act is missing or malformed.

    ``field`` names the offending argument so that callers can show the
    message next to it.
    """

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class WrongStageError(DomainError):
    """The act does not belong to the dialogue's current stage."""


class DialogueClosedError(DomainError):
    """Nothing is accepted on a closed dialogue."""


class RoleError(DomainError):
    """The role the actor acts in may not perform this act."""


class IndicatorsUnmetError(DomainError):
    """A stage cannot be left while exit indicators are unmet."""

    def __init__(self, unmet: list[str]):
        super().__init__("exit indicators not met: " + "; ".join(unmet))
        self.unmet = unmet


class RuleError(DomainError):
    """A rule of the process refuses the act (legitimacy, validation...)."""
