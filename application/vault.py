"""Personal data vault: one AES-GCM key per person, in a table beside the events.

Events hold only sealed (encrypted) personal data. Erasing a person deletes
their key: their data can no longer be read anywhere, while the events
themselves stay as they were.

With a key-encryption key (``KEY_ENCRYPTION_KEY_FILE``, ``application/key_encryption.py``) each
person's key is stored wrapped by it (``kek_id`` names the KEK), and each erasure rotates the KEK in
the same transaction as the deletion: every other key rewrapped under a new KEK, the old one then
destroyed, so no copy of the erased key left in the database's files or a backup can be unwrapped.
The one row of ``personal_data_kek`` names the KEK of the committed keys; sealing and rotating both
lock it, so that a key is never wrapped under a KEK a rotation is about to destroy.
"""

import base64
import hashlib
import hmac
import json
import os
import sqlite3
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.key_encryption import KeyEncryptionKey, KeyEncryptionKeys, KeyLostError, KeyWrapError
from application.side_tables import SideTable

TABLE = "personal_data_keys"
CHUNK = 500
"""People per statement of ``open_many`` (well under SQLite's limit of variables)."""
KEK_TABLE = "personal_data_kek"


class PersonalDataVault:
    """Seals and opens a person's data with their own key, kept in the events' database."""

    def __init__(self, datastore: Any, keks: KeyEncryptionKeys | None = None):
        self.keys = SideTable(datastore, TABLE, "person_id TEXT PRIMARY KEY, key {blob} NOT NULL")
        self._add_kek_column()
        self.keks = keks
        if keks is not None:
            self.state = SideTable(datastore, KEK_TABLE, "id INTEGER PRIMARY KEY, kek_id TEXT")
            self.state.execute(
                "INSERT INTO {table} (id, kek_id) VALUES (1, NULL) ON CONFLICT (id) DO NOTHING"
            )
            self._settle(keks)

    def _add_kek_column(self) -> None:
        """``kek_id`` (NULL: a key kept unwrapped, from before a KEK) on tables made before it."""
        if self.keys.is_sqlite:
            with self.keys.transaction(commit=False) as cursor:
                cursor.execute(self.keys.sql("PRAGMA table_info({table})"))
                if any(row["name"] == "kek_id" for row in cursor.fetchall()):
                    return
            self.keys.define("ALTER TABLE {table} ADD COLUMN kek_id TEXT")
        else:
            self.keys.define("ALTER TABLE {table} ADD COLUMN IF NOT EXISTS kek_id TEXT")

    def _settle(self, keks: KeyEncryptionKeys) -> None:
        """Finish or drop a rotation a crash interrupted; wrap the keys kept unwrapped until now."""
        keks.retired()  # the replaced KEKs past their retention destroyed
        committed = self._committed_kek_id()
        pending = keks.pending()
        if pending is not None:
            if committed == pending.key_id:
                keks.finish_rotation()  # the database had the new KEK: the file follows
            else:
                keks.abandon_rotation()  # the database never changed
        if self.keys.one("SELECT person_id FROM {table} WHERE kek_id IS NULL") is not None:
            self._rotate(None)  # every key wrapped; those in clear are rewritten (see docs/security.md)
        elif self._committed_kek_id() is None:
            self.state.execute("UPDATE {table} SET kek_id = {mark} WHERE id = 1", (keks.current().key_id,))

    def _committed_kek_id(self) -> str | None:
        row = self.state.one("SELECT kek_id FROM {table} WHERE id = 1")
        return None if row is None or row["kek_id"] is None else str(row["kek_id"])

    def _kek(self, kek_id: str) -> KeyEncryptionKey:
        """The KEK named ``kek_id``: the current one, or the next one of a rotation under way."""
        assert self.keks is not None
        for kek in (self.keks.current(), self.keks.pending()):
            if kek is not None and kek.key_id == kek_id:
                return kek
        for kek in self.keks.retired():  # a restored backup's, kept for the retention
            if kek.key_id == kek_id:
                return kek
        if kek_id in self.keks.replaced_ids():
            raise KeyLostError(f"the key-encryption key {kek_id} was replaced and destroyed since")
        raise KeyWrapError(f"no key-encryption key {kek_id} in KEY_ENCRYPTION_KEY_FILE")

    def _unwrapped(self, person_id: UUID, stored: bytes, kek_id: str | None) -> bytes:
        if kek_id is None:
            return stored  # kept in clear: no KEK when it was stored
        if self.keks is None:
            raise KeyWrapError("the persons' keys are wrapped: set KEY_ENCRYPTION_KEY_FILE")
        return self._kek(kek_id).unwrap(stored, person_id)

    def _key(self, person_id: UUID) -> bytes | None:
        row = self.keys.one("SELECT key, kek_id FROM {table} WHERE person_id = {mark}", (str(person_id),))
        return None if row is None else self._unwrapped(person_id, bytes(row["key"]), row["kek_id"])

    def seal(self, person_id: UUID, data: dict[str, str]) -> str:
        """Encrypt ``data`` with the person's key, created on first use."""
        key = self._key(person_id)
        if key is None:
            key = AESGCM.generate_key(bit_length=256)
            self._store(person_id, key)
        nonce = os.urandom(12)
        plain = json.dumps(data, ensure_ascii=False).encode()
        sealed = nonce + AESGCM(key).encrypt(nonce, plain, person_id.bytes)
        return base64.b64encode(sealed).decode()

    def pseudonym(self, key_id: UUID, value: str) -> str:
        """A token for ``value`` under the key ``key_id`` (HMAC-SHA256, the key created on first use):
        the same value gives the same token while the key is held; without it, none can be linked back."""
        key = self._key(key_id)
        if key is None:
            key = AESGCM.generate_key(bit_length=256)
            self._store(key_id, key)
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]

    def _store(self, person_id: UUID, key: bytes) -> None:
        insert = "INSERT INTO {table} (person_id, key, kek_id) VALUES ({mark}, {mark}, {mark})"
        if self.keks is None:
            self.keys.execute(insert, (str(person_id), key, None))
            return
        with self.keys.transaction(commit=True) as cursor:
            kek_id = self._lock_kek(cursor)
            kek = self.keks.current() if kek_id is None else self._kek(kek_id)
            cursor.execute(self.keys.sql(insert), (str(person_id), kek.wrap(key, person_id), kek.key_id))

    def _lock_kek(self, cursor: Any) -> str | None:
        """Lock the row naming the committed KEK until the transaction ends (a write, on both stores)."""
        cursor.execute(self.state.sql("UPDATE {table} SET kek_id = kek_id WHERE id = 1"))
        cursor.execute(self.state.sql("SELECT kek_id FROM {table} WHERE id = 1"))
        row = cursor.fetchone()
        return None if row is None or row["kek_id"] is None else str(row["kek_id"])

    def open(self, person_id: UUID, sealed: str) -> dict[str, str] | None:
        """The person's data, or None once the person has been erased (or their key lost: a backup
        restored after the retention of the key-encryption key it was under)."""
        try:
            key = self._key(person_id)
        except KeyLostError:
            return None
        return None if key is None else self._opened(person_id, key, sealed)

    @staticmethod
    def _opened(person_id: UUID, key: bytes, sealed: str) -> dict[str, str] | None:
        raw = base64.b64decode(sealed)
        try:
            plain = AESGCM(key).decrypt(raw[:12], raw[12:], person_id.bytes)
        except InvalidTag:
            return None
        data: dict[str, str] = json.loads(plain)
        return data

    def open_many(self, sealed: Iterable[tuple[UUID, str]]) -> dict[UUID, dict[str, str] | None]:
        """Each person's data as :meth:`open` gives it, by id: their keys read in one statement."""
        pairs = dict(sealed)
        ids = [str(person_id) for person_id in pairs]
        rows: dict[str, Any] = {}
        with self.keys.transaction(commit=False) as cursor:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                marks = ", ".join("{mark}" for _ in chunk)
                select = f"SELECT person_id, key, kek_id FROM {{table}} WHERE person_id IN ({marks})"  # noqa: S608
                cursor.execute(self.keys.sql(select), chunk)
                rows.update((str(row["person_id"]), row) for row in cursor.fetchall())
        opened: dict[UUID, dict[str, str] | None] = {}
        for person_id, text in pairs.items():
            row = rows.get(str(person_id))
            try:
                key = None if row is None else self._unwrapped(person_id, bytes(row["key"]), row["kek_id"])
            except KeyLostError:
                key = None
            opened[person_id] = None if key is None else self._opened(person_id, key, text)
        return opened

    def held(self, person_ids: Iterable[str]) -> set[str]:
        """The people among these whose key is held: not erased."""
        ids = tuple(sorted(set(person_ids)))
        if not ids:
            return set()
        marks = ", ".join("{mark}" for _ in ids)
        statement = self.keys.sql(f"SELECT person_id FROM {{table}} WHERE person_id IN ({marks})")  # noqa: S608
        with self.keys.transaction(commit=False) as cursor:
            cursor.execute(statement, ids)
            return {str(row["person_id"]) for row in cursor.fetchall()}

    def erase(self, person_id: UUID) -> bool:
        """Delete the person's key for good (with a KEK: and rotate it); False if there was none."""
        if self.keys.one("SELECT person_id FROM {table} WHERE person_id = {mark}", (str(person_id),)) is None:
            return False
        if self.keks is not None:
            self._rotate(person_id)
        else:
            self.keys.delete_for_good("DELETE FROM {table} WHERE person_id = {mark}", (str(person_id),))
        return True

    def forget(self, person_ids: Iterable[UUID]) -> int:
        """Delete these keys for good, reading none of them (the erasures of the register re-applied
        to a restored backup, whose keys may be under a KEK destroyed since); how many were held."""
        ids = [str(person) for person in person_ids]
        forgotten = len(self.held(ids))
        for person in ids:
            self.keys.delete_for_good("DELETE FROM {table} WHERE person_id = {mark}", (person,))
        return forgotten

    def rewrap_restored(self, *, forgot: bool) -> str:
        """After the register's erasures were re-applied: the keys rewrapped under a new KEK when
        the one they are under is a retired KEK still kept (a restored backup) or when keys were just
        forgotten under the current one; what was done (``rewrapped``, ``lost``, ``kept``)."""
        if self.keks is None:
            return "kept"
        committed = self._committed_kek_id()
        if committed is None or committed == self.keks.current().key_id:
            if forgot:
                self._rotate(None)
                return "rewrapped"
            return "kept"
        if any(kek.key_id == committed for kek in self.keks.retired()):
            self._rotate(None)
            return "rewrapped"
        if committed in self.keks.replaced_ids():  # destroyed since: those keys cannot be read again
            self.state.execute(
                "UPDATE {table} SET kek_id = {mark} WHERE id = 1", (self.keks.current().key_id,)
            )
            return "lost"
        return "unknown"  # not a KEK this file ever replaced: the wrong KEY_ENCRYPTION_KEY_FILE?

    def _rotate(self, erased: UUID | None) -> None:
        """In one transaction: delete ``erased``'s key, rewrap every other under a new KEK; then the
        new KEK replaces the old one, destroyed. A crash before the commit changes nothing; after it,
        the vault finishes the rotation when it next opens (``_settle``)."""
        assert self.keks is not None
        new = self.keks.begin_rotation()
        try:
            with self.keys.transaction(commit=True) as cursor:
                self._lock_kek(cursor)
                if self.keys.is_sqlite:
                    cursor.execute("PRAGMA secure_delete = ON")
                if erased is not None:
                    cursor.execute(
                        self.keys.sql("DELETE FROM {table} WHERE person_id = {mark}"), (str(erased),)
                    )
                cursor.execute(self.keys.sql("SELECT person_id, key, kek_id FROM {table}"))
                rows = cursor.fetchall()
                update = "UPDATE {table} SET key = {mark}, kek_id = {mark} WHERE person_id = {mark}"
                for row in rows:
                    person = UUID(str(row["person_id"]))
                    try:
                        key = self._unwrapped(person, bytes(row["key"]), row["kek_id"])
                    except KeyLostError:
                        continue  # unreadable already; left as it is

                    cursor.execute(self.keys.sql(update), (new.wrap(key, person), new.key_id, str(person)))
                cursor.execute(
                    self.state.sql("UPDATE {table} SET kek_id = {mark} WHERE id = 1"), (new.key_id,)
                )
        except BaseException:
            self.keks.abandon_rotation()
            raise
        self.keks.finish_rotation()
        if self.keys.is_sqlite:
            connection = sqlite3.connect(self.keys.datastore.pool.db_name)
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
