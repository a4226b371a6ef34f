"""The notifications, the preferences and the notifier's position: tables beside the events.

A notification is one event (or one overdue action) for one account: ``event_key`` and
``account_id`` are unique together, so a batch done again writes nothing twice. ``digest``
is 1 while it waits for the account's daily digest. Preferences say, per account and kind,
how a notification is mailed: ``immediately`` (the default), ``digest`` or ``never``.
"""

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from application.side_tables import SideTable

MODES = ("immediately", "digest", "never")
DEFAULT_MODE = "immediately"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class Notice:
    """What the notifier derived from an event for one recipient."""

    kind: str
    account_id: str
    dialogue_id: str
    details: dict[str, Any]


class NotificationStore:
    def __init__(self, datastore: Any):
        self.rows = SideTable(
            datastore,
            "notifications",
            "id TEXT PRIMARY KEY, event_key TEXT NOT NULL, account_id TEXT NOT NULL, kind TEXT NOT NULL,"
            " dialogue_id TEXT NOT NULL, details TEXT NOT NULL, created DOUBLE PRECISION NOT NULL,"
            " read_at DOUBLE PRECISION, digest INTEGER NOT NULL DEFAULT 0, UNIQUE (event_key, account_id)",
        )
        self.rows.define("CREATE INDEX IF NOT EXISTS notifications_account ON {table} (account_id, created)")
        self.preferences = SideTable(
            datastore,
            "notification_preferences",
            "account_id TEXT NOT NULL, kind TEXT NOT NULL, mode TEXT NOT NULL,"
            " PRIMARY KEY (account_id, kind)",
        )
        self.languages = SideTable(
            datastore, "notification_languages", "account_id TEXT PRIMARY KEY, language TEXT NOT NULL"
        )
        self.tracking = SideTable(
            datastore, "notifier_tracking", "name TEXT PRIMARY KEY, position BIGINT NOT NULL"
        )

    # --- the notifier's side ---------------------------------------------------

    def position(self, name: str) -> int:
        row = self.tracking.one("SELECT position FROM {table} WHERE name = {mark}", (name,))
        return 0 if row is None else int(row["position"])

    def lock(self, cursor: Any, name: str) -> int:
        """Within a transaction: hold the notifier's position (another notifier waits), and read it."""
        cursor.execute(
            self.tracking.sql(
                "INSERT INTO {table} (name, position) VALUES ({mark}, 0) ON CONFLICT (name) DO NOTHING"
            ),
            (name,),
        )
        if self.tracking.is_sqlite:
            statement = "UPDATE {table} SET position = position WHERE name = {mark} RETURNING position"
        else:
            statement = "SELECT position FROM {table} WHERE name = {mark} FOR UPDATE"
        cursor.execute(self.tracking.sql(statement), (name,))
        return int(cursor.fetchone()["position"])

    def move(self, cursor: Any, name: str, position: int) -> None:
        cursor.execute(
            self.tracking.sql("UPDATE {table} SET position = {mark} WHERE name = {mark}"), (position, name)
        )

    def add(self, cursor: Any, notices: list[tuple[str, Notice, bool]]) -> None:
        """Record each (event key, notice, waits for the digest) within the batch's transaction;
        one recorded already is left as it is. Their ids follow one random id (a random id each: a
        system call each, a tenth of a notification's cost)."""
        now, first = time.time(), uuid.uuid4().int
        encoded: dict[int, str] = {}  # details shared by many notices (an act's), encoded once

        def encode(details: dict[str, Any]) -> str:
            if id(details) not in encoded:
                encoded[id(details)] = json.dumps(details, default=str)
            return encoded[id(details)]

        cursor.executemany(
            self.rows.sql(
                "INSERT INTO {table} (id, event_key, account_id, kind, dialogue_id, details, created, digest)"
                " VALUES ({mark}, {mark}, {mark}, {mark}, {mark}, {mark}, {mark}, {mark})"
                " ON CONFLICT (event_key, account_id) DO NOTHING"
            ),
            [
                (
                    f"{(first + order) % 2**128:032x}",
                    key,
                    n.account_id,
                    n.kind,
                    n.dialogue_id,
                    encode(n.details),
                    now + order * 1e-6,  # in the order of the events
                    int(digest),
                )
                for order, (key, n, digest) in enumerate(notices)
            ],
        )

    def notice(self, event_key: str, account_id: str) -> Notice | None:
        row = self.rows.one(
            "SELECT * FROM {table} WHERE event_key = {mark} AND account_id = {mark}", (event_key, account_id)
        )
        return None if row is None else _notice(row)

    def awaiting_digest(self) -> dict[str, list[tuple[str, Notice]]]:
        """The notifications waiting for a digest by account, oldest first, each with its id."""
        with self.rows.transaction(commit=False) as cursor:
            cursor.execute(self.rows.sql("SELECT * FROM {table} WHERE digest = 1 ORDER BY created"))
            rows = cursor.fetchall()
        found: dict[str, list[tuple[str, Notice]]] = {}
        for row in rows:
            notice = _notice(row)
            found.setdefault(notice.account_id, []).append((str(row["id"]), notice))
        return found

    def digested(self, cursor: Any, ids: list[str]) -> None:
        for row_id in ids:
            cursor.execute(self.rows.sql("UPDATE {table} SET digest = 0 WHERE id = {mark}"), (row_id,))

    # --- the reader's side -------------------------------------------------------

    def unread(self, account_id: str) -> int:
        row = self.rows.one(
            "SELECT COUNT(*) AS n FROM {table} WHERE account_id = {mark} AND read_at IS NULL", (account_id,)
        )
        return int(row["n"])

    def of(self, account_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """The account's notifications, newest first."""
        with self.rows.transaction(commit=False) as cursor:
            cursor.execute(
                self.rows.sql(
                    "SELECT * FROM {table} WHERE account_id = {mark} ORDER BY created DESC, id LIMIT {mark}"
                ),
                (account_id, limit),
            )
            return [_notification(row) for row in cursor.fetchall()]

    def mark_read(self, account_id: str, notification_id: str | None = None) -> None:
        """One notification of the account read (its id), or all of them."""
        statement = "UPDATE {table} SET read_at = {mark} WHERE account_id = {mark} AND read_at IS NULL"
        params: tuple[Any, ...] = (time.time(), account_id)
        if notification_id is not None:
            statement += " AND id = {mark}"
            params += (notification_id,)
        self.rows.execute(statement, params)

    def mode(self, account_id: str, kind: str) -> str:
        row = self.preferences.one(
            "SELECT mode FROM {table} WHERE account_id = {mark} AND kind = {mark}", (account_id, kind)
        )
        return DEFAULT_MODE if row is None else str(row["mode"])

    def modes(self, account_id: str) -> dict[str, str]:
        with self.preferences.transaction(commit=False) as cursor:
            cursor.execute(
                self.preferences.sql("SELECT kind, mode FROM {table} WHERE account_id = {mark}"),
                (account_id,),
            )
            return {str(row["kind"]): str(row["mode"]) for row in cursor.fetchall()}

    def modes_of_kinds(self, kinds: set[str]) -> dict[tuple[str, str], str]:
        """Every preference set for one of ``kinds``: (account, kind) -> mode."""
        marks = ", ".join("{mark}" for _ in kinds)
        with self.preferences.transaction(commit=False) as cursor:
            statement = f"SELECT account_id, kind, mode FROM {{table}} WHERE kind IN ({marks})"  # noqa: S608
            cursor.execute(self.preferences.sql(statement), tuple(sorted(kinds)))
            return {(str(row["account_id"]), str(row["kind"])): str(row["mode"]) for row in cursor.fetchall()}

    def prefer(self, account_id: str, kind: str, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
        self.preferences.execute(
            "INSERT INTO {table} (account_id, kind, mode) VALUES ({mark}, {mark}, {mark})"
            " ON CONFLICT (account_id, kind) DO UPDATE SET mode = excluded.mode",
            (account_id, kind, mode),
        )

    def language(self, account_id: str) -> str:
        row = self.languages.one("SELECT language FROM {table} WHERE account_id = {mark}", (account_id,))
        return DEFAULT_LANGUAGE if row is None else str(row["language"])

    def set_language(self, account_id: str, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
        self.languages.execute(
            "INSERT INTO {table} (account_id, language) VALUES ({mark}, {mark})"
            " ON CONFLICT (account_id) DO UPDATE SET language = excluded.language",
            (account_id, language),
        )


def _notification(row: Any) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "kind": str(row["kind"]),
        "dialogue_id": str(row["dialogue_id"]),
        "details": json.loads(row["details"]),
        "created": float(row["created"]),
        "read": row["read_at"] is not None,
    }


def _notice(row: Any) -> Notice:
    return Notice(
        str(row["kind"]), str(row["account_id"]), str(row["dialogue_id"]), json.loads(row["details"])
    )
