"""Errors of the application layer (the domain's own errors pass through unchanged)."""


class ApplicationError(Exception):
    """Base of what the application refuses before or after asking the domain."""


class NotFoundError(ApplicationError):
    """No such dialogue, or no such part in this dialogue."""


class NotAuthorisedError(ApplicationError):
    """The account holds no role in this dialogue that may perform the act."""


class ConflictError(ApplicationError):
    """Someone else changed the same thing at the same moment: reload and try again."""
