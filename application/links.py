"""One-time links: an unguessable token per link, its SHA-256 kept in a table beside the events.

An invitation's link and a password reset's link each carry such a token. The table keeps
the digest (never the token), what the link is for, whom it concerns and until when it holds;
redeeming a token deletes its row in the same statement, so a link works once.
"""

import hashlib
import secrets
import time
from typing import Any

from application.side_tables import SideTable

TABLE = "one_time_links"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class OneTimeLinks:
    def __init__(self, datastore: Any):
        self.rows = SideTable(
            datastore,
            TABLE,
            "digest TEXT PRIMARY KEY, purpose TEXT NOT NULL, subject TEXT NOT NULL,"
            " expires DOUBLE PRECISION NOT NULL",
        )

    def issue(self, purpose: str, subject: str, seconds: float) -> str:
        """A new token for ``subject``, valid ``seconds``; the subject's earlier tokens stop working."""
        self.revoke(purpose, subject)
        token = secrets.token_urlsafe(32)
        self.rows.execute(
            "INSERT INTO {table} (digest, purpose, subject, expires) VALUES ({mark}, {mark}, {mark}, {mark})",
            (_digest(token), purpose, subject, time.time() + seconds),
        )
        return token

    def peek(self, purpose: Any, token: Any) -> str | None:
        """The subject of a valid token (not used up), or None."""
        if not isinstance(token, str) or len(token) > 100:
            return None
        row = self.rows.one(
            "SELECT subject FROM {table} WHERE digest = {mark} AND purpose = {mark} AND expires > {mark}",
            (_digest(token), purpose, time.time()),
        )
        return None if row is None else str(row["subject"])

    def redeem(self, purpose: str, token: Any) -> str | None:
        """The subject of a valid token, which is used up at once (a second call: None)."""
        if not isinstance(token, str) or len(token) > 100:
            return None
        with self.rows.transaction(commit=True) as cursor:
            cursor.execute(
                self.rows.sql(
                    "DELETE FROM {table} WHERE digest = {mark} AND purpose = {mark} AND expires > {mark}"
                    " RETURNING subject"
                ),
                (_digest(token), purpose, time.time()),
            )
            row = cursor.fetchone()
        return None if row is None else str(row["subject"])

    def revoke(self, purpose: str, subject: str) -> None:
        """Every token of the subject for this purpose stops working."""
        self.rows.execute(
            "DELETE FROM {table} WHERE purpose = {mark} AND subject = {mark}", (purpose, subject)
        )
