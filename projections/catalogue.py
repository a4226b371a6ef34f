"""Every read model, by its public name."""

from projections.audit_trail import AuditTrailProjection
from projections.comments import CommentsProjection
from projections.consultations import ConsultationsProjection
from projections.diagnosis import DiagnosisProjection
from projections.documents import DocumentsProjection
from projections.merkle_log import DEFAULT_HEAD_EVERY, MerkleLogProjection, Signer
from projections.projection import Projection
from projections.questionnaires import QuestionnairesProjection
from projections.search import SearchProjection
from projections.stage import StageProjection
from projections.transparency_log import TransparencyLogProjection


def all_projections(signer: Signer | None = None, head_every: int = DEFAULT_HEAD_EVERY) -> list[Projection]:
    """Every read model; ``signer`` signs the Merkle log's tree heads (none: no head is recorded)."""
    return [
        StageProjection(),
        AuditTrailProjection(),
        TransparencyLogProjection(),
        SearchProjection(),
        DocumentsProjection(),
        DiagnosisProjection(),
        QuestionnairesProjection(),
        CommentsProjection(),
        ConsultationsProjection(),
        MerkleLogProjection(signer, head_every),
    ]
