"""Wake on write: whoever follows the log (the live feed, the projection runner) waits on a signal.

:class:`LogSignal` counts the notices received; a follower reads the count,
does its work, then waits until the count moves (or its poll timeout ends).
A write's notice may say where the log ends (:attr:`LogSignal.head`): the live
feed then needs no read of the log for the acts it has already delivered.
Notices come from:

* this process's own writes (the application calls :meth:`LogSignal.notify`
  after each save, with its last position) and its own runner's batches;
* on PostgreSQL, other processes' writes: a trigger on the events table sends
  ``NOTIFY`` with ``<schema>:<last position>`` of each insert, in the transaction
  that records the events (so at its commit), and the runner sends one with its
  position in each batch's transaction; :class:`PostgresListener` ``LISTEN`` s
  on both channels in a thread of its own;
* with Redis, the other server processes (:mod:`web.live.queue`).

How long a follower sleeps without a notice is :meth:`LogSignal.timeout`:
the slow poll (``LOG_POLL_SECONDS``) while notices from the other processes
arrive, or on SQLite (there, the longest another process's act waits), the
fallback poll (``LOG_FALLBACK_SECONDS``) while the ``LISTEN`` connection is
lost, until it is back. The channels are the database's, not a schema's: stores
in other schemas of the same database wake these followers too (their notices
name their schema: the live feed does not read its log for them).
"""

import logging
import threading
from collections.abc import Callable
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresDatastore
from psycopg import sql

log = logging.getLogger(__name__)

LOG_CHANNEL = "dialogue_log"
"""Carries the last position of each insert into the events table."""
READ_MODELS_CHANNEL = "dialogue_read_models"
"""Carries the position the runner's read models have reached, after each batch."""


class LogSignal:
    """A count of notices under a condition; ``timeout()`` says how long to wait for the next one."""

    def __init__(self, poll: float = 1.0, fallback: float = 0.2):
        self.poll = poll
        self.fallback = fallback
        self.count = 0
        self.head = 0
        """The last position of the log a write's notice told of (this process's, this store's)."""
        self.vague = 0
        """How many notices of a write did not tell where the log ends (a follower then reads it)."""
        self.headless = 0
        """How many notices told of no write up to a head: the read models moved, another schema's store
        or a vague write (the live feed's public notices then look at the read models at once)."""
        self.lost = False
        """True while the ``LISTEN`` connection is lost: followers poll at ``fallback``."""
        self._condition = threading.Condition()
        self._eager = 0
        """How many followers wait for every notice."""
        self._done: list[Callable[[int], bool]] = []
        """The waiting followers' ``done``: woken by a write's notice only if it leaves one of them work."""

    def notify(self, head: int | None = None, *, write: bool = True) -> None:
        """Something was recorded, up to ``head`` in the log if known (``write=False``: the read models
        moved, or a store in another schema was written): wake every follower."""
        with self._condition:
            self.count += 1
            if head is not None:
                self.head = max(self.head, head)
            else:
                self.headless += 1
                self.vague += write
            if head is None or self._eager or not all(done(head) for done in self._done):
                self._condition.notify_all()

    def wait(self, seen: int, timeout: float | None = None, done: Callable[[int], bool] | None = None) -> int:
        """Wait for a notice after ``seen`` (a count) or ``timeout`` (default ``timeout()``): the count.

        ``done(head)``: whether a write's notice up to ``head`` leaves this follower nothing to do (the
        live feed, once the writer has broadcast its acts): such a notice does not wake it, it only moves
        the count, which the follower sees at its next wake (another notice, or its timeout).
        """
        with self._condition:
            if done is None:
                self._eager += 1
            else:
                self._done.append(done)
            try:
                self._condition.wait_for(
                    lambda: self.count != seen, self.timeout() if timeout is None else timeout
                )
            finally:
                if done is None:
                    self._eager -= 1
                else:
                    self._done.remove(done)
            return self.count

    def timeout(self) -> float:
        return self.fallback if self.lost else self.poll

    def connected(self, up: bool) -> None:
        """The ``LISTEN`` connection is up again (or lost): wake the followers to read what they missed."""
        self.lost = not up
        self.notify()


def notify_read_models(cursor: Any, position: int) -> None:
    """Within a runner's batch transaction on PostgreSQL: its listeners learn of ``position`` at commit."""
    cursor.execute("SELECT pg_notify(%s, %s)", (READ_MODELS_CHANNEL, str(position)))


def install_trigger(datastore: Any, table: str) -> None:
    """The trigger that notifies ``LOG_CHANNEL`` with the last position of each insert into ``table``.

    Its function is replaced each time (no lock on the table); the trigger is made only if missing,
    since making it locks the table against writes for a moment.
    """
    schema = sql.Identifier(datastore.schema)
    function = sql.SQL("{}.{}").format(schema, sql.Identifier(f"{table}_notify_log"))
    relation = sql.SQL("{}.{}").format(schema, sql.Identifier(table))
    with datastore.get_connection() as connection, connection.transaction():
        connection.execute(
            "SELECT pg_advisory_xact_lock(hashtext('notify_log'))"
        )  # processes starting at once
        connection.execute(
            sql.SQL(
                "CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$"
                " BEGIN PERFORM pg_notify({channel},"
                " {schema} || ':' || (SELECT max(notification_id) FROM recorded));"
                " RETURN NULL; END $$"
            ).format(
                function=function, channel=sql.Literal(LOG_CHANNEL), schema=sql.Literal(datastore.schema)
            )
        )
        found = connection.execute(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'notify_log' AND tgrelid = %s::regclass",
            (relation.as_string(connection),),
        ).fetchone()
        if found is None:
            connection.execute(
                sql.SQL(
                    "CREATE TRIGGER notify_log AFTER INSERT ON {relation}"
                    " REFERENCING NEW TABLE AS recorded FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                ).format(relation=relation, function=function)
            )


def on_postgres(recorder: Any) -> bool:
    return isinstance(recorder.datastore, PostgresDatastore)


def listen(recorder: Any, signal: LogSignal) -> "PostgresListener | None":
    """On PostgreSQL, the trigger (made if missing) and a listener started for ``signal``; None on SQLite."""
    if not on_postgres(recorder):
        return None
    install_trigger(recorder.datastore, recorder.events_table_name)
    return PostgresListener(recorder.datastore, signal).start()


class PostgresListener:
    """A thread that ``LISTEN`` s on its own connection and notifies ``signal`` of every notice.

    When the connection is lost, ``signal`` is told (its followers poll) and the
    thread connects again after ``retry`` seconds.
    """

    def __init__(self, datastore: Any, signal: LogSignal, retry: float = 1.0):
        self.params = {key: value for key, value in datastore.pool.kwargs.items() if key != "row_factory"}
        self.schema = datastore.schema
        self.signal = signal
        self.retry = retry
        self.backend_pid: int | None = None
        """The server process of the current connection (None while there is none)."""
        self.listening = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="log-listener", daemon=True)

    def start(self) -> "PostgresListener":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except psycopg.Error as error:
                log.warning("log listener: connection lost (%s); polling until it is back", error)
            self.backend_pid = None
            self.listening.clear()
            if not self._stop.is_set():
                self.signal.connected(False)
            self._stop.wait(self.retry)

    def _listen(self) -> None:
        with psycopg.connect(autocommit=True, **self.params) as connection:
            for channel in (LOG_CHANNEL, READ_MODELS_CHANNEL):
                connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            self.backend_pid = connection.info.backend_pid
            self.listening.set()
            self.signal.connected(True)
            while not self._stop.is_set():
                for notice in connection.notifies(timeout=1.0):  # returns each second to see ``stop``
                    if notice.channel != LOG_CHANNEL:
                        self.signal.notify(write=False)  # the read models moved
                        continue
                    schema, _colon, head = notice.payload.rpartition(":")
                    if schema == self.schema and head.isdigit():
                        self.signal.notify(int(head))
                    else:  # another schema's store (write=False), or a payload without one: read the log
                        self.signal.notify(write=not schema)
