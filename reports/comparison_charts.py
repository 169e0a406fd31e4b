"""The comparison's charts drawn with ``reportlab.graphics``: the heatmap of units by dimension,
its colour legend, and the change bars. A value of ``None`` is "not scored", drawn hatched
with "–", never as 0 (see ``reports.charts``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect

from questionnaires.i18n import _
from reports.charts import MAX_LEVEL, hatched
from reports.fonts import BOLD, text_width
from reports.styles import CHART_LABEL_SIZE, INK, MUTED, PRIMARY, TARGET, score_colour, text_colour_on
from reports.text import fit, label, wrap
from scoring.formatting import NOT_SCORED, delta_text, score_text


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
                drawing.add(hatched(x + 0.5, y + 0.5, cell - 1, row_height - 1))
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
    drawing.add(hatched(x, 1, swatch, 13))
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
            drawing.add(label(centre + 4, y + 2, _("no earlier round"), size=CHART_LABEL_SIZE, color=MUTED))
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
