"""Small building blocks both reports put on their pages: paragraphs, tables, figure strips.

Table cells are plain strings wherever they can be: reportlab draws a string cell with one
``drawString``. Strings are never parsed as markup, so they need no escaping; :func:`plain`
falls back to a ``TextBlock`` for text the body font cannot print.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from reports.flowables import Caption, TextBlock
from reports.fonts import BOLD, REGULAR, font_runs, text_width
from reports.styles import (
    CELL_PADDING,
    CELL_SIZE,
    CONTENT_HEIGHT,
    CONTENT_WIDTH,
    DATA_TABLE,
    FIGURE_PADDING,
    FIGURES_TABLE,
    KEY_VALUE_TABLE,
    SMALL_SIZE,
    stylesheet,
)
from reports.text import clean

Cell = Flowable | str | Sequence[Flowable]
KEY_GAP = 12  # points between a cover fact's label and its value
KEY_WIDTH_MOST = 0.45  # share of the page a label column may take


def paragraph(markup: str, style: str = "body") -> Paragraph:
    """A paragraph of markup this package wrote; user text inside it must already be :func:`safe`."""
    return Paragraph(markup, stylesheet()[style])


def text(value: object, style: str = "body", *, max_lines: int | None = None) -> TextBlock:
    """Plain text that prints literally, whatever characters it holds (never parsed as markup)."""
    return TextBlock(value, stylesheet()[style], max_lines=max_lines)


def caption(value: object, style: str = "caption") -> Caption:
    """One short line under a cell's main text, cut to fit."""
    return Caption(value, stylesheet()[style])


def plain(value: object, style: str = "cell") -> Cell:
    """A short table value as a string cell, or a TextBlock when it needs a fallback font."""
    value = clean(value)
    if all(font == REGULAR for font, _ in font_runs(value)):
        return value
    return text(value, style)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
) -> Table:
    """A full-width, zebra-striped table whose header row repeats on every page it runs onto.

    ``widths`` are relative column widths; ``numeric`` lists the columns holding numbers,
    aligned right, heading included.
    """
    scale = CONTENT_WIDTH / sum(widths)
    column_widths = [width * scale for width in widths]
    headings = [
        _heading(title, width, right=column in numeric)
        for column, (title, width) in enumerate(zip(header, column_widths, strict=True))
    ]
    table = Table(
        [headings, *rows],
        colWidths=column_widths,
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(DATA_TABLE)
    if numeric:
        table.setStyle(TableStyle([("ALIGN", (column, 0), (column, -1), "RIGHT") for column in numeric]))
    return table


def _heading(title: str, width: float, *, right: bool) -> Cell:
    """A column heading: one line when it fits, else wrapped at its spaces (long German words)."""
    if text_width(clean(title), CELL_SIZE, BOLD) <= width - 2 * CELL_PADDING:
        return plain(title)
    return text(title, "cell_head_right" if right else "cell_head")


def key_values(rows: Sequence[tuple[str, Cell]], *, key_width: float = 120) -> Table:
    """Two columns, label and value, for the facts on a cover; the label column widens for long
    labels ("Version du référentiel de questions"), up to ``KEY_WIDTH_MOST`` of the page."""
    widest = max((text_width(clean(key), SMALL_SIZE, REGULAR) for key, _ in rows), default=0.0)
    key_width = min(max(key_width, widest + KEY_GAP), CONTENT_WIDTH * KEY_WIDTH_MOST)
    table = Table(
        [[key, value] for key, value in rows], colWidths=[key_width, CONTENT_WIDTH - key_width], hAlign="LEFT"
    )
    table.setStyle(KEY_VALUE_TABLE)
    return table


def figures(cells: Sequence[tuple[str, str]]) -> Table:
    """A strip of headline figures: a large value over a short explanation (both plain text)."""
    width = CONTENT_WIDTH / len(cells)
    usable = width - 2 * FIGURE_PADDING
    figure = stylesheet()["figure"]
    row = [
        [
            text(value, "figure" if text_width(value, figure.fontSize, BOLD) <= usable else "figure_compact"),
            text(caption, "figure_label"),
        ]
        for value, caption in cells
    ]
    table = Table([row], colWidths=[width] * len(cells), hAlign="LEFT")
    table.setStyle(FIGURES_TABLE)
    return table


def cover_page(
    title: str, name: str, facts: Sequence[tuple[str, str]], note: str, *, unit: str | None = None
) -> list[Flowable]:
    """A report's first page: its title, whom it is about (and which unit), the facts, how to read it.

    ``note`` is markup this package wrote; ``unit=None`` leaves out the unit's line.
    """
    return [
        Spacer(1, CONTENT_HEIGHT * 0.18),
        text(title, "cover_title"),
        text(name, "cover_name"),
        Spacer(1, 12) if unit is None else text(unit or " ", "cover_unit"),
        key_values([(key, plain(value, "body")) for key, value in facts]),
        Spacer(1, 18),
        paragraph(note, "muted"),
    ]
