"""Server-rendered SVG charts: the stage timeline and horizontal bar charts, in one column.

Built with ``xml.etree`` (every text and attribute escaped), styled by classes
of the site's style sheet (the CSP forbids inline styles), each with a
``<title>`` and ``<desc>`` that ``aria-labelledby`` points to. Each chart sits
next to a data table that says the same. Texts of the dialogue itself (meeting
titles, milestones) are written in French whatever the page's language, and
marked ``lang="fr"`` (``CONTENT_LANG``) like the rest of the page's content.
"""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

SVG = "http://www.w3.org/2000/svg"
WIDTH = 360
"""The charts' width in SVG units: laid out in one column (a label above its bar, the stages one
under the other), they are drawn at about 1:1 on a 390 px phone and a little larger, never wider
than the style sheet allows, on a wide screen: readable at both without scrolling sideways."""
LABEL_CHARS = 48
CONTENT_LANG = "fr"
"""The language of what the dialogue's people wrote."""


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _figure(chart_id: str, height: int, title: str, desc: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG,
            "viewBox": f"0 0 {WIDTH} {height}",
            "class": "chart",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "id": chart_id,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = desc
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, css: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, "text", {"x": f"{x:g}", "y": f"{y:g}", "class": css, **attrs})
    element.text = text
    return element


def render(svg: ET.Element) -> Markup:
    """The SVG as markup to put inline in a page (already escaped by ElementTree)."""
    return Markup(ET.tostring(svg, encoding="unicode"))  # noqa: S704  # nosec B704  # escaped by ElementTree


@dataclass(frozen=True)
class Bar:
    label: str
    """In the page's language (a date, a category)."""
    value: int
    detail: str = ""
    content: str = ""
    """Written by the dialogue's people, after the label, marked as French."""

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.label, self.content) if part)


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> Markup:
    """One horizontal bar per item, its label above it and its value at its end."""
    row, top = 44, 4
    height = top * 2 + row * max(len(bars), 1)
    svg = _figure(chart_id, height, title, desc)
    largest = max((bar.value for bar in bars), default=0) or 1
    span = WIDTH - 40
    for index, bar in enumerate(bars):
        y = top + index * row
        group = ET.SubElement(svg, "g", {"class": "bar"})
        ET.SubElement(group, "title").text = f"{bar.text}: {bar.value} {bar.detail}".strip()
        _label(_text(group, 0, y + 14, "", "bar-label"), bar)
        length = max(span * bar.value / largest, 1)
        ET.SubElement(group, "rect", {"x": "0", "y": str(y + 20), "width": f"{length:.1f}", "height": "16"})
        _text(group, length + 6, y + 33, str(bar.value), "bar-value")
    return render(svg)


def _label(element: ET.Element, bar: Bar) -> None:
    """The bar's label, shortened as a whole, its content part in a ``tspan`` marked as French."""
    shown = shorten(bar.text)
    if not bar.content:
        element.text = shown
        return
    label = shown[: len(bar.label)]
    element.text = label
    ET.SubElement(element, "tspan", {"lang": CONTENT_LANG}).text = shown[len(label) :]


@dataclass(frozen=True)
class StageStep:
    label: str
    entered: str | None
    """When the dialogue entered this stage (ISO date), None if it has not yet."""
    state: str
    """"done", "current" or "upcoming"."""
    note: str = ""
    """A short line under the date: a waiver, the closing."""


@dataclass(frozen=True)
class Milestone:
    on: str
    label: str


def _wrap(text: str, width: int = 40) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:2]


def stage_timeline(
    chart_id: str, title: str, desc: str, stages: Sequence[StageStep], milestones: Sequence[Milestone]
) -> Markup:
    """The stages one under the other as arrows pointing down (done, current, to come), each with the
    date it began; then the calendar's milestones along a line going down."""
    box, gap = 58, 22
    axis_top = 8 + len(stages) * (box + gap) + 16
    milestone_row = 40
    height = axis_top + (milestone_row * len(milestones) if milestones else 0)
    svg = _figure(chart_id, height, title, desc)
    for index, stage in enumerate(stages):
        y = 4 + index * (box + gap)
        group = ET.SubElement(svg, "g", {"class": f"stage stage-{stage.state}"})
        tip = 12 if index < len(stages) - 1 else 0
        middle = WIDTH * 0.5
        points = [(0, y), (WIDTH, y), (WIDTH, y + box), (middle, y + box + tip), (0, y + box)]
        ET.SubElement(group, "polygon", {"points": " ".join(f"{px:g},{py:g}" for px, py in points)})
        lines = _wrap(stage.label)
        for line_index, line in enumerate(lines):
            _text(group, 10, y + 18 + 16 * line_index, line, "stage-label")
        below = " — ".join(part for part in (stage.entered, stage.note) if part)
        if below:
            _text(group, 10, y + box - 6, shorten(below, LABEL_CHARS), "stage-date")
    if milestones:
        _milestones(svg, axis_top, milestones, milestone_row)
    return render(svg)


def _milestones(svg: ET.Element, top: int, milestones: Sequence[Milestone], row: int) -> None:
    bottom = top + row * (len(milestones) - 1) + 8
    ET.SubElement(svg, "line", {"x1": "10", "y1": str(top), "x2": "10", "y2": str(bottom), "class": "axis"})
    for index, milestone in enumerate(milestones):
        y = top + 8 + index * row
        group = ET.SubElement(svg, "g", {"class": "milestone"})
        ET.SubElement(group, "title").text = f"{milestone.on}: {milestone.label}"
        ET.SubElement(group, "circle", {"cx": "10", "cy": str(y - 4), "r": "6"})
        _text(group, 26, y, milestone.on, "milestone-date")
        _text(group, 26, y + 16, shorten(milestone.label, LABEL_CHARS), "milestone-label", lang=CONTENT_LANG)
