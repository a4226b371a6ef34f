"""Server-rendered SVG charts: the stage timeline and horizontal bar charts.

Built with ``xml.etree`` (every text and attribute escaped), styled by classes
of the site's style sheet (the CSP forbids inline styles), each with a
``<title>`` and ``<desc>`` that ``aria-labelledby`` points to. Each chart sits
next to a data table that says the same.
"""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

SVG = "http://www.w3.org/2000/svg"
WIDTH = 720
LABEL_CHARS = 38


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
    value: int
    detail: str = ""


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> Markup:
    """One horizontal bar per item, its label on the left and its value at its end."""
    row, top, label_width = 28, 8, 300
    height = top * 2 + row * max(len(bars), 1)
    svg = _figure(chart_id, height, title, desc)
    largest = max((bar.value for bar in bars), default=0) or 1
    span = WIDTH - label_width - 50
    for index, bar in enumerate(bars):
        y = top + index * row
        group = ET.SubElement(svg, "g", {"class": "bar"})
        ET.SubElement(group, "title").text = f"{bar.label}: {bar.value} {bar.detail}".strip()
        _text(group, label_width - 8, y + 18, shorten(bar.label), "bar-label", **{"text-anchor": "end"})
        length = span * bar.value / largest
        ET.SubElement(
            group, "rect", {"x": str(label_width), "y": str(y + 4), "width": f"{length:.1f}", "height": "20"}
        )
        _text(group, label_width + length + 6, y + 19, str(bar.value), "bar-value")
    return render(svg)


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


def _wrap(text: str, width: int = 26) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:3]


def stage_timeline(
    chart_id: str, title: str, desc: str, stages: Sequence[StageStep], milestones: Sequence[Milestone]
) -> Markup:
    """The stages as a row of arrows (done, current, to come), then the calendar's milestones on a line."""
    stage_height, axis_top = 130, 170
    height = axis_top + (70 if milestones else 0)
    svg = _figure(chart_id, height if milestones else stage_height + 10, title, desc)
    width = WIDTH / max(len(stages), 1)
    for index, stage in enumerate(stages):
        x = index * width
        group = ET.SubElement(svg, "g", {"class": f"stage stage-{stage.state}"})
        tip = 18 if index < len(stages) - 1 else 0
        points = [(x, 4), (x + width - tip, 4), (x + width, 48), (x + width - tip, 92), (x, 92)]
        if index:
            points.append((x + 18, 48))
        ET.SubElement(group, "polygon", {"points": " ".join(f"{px:g},{py:g}" for px, py in points)})
        lines = _wrap(stage.label)
        for line_index, line in enumerate(lines):
            y = 48 - 8 * (len(lines) - 1) + 16 * line_index + 5
            _text(group, x + (30 if index else 12), y, line, "stage-label")
        if stage.entered:
            _text(group, x + 4, 112, stage.entered, "stage-date")
        if stage.note:
            _text(group, x + 4, 128, shorten(stage.note, 30), "stage-note")
    if milestones:
        _milestones(svg, axis_top, milestones)
    return render(svg)


def _milestones(svg: ET.Element, y: int, milestones: Sequence[Milestone]) -> None:
    ET.SubElement(
        svg, "line", {"x1": "10", "y1": str(y), "x2": str(WIDTH - 10), "y2": str(y), "class": "axis"}
    )
    margin = 90
    step = (WIDTH - 2 * margin) / max(len(milestones) - 1, 1)
    for index, milestone in enumerate(milestones):
        x = margin + index * step
        group = ET.SubElement(svg, "g", {"class": "milestone"})
        ET.SubElement(group, "title").text = f"{milestone.on}: {milestone.label}"
        ET.SubElement(group, "circle", {"cx": f"{x:g}", "cy": str(y), "r": "6"})
        _text(group, x, y - 12, milestone.on, "milestone-date", **{"text-anchor": "middle"})
        below = y + 22 + 16 * (index % 2)
        _text(group, x, below, shorten(milestone.label, 22), "milestone-label", **{"text-anchor": "middle"})
