"""Personal data vault: one AES-GCM key per person, in a table beside the events.

Events hold only sealed (encrypted) personal data. Erasing a person deletes
their key: their data can no longer be read anywhere, while the events
themselves stay as they were.
"""

import base64
import json
import os
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.side_tables import SideTable

TABLE = "personal_data_keys"


class PersonalDataVault:
    """Seals and opens a person's data with their own key, kept in the events' database."""

    def __init__(self, datastore: Any):
        self.keys = SideTable(datastore, TABLE, "person_id TEXT PRIMARY KEY, key {blob} NOT NULL")

    def _key(self, person_id: UUID) -> bytes | None:
        row = self.keys.one("SELECT key FROM {table} WHERE person_id = {mark}", (str(person_id),))
        return None if row is None else bytes(row["key"])

    def seal(self, person_id: UUID, data: dict[str, str]) -> str:
        """Encrypt ``data`` with the person's key, created on first use."""
        key = self._key(person_id)
        if key is None:
            key = AESGCM.generate_key(bit_length=256)
            self.keys.execute(
                "INSERT INTO {table} (person_id, key) VALUES ({mark}, {mark})", (str(person_id), key)
            )
        nonce = os.urandom(12)
        plain = json.dumps(data, ensure_ascii=False).encode()
        sealed = nonce + AESGCM(key).encrypt(nonce, plain, person_id.bytes)
        return base64.b64encode(sealed).decode()

    def open(self, person_id: UUID, sealed: str) -> dict[str, str] | None:
        """The person's data, or None once the person has been erased."""
        key = self._key(person_id)
        if key is None:
            return None
        raw = base64.b64decode(sealed)
        try:
            plain = AESGCM(key).decrypt(raw[:12], raw[12:], person_id.bytes)
        except InvalidTag:
            return None
        data: dict[str, str] = json.loads(plain)
        return data

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
        """Delete the person's key for good; False if there was none."""
        if self._key(person_id) is None:
            return False
        self.keys.delete_for_good("DELETE FROM {table} WHERE person_id = {mark}", (str(person_id),))
        return True
