"""The outbox: mails to send, in a table of the events' database (SQLite or PostgreSQL).

Each mail has a ``key`` saying what it is for (``invitation:<id>:<n>``,
``reset:<account>:<n>``; the notifier puts ``notice:<event>:<recipient>``): putting the
same key twice keeps one mail, so a writer that runs again after a crash sends nothing twice.
A mail put *pending* has no message yet: the sender composes it from its key when it sends it
(:class:`application.mail.sender.Sender`'s ``compose_pending``), so that the notifier writes
a thousand at the pace of rows, and a mail reaches an address still valid when it goes.
A mail is removed once delivered; until then it holds its recipient's address, its
``due`` time and its failed ``attempts``.
"""

import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import SMTP
from typing import Any

from application.side_tables import SideTable

TABLE = "mail_outbox"


@dataclass(frozen=True)
class Queued:
    id: str
    key: str
    message: EmailMessage | None
    """None: pending, composed when sent."""
    attempts: int
    due: float


class Outbox:
    def __init__(self, datastore: Any):
        self.rows = SideTable(
            datastore,
            TABLE,
            "id TEXT PRIMARY KEY, mail_key TEXT NOT NULL UNIQUE, message {blob} NOT NULL,"
            " due DOUBLE PRECISION NOT NULL, attempts INTEGER NOT NULL, last_error TEXT",
        )

    def put(self, key: str, message: EmailMessage) -> None:
        """Queue ``message`` to go now; nothing if a mail of this key is queued already."""
        with self.rows.transaction(commit=True) as cursor:
            self.put_within(cursor, key, message.as_bytes(policy=SMTP))

    def put_within(self, cursor: Any, key: str, message: bytes) -> None:
        """:meth:`put` of a message as sent (its bytes), within a transaction of the same database
        (the notifier's batch)."""
        cursor.execute(
            self.rows.sql(
                "INSERT INTO {table} (id, mail_key, message, due, attempts) VALUES ({mark}, {mark}, {mark},"
                " {mark}, 0) ON CONFLICT (mail_key) DO NOTHING"
            ),
            (uuid.uuid4().hex, key, message, time.time()),
        )

    def put_pending_within(self, cursor: Any, keys: list[str]) -> None:
        """:meth:`put_within` of mails the sender composes from their keys when it sends them (their
        ids follow one random id)."""
        now, first = time.time(), uuid.uuid4().int
        cursor.executemany(
            self.rows.sql(
                "INSERT INTO {table} (id, mail_key, message, due, attempts) VALUES ({mark}, {mark}, {mark},"
                " {mark}, 0) ON CONFLICT (mail_key) DO NOTHING"
            ),
            [(f"{(first + n) % 2**128:032x}", key, b"", now) for n, key in enumerate(keys)],
        )

    def due(self, now: float, limit: int = 50) -> list[Queued]:
        """The mails due at ``now``, oldest due first."""
        with self.rows.transaction(commit=False) as cursor:
            cursor.execute(
                self.rows.sql(
                    "SELECT id, mail_key, message, attempts, due FROM {table} WHERE due <= {mark}"
                    " ORDER BY due LIMIT {mark}"
                ),
                (now, limit),
            )
            rows = cursor.fetchall()
        return [
            Queued(
                str(row["id"]),
                str(row["mail_key"]),
                BytesParser(_class=EmailMessage, policy=SMTP).parsebytes(bytes(row["message"]))
                if row["message"]
                else None,
                int(row["attempts"]),
                float(row["due"]),
            )
            for row in rows
        ]

    def claim(self, queued: Queued, until: float) -> bool:
        """Take the mail for sending until ``until`` (another sender skips it meanwhile): False if taken."""
        claim = "UPDATE {table} SET due = {mark} WHERE id = {mark} AND due = {mark} RETURNING id"
        return self._change(claim, (until, queued.id, queued.due))

    def delivered(self, queued: Queued) -> None:
        self.rows.execute("DELETE FROM {table} WHERE id = {mark}", (queued.id,))

    def failed(self, queued: Queued, retry_at: float, error: str) -> None:
        self.rows.execute(
            "UPDATE {table} SET due = {mark}, attempts = attempts + 1, last_error = {mark} WHERE id = {mark}",
            (retry_at, error[:500], queued.id),
        )

    def waiting(self) -> list[dict[str, Any]]:
        """Every queued mail: key, attempts, when due, last error (no address, no content)."""
        with self.rows.transaction(commit=False) as cursor:
            listed = "SELECT mail_key, attempts, due, last_error FROM {table} ORDER BY due"
            cursor.execute(self.rows.sql(listed))
            return [dict(row) for row in cursor.fetchall()]

    def depth(self) -> tuple[int, int]:
        """How many mails are queued, and how many of them have failed at least once."""
        with self.rows.transaction(commit=False) as cursor:
            counted = (
                "SELECT COUNT(*) AS queued, COUNT(*) FILTER (WHERE attempts > 0) AS failing FROM {table}"
            )
            cursor.execute(self.rows.sql(counted))
            row = cursor.fetchone()
        return int(row["queued"]), int(row["failing"])

    def _change(self, statement: str, params: tuple[Any, ...]) -> bool:
        """Run a statement ``... RETURNING``: whether it changed a row."""
        with self.rows.transaction(commit=True) as cursor:
            cursor.execute(self.rows.sql(statement), params)
            return cursor.fetchone() is not None
