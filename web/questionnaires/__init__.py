"""Questionnaires: a questionnaire's public page, its answer form for citizens and participants and
its results once closed (``pages``), its results in open data (``opendata``), the facilitator's
builder and list in the workspace (``builder``)."""

from web.questionnaires import builder, opendata, pages
from web.questionnaires.blueprint import bp

__all__ = ["bp", "builder", "opendata", "pages"]
