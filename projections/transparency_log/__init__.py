"""Read model ``transparency_log``: what the public may see of each dialogue.

The fiche requires the decision process to be transparent. This read model
keeps, per dialogue, its framework, stage timeline (with every waiver and its
justification), instances and their composition, meetings and minutes, the
path of each proposal from its drafting to its outcome, each decision of a
legitimate body, the actions and their progress, regulation, evaluation and
the links with the wider world. It backs the public pages and the feeds.

Its modules: ``rows`` (the tables and the row helpers, on the shared batching
writer), the handlers by stage of the fiche (``framing``, ``collective_work``
and its ``live_outcomes``, ``decision``) and of every stage (``cross_stage``), ``queries`` (the views and
feeds) and ``page`` (one page of a dialogue's public view).

Personal data (DESIGN.md section 7): a stakeholder is kept as their person id,
category, organisation and the ``public_office`` / ``name_consent`` flags;
the web layer resolves the names it may show through the vault. Sealed
contacts are never copied, and neither are account ids: proposals count
their supporters through salted digests that the public view leaves out.
"""

from projections.transparency_log import queries
from projections.transparency_log.collective_work import CollectiveWork
from projections.transparency_log.consultation import PublicConsultations
from projections.transparency_log.cross_stage import CrossStage
from projections.transparency_log.decision import DecisionAndFollowUp
from projections.transparency_log.framing import Framing
from projections.transparency_log.live_outcomes import LiveOutcomes
from projections.transparency_log.rows import INDEXES, ITEMS, TABLES


class TransparencyLogProjection(
    CrossStage, Framing, CollectiveWork, LiveOutcomes, PublicConsultations, DecisionAndFollowUp
):
    name = "transparency_log"
    version = 6  # 1 listed a dialogue before its approach was made public; 2 had no counts by status;
    # 3 dated each stage by when it was recorded only; 4 had no public consultations; 5 kept nothing of
    # the live sessions
    cost = 7
    copy_cost = 1
    tables = TABLES
    indexes = INDEXES
    appended_keys = {ITEMS: {f"{ITEMS}_pkey": ("PRIMARY KEY", "position, seq")}}

    dialogues = staticmethod(queries.dialogues)
    dialogue = staticmethod(queries.dialogue)
    decisions_feed = staticmethod(queries.decisions_feed)
    meetings_feed = staticmethod(queries.meetings_feed)
