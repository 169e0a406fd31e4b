"""The charts of the compare page: units × dimensions as a heatmap, and each unit's change.

Both come with a table and a one-sentence summary built from the same result objects. Unit
and dimension names are never cut: they wrap (at spaces only) and the chart grows to fit them,
on a phone's 390 px as on a desktop. The heatmap's dimension names sit under the cells, away
from the chart's toolbar at the top right; on a phone plotly turns them, below the cells.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from questionnaires.i18n import _, ngettext
from questionnaires.schema import Framework
from scoring.formatting import NOT_SCORED, TABLE_DIGITS, is_missing, score_text
from scoring.results import Change
from ui.chart_style import (
    COUNTS,
    FALL_COLOUR,
    HEATMAP_SCALE,
    LABEL_COLOUR,
    LABEL_WRAP,
    LEVEL_TICKS,
    NOTHING_SCORED,
    RISE_COLOUR,
    UNIT_WRAP,
    label_lines,
    moved,
    plotly_text,
    signed,
    wrapped,
)

HEATMAP_ROW_PX = 30
HEATMAP_LINE_PX = 15  # one more line of a wrapped unit name
HEATMAP_MARGIN_PX = 220  # title, colour scale and names that turn on a phone
HEADER_LINE_PX = 16  # one line of a wrapped dimension name under the cells
CHANGE_MARGIN_PX = 110
CHANGE_LABEL_ROOM = 0.3  # of the axis's span, beyond each end, for a bar's "+0.61" or "-0.05"


def heatmap_height(rows: int, *, row_lines: int = 1, header_lines: int = 1) -> int:
    """Pixels for a heatmap of ``rows`` units: a fixed row height, so 1 and 50 units both read,
    taller when a unit's name wraps to ``row_lines`` lines or dimension names to ``header_lines``."""
    row = HEATMAP_ROW_PX + HEATMAP_LINE_PX * (row_lines - 1)
    return HEATMAP_MARGIN_PX + HEADER_LINE_PX * header_lines + row * max(rows, 1)


def dimension_codes(framework: Framework, kind: str) -> dict[str, str]:
    """The short name of each guiding step (its number) or pillar (its letter) that heads a
    heatmap column: their full names, four or five lines each in German, would cross each other
    when a phone turns them. Areas keep their names (none is empty: areas have no code)."""
    if kind == "step":
        return {step.id: str(step.number) for step in framework.steps}
    if kind == "pillar":
        return {pillar.id: pillar.letter for pillar in framework.pillars}
    return {}


def codes_key(codes: Mapping[str, str], names: Mapping[str, str]) -> str:
    """The key to the short column names: "1 DevOps and cloud culture · 2 …"."""
    return " · ".join(
        f"{code} {names.get(dimension_id, dimension_id)}" for dimension_id, code in codes.items()
    )


def heatmap_figure(
    matrix: pd.DataFrame, names: Mapping[str, str], *, title: str, codes: Mapping[str, str] | None = None
) -> go.Figure:
    """Units (rows, in rank order) × dimensions (columns) on the 1–5 scale.

    ``matrix`` holds 1–5 scores or NaN; a NaN cell stays blank and reads "–", never 0. Columns
    are headed by ``codes`` where given (:func:`dimension_codes`), else by their wrapped names;
    hovering a cell always names its dimension in full.
    """
    full = [names.get(c, c) for c in matrix.columns]
    columns = [codes[c] for c in matrix.columns] if codes else full
    rows = [str(r) for r in matrix.index]
    values = matrix.to_numpy(dtype=float)
    cell_text = [[score_text(v) for v in row] for row in values]
    z = [[None if math.isnan(v) else float(v) for v in row] for row in values]
    row_lines = max((label_lines(r, UNIT_WRAP) for r in rows), default=1)
    header_lines = max((label_lines(c, LABEL_WRAP) for c in columns), default=1)
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[wrapped(c) for c in columns],
            y=[wrapped(r, UNIT_WRAP) for r in rows],
            text=cell_text,
            customdata=[[plotly_text(name) for name in full] for _ in rows],
            texttemplate="%{text}",
            textfont={"size": 13, "color": LABEL_COLOUR},
            zmin=1,
            zmax=5,
            colorscale=[list(stop) for stop in HEATMAP_SCALE],
            colorbar={
                "title": {"text": _("Score (1–5)"), "side": "top"},
                "tickvals": list(LEVEL_TICKS),
                "orientation": "h",
                "y": 1.0,
                "yanchor": "bottom",
                "ypad": 10,
                "x": 1.0,
                "xanchor": "right",
                "len": 0.45,
                "thickness": 12,
            },
            xgap=2,
            ygap=2,
            hovertemplate=_("%{y}<br>%{customdata}<br>Score %{text}") + "<extra></extra>",
            hoverongaps=False,
        )
    )
    figure.update_layout(
        title={"text": plotly_text(title)},
        font={"color": LABEL_COLOUR},
        height=heatmap_height(len(rows), row_lines=row_lines, header_lines=header_lines),
        margin={"l": 10, "r": 10, "t": 100, "b": 20},
        xaxis={
            "side": "bottom",  # away from the toolbar; plotly turns them where the cells are narrow
            "automargin": True,
            "type": "category",
            "tickfont": {"color": LABEL_COLOUR, "size": 11},
        },
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "type": "category",
            "tickfont": {"color": LABEL_COLOUR, "size": 11},
        },
        plot_bgcolor="#FFFFFF",
    )
    return figure


def heatmap_table(matrix: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The heatmap as a table: unit names and each dimension's score, "–" when not scored."""
    table = pd.DataFrame({_("Unit"): [str(label) for label in matrix.index]})
    for column in matrix.columns:
        table[names.get(column, column)] = [score_text(v) for v in matrix[column].to_numpy(dtype=float)]
    return table


def heatmap_summary(matrix: pd.DataFrame, names: Mapping[str, str], *, noun: str) -> str:
    """One sentence: how many units, the highest and lowest column averages (``noun``: the kind)."""
    units = len(matrix.index)
    averages = matrix.mean(axis=0, skipna=True).dropna()
    unit_words = ngettext("{count} unit", "{count} units", units).format(count=units)
    if averages.empty:
        return f"{unit_words}; {NOTHING_SCORED[noun]}"
    best, worst = averages.idxmax(), averages.idxmin()
    blanks = int(matrix.isna().to_numpy().sum())
    sentence = _(
        "{units} across {dimensions}. Highest average: {best} ({best_score}); "
        "lowest: {worst} ({worst_score})."
    ).format(
        units=unit_words,
        dimensions=COUNTS[noun](len(matrix.columns)).format(count=len(matrix.columns)),
        best=names.get(best, best),
        best_score=score_text(averages[best]),
        worst=names.get(worst, worst),
        worst_score=score_text(averages[worst]),
    )
    if blanks:
        sentence += " " + ngettext("{count} cell not scored.", "{count} cells not scored.", blanks).format(
            count=blanks
        )
    return sentence


def _arrow(delta: float | None) -> str:
    """A change with an arrow for its direction: "▲ +0.50", "▼ -0.05", "→ ±0.00"."""
    if is_missing(delta):
        return NOT_SCORED
    return f"{('→', '▲', '▼')[moved(delta)]} {signed(delta)}"


def change_table(changes: Sequence[Change], rounds: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Each unit's overall score before and after, with an arrow, and its biggest area move.

    ``rounds``: the two rounds each change compares, by unit, as the page words them.
    """
    rows = []
    for change in changes:
        moves = [d for d in change.dimensions if d.kind == "area" and d.delta is not None]
        biggest = max(moves, key=lambda d: abs(d.delta or 0.0), default=None)
        row = {
            _("Unit"): change.unit,
            _("Before"): score_text(change.overall_before, TABLE_DIGITS),
            _("After"): score_text(change.overall_after, TABLE_DIGITS),
            _("Change"): _arrow(change.overall_delta),
            _("Biggest area move"): (f"{biggest.name} {_arrow(biggest.delta)}" if biggest else NOT_SCORED),
        }
        if rounds is not None:
            row[_("Rounds compared")] = rounds.get(change.unit, NOT_SCORED)
        rows.append(row)
    columns = [_("Unit"), _("Before"), _("After"), _("Change"), _("Biggest area move")]
    return pd.DataFrame(rows, columns=[*columns, _("Rounds compared")] if rounds is not None else columns)


def change_figure(changes: Sequence[Change], *, title: str) -> go.Figure:
    """Horizontal bars of each unit's overall change, labelled with the signed value."""
    shown = [c for c in changes if c.overall_delta is not None]
    deltas = [c.overall_delta or 0.0 for c in shown]
    labels = [signed(d) for d in deltas]
    row_lines = max((label_lines(c.unit, UNIT_WRAP) for c in shown), default=1)
    figure = go.Figure(
        go.Bar(
            x=deltas,
            y=[wrapped(c.unit, UNIT_WRAP) for c in shown],
            orientation="h",
            marker={"color": [RISE_COLOUR if d >= 0 else FALL_COLOUR for d in deltas]},
            text=labels,
            customdata=labels,
            textposition="outside",
            textfont={"color": LABEL_COLOUR},
            cliponaxis=False,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": plotly_text(title)},
        font={"color": LABEL_COLOUR},
        height=CHANGE_MARGIN_PX + (HEATMAP_ROW_PX + HEATMAP_LINE_PX * (row_lines - 1)) * max(len(shown), 1),
        margin={"l": 10, "r": 50, "t": 50, "b": 40},
        xaxis={
            "title": {"text": _("Change in overall score (levels)"), "font": {"color": LABEL_COLOUR}},
            "range": change_axis_range(deltas),
            "zeroline": True,
            "zerolinewidth": 2,
            "tickfont": {"color": LABEL_COLOUR},
        },
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "type": "category",
            "tickfont": {"color": LABEL_COLOUR, "size": 11},
        },
        showlegend=False,
    )
    return figure


def change_axis_range(deltas: Sequence[float]) -> list[float]:
    """The change axis from the biggest fall to the biggest rise, with room at both ends for the
    labels outside the bars: a fall's label stays in the chart, clear of the unit names."""
    low, high = min(0.0, *deltas), max(0.0, *deltas)
    room = CHANGE_LABEL_ROOM * max(high - low, 0.1)
    return [low - room, high + room]


def change_summary(changes: Sequence[Change]) -> str:
    """One sentence: how many units rose, fell or held (as their rounded change reads), the biggest rise."""
    deltas = [(c.unit, c.overall_delta) for c in changes if c.overall_delta is not None]
    if not deltas:
        return _("No unit has two scored assessments to compare yet.")
    rose = sum(1 for _, d in deltas if moved(d) > 0)
    fell = sum(1 for _, d in deltas if moved(d) < 0)
    held = len(deltas) - rose - fell
    unit, best = max(deltas, key=lambda pair: pair[1])
    return _(
        "Since their previous assessment {rose} unit(s) rose, {fell} fell and {held} held steady. "
        "Biggest rise: {unit} ({signed})."
    ).format(rose=rose, fell=fell, held=held, unit=unit, signed=signed(best))
