"""Requests for erasure: a signed-in person asks the administrators to erase them.

A request is a row beside the events (the account's login and the moment), never an event: who
asked to be forgotten is itself about a person. It is listed for the administrators until they
erase the person (the row then goes; the ``person-erased`` act remains) or turn it down.
"""

from datetime import UTC, datetime
from typing import Any

from application.side_tables import SideTable

TABLE = "erasure_requests"


class ErasureRequests:
    def __init__(self, datastore: Any):
        self.table = SideTable(datastore, TABLE, "login TEXT PRIMARY KEY, requested_at TEXT NOT NULL")

    def add(self, login: str) -> bool:
        """Record ``login``'s request; False if one is pending already."""
        if self.table.one("SELECT login FROM {table} WHERE login = {mark}", (login,)) is not None:
            return False
        self.table.execute(
            "INSERT INTO {table} (login, requested_at) VALUES ({mark}, {mark})"
            " ON CONFLICT (login) DO NOTHING",
            (login, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        return True

    def pending(self) -> list[dict[str, str]]:
        with self.table.transaction(commit=False) as cursor:
            cursor.execute(
                self.table.sql("SELECT login, requested_at FROM {table} ORDER BY requested_at, login")
            )
            return [
                {"login": str(r["login"]), "requested_at": str(r["requested_at"])} for r in cursor.fetchall()
            ]

    def remove(self, login: str) -> None:
        self.table.execute("DELETE FROM {table} WHERE login = {mark}", (login,))
