"""Charts drawn natively with ``reportlab.graphics``: vector shapes, no browser, a few ms each.

Each function turns plain values into a ``Drawing`` sized to the width it is given. A
value of ``None`` means "not scored": it is drawn as a grey, hatched or empty mark with
"–", never as 0. The radar is drawn from primitives rather than reportlab's
``SpiderChart``, which scales to the data's maximum, cannot leave an axis out and sets
labels in a single font (so "北京" would print as boxes).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from questionnaires.i18n import _
from reports.fonts import BOLD, REGULAR, text_width
from reports.styles import (
    CHART_LABEL_SIZE,
    HORIZON_COLOURS,
    INK,
    MUTED,
    NOT_SCORED_FILL,
    NOT_SCORED_HATCH,
    PRIMARY,
    RULE,
    SCORE_SCALE,
    TARGET,
    WHITE,
    score_colour,
    text_colour_on,
)
from reports.text import fit, label, wrap
from scoring.formatting import NOT_SCORED, NOT_SCORED_WORDS, delta_text, score_text

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
            drawing.add(_hatched(left, y, plot, bar_height))
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


def _hatched(x: float, y: float, width: float, height: float) -> Group:
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


def heatmap(
    row_labels: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    width: float,
    label_width: float = 150,
    row_height: float = 13,
    wrap_labels: bool = False,
    turn_headers: bool = False,
) -> Drawing:
    """Rows × columns of scores as blue cells with their value; "–" on hatched grey when not scored.

    A row's name longer than ``label_width`` is cut with "…", or with ``wrap_labels`` set
    (the app, where a phone leaves little room) wraps, and its row grows to hold the lines.
    Column names wrap above their column, or with ``turn_headers`` read upwards, whole: a
    phone's columns are too narrow for a word like "organisation" across."""
    header_size = 6.8
    leading = CHART_LABEL_SIZE * 1.2
    header_lines = [
        wrap(name, (width - label_width) / max(len(columns), 1) - 4, header_size, font=BOLD, max_lines=4)
        for name in columns
    ]
    header_height = max((len(lines) for lines in header_lines), default=1) * header_size * 1.2 + 4
    if turn_headers:
        header_height = max((text_width(name, header_size, BOLD) for name in columns), default=0) + 6
    names = [
        wrap(name, label_width - 6, CHART_LABEL_SIZE)
        if wrap_labels
        else [fit(name, label_width - 6, CHART_LABEL_SIZE)]
        for name in row_labels
    ]
    heights = [max(row_height, len(lines) * leading + 3) if wrap_labels else row_height for lines in names]
    height = header_height + sum(heights)
    drawing = Drawing(width, height)
    cell = (width - label_width) / max(len(columns), 1)
    for column, lines in enumerate(header_lines):
        x = label_width + column * cell + cell / 2
        if turn_headers:  # read upwards, centred on the column, ending just above the cells
            turned = label(0, 0, columns[column], size=header_size, color=INK, font=BOLD)
            turned.transform = (0, 1, -1, 0, x + header_size * 0.35, height - header_height + 3)
            drawing.add(turned)
            continue
        for number, line in enumerate(lines):
            y = height - header_size - number * header_size * 1.2
            drawing.add(label(x, y, line, size=header_size, color=INK, font=BOLD, anchor="middle"))
    y = height - header_height
    for lines, row_height, row_values in zip(names, heights, values, strict=True):
        y -= row_height
        first_line = y + row_height / 2 - 2.6 + (len(lines) - 1) * leading / 2
        for number, line in enumerate(lines):
            drawing.add(
                label(
                    label_width - 4,
                    first_line - number * leading,
                    line,
                    size=CHART_LABEL_SIZE,
                    color=INK,
                    anchor="end",
                )
            )
        for column, value in enumerate(row_values):
            x = label_width + column * cell
            if value is None:
                drawing.add(_hatched(x + 0.5, y + 0.5, cell - 1, row_height - 1))
                drawing.add(
                    label(
                        x + cell / 2,
                        y + row_height / 2 - 2.6,
                        NOT_SCORED,
                        size=CHART_LABEL_SIZE,
                        color=INK,
                        anchor="middle",
                    )
                )
                continue
            fill = score_colour(value)
            drawing.add(Rect(x + 0.5, y + 0.5, cell - 1, row_height - 1, fillColor=fill, strokeColor=None))
            drawing.add(
                label(
                    x + cell / 2,
                    y + row_height / 2 - 2.6,
                    score_text(value),
                    size=CHART_LABEL_SIZE,
                    color=text_colour_on(fill),
                    anchor="middle",
                )
            )
    return drawing


def heatmap_legend(*, width: float) -> Drawing:
    """The colour scale from 1 to 5 and the "not scored" swatch."""
    drawing = Drawing(width, 16)
    swatch = 22
    x = 0.0
    drawing.add(label(x, 5, _("score"), size=CHART_LABEL_SIZE, color=MUTED))
    x += 26
    for level in range(1, MAX_LEVEL + 1):
        fill = score_colour(level)
        drawing.add(Rect(x, 1, swatch, 13, fillColor=fill, strokeColor=None))
        drawing.add(
            label(
                x + swatch / 2,
                4.5,
                str(level),
                size=CHART_LABEL_SIZE,
                color=text_colour_on(fill),
                anchor="middle",
            )
        )
        x += swatch + 1
    x += 12
    drawing.add(_hatched(x, 1, swatch, 13))
    drawing.add(label(x + swatch / 2, 4.5, NOT_SCORED, size=CHART_LABEL_SIZE, color=INK, anchor="middle"))
    drawing.add(label(x + swatch + 4, 5, _("not scored (no answer)"), size=CHART_LABEL_SIZE, color=MUTED))
    return drawing


def delta_bars(
    rows: Sequence[tuple[str, float | None]],
    *,
    width: float,
    label_width: float = 150,
    value_text: Callable[[float], str] = delta_text,
    wrap_labels: bool = False,
) -> Drawing:
    """Diverging bars of a change in score: up in blue to the right, down in orange to the left.

    ``value_text`` writes each change (the app passes the formatter of its change table, so
    both round alike); ``wrap_labels`` wraps long names instead of cutting them, as in
    :func:`heatmap`."""
    leading = CHART_LABEL_SIZE * 1.2
    names = [
        wrap(name, label_width, CHART_LABEL_SIZE)
        if wrap_labels
        else [fit(name, label_width, CHART_LABEL_SIZE)]
        for name, _ in rows
    ]
    pitches = [max(13, len(lines) * leading + 4) for lines in names]
    height = sum(pitches) + 14
    drawing = Drawing(width, height)
    known = [abs(delta) for _, delta in rows if delta is not None]
    reach = max([1.0, *known])
    centre = label_width + 6 + (width - label_width - 6) / 2
    half = (width - label_width - 6) / 2 - 28
    drawing.add(Line(centre, 12, centre, height, strokeColor=MUTED, strokeWidth=0.6))
    drawing.add(label(centre - half, 3, value_text(-reach), size=6.5, color=MUTED, anchor="middle"))
    drawing.add(label(centre, 3, "0", size=6.5, color=MUTED, anchor="middle"))
    drawing.add(label(centre + half, 3, value_text(reach), size=6.5, color=MUTED, anchor="middle"))
    top = height
    for (_name, delta), lines, pitch in zip(rows, names, pitches, strict=True):
        top -= pitch
        y = top + (pitch - 13) / 2 + 2
        first_line = y + 2 + (len(lines) - 1) * leading / 2
        for number, line in enumerate(lines):
            drawing.add(
                label(
                    label_width,
                    first_line - number * leading,
                    line,
                    size=CHART_LABEL_SIZE,
                    color=INK,
                    anchor="end",
                )
            )
        if delta is None:
            drawing.add(label(centre + 4, y + 2, "no earlier round", size=CHART_LABEL_SIZE, color=MUTED))
            continue
        length = half * delta / reach
        colour = PRIMARY if delta >= 0 else TARGET
        drawing.add(Rect(min(centre, centre + length), y, abs(length), 9, fillColor=colour, strokeColor=None))
        text_x = centre + length + (3 if delta >= 0 else -3)
        drawing.add(
            label(
                text_x,
                y + 2,
                value_text(delta),
                size=CHART_LABEL_SIZE,
                color=INK,
                anchor="start" if delta >= 0 else "end",
            )
        )
    return drawing


@dataclass(frozen=True)
class Card:
    """One backlog item on the timeline."""

    rank: int
    title: str
    detail: str


@dataclass(frozen=True)
class Lane:
    """One horizon of the timeline and the cards placed in it."""

    name: str
    start_month: int
    end_month: int
    cards: Sequence[Card]


def timeline(lanes: Sequence[Lane], *, width: float, max_height: float) -> Drawing:
    """Now / Next / Later as columns along a month axis, each backlog item a card with its rank.

    Columns have equal width whatever their length in months, so the axis is labelled at
    each boundary. Cards that do not fit ``max_height`` are counted in a "+ N more" line.
    """
    gap = 8
    column = (width - gap * (len(lanes) - 1)) / max(len(lanes), 1)
    header = 34
    card_height, card_gap = 32, 4
    pitch = card_height + card_gap
    fits = max(int((max_height - header - 18) // pitch), 1)
    shown = max((min(len(lane.cards), fits) for lane in lanes), default=0)
    overflow = any(len(lane.cards) > fits for lane in lanes)
    height = header + shown * pitch + (14 if overflow else 0) + 6
    drawing = Drawing(width, height)
    axis_y = height - header + 6
    drawing.add(Line(0, axis_y, width, axis_y, strokeColor=MUTED, strokeWidth=0.8))
    drawing.add(
        Polygon(
            [width, axis_y, width - 5, axis_y + 3, width - 5, axis_y - 3], fillColor=MUTED, strokeColor=None
        )
    )
    for index, lane in enumerate(lanes):
        x = index * (column + gap)
        colour = HORIZON_COLOURS[min(index, len(HORIZON_COLOURS) - 1)]
        drawing.add(Rect(x, height - 20, column, 20, fillColor=colour, strokeColor=None))
        drawing.add(
            label(
                x + 6,
                height - 14,
                fit(lane.name, column - 12, 9, BOLD),
                size=9,
                color=text_colour_on(colour),
                font=BOLD,
            )
        )
        drawing.add(Line(x, axis_y - 3, x, axis_y + 3, strokeColor=MUTED, strokeWidth=0.8))
        months = _("months {start}–{end}").format(start=lane.start_month, end=lane.end_month)
        drawing.add(label(x + 6, axis_y - 9, months, size=6.5, color=MUTED))
        for row, card in enumerate(lane.cards[:fits]):
            top = axis_y - 14 - row * pitch
            drawing.add(_card(x, top - card_height, column, card_height, card, colour))
        if len(lane.cards) > fits:
            more = _("+ {count} more in the backlog table").format(count=len(lane.cards) - fits)
            drawing.add(
                label(x + 4, axis_y - 14 - fits * pitch - 8, more, size=CHART_LABEL_SIZE, color=MUTED)
            )
        if not lane.cards:
            drawing.add(label(x + 6, axis_y - 26, _("nothing scheduled"), size=CHART_LABEL_SIZE, color=MUTED))
    return drawing


def _card(x: float, y: float, width: float, height: float, card: Card, colour: Color) -> Group:
    group = Group()
    group.add(Rect(x, y, width, height, fillColor=WHITE, strokeColor=RULE, strokeWidth=0.6))
    group.add(Rect(x, y, 3, height, fillColor=colour, strokeColor=None))
    badge = f"#{card.rank}"
    group.add(label(x + 7, y + height - 9.5, badge, size=7, color=PRIMARY, font=BOLD))
    text_x = x + 7 + text_width(badge + " ", 7, BOLD)
    for number, line in enumerate(wrap(card.title, x + width - 4 - text_x, 7, max_lines=2)):
        group.add(label(text_x, y + height - 9.5 - number * 8.4, line, size=7, color=INK))
    group.add(label(x + 7, y + 4.5, fit(card.detail, width - 12, 6.3), size=6.3, color=MUTED))
    return group
