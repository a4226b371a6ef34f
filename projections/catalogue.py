"""Every read model, by its public name."""

from projections.audit_trail import AuditTrailProjection
from projections.projection import Projection
from projections.stage import StageProjection
from projections.transparency_log import TransparencyLogProjection


def all_projections() -> list[Projection]:
    return [StageProjection(), AuditTrailProjection(), TransparencyLogProjection()]
