"""The schemas of the public consultation's acts: the facilitator's (opened, closed, synthesised)
and the citizens' (contributed, supported), which the consultation page's forms post too."""

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from domain.consultation import CONTRIBUTION_KINDS, TEXT_MAX, THEMES_MAX
from domain.dialogue.consultation import QUESTION_MAX, SCOPE_MAX, SYNTHESIS_MAX
from web.i18n.catalogue import N_
from web.schemas import fields as f

NOT_A_THEME = N_("Write each theme on a line, followed by its count: 'Water savings: 12'.")
THEME_LINE = re.compile(r"(?P<theme>.+?)\s*[:(]\s*(?P<count>[0-9]{1,7})\s*\)?\s*")


class Themes(fields.Field[list[dict[str, Any]]]):
    """The synthesis's themes: a list of ``{"theme", "count"}`` (the API), or lines ``Theme: 12``
    (the workspace's form draws it as lines)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not 1 <= len(value) <= THEMES_MAX:
            raise ValidationError(f.TOO_MANY.format(max=THEMES_MAX))
        themes = []
        for entry in value:
            if isinstance(entry, str) and (match := THEME_LINE.fullmatch(entry.strip())):
                entry = {"theme": match["theme"], "count": int(match["count"])}
            if not isinstance(entry, dict) or set(entry) != {"theme", "count"}:
                raise ValidationError(NOT_A_THEME)
            theme, count = entry["theme"], entry["count"]
            if not isinstance(theme, str) or not theme.strip() or len(theme) > f.SHORT:
                raise ValidationError(NOT_A_THEME)
            if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= f.COUNT:
                raise ValidationError(NOT_A_THEME)
            f.Characters(multiline=False)(theme)
            themes.append({"theme": theme.strip(), "count": count})
        return themes


class OpenConsultation(Schema):
    question = f.bounded_text(QUESTION_MAX, multiline=False)
    opens_on = f.date()
    closes_on = f.date()
    scope = f.bounded_text(SCOPE_MAX)
    kinds = fields.List(
        fields.String(validate=validate.OneOf(CONTRIBUTION_KINDS)),
        required=True,
        validate=validate.Length(max=len(CONTRIBUTION_KINDS), error=f.TOO_MANY),
        metadata={"widget": "parts", "part": "contribution_kind"},
    )


class CloseConsultation(Schema):
    consultation_id = f.part("consultation")
    reason = f.bounded_text(500, required=False)


class SynthesiseConsultation(Schema):
    consultation_id = f.part("consultation")
    text = f.bounded_text(SYNTHESIS_MAX)
    themes = Themes(required=True, metadata={"widget": "lines"})
    follow_up = f.bounded_text(SYNTHESIS_MAX)


class ContributeAsCitizen(Schema):
    consultation_id = f.part("consultation")
    kind = f.choice(CONTRIBUTION_KINDS)
    text = f.bounded_text(TEXT_MAX)


class SupportCitizenContribution(Schema):
    consultation_id = f.part("consultation")
    contribution_id = f.part("citizen_contribution")
