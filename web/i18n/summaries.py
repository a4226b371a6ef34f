"""The one-line summary of an act, in French or in English, rendered from its event alone.

The wordings are msgids of the catalogue (:mod:`web.i18n.summary_texts`, French
in messages.po). Each one is translated and compiled once per language, at the
first summary: rendering then only looks fields up and joins texts, needs no
request, and gives both languages at once (the live feed sends both).
"""

from collections.abc import Callable
from functools import cache
from string import Formatter
from typing import Any

from domain.acts import ACT_OF_EVENT, RECORDED_ACTS
from projections.replay import EventReader
from web.i18n.catalogue import LANGUAGES, translate, translate_plural
from web.i18n.summary_texts import LABELS, OUTCOMES, PROPOSAL, SUMMARIES, Decision, Summary, Waived

SHORT = 80
"""Longest free text quoted in a summary, in characters."""

Render = Callable[[Any], str]
"""event -> its summary, in the language it was compiled for."""


def one_line(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str) -> str:
    """At most ``SHORT`` characters, cut at a word boundary when there is one near the end."""
    if len(text) <= SHORT:
        return text
    cut = text[: SHORT - 1]
    head, space, _ = cut.rpartition(" ")
    if space and len(head) >= SHORT * 3 // 4:
        cut = head
    return cut.rstrip(" ,;:.-") + "…"


def plural(count: int, one: str, many: str, language: str) -> str:
    """``count`` with its noun: French takes the singular for 0 and 1, English for 1 only."""
    singular = count <= 1 if language == "fr" else count == 1
    return f"{count} {one if singular else many}"


def _text(value: Any) -> str:
    if type(value) is str and value.isprintable():
        return value  # already on one line: the common case, kept fast
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return one_line(", ".join(map(str, value)))
    return one_line(str(value))


def words(spec: str, language: str) -> dict[Any, str]:
    """The words of the ids named by the label spec ``spec``, in ``language``."""
    return {key: translate(language, message) for key, message in LABELS[spec].items()}


def _formatter(spec: str, language: str) -> Callable[[Any], str]:
    """How a value is shown at a place of spec ``spec`` (see :mod:`web.i18n.summary_texts`)."""
    if spec.startswith("#"):
        one, _, many = spec[1:].partition("/")
        many = many or one
        return lambda value: plural(value if isinstance(value, int) else len(value), one, many, language)
    if spec in LABELS:
        labels = words(spec, language)
        return lambda value: labels.get(value) or _text(value)
    if spec == "short":
        return lambda value: shorten(_text(value))
    if spec == "when":
        return lambda value: _text(value).replace("T", " ", 1)[:16]
    if spec == "":
        return _text
    raise ValueError(f"unknown format spec {spec!r}")


_MISSING = object()


def field(event: Any, name: str) -> Any:
    """The event's field ``name``, or the entry ``name`` of its ``details`` (noted acts)."""
    value = getattr(event, name, _MISSING)
    if value is _MISSING:
        details = getattr(event, "details", None)
        if not isinstance(details, dict) or name not in details:
            raise KeyError(f"{type(event).__name__} has no field {name!r}")
        value = details[name]
    return value


def places(template: str) -> list[tuple[str, str, str]]:
    """The template's text before its first field, then each field's (name, spec, text that follows)."""
    parsed: list[tuple[str, str, str]] = [("", "", "")]
    for literal, name, spec, conversion in Formatter().parse(template):
        last_name, last_spec, text = parsed[-1]
        parsed[-1] = (last_name, last_spec, text + literal)
        if name is not None:
            if conversion or not name.isidentifier():
                raise ValueError(f"{template!r}: only {{field}} or {{field:spec}} may be used")
            parsed.append((name, spec or "", ""))
    return parsed


def compile_template(template: str, language: str) -> Render:
    """A template in ``language``, parsed once: rendering only looks fields up and joins."""
    (_, _, head), *rest = places(template)
    fields = [(name, _formatter(spec, language), after) for name, spec, after in rest]

    def render(event: Any) -> str:
        text = head
        for name, format_, after in fields:
            value = getattr(event, name, _MISSING)
            if value is _MISSING:
                value = field(event, name)
            text += format_(value) + after
        return text

    return render


def _waived(summary: Waived, language: str) -> Render:
    met = compile_template(translate(language, summary.met), language)
    waived = compile_template(translate(language, summary.waived), language)
    return lambda event: (met if field(event, "waiver") is None else waived)(event)


def _decision(summary: Decision, language: str) -> Render:
    template, bodies = translate(language, summary.template), words("body", language)

    def render(event: Any) -> str:
        outcomes = [item["outcome"] for item in field(event, "outcomes")]
        parts: list[str] = []
        for outcome, word in OUTCOMES.items():
            count = outcomes.count(outcome)
            if count:
                noun = f" {translate_plural(language, PROPOSAL, count)}" if not parts else ""
                parts.append(f"{count}{noun} {translate_plural(language, word, count)}")
        return template.format(
            body=bodies.get(field(event, "body")) or one_line(field(event, "body_name")),
            deliberation_reference=one_line(field(event, "deliberation_reference")),
            outcomes=", ".join(parts),
        )

    return render


def renderer(summary: Summary, language: str) -> Render:
    """The summary compiled for ``language``."""
    if isinstance(summary, Waived):
        return _waived(summary, language)
    if isinstance(summary, Decision):
        return _decision(summary, language)
    return compile_template(translate(language, summary), language)


@cache
def renderers() -> dict[str, tuple[Render, ...]]:
    """Every act recorded (the platform's too) -> its renderer in each of ``LANGUAGES`` (French, English),
    compiled at the first summary (not at import: tests compile the catalogue after importing)."""
    return {act: tuple(renderer(SUMMARIES[act], language) for language in LANGUAGES) for act in RECORDED_ACTS}


def check_language(language: str) -> int:
    """The index of ``language`` ("fr", "en"; "fr-FR" is taken as "fr"); ValueError otherwise."""
    primary = language.replace("_", "-").split("-", 1)[0].lower() if isinstance(language, str) else None
    if primary not in LANGUAGES:
        raise ValueError(f"language: must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return LANGUAGES.index(primary)


def _renderers(event: Any) -> tuple[Render, ...]:
    act = ACT_OF_EVENT.get(type(event).__name__)
    if act is None:
        raise ValueError(f"event: {type(event).__name__} is not an act")
    return renderers()[act]


def summarise(event: Any, language: str) -> str:
    """The one-line summary of the act recorded by ``event``, in ``language`` ("fr" or "en").

    ValueError for an event that is not an act (bookkeeping) or an unknown language.
    """
    return _renderers(event)[check_language(language)](event)


def summaries(event: Any) -> tuple[str, str]:
    """Both summaries of the act recorded by ``event``: (French, English)."""
    french, english = _renderers(event)
    return french(event), english(event)


def with_summaries(reader: EventReader, rows: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """The rows of the audit trail, each with the ``summary`` of its act in ``language`` ("fr" or
    "en"), rendered from its event as ``reader`` reads it at the row's position."""
    events = reader.at(row["position"] for row in rows)
    for row in rows:
        row["summary"] = summarise(events[row["position"]], language)
    return rows
