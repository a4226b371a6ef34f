"""Sign-in sessions in a table beside the events: a session is open until its holder signs out.

The browser keeps a random session id (in Flask's signed cookie); the table
keeps its SHA-256, the account and when it started. Signing out deletes the
row, so that a copy of the cookie taken earlier opens nothing any more.
"""

import hashlib
import secrets
import time
from typing import Any

from application.side_tables import SideTable

TABLE = "sign_in_sessions"
ROW = "SELECT started FROM {table} WHERE digest = {mark} AND account_id = {mark}"
"""A session's row, if open (the account's own: a session id sent with another login opens nothing)."""


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SignInSessions:
    def __init__(self, datastore: Any):
        self.rows = SideTable(
            datastore,
            TABLE,
            "digest TEXT PRIMARY KEY, account_id TEXT NOT NULL, started DOUBLE PRECISION NOT NULL",
        )

    def start(self, account_id: str, max_age: float) -> str:
        """A new session id for the account; sessions older than ``max_age`` seconds are dropped."""
        self.rows.execute("DELETE FROM {table} WHERE started < {mark}", (time.time() - max_age,))
        session_id = secrets.token_urlsafe(32)
        self.rows.execute(
            "INSERT INTO {table} (digest, account_id, started) VALUES ({mark}, {mark}, {mark})",
            (_digest(session_id), account_id, time.time()),
        )
        return session_id

    def is_open(self, session_id: Any, account_id: str, max_age: float) -> bool:
        """True for an open session of this account, started less than ``max_age`` seconds ago."""
        if not isinstance(session_id, str):
            return False
        return self.opened(self.rows.one(ROW, (_digest(session_id), account_id)), max_age)

    def query(self, session_id: str, account_id: str) -> tuple[str, tuple[str, str]]:
        """The statement and parameters that read the session's row (for a read beside others)."""
        return self.rows.sql(ROW), (_digest(session_id), account_id)

    @staticmethod
    def opened(row: Any, max_age: float) -> bool:
        """Whether the row :meth:`query` read is an open session, started less than ``max_age`` s ago."""
        return row is not None and float(row["started"]) > time.time() - max_age

    def end(self, session_id: Any) -> None:
        if isinstance(session_id, str):
            self.rows.execute("DELETE FROM {table} WHERE digest = {mark}", (_digest(session_id),))

    def end_others(self, account_id: str, session_id: Any) -> None:
        """End the account's sessions but this one (after a change of password)."""
        self.rows.execute(
            "DELETE FROM {table} WHERE account_id = {mark} AND digest <> {mark}",
            (account_id, _digest(str(session_id))),
        )

    def end_all(self, account_id: str) -> None:
        """End every session of the account (its password reset by e-mail)."""
        self.rows.execute("DELETE FROM {table} WHERE account_id = {mark}", (account_id,))
