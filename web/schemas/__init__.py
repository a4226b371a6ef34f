"""One set of marshmallow schemas for the JSON API, its OpenAPI document and the workspace forms."""

from web.schemas.registry import ACT_FORMS, OPEN_DIALOGUE, ActForm

__all__ = ["ACT_FORMS", "OPEN_DIALOGUE", "ActForm"]
