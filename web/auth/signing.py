"""The signed form of a one-time link's token: what a mail's link carries.

The application's token (``application.links``) is single-use and has its end date in its table;
the link's form of it is also signed with the site's secret key, with a salt per purpose (an
invitation's link does not open a password reset) and its date, so a link altered by one
character, made for another purpose or older than its lifetime is refused before the store is
asked (``open_token``), and says why.
"""

from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from application.citizens import CITIZEN_LINK_LIFETIME
from application.invitations import INVITATION_LIFETIME, RESET_LIFETIME

LIFETIMES = {"invitation": INVITATION_LIFETIME, "reset": RESET_LIFETIME, "citizen": CITIZEN_LINK_LIFETIME}
"""How long each kind of link holds: an invitation's 7 days, a password reset's 2 hours, a citizen's
confirmation 48 hours."""


class LinkRefusedError(Exception):
    """A link that cannot be opened; ``expired`` when its signature holds but it is too old."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "altered")
        self.expired = expired


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=f"one-time-link:{purpose}")


def signed_token(secret: str, purpose: str, token: str) -> str:
    """The token as a link carries it, signed for ``purpose`` (``invitation``, ``reset``)."""
    return _serializer(secret, purpose).dumps(token)


def open_token(secret: str, purpose: str, signed: str, lifetime: timedelta | None = None) -> str:
    """The application's token inside a link, or LinkRefusedError (altered, another purpose's, expired)."""
    age = LIFETIMES[purpose] if lifetime is None else lifetime
    try:
        token = _serializer(secret, purpose).loads(signed, max_age=int(age.total_seconds()))
    except SignatureExpired:
        raise LinkRefusedError(expired=True) from None
    except (BadSignature, UnicodeError, ValueError, TypeError):
        raise LinkRefusedError(expired=False) from None
    if not isinstance(token, str):
        raise LinkRefusedError(expired=False)
    return token
