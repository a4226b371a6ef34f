"""Acts sent again after a lost connection are recorded once: the answers kept by idempotency key.

A live client gives each act a ``key`` of its own (a random UUID) and keeps the
act until the server acknowledges it; when the connection drops first, the
client sends it again, with the same key, once it is back. Whether or not the
first sending reached the server, the act is recorded once: the first answer
is kept under the account's login and the key, for ``TTL_SECONDS``, and given
again to any later sending. Sendings of one key are serialised in the process
(a lock per key); with ``REDIS_URL`` the answers are kept in Redis, so a
client that reconnects to another process gets them too.
"""

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import redis

TTL_SECONDS = 24 * 3600
"""How long an answer is kept: longer than any connection stays lost during a meeting."""
KEPT = 50_000
"""How many answers one process keeps without Redis (the oldest are forgotten first)."""

Answer = dict[str, Any]


class Replays:
    """``once(login, key, record)``: ``record()``'s answer, from the first sending of ``key`` on."""

    def __init__(self, client: redis.Redis | None = None, prefix: str = "live"):
        self.client = client
        self.prefix = prefix
        self.kept: OrderedDict[str, Answer] = OrderedDict()
        self.lock = threading.Lock()
        self.locks: dict[str, tuple[threading.Lock, int]] = {}

    def once(self, login: str, key: str, record: Callable[[], Answer]) -> Answer:
        name = f"{self.prefix}:replay:{login}:{key}"
        with self._locked(name):
            answer = self._get(name)
            if answer is None:
                answer = record()
                self._put(name, answer)
            return answer

    def _get(self, name: str) -> Answer | None:
        if self.client is not None:
            found = cast(bytes | None, self.client.get(name))
            return None if found is None else dict(json.loads(found))
        with self.lock:
            return self.kept.get(name)

    def _put(self, name: str, answer: Answer) -> None:
        if self.client is not None:
            self.client.set(name, json.dumps(answer), ex=TTL_SECONDS)
            return
        with self.lock:
            self.kept[name] = answer
            while len(self.kept) > KEPT:
                self.kept.popitem(last=False)

    @contextmanager
    def _locked(self, name: str) -> Iterator[None]:
        """The lock of one key, held while its act is recorded; forgotten once nobody waits on it."""
        with self.lock:
            lock, users = self.locks.get(name, (threading.Lock(), 0))
            self.locks[name] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self.lock:
                lock, users = self.locks[name]
                if users == 1:
                    del self.locks[name]
                else:
                    self.locks[name] = (lock, users - 1)
