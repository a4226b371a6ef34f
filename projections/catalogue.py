"""Every read model, by its public name."""

from projections.projection import Projection
from projections.stage import StageProjection


def all_projections() -> list[Projection]:
    return [StageProjection()]
