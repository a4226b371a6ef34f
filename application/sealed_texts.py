"""The texts of the public (a citizen's contribution, a comment), each sealed under its item's own key.

An item's text is sealed with the vault's key whose id is the item's id (``vault.py``: one AES-GCM key
per id, wrapped by the key-encryption key); its events and read models hold only the sealed text.
Shredding an item deletes that one key: every version of its text becomes unreadable everywhere
(events, read models, exports, backups under a later key-encryption key), while the log and its
proofs still verify. What the pages show of a shredded text is ``None``.

The one mechanism for every kind of item: moderation shreds a comment with
``shred_text(app.vault, comment_id)`` (``DialogueApp.shred_comment_text``), a contribution with its id.
"""

from typing import Any
from uuid import UUID

from application.vault import PersonalDataVault


def seal_text(vault: PersonalDataVault, item_id: UUID, text: str) -> str:
    """``text`` sealed under the item's own key (made on first use; a new version: the same key)."""
    return vault.seal(item_id, {"text": text})


def open_text(vault: PersonalDataVault, item_id: Any, sealed: str) -> str | None:
    """The item's text, or None once shredded (its key deleted)."""
    opened = vault.open(item_id if isinstance(item_id, UUID) else UUID(str(item_id)), sealed)
    return None if opened is None else opened["text"]


def shred_text(vault: PersonalDataVault, item_id: UUID) -> bool:
    """Delete the item's key for good: its text, every version, unreadable; False if it had none."""
    return vault.erase(item_id)
