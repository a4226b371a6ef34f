"""Moderation of what the public and the participants write: the reasons a report gives, the
reasons a moderator hides an item for, the legal grounds of a shredding, and their limits.

An item is known by its kind and id (``contribution``: a citizen's contribution to a public
consultation or a participant's to the shared diagnosis; ``comment``: a comment or reply;
``answer``: one free text of a questionnaire's answer; each found by
``application.moderation_items``). A report's note is sealed by the application under a key of its
own (it may quote the item); an item whose text was sealed under its own key at posting can be
shredded: its key deleted, its text unreadable everywhere, the log unchanged.
"""

from typing import Any

from domain.base import check_choice
from domain.consultation import check_length

ITEM_KINDS = ("contribution", "comment", "answer")
"""What may be reported and moderated (``application.moderation_items`` finds each)."""

REPORT_REASONS = ("spam", "abusive", "personal-data", "off-topic", "unlawful", "other")
"""Why a person reports an item; also why a moderator hides one."""

SHRED_GROUNDS = ("unlawful-content", "personal-data", "court-order", "rights-infringement")
"""The legal grounds on which a moderator shreds an item."""

NOTE_MAX = 1000
"""Characters of a report's note."""

EXPLANATION_MAX = 300
"""Characters of a moderator's public explanation."""


def item_key(kind: str, item_id: Any) -> str:
    """The key of an item in a dialogue's moderation record: ``<kind>:<id>``."""
    return f"{kind}:{item_id}"


def check_item_kind(value: Any) -> str:
    return check_choice("item_kind", value, ITEM_KINDS)


def check_reason(value: Any) -> str:
    return check_choice("reason", value, REPORT_REASONS)


def check_ground(value: Any) -> str:
    return check_choice("ground", value, SHRED_GROUNDS)


def check_note(value: Any) -> str:
    return check_length("text", value, NOTE_MAX, required=False)


def check_explanation(value: Any) -> str:
    return check_length("explanation", value, EXPLANATION_MAX, required=False)
