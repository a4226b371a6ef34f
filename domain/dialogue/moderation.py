"""Moderation of a dialogue's items: reported by anyone taking part (once each), hidden with a
public reason (and shown again), kept (its reports dismissed), or shredded on a legal ground.

The dialogue keeps a record per item reported or moderated (``DialogueState.moderation``): its kind,
id and author, its reports (each one's reporter, reason and sealed note; ``pending`` until a
moderator decides), ``hidden`` (the reason and explanation, while hidden) and ``shredded`` (the
ground, once shredded). The application finds the item (``application.moderation_items``) and
gives it as ``item``: ``{"kind", "item_id", "author", "shreddable"}``; it deletes the item's key
once its shredding is recorded.
"""

from typing import Any, NotRequired, TypedDict, Unpack
from uuid import UUID

from domain.base import Actor, DialoguePart
from domain.dialogue.state import DialogueState
from domain.errors import InvalidActError, RepeatedActError, RuleError
from domain.fields import public
from domain.moderation import check_explanation, check_ground, check_item_kind, check_reason, item_key


class ModerationActs(DialogueState):
    """The acts of ``Dialogue`` on the moderation of its items."""

    def _moderated_item(self, item: dict[str, Any], fields: Any) -> dict[str, Any]:
        """The record of ``item`` (a new one if it has none); refused if the fields name another item,
        or once it is shredded."""
        kind = check_item_kind(fields["item_kind"])
        if kind != item["kind"] or str(fields["item_id"]) != str(item["item_id"]):
            raise InvalidActError("item_id", f"no {kind} {fields['item_id']}", code="unknown-part",
                                  params={"part": str(fields["item_id"])})  # fmt: skip
        found = self.moderated(kind, item["item_id"]) or {
            "kind": kind, "item_id": str(item["item_id"]), "author": item["author"], "reports": [],
            "hidden": None, "shredded": None,
        }  # fmt: skip
        if found["shredded"] is not None:
            raise RuleError(f"{kind} {item['item_id']} was shredded", code="item-shredded")
        return found

    class ItemReportFields(TypedDict):
        """The reporter's note (``text``) is given apart: the application seals it first."""

        item_kind: str
        item_id: str
        reason: str

    def report_item(
        self, by: Actor, *, report_id: UUID, item: dict[str, Any], sealed_note: str | None,
        **fields: Unpack[ItemReportFields],
    ) -> None:  # fmt: skip
        """Anyone taking part reports an item, once; not their own."""
        self.check_accepts("item-reported", by)
        found = self._moderated_item(item, fields)
        if found["author"] == by.account_id:
            raise InvalidActError("item_id", "one does not report one's own item", code="own-item")
        if any(report["reporter"] == by.account_id for report in found["reports"]):
            raise RepeatedActError("item_id", "already reported by this person", code="already-reported")
        self._record(
            self.ItemReported, by, item_kind=found["kind"], item_id=found["item_id"], author=found["author"],
            report_id=report_id, reason=check_reason(fields["reason"]), sealed_note=sealed_note,
        )  # fmt: skip

    class ItemReported(DialoguePart.Event):
        PUBLIC = public("item_kind", "reason")
        item_kind: str
        item_id: str
        author: str
        report_id: UUID
        reason: str
        sealed_note: str | None

        def apply(self, aggregate: Any) -> None:
            key = item_key(self.item_kind, self.item_id)
            record = aggregate.moderation.setdefault(key, {
                "kind": self.item_kind, "item_id": self.item_id, "author": self.author, "reports": [],
                "hidden": None, "shredded": None,
            })  # fmt: skip
            record["reports"].append({
                "report_id": str(self.report_id), "reporter": self.actor_id, "reason": self.reason,
                "sealed_note": self.sealed_note, "at": self.timestamp.isoformat(), "pending": True,
            })  # fmt: skip

    class ItemHidingFields(TypedDict):
        item_kind: str
        item_id: str
        reason: str
        explanation: NotRequired[str]

    def hide_item(self, by: Actor, *, item: dict[str, Any], **fields: Unpack[ItemHidingFields]) -> None:
        """A moderator hides an item with a public reason; its reports are dealt with."""
        self.check_accepts("item-hidden", by)
        found = self._moderated_item(item, fields)
        if found["hidden"] is not None:
            raise RuleError(f"{found['kind']} {found['item_id']} is hidden already", code="item-hidden")
        self._record(
            self.ItemHidden, by, item_kind=found["kind"], item_id=found["item_id"], author=found["author"],
            reason=check_reason(fields["reason"]), explanation=check_explanation(fields.get("explanation")),
        )  # fmt: skip

    class ItemHidden(DialoguePart.Event):
        PUBLIC = public("item_kind", "reason", "explanation")
        item_kind: str
        item_id: str
        author: str
        reason: str
        explanation: str

        def apply(self, aggregate: Any) -> None:
            record = _record_of(aggregate, self)
            record["hidden"] = {"reason": self.reason, "explanation": self.explanation,
                                "at": self.timestamp.isoformat()}  # fmt: skip
            _dealt_with(record)

    class ItemUnhidingFields(TypedDict):
        item_kind: str
        item_id: str
        explanation: NotRequired[str]

    def unhide_item(self, by: Actor, *, item: dict[str, Any], **fields: Unpack[ItemUnhidingFields]) -> None:
        """A moderator shows a hidden item again."""
        self.check_accepts("item-unhidden", by)
        found = self._moderated_item(item, fields)
        if found["hidden"] is None:
            raise RuleError(f"{found['kind']} {found['item_id']} is not hidden", code="item-not-hidden")
        self._record(
            self.ItemUnhidden, by, item_kind=found["kind"], item_id=found["item_id"],
            explanation=check_explanation(fields.get("explanation")),
        )  # fmt: skip

    class ItemUnhidden(DialoguePart.Event):
        PUBLIC = public("item_kind", "explanation")
        item_kind: str
        item_id: str
        explanation: str

        def apply(self, aggregate: Any) -> None:
            _record_of(aggregate, self)["hidden"] = None

    class ItemKeepingFields(TypedDict):
        item_kind: str
        item_id: str

    def keep_item(self, by: Actor, *, item: dict[str, Any], **fields: Unpack[ItemKeepingFields]) -> None:
        """A moderator keeps a reported item as it is: its reports are dealt with."""
        self.check_accepts("item-kept", by)
        found = self._moderated_item(item, fields)
        if not any(report["pending"] for report in found["reports"]):
            raise RuleError(f"{found['kind']} {found['item_id']} has no report to deal with",
                            code="no-pending-report")  # fmt: skip
        self._record(self.ItemKept, by, item_kind=found["kind"], item_id=found["item_id"])

    class ItemKept(DialoguePart.Event):
        PUBLIC = public("item_kind")
        item_kind: str
        item_id: str

        def apply(self, aggregate: Any) -> None:
            _dealt_with(_record_of(aggregate, self))

    class ItemShreddingFields(TypedDict):
        item_kind: str
        item_id: str
        ground: str
        explanation: NotRequired[str]

    def shred_item(self, by: Actor, *, item: dict[str, Any], **fields: Unpack[ItemShreddingFields]) -> None:
        """A moderator shreds an unlawful item on a legal ground: the application deletes its key."""
        self.check_accepts("item-shredded", by)
        found = self._moderated_item(item, fields)
        if not item["shreddable"]:
            raise InvalidActError(
                "item_id", "its text was not sealed under a key of its own: hide it", code="not-shreddable"
            )
        self._record(
            self.ItemShredded, by, item_kind=found["kind"], item_id=found["item_id"], author=found["author"],
            ground=check_ground(fields["ground"]), explanation=check_explanation(fields.get("explanation")),
        )  # fmt: skip

    class ItemShredded(DialoguePart.Event):
        PUBLIC = public("item_kind", "ground", "explanation")
        item_kind: str
        item_id: str
        author: str
        ground: str
        explanation: str

        def apply(self, aggregate: Any) -> None:
            record = _record_of(aggregate, self)
            record["shredded"] = {"ground": self.ground, "explanation": self.explanation,
                                  "at": self.timestamp.isoformat()}  # fmt: skip
            _dealt_with(record)


def _record_of(aggregate: Any, event: Any) -> dict[str, Any]:
    key = item_key(event.item_kind, event.item_id)
    record: dict[str, Any] = aggregate.moderation.setdefault(key, {
        "kind": event.item_kind, "item_id": event.item_id, "author": getattr(event, "author", ""),
        "reports": [], "hidden": None, "shredded": None,
    })  # fmt: skip
    return record


def _dealt_with(record: dict[str, Any]) -> None:
    for report in record["reports"]:
        report["pending"] = False
