"""E-mail addresses: checked, and found again by their digest (a table beside the events).

An account's address is sealed in its events (personal data); to find the account of an
address (a password reset) the table keeps the address's SHA-256 and the login, and loses
the row when the person is erased.
"""

import hashlib
import re
from typing import Any

from application.side_tables import SideTable
from domain.base import check_text
from domain.errors import InvalidActError

TABLE = "account_addresses"
MAX_LENGTH = 254
ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def check_email(value: Any, field: str = "email") -> str:
    """An e-mail address as typed, stripped (``name@domain.tld``, at most 254 characters)."""
    text = check_text(field, value)
    if len(text) > MAX_LENGTH or not ADDRESS.fullmatch(text):
        raise InvalidActError(field, "is not an e-mail address", code="email")
    return text


def digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class Addresses:
    def __init__(self, datastore: Any):
        self.rows = SideTable(datastore, TABLE, "digest TEXT PRIMARY KEY, account_id TEXT NOT NULL")

    def account_of(self, email: str) -> str | None:
        row = self.rows.one("SELECT account_id FROM {table} WHERE digest = {mark}", (digest(email),))
        return None if row is None else str(row["account_id"])

    def set(self, account_id: str, email: str) -> None:
        """The account's address (its previous one forgotten); an address has one account."""
        with self.rows.transaction(commit=True) as cursor:
            cursor.execute(self.rows.sql("DELETE FROM {table} WHERE account_id = {mark}"), (account_id,))
            cursor.execute(
                self.rows.sql("INSERT INTO {table} (digest, account_id) VALUES ({mark}, {mark})"),
                (digest(email), account_id),
            )

    def forget(self, account_id: str) -> None:
        self.rows.execute("DELETE FROM {table} WHERE account_id = {mark}", (account_id,))
