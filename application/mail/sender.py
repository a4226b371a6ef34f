"""The sender: drains the outbox through a transport, retrying a failed mail with back-off.

A mail is claimed for ``LEASE`` seconds before it is sent, so that two senders (two server
processes) never send it both; once sent it is removed. A failure (the SMTP server down,
refusing, too slow) puts it back, due after ``backoff(attempts)``: nothing is lost, and
it goes out once the server is back. A crash between sending and removing may send it
once more after the lease: a mail is delivered at least once. A pending mail is composed
from its key by ``compose_pending`` (None: nobody to send it to any more, it is dropped);
a sender without one leaves pending mails to another.
"""

import logging
import smtplib
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage

from application.mail.outbox import Outbox
from application.mail.transport import Transport

LEASE = 120.0
"""Seconds a claimed mail is left to its sender before another may take it."""
FIRST_RETRY = 5.0
LAST_RETRY = 3600.0
POLL = 2.0
"""Seconds between two looks at the outbox when it is empty."""

log = logging.getLogger(__name__)


def backoff(attempts: int) -> float:
    """Seconds before the next try of a mail that failed ``attempts`` times: doubling, capped."""
    return float(min(LAST_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1)))


class Sender:
    def __init__(
        self,
        outbox: Outbox,
        transport: Transport,
        compose_pending: Callable[[str], EmailMessage | None] | None = None,
        on_failure: Callable[[], None] | None = None,
    ):
        """``on_failure()``: after each failed sending (counted by ``/metrics``)."""
        self.outbox = outbox
        self.transport = transport
        self.compose_pending = compose_pending
        self.on_failure = on_failure

    def send_due(self, now: float | None = None) -> int:
        """Send every mail due at ``now`` (default: the time); the number delivered."""
        now = time.time() if now is None else now
        delivered = 0
        for queued in self.outbox.due(now):
            if queued.message is None and self.compose_pending is None:
                continue
            if not self.outbox.claim(queued, now + LEASE):
                continue
            message = queued.message or self._compose(queued.key)
            if message is None:  # nobody to send it to any more
                self.outbox.delivered(queued)
                continue
            try:
                self.transport.send(message)
            except (OSError, smtplib.SMTPException) as error:
                attempts = queued.attempts + 1
                log.warning("mail %s not sent (attempt %d): %s", queued.key, attempts, error)
                self.outbox.failed(queued, now + backoff(attempts), f"{type(error).__name__}: {error}")
                if self.on_failure is not None:
                    self.on_failure()
                continue
            self.outbox.delivered(queued)
            delivered += 1
        return delivered

    def _compose(self, key: str) -> EmailMessage | None:
        return None if self.compose_pending is None else self.compose_pending(key)

    def follow(self, stop: threading.Event) -> None:
        """Send what is due until ``stop`` is set (a thread of the web process)."""
        while not stop.is_set():
            try:
                self.send_due()
            except Exception:  # the database gone for a moment: try again at the next poll
                log.exception("the outbox could not be read")
            stop.wait(POLL)
