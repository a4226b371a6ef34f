"""Password hashes (argon2id) in a table beside the events, never in an event.

Events are permanent and published; a password hash is neither: it changes,
and it must stay private.
"""

from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from application.side_tables import SideTable
from domain.errors import InvalidActError

TABLE = "account_credentials"
MIN_LENGTH = 12
MAX_LENGTH = 1024
"""Long enough for a passphrase; bounded so that hashing cannot be used to exhaust the server."""

HASHER = PasswordHasher()


def check_password(password: Any, field: str = "password") -> str:
    """A password of MIN_LENGTH to MAX_LENGTH characters, kept as typed (not stripped)."""
    if not isinstance(password, str):
        raise InvalidActError(field, "must be text", code="text")
    if len(password) < MIN_LENGTH:
        raise InvalidActError(
            field,
            f"must have at least {MIN_LENGTH} characters",
            code="too-short",
            params={"count": MIN_LENGTH},
        )
    if len(password) > MAX_LENGTH:
        raise InvalidActError(
            field, f"must have at most {MAX_LENGTH} characters", code="too-long", params={"count": MAX_LENGTH}
        )

    return password


def hash_password(password: str) -> str:
    return HASHER.hash(check_password(password))


@cache
def _dummy_hash() -> str:
    """Verified against when there is no hash, so that an unknown login takes as long as a known one."""
    return HASHER.hash("not a password of anyone")


class Credentials:
    """Password hashes by account id."""

    def __init__(self, datastore: Any):
        self.rows = SideTable(datastore, TABLE, "account_id TEXT PRIMARY KEY, password_hash TEXT NOT NULL")

    def hash_of(self, account_id: str) -> str | None:
        row = self.rows.one("SELECT password_hash FROM {table} WHERE account_id = {mark}", (account_id,))
        return None if row is None else str(row["password_hash"])

    def add(self, account_id: str, password_hash: str) -> None:
        """Store the hash of a new account; the datastore's integrity error if it has one already."""
        self.rows.execute(
            "INSERT INTO {table} (account_id, password_hash) VALUES ({mark}, {mark})",
            (account_id, password_hash),
        )

    def replace(self, account_id: str, password_hash: str) -> None:
        self.rows.execute(
            "UPDATE {table} SET password_hash = {mark} WHERE account_id = {mark}", (password_hash, account_id)
        )

    def remove(self, account_id: str, password_hash: str) -> None:
        """Remove the hash, only if it is still ``password_hash`` (undoing an :meth:`add`)."""
        self.rows.execute(
            "DELETE FROM {table} WHERE account_id = {mark} AND password_hash = {mark}",
            (account_id, password_hash),
        )

    def verify(self, account_id: str | None, password: str) -> bool:
        """True if ``password`` is the account's; as slow for an unknown account as for a known one."""
        stored = None if account_id is None else self.hash_of(account_id)
        try:
            HASHER.verify(stored or _dummy_hash(), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        if stored is None:
            return False
        if account_id is not None and HASHER.check_needs_rehash(stored):
            self.replace(account_id, HASHER.hash(password))
        return True
