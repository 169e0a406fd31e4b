"""The roadmap's timeline drawn with ``reportlab.graphics``: Now / Next / Later as columns along a
month axis, each backlog item a card with its rank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect
from reportlab.lib.colors import Color

from questionnaires.i18n import _
from reports.fonts import BOLD, text_width
from reports.styles import CHART_LABEL_SIZE, HORIZON_COLOURS, INK, MUTED, PRIMARY, RULE, WHITE, text_colour_on
from reports.text import fit, label, wrap


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
