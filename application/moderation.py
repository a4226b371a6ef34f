"""Moderation: the acts (an item reported, hidden, shown again, kept, shredded), the moderators'
queue and the public moderation log of a dialogue.

The item is found through ``application.moderation_items`` (a registry: kind -> finder). A report's
note is sealed under a key of the report's own; shredding an item deletes the item's key and its
reports' keys once the act is recorded (``PersonalDataVault.erase``: with a key-encryption key, a
rotation), so that its text cannot be read anywhere again while the log still verifies. Between the
two, the shredding is written in the erasure register beside the key-encryption key
(``application/erasure_register.py``): a backup restored later has those keys deleted at start.
"""

import logging
from collections import Counter
from datetime import UTC, datetime
from typing import Any, Unpack
from uuid import UUID, uuid4

from eventsourcing.utils import get_topic

from application.base import BATCH, ActRecording
from application.erasure_register import RegisteredShredding, erasure_register
from application.moderation_items import Item, find_item
from application.recorded import Recorded
from domain.dialogue import Dialogue
from domain.errors import InvalidActError
from domain.moderation import REPORT_REASONS, SHRED_GROUNDS, check_note

log = logging.getLogger(__name__)


class ModerationActs(ActRecording):
    """The ``DialogueApp`` methods of moderation."""

    def _item(self, dialogue: Dialogue, fields: Any) -> Item:
        return find_item(self, dialogue, fields["item_kind"], fields["item_id"])

    def report_item(
        self,
        account_id: str,
        dialogue_id: UUID,
        *,
        text: str = "",
        **fields: Unpack[Dialogue.ItemReportFields],
    ) -> Recorded:
        """Report an item (the reason from the list, a note of at most ``NOTE_MAX`` characters)."""
        note = check_note(text)
        report_id = uuid4()
        sealed = self.vault.seal(report_id, {"text": note}) if note else None
        return self._on_dialogue(
            "item-reported",
            account_id,
            dialogue_id,
            lambda d, by: d.report_item(
                by, report_id=report_id, item=self._item(d, fields).as_domain(), sealed_note=sealed, **fields
            ),
        )

    def hide_item(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ItemHidingFields]
    ) -> Recorded:
        return self._on_dialogue(
            "item-hidden",
            account_id,
            dialogue_id,
            lambda d, by: d.hide_item(by, item=self._item(d, fields).as_domain(), **fields),
        )

    def unhide_item(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ItemUnhidingFields]
    ) -> Recorded:
        return self._on_dialogue(
            "item-unhidden",
            account_id,
            dialogue_id,
            lambda d, by: d.unhide_item(by, item=self._item(d, fields).as_domain(), **fields),
        )

    def keep_item(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ItemKeepingFields]
    ) -> Recorded:
        return self._on_dialogue(
            "item-kept",
            account_id,
            dialogue_id,
            lambda d, by: d.keep_item(by, item=self._item(d, fields).as_domain(), **fields),
        )

    def shred_item(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ItemShreddingFields]
    ) -> Recorded:
        """Shred an unlawful item: the act recorded, then its key and its reports' keys deleted for good."""
        found: list[Item] = []

        def shred(d: Dialogue, by: Any) -> None:
            found.append(self._item(d, fields))
            d.shred_item(by, item=found[-1].as_domain(), **fields)

        recorded = self._on_dialogue("item-shredded", account_id, dialogue_id, shred)
        dialogue, item = self._dialogue(dialogue_id), found[-1]
        register = erasure_register(self.env.get("KEY_ENCRYPTION_KEY_FILE"))
        if register is not None:  # before the keys go: a crash from here on is finished at the next start
            keys = [str(key) for key in self._keys(dialogue, item)]
            today = datetime.now(UTC).date().isoformat()
            register.add(
                RegisteredShredding(
                    str(dialogue_id), item.kind, item.item_id, keys, today, fields["ground"], account_id
                )
            )
        self._delete_keys(dialogue, item)
        return recorded

    def _keys(self, dialogue: Dialogue, item: Item) -> list[UUID]:
        """The keys of an item and of its reports' notes."""
        record = dialogue.moderated(item.kind, item.item_id) or {"reports": []}
        notes = (UUID(r["report_id"]) for r in record["reports"] if r["sealed_note"])
        return [key for key in (item.key_id, *item.keys, *notes) if key is not None]

    def _delete_keys(self, dialogue: Dialogue, item: Item) -> int:
        """Delete for good the keys of a shredded item and of its reports' notes; how many were held."""
        keys = self._keys(dialogue, item)
        held = self.vault.held(str(key) for key in keys)
        for key in keys:
            if str(key) in held:
                self.vault.erase(key)
        return len(held)

    def reapply_shreddings(self) -> int:
        """The keys of every shredded item deleted, if some are still held (a shredding whose key
        deletion was cut short); how many were. Run at start, before any read."""
        topic = get_topic(Dialogue.ItemShredded)
        deleted, start = 0, 1
        while batch := self.recorder.select_notifications(start, BATCH, topics=[topic]):
            for notification in batch:
                try:
                    event: Any = self.mapper.to_domain_event(notification)
                    dialogue = self._dialogue(UUID(str(notification.originator_id)))
                    item = find_item(self, dialogue, event.item_kind, event.item_id)
                except InvalidActError:
                    continue
                except Exception:  # a log that no longer replays: `dialogue verify` says where
                    log.exception(
                        "shredding at position %s not re-applied: its dialogue does not replay",
                        notification.id,
                    )
                    continue
                deleted += self._delete_keys(dialogue, item)
            start = batch[-1].id + 1
        return deleted

    # --- queries ------------------------------------------------------------

    def reportable(self, dialogue_id: UUID, kind: str, item_id: str) -> dict[str, Any] | None:
        """An item of a public dialogue as its report form shows it (kind, id, public page, whether
        shredded); None if there is no such item."""
        dialogue = self._dialogue(dialogue_id)
        if dialogue.made_public is None:
            return None
        try:
            item = find_item(self, dialogue, kind, item_id)
        except InvalidActError:
            return None
        return {"kind": item.kind, "item_id": item.item_id, "page": item.page,
                "status": self.moderation_status(dialogue, item.kind, item.item_id)}  # fmt: skip

    def moderation_status(self, dialogue: Dialogue, kind: str, item_id: str) -> dict[str, Any] | None:
        """What a public page shows instead of an item's text: ``{"state": "hidden", "reason",
        "explanation"}`` or ``{"state": "shredded", "ground", "explanation"}``; None if shown."""
        record = dialogue.moderated(kind, item_id)
        if record is None:
            return None
        if record["shredded"] is not None:
            return {"state": "shredded", **record["shredded"]}
        if record["hidden"] is not None:
            return {"state": "hidden", **record["hidden"]}
        return None

    def moderated_items(self, dialogue_id: UUID, kind: str) -> dict[str, dict[str, Any]]:
        """Item id -> what a public page shows instead of its text (:meth:`moderation_status`), for
        the dialogue's items of ``kind`` hidden or shredded."""
        dialogue = self._dialogue(dialogue_id)
        found = {}
        for record in dialogue.moderation.values():
            status = (
                self.moderation_status(dialogue, kind, record["item_id"]) if record["kind"] == kind else None
            )
            if status is not None:
                found[record["item_id"]] = status
        return found

    def moderation_queue(self, dialogue_id: UUID) -> list[dict[str, Any]]:
        """The dialogue's reported or moderated items, those with reports to deal with first (the
        oldest report first): each its kind, id, text, page, state, and its reports (reason, note, date)."""
        dialogue = self._dialogue(dialogue_id)
        found = []
        for record in dialogue.moderation.values():
            try:
                item = find_item(self, dialogue, record["kind"], record["item_id"])
            except InvalidActError:  # its kind no longer registered, or the item gone
                continue
            reports = [
                {"reason": r["reason"], "at": r["at"], "pending": r["pending"],
                 "note": self._note(r) if record["shredded"] is None else None}
                for r in record["reports"]
            ]  # fmt: skip
            pending = [r for r in reports if r["pending"]]
            found.append({
                "kind": item.kind, "item_id": item.item_id, "page": item.page,
                "text": None if record["shredded"] else item.text, "shreddable": item.key_id is not None,
                "hidden": record["hidden"], "shredded": record["shredded"], "reports": reports,
                "pending": len(pending), "reasons": Counter(r["reason"] for r in reports),
                "first": min((r["at"] for r in pending), default=""),
            })  # fmt: skip
        return sorted(found, key=lambda i: (not i["pending"], i["first"]))

    def _note(self, report: dict[str, Any]) -> str:
        if not report["sealed_note"]:
            return ""
        opened = self.vault.open(UUID(report["report_id"]), report["sealed_note"])
        return "" if opened is None else str(opened["text"])

    def moderation_log(self, dialogue_id: UUID) -> dict[str, Any] | None:
        """The public moderation log of a dialogue: counts and reasons, no content nor person; None
        while the dialogue is not public."""
        dialogue = self._dialogue(dialogue_id)
        if dialogue.made_public is None:
            return None
        records = list(dialogue.moderation.values())
        reports = Counter(r["reason"] for record in records for r in record["reports"])
        hidden = [{"kind": r["kind"], **r["hidden"]} for r in records if r["hidden"] and not r["shredded"]]
        shredded = [{"kind": r["kind"], **r["shredded"]} for r in records if r["shredded"]]
        return {
            "title": dialogue.title,
            "reports": [(reason, reports[reason]) for reason in REPORT_REASONS if reports[reason]],
            "reports_count": sum(reports.values()),
            "reported_items": sum(1 for r in records if r["reports"]),
            "pending": sum(1 for r in records if any(report["pending"] for report in r["reports"])),
            "hidden": sorted(hidden, key=lambda h: h["at"]),
            "hidden_by_reason": [
                (reason, n)
                for reason in REPORT_REASONS
                if (n := sum(1 for h in hidden if h["reason"] == reason))
            ],
            "shredded": sorted(shredded, key=lambda s: s["at"]),
            "shredded_by_ground": [
                (ground, n)
                for ground in SHRED_GROUNDS
                if (n := sum(1 for s in shredded if s["ground"] == ground))
            ],
        }
