"""The schemas of the moderation's acts (an item reported, hidden, shown again, kept, shredded), which
the report form and the moderation queue post too, and of a citizen's edit and withdrawal of their
contribution, posted on the consultation's page."""

from marshmallow import Schema

from domain.consultation import TEXT_MAX
from domain.moderation import EXPLANATION_MAX, ITEM_KINDS, NOTE_MAX, REPORT_REASONS, SHRED_GROUNDS
from web.schemas import fields as f


class ReportItem(Schema):
    item_kind = f.choice(ITEM_KINDS)
    item_id = f.part("moderated_item")
    reason = f.choice(REPORT_REASONS)
    text = f.bounded_text(NOTE_MAX, required=False)


class HideItem(Schema):
    item_kind = f.choice(ITEM_KINDS)
    item_id = f.part("moderated_item")
    reason = f.choice(REPORT_REASONS)
    explanation = f.bounded_text(EXPLANATION_MAX, required=False)


class UnhideItem(Schema):
    item_kind = f.choice(ITEM_KINDS)
    item_id = f.part("moderated_item")
    explanation = f.bounded_text(EXPLANATION_MAX, required=False)


class KeepItem(Schema):
    item_kind = f.choice(ITEM_KINDS)
    item_id = f.part("moderated_item")


class ShredItem(Schema):
    item_kind = f.choice(ITEM_KINDS)
    item_id = f.part("moderated_item")
    ground = f.choice(SHRED_GROUNDS)
    explanation = f.bounded_text(EXPLANATION_MAX, required=False)


class EditCitizenContribution(Schema):
    consultation_id = f.part("consultation")
    contribution_id = f.part("citizen_contribution")
    text = f.bounded_text(TEXT_MAX)


class WithdrawCitizenContribution(Schema):
    consultation_id = f.part("consultation")
    contribution_id = f.part("citizen_contribution")
