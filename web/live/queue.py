"""Several server processes joined by Redis (``REDIS_URL``): each publishes its own acts, one at a time.

With a message queue every emit reaches the clients of every process, so each
of the log's acts must be emitted once, in log order, by one process. The
process that records an act publishes it at once, before its answer goes out:
it takes the publishing lock in Redis (``<channel>:leader``, ``SET NX PX``,
:meth:`Lease.take`), reads the log after the position published so far
(``<channel>:position``, no expiry), emits those acts through the queue, saves
the new position and releases the lock (:meth:`Lease.finish`). A process that
finds the lock taken leaves its acts to the holder, which reads the log again
after releasing it (so an act committed while it published is not left
behind). When a publisher dies holding the lock, the lock expires after
``LEASE_MS``; the others' heartbeats see the log ahead of the published
position and publish the rest.

Each process delivers the queue's ``act`` events to its clients through
:class:`LiveManager`, under the lock of its live feed and in log order,
dropping any act at or before the last one it delivered (an act emitted twice
across a publisher's death, or a late one from a stale publisher). Catch-up on join reads
the store up to that delivered position under the same lock, then enters the
room before releasing it: every act reaches a client once, in order (see
:meth:`web.live.feed.LiveFeed.join`). A client that joins a process with a
``since`` ahead of what that process has delivered (it saw those acts on
another process) is skipped by the room for the acts up to ``since``.

Acts recorded by a process without a live feed (the command line, a script)
are published by whichever process is woken first (:mod:`projections.log_signal`):
by PostgreSQL's notices, or by the other processes' writes through Redis pub/sub
(:class:`Wake`, channel ``<channel>:written``).

Presence is a Redis hash per room (field ``<process>:<sid>``); each process
renews ``<channel>:alive:<process>`` at each tick, and the entries of a process
whose key has expired (it died without cleaning up) are dropped when read.
"""

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, cast

import redis
import socketio

log = logging.getLogger(__name__)

LEASE_MS = 3000
"""How long the publishing lock (and a process's presence heartbeat) lasts without renewal."""

_TAKE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('GET', KEYS[2]) or ''
end
redis.call('SET', KEYS[3], 1, 'PX', ARGV[2])
return false
"""

_FINISH = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] ~= '' then
    redis.call('SET', KEYS[2], ARGV[2])
  end
  redis.call('DEL', KEYS[1])
  if redis.call('DEL', KEYS[3]) == 1 then
    return 2
  end
  return 1
end
return 0
"""

_HOLD = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 2
end
return 0
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class Lease:
    """The lock of the live broadcast's publisher, and the position published up to."""

    def __init__(self, client: redis.Redis, prefix: str, ttl_ms: int = LEASE_MS):
        self.client = client
        self.key = f"{prefix}:leader"
        self.position_key = f"{prefix}:position"
        self.asked_key = f"{prefix}:asked"
        """Set by a process that found the lock taken: its holder reads the log again once it releases it."""
        self.token = uuid.uuid4().hex
        self.ttl_ms = ttl_ms
        self._hold = client.register_script(_HOLD)
        self._release = client.register_script(_RELEASE)
        self._take = client.register_script(_TAKE)
        self._finish = client.register_script(_FINISH)

    def take(self) -> tuple[bool, int | None]:
        """Take the lock if free, in one round trip: (taken, the position published up to, if any).

        Not taken: the holder is asked to read the log again once it releases it (``asked_key``)."""
        keys = [self.key, self.position_key, self.asked_key]
        saved: Any = self._take(keys=keys, args=[self.token, self.ttl_ms])
        if saved is None:
            return False, None
        return True, int(saved) if saved not in (b"", "") else None

    def finish(self, position: int | None) -> bool:
        """Save ``position`` (unless None) and release the lock, if it is still this process's:
        whether another process asked for it meanwhile (its acts may follow ``position``)."""
        keys = [self.key, self.position_key, self.asked_key]
        return int(self._finish(keys=keys, args=[self.token, "" if position is None else position])) == 2

    def hold(self) -> int:
        """Renew or take the lock: 0 not held, 1 renewed, 2 just taken."""
        return int(self._hold(keys=[self.key], args=[self.token, self.ttl_ms]))

    def release(self) -> None:
        self._release(keys=[self.key], args=[self.token])

    def position(self) -> int | None:
        value: Any = self.client.get(self.position_key)
        return None if value is None else int(value)

    def save(self, position: int) -> None:
        self.client.set(self.position_key, position)


class Wake:
    """Tells every server process's live feed that this one has recorded something (Redis pub/sub)."""

    def __init__(self, client: redis.Redis, prefix: str, woken: Callable[[], None]):
        """``woken()`` is called (in a thread of its own) when a process, this one too, has recorded."""
        self.client = client
        self.key = f"{prefix}:written"
        self.pubsub = client.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
        self.pubsub.subscribe(**{self.key: lambda _message: woken()})
        self.thread = self.pubsub.run_in_thread(sleep_time=1.0, daemon=True, exception_handler=_lost)

    def written(self) -> None:
        try:
            self.client.publish(self.key, 1)
        except redis.exceptions.RedisError:  # the act is recorded all the same: found at the next poll
            log.exception("live feed: telling the other processes of a write failed")

    def close(self) -> None:
        self.thread.stop()
        self.thread.join()
        self.pubsub.close()


def _lost(error: BaseException, pubsub: Any, thread: Any) -> None:
    """Redis is unreachable: wait, then listen again (redis-py subscribes again on reconnecting)."""
    log.warning("live feed: Redis pub/sub lost (%s)", error)
    time.sleep(1.0)


class LiveManager(socketio.RedisManager):
    """The Redis client manager whose ``act`` events go through ``deliver(position, emit_locally)``."""

    deliver: Callable[[int, Callable[[list[str]], None]], None] | None = None
    namespace = "/"

    def _handle_emit(self, message: dict[str, Any]) -> None:
        deliver = self.deliver
        if deliver is None or message.get("namespace") != self.namespace or message.get("event") != "act":
            super()._handle_emit(message)
            return

        def emit(skip: list[str]) -> None:
            super(LiveManager, self)._handle_emit({**message, "skip_sid": skip or None})

        deliver(int(message["data"][0]["position"]), emit)


class LocalPresence:
    """Who is in each room, for this process's clients only (without Redis)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.present: dict[str, dict[str, tuple[str, str]]] = {}  # room -> sid -> (login, slug)

    def enter(self, room: str, sid: str, login: str, slug: str) -> None:
        with self.lock:
            self.present.setdefault(room, {})[sid] = (login, slug)

    def leave(self, sid: str, room: str | None = None) -> list[tuple[str, str]]:
        """The connection ``sid`` leaves ``room`` (default: every room): the rooms left, with their slug."""
        with self.lock:
            return [
                (name, self.present[name].pop(sid)[1])
                for name in ([room] if room is not None else self.present)
                if sid in self.present.get(name, {})
            ]

    def logins(self, room: str) -> list[str]:
        with self.lock:
            return sorted({login for login, _slug in self.present.get(room, {}).values()})

    def beat(self) -> None:
        pass


class RedisPresence:
    """Who is in each room, across the processes: a hash per room in Redis."""

    def __init__(self, client: redis.Redis, prefix: str, ttl_ms: int = LEASE_MS):
        self.client = client
        self.prefix = prefix
        self.process = uuid.uuid4().hex
        self.ttl_ms = ttl_ms
        self.lock = threading.Lock()
        self.rooms: dict[str, dict[str, str]] = {}  # sid -> room -> slug, this process's
        self.beat()

    def _key(self, room: str) -> str:
        return f"{self.prefix}:presence:{room}"

    def _alive(self, process: str) -> str:
        return f"{self.prefix}:alive:{process}"

    def beat(self) -> None:
        self.client.set(self._alive(self.process), 1, px=self.ttl_ms)

    def enter(self, room: str, sid: str, login: str, slug: str) -> None:
        with self.lock:
            self.rooms.setdefault(sid, {})[room] = slug
        self.client.hset(self._key(room), f"{self.process}:{sid}", json.dumps([login, slug]))

    def leave(self, sid: str, room: str | None = None) -> list[tuple[str, str]]:
        with self.lock:
            if room is None:
                left = list(self.rooms.pop(sid, {}).items())
            else:
                slug = self.rooms.get(sid, {}).pop(room, None)
                left = [] if slug is None else [(room, slug)]
        for room, _slug in left:
            self.client.hdel(self._key(room), f"{self.process}:{sid}")
        return left

    def logins(self, room: str) -> list[str]:
        stored = cast(dict[Any, Any], self.client.hgetall(self._key(room)))
        entries: dict[str, str] = {_text(field): _text(value) for field, value in stored.items()}
        processes = sorted({field.split(":", 1)[0] for field in entries})
        marks = cast(list[Any], self.client.mget([self._alive(p) for p in processes]))
        alive = dict(zip(processes, marks, strict=True))
        dead = [field for field in entries if alive[field.split(":", 1)[0]] is None]
        if dead:
            self.client.hdel(self._key(room), *dead)
        return sorted({json.loads(value)[0] for field, value in entries.items() if field not in dead})

    def close(self) -> None:
        """This process stops: its clients leave every room."""
        with self.lock:
            sids = list(self.rooms)
        for sid in sids:
            self.leave(sid)
        self.client.delete(self._alive(self.process))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
