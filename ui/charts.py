"""Plotly figures built from scoring results, each with its text alternative.

Every chart the app shows comes with a table and a one-sentence summary built from the
same result objects, so a screen-reader user (or anyone who prefers numbers) gets the
same information. Nothing here computes a score: the results already hold them.

Colours: current scores in Okabe–Ito blue, targets in a dark orange drawn dashed with a
different marker, so the two series differ in more than hue; both have at least 3:1 against
the white background (WCAG 1.4.11). The trend chart draws the overall score in that blue,
thick and solid, and each area in its own dark colour, dash pattern and marker. The heatmap
uses one hue from light to mid blue, which keeps its order in greyscale and for colour-blind
readers, with dark text on every cell.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from html import escape

import pandas as pd
import plotly.graph_objects as go

from assessment.records import TrendPoint
from questionnaires.i18n import _, lazy_gettext, ngettext
from scoring.formatting import (
    HYPHEN_MINUS,
    NOT_SCORED,
    SCORE_DIGITS,
    TABLE_DIGITS,
    date_text,
    delta_text,
    is_missing,
    level_name_text,
    percent_text,
    score_text,
)
from scoring.results import Change, DimensionScore

LEVEL_TICKS = (1, 2, 3, 4, 5)

CURRENT_COLOUR = "#0072B2"  # Okabe–Ito blue, 5.2:1 on white
TARGET_COLOUR = "#A84300"  # dark orange, 6.1:1 on white
RISE_COLOUR = "#0072B2"
FALL_COLOUR = "#A84300"
GRID_COLOUR = "#8A8F98"
LABEL_COLOUR = "#1C2430"  # the theme's text colour: 15.6:1 on white
# Single-hue sequential blues (light → mid): the order reads in greyscale and for colour-blind
# readers, and the dark cell text keeps at least 4.5:1 on every cell (4.8:1 on the darkest).
HEATMAP_SCALE = (
    (0.0, "#F7FBFF"),
    (0.33, "#C6DBEF"),
    (0.67, "#8DBFDF"),
    (1.0, "#4F94CD"),
)
# One (colour, dash, marker) per area line of the trend chart, each colour at least 4.5:1 on
# white; the dash and marker tell the lines apart without colour. More areas reuse them.
TREND_AREA_STYLES = (
    ("#A84300", "dash", "diamond"),  # dark orange, 6.1:1
    ("#007A5A", "dot", "square"),  # dark bluish green, 5.3:1
    ("#8E4585", "dashdot", "triangle-up"),  # dark reddish purple, 6.3:1
    ("#7A5C00", "longdash", "x"),  # dark ochre, 6.2:1
    ("#5C6370", "longdashdot", "star"),  # slate grey, 6.0:1
)
TREND_HEIGHT_PX = 460
HEATMAP_ROW_PX = 30
HEATMAP_MARGIN_PX = 230
LABEL_WRAP = 18
UNIT_LABEL_LIMIT = 32


def plotly_text(text: str) -> str:
    """Text for a plotly label: plotly reads ``<b>``, ``<a href>`` and ``<br>`` in labels,
    so user names are escaped to print literally."""
    return escape(text, quote=False)


def _wrapped(text: str) -> str:
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(text, LABEL_WRAP) or [""])


def _shortened(text: str, limit: int = UNIT_LABEL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _closed(values: list) -> list:
    """A radar polygon returns to its first corner."""
    return [*values, values[0]] if values else values


def _radar_line(
    values: list,
    labels: list[str],
    name: str,
    line: dict[str, object],
    symbol: str,
    *,
    digits: int = SCORE_DIGITS,
    **style: object,
) -> go.Scatterpolar:
    """One closed line of the radar, its hover text written to ``digits`` decimals."""
    return go.Scatterpolar(
        r=values,
        theta=labels,
        name=name,
        mode="lines+markers",
        line=line,
        marker={"symbol": symbol, "size": 8},
        hovertemplate=f"%{{theta}}<br>{name} %{{r:.{digits}f}}<extra></extra>",
        **style,
    )


def radar_figure(dimensions: Sequence[DimensionScore], *, title: str) -> go.Figure:
    """Current score against target for each area, step or pillar on the 1–5 scale.

    A dimension that is not scored leaves a gap in the current line (never a 0).
    """
    labels = _closed([_wrapped(d.name) for d in dimensions])
    current = _closed([d.score.value for d in dimensions])
    targets = _closed([d.target for d in dimensions])
    figure = go.Figure()
    figure.add_trace(
        _radar_line(
            targets, labels, _("Target"), {"color": TARGET_COLOUR, "dash": "dash", "width": 2}, "diamond"
        )
    )
    figure.add_trace(
        _radar_line(
            current,
            labels,
            _("Current"),
            {"color": CURRENT_COLOUR, "width": 3},
            "circle",
            digits=TABLE_DIGITS,
            fill="toself",
            fillcolor="rgba(0, 114, 178, 0.18)",
            connectgaps=False,
        )
    )
    figure.update_layout(
        title={"text": plotly_text(title)},
        font={"color": LABEL_COLOUR},
        polar={
            "radialaxis": {
                "range": [0, 5],
                "tickvals": list(LEVEL_TICKS),
                "gridcolor": GRID_COLOUR,
                "angle": 90,
                "tickangle": 90,
                "tickfont": {"color": LABEL_COLOUR},
            },
            "angularaxis": {
                "gridcolor": GRID_COLOUR,
                "direction": "clockwise",
                "tickfont": {"color": LABEL_COLOUR, "size": 13},
            },
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0.5, "xanchor": "center"},
        margin={"l": 70, "r": 70, "t": 60, "b": 40},
        height=460,
    )
    return figure


def _signed(value: float | None, digits: int = SCORE_DIGITS) -> str:
    """A change as the pages write it: "+0.5", "-0.2" (see :mod:`scoring.formatting`)."""
    return delta_text(value, digits, minus=HYPHEN_MINUS)


def dimension_table(dimensions: Sequence[DimensionScore]) -> pd.DataFrame:
    """The radar as a table: one row per dimension, scores written out."""
    return pd.DataFrame(
        {
            _("Name"): [d.name for d in dimensions],
            _("Current (1–5)"): [score_text(d.score.value, TABLE_DIGITS) for d in dimensions],
            _("Level"): [level_name_text(d.score) for d in dimensions],
            _("Target"): [score_text(d.target) for d in dimensions],
            _("Gap"): [score_text(d.gap, TABLE_DIGITS) for d in dimensions],
            _("Coverage"): [percent_text(d.score.coverage) for d in dimensions],
            _("Answered questions"): [f"{d.answered_questions} of {d.linked_questions}" for d in dimensions],
        }
    )


def radar_summary(dimensions: Sequence[DimensionScore], *, noun: str) -> str:
    """One sentence naming the strongest and weakest dimension and how many meet their target.

    ``noun`` is the kind ("area", "step" or "pillar"): each language words the sentence per kind.
    """
    scored = [d for d in dimensions if d.score.value is not None]
    if not scored:
        return str(_NOTHING_SCORED[noun])
    strongest = max(scored, key=lambda d: d.score.value or 0.0)
    weakest = min(scored, key=lambda d: d.score.value or 0.0)
    met = sum(1 for d in scored if (d.score.value or 0.0) >= d.target)
    if len(scored) == 1:
        parts = [_ONLY_ONE[noun].format(name=strongest.name, score=score_text(strongest.score.value))]
    else:
        parts = [
            _STRONGEST[noun].format(name=strongest.name, score=score_text(strongest.score.value)),
            _("Weakest: {name} ({score}).").format(name=weakest.name, score=score_text(weakest.score.value)),
        ]
    parts.append(_("{met} of {count} at or above target.").format(met=met, count=len(dimensions)))
    unscored = len(dimensions) - len(scored)
    if unscored:
        parts.append(_("{count} not scored yet.").format(count=unscored))
    return " ".join(parts)


_ONLY_ONE = {
    "area": lazy_gettext("Only one area is scored: {name} ({score} of 5)."),
    "step": lazy_gettext("Only one guiding step is scored: {name} ({score} of 5)."),
    "pillar": lazy_gettext("Only one pillar is scored: {name} ({score} of 5)."),
}
_STRONGEST = {
    "area": lazy_gettext("Strongest area: {name} ({score} of 5)."),
    "step": lazy_gettext("Strongest guiding step: {name} ({score} of 5)."),
    "pillar": lazy_gettext("Strongest pillar: {name} ({score} of 5)."),
}
_NOTHING_SCORED = {
    "area": lazy_gettext("No area is scored yet."),
    "step": lazy_gettext("No guiding step is scored yet."),
    "pillar": lazy_gettext("No pillar is scored yet."),
}
_KINDS = {
    "area": lambda n: ngettext("{count} area", "{count} areas", n),
    "step": lambda n: ngettext("{count} guiding step", "{count} guiding steps", n),
    "pillar": lambda n: ngettext("{count} pillar", "{count} pillars", n),
}


def heatmap_height(rows: int) -> int:
    """Pixels for a heatmap of ``rows`` units: a fixed row height so 1 and 50 units both read."""
    return HEATMAP_MARGIN_PX + HEATMAP_ROW_PX * max(rows, 1)


def heatmap_figure(matrix: pd.DataFrame, names: Mapping[str, str], *, title: str) -> go.Figure:
    """Units (rows, in rank order) × dimensions (columns) on the 1–5 scale.

    ``matrix`` holds 1–5 scores or NaN; a NaN cell stays blank and reads "–", never 0.
    """
    columns = list(matrix.columns)
    rows = list(matrix.index)
    values = matrix.to_numpy(dtype=float)
    cell_text = [[score_text(v) for v in row] for row in values]
    z = [[None if math.isnan(v) else float(v) for v in row] for row in values]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[_wrapped(names.get(c, c)) for c in columns],
            y=[plotly_text(_shortened(str(r))) for r in rows],
            text=cell_text,
            texttemplate="%{text}",
            textfont={"size": 13, "color": LABEL_COLOUR},
            zmin=1,
            zmax=5,
            colorscale=[list(stop) for stop in HEATMAP_SCALE],
            colorbar={
                "title": {"text": _("Score (1–5)"), "side": "top"},
                "tickvals": list(LEVEL_TICKS),
                "orientation": "h",
                "y": -0.02,
                "yanchor": "top",
                "len": 0.6,
                "thickness": 14,
            },
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}<br>Score %{text}<extra></extra>",
            hoverongaps=False,
        )
    )
    figure.update_layout(
        title={"text": plotly_text(title)},
        font={"color": LABEL_COLOUR},
        height=heatmap_height(len(rows)),
        margin={"l": 10, "r": 10, "t": 50, "b": 80},
        xaxis={"side": "top", "tickfont": {"color": LABEL_COLOUR}},
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "type": "category",
            "tickfont": {"color": LABEL_COLOUR},
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
        return f"{unit_words}; {_NOTHING_SCORED[noun]}"
    best, worst = averages.idxmax(), averages.idxmin()
    blanks = int(matrix.isna().to_numpy().sum())
    sentence = _(
        "{units} across {dimensions}. Highest average: {best} ({best_score}); "
        "lowest: {worst} ({worst_score})."
    ).format(
        units=unit_words,
        dimensions=_KINDS[noun](len(matrix.columns)).format(count=len(matrix.columns)),
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
    """A change with an arrow for its direction: "▲ +0.5", "▼ -0.2", "→ ±0.0"."""
    if is_missing(delta):
        return NOT_SCORED
    arrow = "→" if round(delta, SCORE_DIGITS) == 0 else "▲" if delta > 0 else "▼"
    return f"{arrow} {_signed(delta)}"


def change_table(changes: Sequence[Change]) -> pd.DataFrame:
    """Each unit's overall score before and after, with an arrow, and its biggest area move."""
    rows = []
    for change in changes:
        moved = [d for d in change.dimensions if d.kind == "area" and d.delta is not None]
        biggest = max(moved, key=lambda d: abs(d.delta or 0.0), default=None)
        rows.append(
            {
                _("Unit"): change.unit,
                _("Before"): score_text(change.overall_before, TABLE_DIGITS),
                _("After"): score_text(change.overall_after, TABLE_DIGITS),
                _("Change"): _arrow(change.overall_delta),
                _("Biggest area move"): (
                    f"{biggest.name} {_arrow(biggest.delta)}" if biggest else NOT_SCORED
                ),
            }
        )
    return pd.DataFrame(
        rows, columns=[_("Unit"), _("Before"), _("After"), _("Change"), _("Biggest area move")]
    )


def change_figure(changes: Sequence[Change], *, title: str) -> go.Figure:
    """Horizontal bars of each unit's overall change, labelled with the signed value."""
    shown = [c for c in changes if c.overall_delta is not None]
    deltas = [c.overall_delta or 0.0 for c in shown]
    figure = go.Figure(
        go.Bar(
            x=deltas,
            y=[plotly_text(_shortened(c.unit)) for c in shown],
            orientation="h",
            marker={"color": [RISE_COLOUR if d >= 0 else FALL_COLOUR for d in deltas]},
            text=[_signed(d, TABLE_DIGITS) for d in deltas],
            textposition="outside",
            textfont={"color": LABEL_COLOUR},
            cliponaxis=False,
            hovertemplate="%{y}: %{x:+.2f}<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": plotly_text(title)},
        font={"color": LABEL_COLOUR},
        height=heatmap_height(len(shown)),
        margin={"l": 10, "r": 40, "t": 50, "b": 40},
        xaxis={
            "title": {"text": _("Change in overall score (levels)"), "font": {"color": LABEL_COLOUR}},
            "zeroline": True,
            "zerolinewidth": 2,
            "tickfont": {"color": LABEL_COLOUR},
        },
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "type": "category",
            "tickfont": {"color": LABEL_COLOUR},
        },
        showlegend=False,
    )
    return figure


def change_summary(changes: Sequence[Change]) -> str:
    """One sentence: how many units rose, fell or held, and the biggest rise."""
    deltas = [(c.unit, c.overall_delta) for c in changes if c.overall_delta is not None]
    if not deltas:
        return _("No unit has two scored assessments to compare yet.")
    rose = sum(1 for _, d in deltas if d >= 0.05)
    fell = sum(1 for _, d in deltas if d <= -0.05)
    held = len(deltas) - rose - fell
    unit, best = max(deltas, key=lambda pair: pair[1])
    return _(
        "Since their previous assessment {rose} unit(s) rose, {fell} fell and {held} held steady. "
        "Biggest rise: {unit} ({signed})."
    ).format(rose=rose, fell=fell, held=held, unit=unit, signed=_signed(best, TABLE_DIGITS))


def _trend_areas(points: Sequence[TrendPoint]) -> dict[str, str]:
    """Area id → name, in the bank's order, across every point."""
    areas: dict[str, str] = {}
    for point in points:
        for area in point.result.areas:
            areas.setdefault(area.id, area.name)
    return areas


def _area_values(points: Sequence[TrendPoint], area_id: str) -> list[float | None]:
    """The area's score in each assessment; None (a gap) where it is not scored."""
    values = []
    for point in points:
        found = next((a for a in point.result.areas if a.id == area_id), None)
        values.append(found.score.value if found else None)
    return values


def trend_figure(points: Sequence[TrendPoint], *, title: str) -> go.Figure:
    """One unit's overall and area scores across its assessments, by assessment date (1–5).

    A score that is not scored is a gap in its line, never a 0; hovering shows the title.
    """
    dates = [point.assessment.assessed_on for point in points]
    titles = [plotly_text(point.assessment.title) for point in points]
    figure = go.Figure()
    for number, (area_id, name) in enumerate(_trend_areas(points).items()):
        colour, dash, symbol = TREND_AREA_STYLES[number % len(TREND_AREA_STYLES)]
        figure.add_trace(
            go.Scatter(
                x=dates,
                y=_area_values(points, area_id),
                name=plotly_text(name),
                mode="lines+markers",
                line={"color": colour, "width": 2, "dash": dash},
                marker={"symbol": symbol, "size": 8},
                customdata=titles,
                connectgaps=False,
                hovertemplate=(
                    f"%{{customdata}}<br>%{{x|%Y-%m-%d}}<br>{plotly_text(name)} %{{y:.2f}}<extra></extra>"
                ),
            )
        )
    # Drawn last so the overall line stays on top of the area lines; first in the legend.
    figure.add_trace(
        go.Scatter(
            x=dates,
            y=[point.result.overall.value for point in points],
            name=_("Overall"),
            legendrank=1,
            mode="lines+markers",
            line={"color": CURRENT_COLOUR, "width": 4},
            marker={"symbol": "circle", "size": 10},
            customdata=titles,
            connectgaps=False,
            hovertemplate="%{customdata}<br>%{x|%Y-%m-%d}<br>Overall %{y:.2f}<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": plotly_text(title)},
        font={"color": LABEL_COLOUR},
        height=TREND_HEIGHT_PX,
        margin={"l": 10, "r": 20, "t": 50, "b": 20},
        # Plotly picks the date ticks: ticks pinned to each assessment collide when two are
        # days apart (a self-assessment and a workshop). Hover and the table give exact dates.
        xaxis={
            "type": "date",
            "nticks": 6,
            "gridcolor": GRID_COLOUR,
            "tickfont": {"color": LABEL_COLOUR},
        },
        yaxis={
            "range": [0.8, 5.2],
            "tickvals": list(LEVEL_TICKS),
            # Streamlit's theme greys axis titles out; the theme's text colour keeps 4.5:1.
            "title": {"text": _("Score (1–5)"), "font": {"color": LABEL_COLOUR}},
            "gridcolor": GRID_COLOUR,
            "zeroline": False,
            "tickfont": {"color": LABEL_COLOUR},
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "xanchor": "left"},
        plot_bgcolor="#FFFFFF",
    )
    return figure


def trend_table(points: Sequence[TrendPoint]) -> pd.DataFrame:
    """The trend as a table: one row per assessment, oldest first; "–" where not scored."""
    areas = _trend_areas(points)
    table = pd.DataFrame(
        {
            _("Date"): [date_text(point.assessment.assessed_on) for point in points],
            _("Title"): [point.assessment.title for point in points],
            _("Overall (1–5)"): [score_text(point.result.overall.value, TABLE_DIGITS) for point in points],
        }
    )
    for area_id, name in areas.items():
        table[name] = [score_text(value, TABLE_DIGITS) for value in _area_values(points, area_id)]
    return table


def _first_and_last(values: Sequence[float | None]) -> tuple[int, int] | None:
    """Positions of the first and last scored value, when at least two are scored."""
    scored = [i for i, value in enumerate(values) if value is not None]
    return (scored[0], scored[-1]) if len(scored) >= 2 else None


def trend_summary(points: Sequence[TrendPoint]) -> str:
    """One sentence: the overall score from the first to the last assessment, the biggest area moves.

    Each move runs from an area's first scored value to its last; not-scored values are skipped.
    """
    if not points:
        return _("This unit has no assessment yet.")
    overall = [point.result.overall.value for point in points]
    dates = [date_text(point.assessment.assessed_on) for point in points]
    if len(points) == 1:
        return _(
            "Only one assessment so far ({dates}, overall {score}): a trend needs two assessments."
        ).format(dates=dates[0], score=score_text(overall[0]))
    span = _first_and_last(overall)
    if span is None:
        return _("Overall is scored in fewer than two of the {count} assessments: no trend yet.").format(
            count=len(points)
        )
    first, last = span
    sentence = _(
        "Overall went from {score} ({dates}) to {score2} ({dates2}) over {count} assessments"
    ).format(
        score=score_text(overall[first]),
        dates=dates[first],
        score2=score_text(overall[last]),
        dates2=dates[last],
        count=len(points),
    )
    unscored = sum(1 for value in overall if value is None)
    if unscored:
        sentence += " " + _("({count} not scored)").format(count=unscored)
    moves = []
    for area_id, name in _trend_areas(points).items():
        values = _area_values(points, area_id)
        area_span = _first_and_last(values)
        if area_span is not None:
            moves.append((name, (values[area_span[1]] or 0.0) - (values[area_span[0]] or 0.0)))
    if moves:
        name, rise = max(moves, key=lambda move: move[1])
        sentence += (
            "; " + _("biggest rise: {name} ({change})").format(name=name, change=_signed(rise))
            if rise >= 0.05
            else "; " + _("no area rose")
        )
        name, fall = min(moves, key=lambda move: move[1])
        if fall <= -0.05:
            sentence += "; " + _("biggest fall: {name} ({change})").format(name=name, change=_signed(fall))
    return sentence + "."
