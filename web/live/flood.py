"""A token bucket per connection: a client that floods is refused, the others are not slowed."""

import threading
import time
from collections.abc import Callable

RATE = 5.0
"""Events a connection may send per second, on average."""
BURST = 20.0
"""Events a connection may send at once after a quiet moment."""


class TokenBucket:
    """``take()`` is 0.0 when the event may go, else the seconds to wait before the next one."""

    def __init__(self, rate: float = RATE, burst: float = BURST, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = burst
        self.last = clock()
        self.lock = threading.Lock()

    def take(self) -> float:
        with self.lock:
            now = self.clock()
            self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
            self.last = now
            if self.tokens >= 1:
                self.tokens -= 1
                return 0.0
            return (1 - self.tokens) / self.rate
