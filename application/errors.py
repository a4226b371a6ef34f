"""Errors of the application layer (the domain's own errors pass through unchanged).

Like the domain's, each says in English what is wrong and also gives it as a
``code`` with named ``params``, which the web words in the reader's language
(web/domain_messages.py).
"""

from domain.errors import CodedError


class ApplicationError(CodedError):
    """Base of what the application refuses before or after asking the domain."""


class NotFoundError(ApplicationError):
    """No such dialogue, or no such part in this dialogue."""


class NotAuthorisedError(ApplicationError):
    """The account holds no role in this dialogue that may perform the act."""


class ConflictError(ApplicationError):
    """Someone else changed the same thing at the same moment: reload and try again."""


class TooLargeError(ApplicationError):
    """What was sent is larger than the limit set for it (``params``: ``field``, ``max`` in bytes)."""
