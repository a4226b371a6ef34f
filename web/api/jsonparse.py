"""JSON as the API and ``/live`` read it: too deep a nesting is refused naming the body, never a 500.

Python's parser recurses: 50,000 nested ``[`` raise RecursionError, which no
handler expects. Here it is :class:`TooDeepError` (a ValueError) for the API, and
for a Socket.IO event the event with :data:`UNREADABLE` as its data, which
:class:`web.live.guard.GuardedNamespace` refuses with an ``error`` event, as
a malformed event, so that the sender learns why (the packet is not lost).
"""

import json
import re
from typing import Any

from flask_babel import lazy_gettext as _l

TOO_DEEP = _l("The data is nested too deeply to be read.")
UNREADABLE = object()
"""The data of a Socket.IO event nested too deeply to be read."""
EVENT = re.compile(r'\s*\[\s*("(?:[^"\\]|\\.){0,100}")\s*,')
"""The start of a Socket.IO event's packet: ``["act",``."""


class TooDeepError(ValueError):
    """A JSON text nested deeper than the parser goes."""


def loads(text: str | bytes) -> Any:
    """``json.loads``, but too deep a nesting is :class:`TooDeepError`."""
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeepError("nested too deeply") from None


class SocketJSON:
    """The ``json`` of the Socket.IO server: an event nested too deeply is ``[event, UNREADABLE]``."""

    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(text: str | bytes) -> Any:
        try:
            return loads(text)
        except TooDeepError:
            event = EVENT.match(text if isinstance(text, str) else text.decode(errors="replace"))
            if event is None:
                raise
            return [json.loads(event.group(1)), UNREADABLE]
