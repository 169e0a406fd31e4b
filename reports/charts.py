"""Charts of one assessment drawn natively with ``reportlab.graphics`` (radar, score bars, answer
distributions): vector shapes, no browser, a few ms each. The comparison's charts are in
``reports.comparison_charts``, the roadmap's timeline in ``reports.timeline``; they share this
module's conventions.

Each function turns plain values into a ``Drawing`` sized to the width it is given. A
value of ``None`` means "not scored": it is drawn as a grey, hatched or empty mark with
"–", never as 0. The radar is drawn from primitives rather than reportlab's
``SpiderChart``, which scales to the data's maximum, cannot leave an axis out and sets
labels in a single font (so "北京" would print as boxes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from questionnaires.i18n import _
from reports.fonts import BOLD, REGULAR
from reports.styles import (
    CHART_LABEL_SIZE,
    INK,
    MUTED,
    NOT_SCORED_FILL,
    NOT_SCORED_HATCH,
    PRIMARY,
    RULE,
    SCORE_SCALE,
    TARGET,
    WHITE,
)
from reports.text import fit, label, wrap
from scoring.formatting import NOT_SCORED_WORDS, score_text

MAX_LEVEL = 5
CURRENT_FILL = Color(PRIMARY.red, PRIMARY.green, PRIMARY.blue, alpha=0.18)
TARGET_DASH = (3, 2)


@dataclass(frozen=True)
class Axis:
    """One spoke of a radar or one bar: a name, its score (None = not scored) and its target."""

    name: str
    value: float | None
    target: float | None


def radar(
    axes: Sequence[Axis],
    *,
    width: float,
    height: float,
    label_width: float = 78,
    label_lines: int = 2,
    label_size: float = CHART_LABEL_SIZE,
) -> Drawing:
    """Current (filled, solid) against target (dashed) on a 0–5 scale with rings at each level.

    A spoke's name wraps to at most ``label_lines`` lines of ``label_size`` points (the app
    shows full names on a phone's width, where the PDF's two lines would cut them)."""
    drawing = Drawing(width, height)
    radius = min(width / 2 - label_width - 4, height / 2 - (label_lines + 1) * label_size * 1.2 - 2)
    cx, cy = width / 2, height / 2
    count = len(axes)
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]

    def point(angle: float, value: float) -> tuple[float, float]:
        return cx + math.cos(angle) * radius * value / MAX_LEVEL, cy + math.sin(
            angle
        ) * radius * value / MAX_LEVEL

    for level in range(1, MAX_LEVEL + 1):
        ring = [coordinate for angle in angles for coordinate in point(angle, level)]
        drawing.add(
            Polygon(ring, fillColor=None, strokeColor=RULE, strokeWidth=0.5 if level < MAX_LEVEL else 0.8)
        )
        drawing.add(label(cx + 2, cy + radius * level / MAX_LEVEL + 1.5, str(level), size=5.5, color=MUTED))
    for angle in angles:
        drawing.add(Line(cx, cy, *point(angle, MAX_LEVEL), strokeColor=RULE, strokeWidth=0.5))

    targets = [axis.target for axis in axes]
    if all(target is not None for target in targets):
        outline = [c for angle, target in zip(angles, targets, strict=True) for c in point(angle, target)]
        drawing.add(
            Polygon(outline, fillColor=None, strokeColor=TARGET, strokeWidth=1.2, strokeDashArray=TARGET_DASH)
        )

    values = [axis.value for axis in axes]
    if all(value is not None for value in values):
        shape = [c for angle, value in zip(angles, values, strict=True) for c in point(angle, value)]
        drawing.add(Polygon(shape, fillColor=CURRENT_FILL, strokeColor=PRIMARY, strokeWidth=1.4))
    else:  # only the sides between two scored neighbours: a missing score is not a zero
        for i in range(count):
            j = (i + 1) % count
            if values[i] is not None and values[j] is not None and count > 1:
                start, end = point(angles[i], values[i]), point(angles[j], values[j])
                drawing.add(Line(*start, *end, strokeColor=PRIMARY, strokeWidth=1.4))
    for angle, value in zip(angles, values, strict=True):
        if value is not None:
            drawing.add(
                Circle(*point(angle, value), 2, fillColor=PRIMARY, strokeColor=WHITE, strokeWidth=0.5)
            )

    for angle, axis in zip(angles, axes, strict=True):
        drawing.add(_spoke_label(cx, cy, radius + 6, angle, axis, label_width, label_size, label_lines))
    drawing.add(_legend(0, height - 8))
    return drawing


def _spoke_label(
    cx: float, cy: float, distance: float, angle: float, axis: Axis, width: float, size: float, most: int
) -> Group:
    cos, sin = math.cos(angle), math.sin(angle)
    anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
    lines = wrap(axis.name, width, size, max_lines=most)
    leading = size * 1.2
    block = (len(lines) + 1) * leading
    x = cx + cos * distance
    y = cy + sin * distance
    if anchor == "middle":  # above the top spoke, below the bottom one
        top = y + block - size * 0.3 if sin > 0 else y - size * 0.9
    else:
        top = y + block / 2 - size * 0.9
    group = Group()
    for number, line in enumerate(lines):
        group.add(label(x, top - number * leading, line, size=size, color=INK, anchor=anchor))
    score = str(NOT_SCORED_WORDS) if axis.value is None else score_text(axis.value)
    group.add(
        label(
            x,
            top - len(lines) * leading,
            score,
            size=size,
            color=MUTED if axis.value is None else PRIMARY,
            font=BOLD,
            anchor=anchor,
        )
    )
    return group


def _legend(x: float, y: float) -> Group:
    """Top left, where a radar whose first spoke points up leaves room."""
    group = Group()
    group.add(Rect(x, y, 14, 7, fillColor=CURRENT_FILL, strokeColor=PRIMARY, strokeWidth=1))
    group.add(label(x + 18, y + 1, _("current"), size=CHART_LABEL_SIZE, color=INK))
    line_y = y - 8
    group.add(
        Line(x, line_y, x + 14, line_y, strokeColor=TARGET, strokeWidth=1.2, strokeDashArray=TARGET_DASH)
    )
    group.add(label(x + 18, line_y - 2.5, _("target"), size=CHART_LABEL_SIZE, color=INK))
    return group


def score_bars(
    axes: Sequence[Axis], *, width: float, label_width: float = 150, bar_height: float = 11
) -> Drawing:
    """Horizontal bars on a 0–5 scale, the target as an orange tick, "not scored" written out."""
    pitch = bar_height + 6
    axis_height = 14
    height = len(axes) * pitch + axis_height
    drawing = Drawing(width, height)
    left = label_width + 6
    plot = width - left - 26
    scale = plot / MAX_LEVEL
    for level in range(MAX_LEVEL + 1):
        x = left + level * scale
        drawing.add(Line(x, axis_height - 2, x, height, strokeColor=RULE, strokeWidth=0.4))
        drawing.add(label(x, 3, str(level), size=6.5, color=MUTED, anchor="middle"))
    for row, axis in enumerate(axes):
        y = height - (row + 1) * pitch + 3
        text = fit(axis.name, label_width, CHART_LABEL_SIZE)
        drawing.add(label(label_width, y + 2.5, text, size=CHART_LABEL_SIZE, color=INK, anchor="end"))
        if axis.value is None:
            drawing.add(hatched(left, y, plot, bar_height))
            drawing.add(label(left + 4, y + 2.5, str(NOT_SCORED_WORDS), size=CHART_LABEL_SIZE, color=INK))
        else:
            drawing.add(Rect(left, y, axis.value * scale, bar_height, fillColor=PRIMARY, strokeColor=None))
            drawing.add(
                label(
                    width,
                    y + 2.5,
                    score_text(axis.value),
                    size=CHART_LABEL_SIZE,
                    color=INK,
                    font=BOLD,
                    anchor="end",
                )
            )
        if axis.target is not None:
            x = left + axis.target * scale
            drawing.add(Line(x, y - 2, x, y + bar_height + 2, strokeColor=TARGET, strokeWidth=1.6))
    drawing.add(Rect(0, 2, 10, 7, fillColor=PRIMARY, strokeColor=None))
    drawing.add(label(13, 3, _("score"), size=6.5, color=MUTED))
    drawing.add(Line(42, 1, 42, 10, strokeColor=TARGET, strokeWidth=1.6))
    drawing.add(label(46, 3, _("target"), size=6.5, color=MUTED))
    return drawing


def hatched(x: float, y: float, width: float, height: float) -> Group:
    """The "not scored" fill: light grey with diagonal hatching, so it never reads as a low score."""
    group = Group()
    group.add(Rect(x, y, width, height, fillColor=NOT_SCORED_FILL, strokeColor=None))
    step = 5
    offset = -height
    while offset < width:
        x0, x1 = max(offset, 0), min(offset + height, width)
        if x1 > x0:
            group.add(
                Line(
                    x + x0,
                    y + (x0 - offset),
                    x + x1,
                    y + (x1 - offset),
                    strokeColor=NOT_SCORED_HATCH,
                    strokeWidth=0.5,
                )
            )
        offset += step
    return group


class Distribution(Flowable):
    """Five tiny bars, how many respondents chose each level 1–5, over a one-line caption.

    Drawn straight on the canvas: a table of 100 questions holds 100 of these, and a plain
    flowable costs a fraction of a ``Drawing`` of shapes.
    """

    BAR_HEIGHT = 11
    CAPTION_SIZE = 6.5

    def __init__(self, counts: Sequence[int], caption: str, *, width: float = 44) -> None:
        super().__init__()
        self.counts = tuple(counts)
        self.caption = caption
        self.width = width
        self.height = self.BAR_HEIGHT + self.CAPTION_SIZE + 3

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        gap = 1.5
        bar = (self.width - gap * (MAX_LEVEL - 1)) / MAX_LEVEL
        tallest = max(self.counts, default=0) or 1
        bottom = self.CAPTION_SIZE + 3
        canvas.setLineWidth(0.3)
        canvas.setStrokeColor(PRIMARY)
        for level, count in enumerate(self.counts):
            if count:
                canvas.setFillColor(SCORE_SCALE[max(level, 1)])
                canvas.rect(
                    level * (bar + gap), bottom, bar, self.BAR_HEIGHT * count / tallest, stroke=1, fill=1
                )
        canvas.setStrokeColor(MUTED)
        canvas.line(0, bottom, self.width, bottom)
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, self.CAPTION_SIZE)
        canvas.drawString(0, 0, self.caption)
