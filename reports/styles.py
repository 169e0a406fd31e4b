"""The one stylesheet of every report: page geometry, colours, paragraph and table styles.

Colours were chosen to survive a greyscale printer and colour-blind readers: scores use a
single-hue blue scale whose lightness rises steadily, and "target" is drawn dashed in
orange (blue and orange stay apart in every common colour-vision deficiency).
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from reports.fonts import BOLD, REGULAR, register_fonts

# Page geometry
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
HEADER_GAP = 9 * mm  # between the running header and the first line of the page's frame
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CONTENT_HEIGHT = PAGE_HEIGHT - 2 * MARGIN - HEADER_GAP
GUTTER = 6 * mm

# Colours
INK = HexColor("#1b2533")
MUTED = HexColor("#566172")
PRIMARY = HexColor("#1f4e79")
PRIMARY_LIGHT = HexColor("#dbe7f3")
TARGET = HexColor("#c75000")
RULE = HexColor("#c5ceda")
ZEBRA = HexColor("#f2f5f9")
NOT_SCORED_FILL = HexColor("#e4e4e4")
NOT_SCORED_HATCH = HexColor("#b8b8b8")
WHITE = colors.white
RISE = HexColor("#1f4e79")
FALL = HexColor("#c75000")

# ColorBrewer "Blues": sequential, colour-blind safe, lightness falls steadily with the score.
SCORE_SCALE = (
    HexColor("#eff3ff"),
    HexColor("#bdd7e7"),
    HexColor("#6baed6"),
    HexColor("#3182bd"),
    HexColor("#08519c"),
)
HORIZON_COLOURS = (HexColor("#1f4e79"), HexColor("#3182bd"), HexColor("#8fb8de"), HexColor("#b9cde0"))

# Type sizes, points
BODY_SIZE = 9.5
SMALL_SIZE = 8
CELL_SIZE = 8
CHART_LABEL_SIZE = 7.5


def score_colour(value: float) -> Color:
    """The fill for a 1–5 score, interpolated along :data:`SCORE_SCALE`."""
    position = min(max(value, 1.0), 5.0) - 1.0
    low = min(int(position), len(SCORE_SCALE) - 2)
    share = position - low
    start, end = SCORE_SCALE[low], SCORE_SCALE[low + 1]
    return Color(
        start.red + (end.red - start.red) * share,
        start.green + (end.green - start.green) * share,
        start.blue + (end.blue - start.blue) * share,
    )


def text_colour_on(fill: Color) -> Color:
    """Black or white text, whichever contrasts more with ``fill`` (WCAG relative luminance).

    The two swap at luminance 0.179, where both reach 4.58:1: every fill gets at least that.
    Pure black rather than :data:`INK`, whose contrast on mid-tones falls short of 4.5:1.
    """

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(fill.red) + 0.7152 * linear(fill.green) + 0.0722 * linear(fill.blue)
    return WHITE if luminance < 0.179 else colors.black


def _heading(
    name: str,
    body: ParagraphStyle,
    size: float,
    leading: float,
    *,
    before: float = 0,
    after: float,
    colour: Color = INK,
) -> ParagraphStyle:
    """A bold style for titles and headings: ``size`` and ``leading`` in points, space around it."""
    return ParagraphStyle(
        name,
        parent=body,
        fontName=BOLD,
        fontSize=size,
        leading=leading,
        textColor=colour,
        spaceBefore=before,
        spaceAfter=after,
    )


@cache
def stylesheet() -> dict[str, ParagraphStyle]:
    """Every paragraph style, built once; use them by name."""
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.38, textColor=INK, spaceAfter=4
    )
    small = ParagraphStyle("small", parent=body, fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.3, spaceAfter=2)
    cell = ParagraphStyle("cell", parent=body, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.25, spaceAfter=0)
    styles = [
        body,
        small,
        cell,
        ParagraphStyle("muted", parent=small, textColor=MUTED),
        _heading("cover_title", body, 26, 31, after=10, colour=PRIMARY),
        _heading("cover_name", body, 17, 22, after=4),
        ParagraphStyle("cover_unit", parent=body, fontSize=13, leading=17, textColor=MUTED, spaceAfter=18),
        _heading("h1", body, 16, 20, before=16, after=8, colour=PRIMARY),
        _heading("h2", body, 11.5, 15, before=8, after=4, colour=PRIMARY),
        _heading("h3", body, BODY_SIZE, 13, before=6, after=2),
        ParagraphStyle("cell_bold", parent=cell, fontName=BOLD),
        ParagraphStyle("cell_muted", parent=cell, fontSize=7, leading=8.8, textColor=MUTED),
        ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        ParagraphStyle("cell_centre", parent=cell, alignment=TA_CENTER),
        ParagraphStyle("cell_head", parent=cell, fontName=BOLD, textColor=WHITE),
        ParagraphStyle("cell_head_right", parent=cell, fontName=BOLD, textColor=WHITE, alignment=TA_RIGHT),
        ParagraphStyle("figure", parent=body, fontName=BOLD, fontSize=22, leading=26, textColor=PRIMARY),
        # for a figure too wide for its cell at full size ("10 von 10" in German)
        ParagraphStyle(
            "figure_compact", parent=body, fontName=BOLD, fontSize=16, leading=26, textColor=PRIMARY
        ),
        ParagraphStyle("figure_label", parent=small, textColor=MUTED),
        ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=3),
        ParagraphStyle("note", parent=small, leftIndent=12, textColor=MUTED),
        ParagraphStyle("cell_note", parent=cell, fontSize=7, leading=8.8, textColor=MUTED, leftIndent=6),
        ParagraphStyle("caption", parent=cell, fontSize=6.5, leading=8.5, textColor=MUTED),
    ]
    return {style.name: style for style in styles}


# Table styles, named once and combined by the report sections.
CELL_LEADING = CELL_SIZE * 1.25
CELL_PADDING = 4  # left and right of a data table's cell
FIGURE_PADDING = 8  # left of a headline figure (its right edge is the next figure's)
DATA_TABLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), REGULAR, CELL_SIZE, CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONT", (0, 0), (-1, 0), BOLD, CELL_SIZE, CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, 0), WHITE),
        ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [WHITE, ZEBRA]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
)


def flag_column(column: int) -> TableStyle:
    """Bold orange text for a column of flags such as "discuss" (4.6:1 contrast on white)."""
    return TableStyle(
        [
            ("TEXTCOLOR", (column, 1), (column, -1), TARGET),
            ("FONT", (column, 1), (column, -1), BOLD, CELL_SIZE, CELL_LEADING),
        ]
    )


KEY_VALUE_TABLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), REGULAR, BODY_SIZE, BODY_SIZE * 1.3),
        ("FONT", (0, 0), (0, -1), REGULAR, SMALL_SIZE, SMALL_SIZE * 1.3),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    ]
)
FIGURES_TABLE = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, -1), PRIMARY_LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), FIGURE_PADDING),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, WHITE),
    ]
)
LAYOUT_TABLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)
